"""Adobe Commerce gift cards, store credit and reward points: prepaid, not discounts.

Adobe Commerce takes them off `grand_total` (what the buyer still owes), not off
the prices: the invoice's lines keep their full amounts and the prepaid part is
already settled (EN16931 BT-113, paid amount). We book each as a payment of its
own (method `PREPAID`, its reference naming the kind) allocated to the
invoice, so the invoice's open amount is Magento's `grand_total`.

The amounts are in the order's and invoice's `extension_attributes`
(`gift_cards_amount`, `customer_balance_amount`, `reward_currency_amount`) or,
in older exports, at the top level.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from adapters.importing import RecordError, amount
from ledger import commands as c
from ledger.commands import Command, new_id

PREPAID = (
    ("gift_cards_amount", "gift card"),
    ("customer_balance_amount", "store credit"),
    ("reward_currency_amount", "reward points"),
)


def prepaid(record: dict[str, Any], where: str) -> list[tuple[str, str, Decimal]]:
    """(field, method, amount) for each prepaid part of an order or invoice."""
    attributes = record.get("extension_attributes") or {}
    found = []
    for name, method in PREPAID:
        value = attributes.get(name, record.get(name))
        if value is None:
            continue
        part = amount(value, f"{where}: {name}")
        if part < 0:
            raise RecordError(f"{where}: {name} must not be negative, got {part}")
        if part:
            found.append((name, method, part))
    return found


def prepaid_total(record: dict[str, Any], where: str) -> Decimal:
    return sum((part for _, _, part in prepaid(record, where)), Decimal(0))


def settle_prepaid(
    record: dict[str, Any], where: str, number: str, invoice: c.InvoiceOrder, company: UUID,
    currency: str,
) -> list[Command]:  # fmt: skip
    """A payment per prepaid part, allocated to the invoice the command issues."""
    invoice_id = new_id(invoice, "invoice")
    commands: list[Command] = []
    for name, method, part in prepaid(record, where):
        received = c.RecordPayment(
            f"magento:invoice:{number}:{name}",
            company_id=company,
            method="PREPAID",
            amount=str(part),
            currency=currency,
            reference=f"Magento invoice {number}: {method}",
        )
        commands += [
            received,
            c.AllocatePayment(
                f"magento:invoice:{number}:{name}:allocation",
                payment_id=new_id(received, "payment"),
                invoice_id=invoice_id,
                amount=str(part),
            ),
        ]
    return commands
