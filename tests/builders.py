"""Small helpers that build a realistic starting point through real commands."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from ledger import commands as c
from ledger.application import Ledger
from ledger.lines import LineInput

_keys = itertools.count()


def key(prefix: str = "k") -> str:
    return f"{prefix}-{next(_keys)}"


def line(
    line_id: str, qty: str = "1", price: str = "100.00", rate: str = "0.21", sku: str = "SKU"
) -> LineInput:
    return LineInput(line_id, sku, f"item {line_id}", Decimal(qty), Decimal(price), Decimal(rate))


@dataclass
class Buyer:
    company_id: UUID
    email: str


def company(
    ledger: Ledger,
    name: str = "Acme",
    currency: str = "EUR",
    limit: str = "100000",
    email: str | None = None,
    view_all: bool = False,
    **kwargs: Any,
) -> Buyer:
    result = ledger.execute(c.RegisterCompany(key(), name, currency, credit_limit=limit, **kwargs))
    company_id = UUID(result["company_id"])
    email = email or f"buyer@{name.lower().replace(' ', '')}.example"
    ledger.execute(
        c.RegisterUser(key(), company_id, email, f"{name} buyer", can_view_all_invoices=view_all)
    )
    return Buyer(company_id, email)


def web_invoice(ledger: Ledger, buyer: Buyer, *lines: LineInput, currency: str = "EUR") -> UUID:
    """Place an order and invoice it in full; returns the invoice id."""
    number = key("order")
    order = ledger.execute(
        c.PlaceOrder(key(), buyer.company_id, buyer.email, number, currency, lines or (line("1"),))
    )
    result = ledger.execute(c.InvoiceOrder(key(), UUID(order["order_id"])))
    return UUID(result["invoice_id"])


def payment(
    ledger: Ledger, buyer: Buyer, amount: str, currency: str = "EUR", method: str = "BANK_TRANSFER"
) -> UUID:
    result = ledger.execute(c.RecordPayment(key(), buyer.company_id, method, amount, currency))
    return UUID(result["payment_id"])


def allocate(
    ledger: Ledger, payment_id: UUID, invoice_id: UUID, amount: str, *line_ids: str
) -> dict[str, Any]:
    return ledger.execute(c.AllocatePayment(key(), payment_id, invoice_id, amount, line_ids))
