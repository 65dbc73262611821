"""Helpers shared by the domain unit tests (on top of tests/builders.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from ledger import commands as c
from ledger.application import Ledger
from ledger.companies import Company
from ledger.errors import LedgerError
from ledger.invoices import Invoice
from ledger.payments import Payment
from tests.builders import Buyer, key


def at(day: date) -> datetime:
    """Noon UTC on a day: the moment to run a command "on" that day."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@contextmanager
def refused(
    ledger: Ledger, code: str, error: type[LedgerError] = LedgerError, *, match: str | None = None
) -> Iterator[pytest.ExceptionInfo[LedgerError]]:
    """The block must raise `error` with `code` (and a message matching `match`), and the
    store must not grow."""
    before = ledger.event_count()
    with pytest.raises(error, match=match) as info:
        yield info
    assert info.value.code == code, f"{info.value.code}: {info.value}"
    assert ledger.event_count() == before, "a refused command wrote events"


def events(ledger: Ledger, kind: type[Any], originator_id: UUID | None = None) -> list[Any]:
    """Stored events of one class (optionally of one aggregate), in log order."""
    return [
        e
        for e in ledger.all_events()
        if isinstance(e, kind) and (originator_id is None or e.originator_id == originator_id)
    ]


def balance(ledger: Ledger, account: str, currency: str = "EUR") -> Decimal:
    return ledger.verify().books.balance(account, currency)


def assert_verified(ledger: Ledger) -> None:
    verification = ledger.verify()
    assert verification.chain.problem is None, str(verification.chain.problem)
    assert verification.problems == []


def order(
    ledger: Ledger,
    buyer: Buyer,
    *lines: Any,
    when: datetime | None = None,
    number: str | None = None,
    currency: str = "EUR",
) -> UUID:
    result = ledger.execute(
        c.PlaceOrder(
            key(), buyer.company_id, buyer.email, number or key("order"), currency, tuple(lines)
        ),
        at=when,
    )
    return UUID(result["order_id"])


def invoice_order(
    ledger: Ledger, order_id: UUID, *quantities: tuple[str, str], when: datetime | None = None
) -> dict[str, Any]:
    return ledger.execute(c.InvoiceOrder(key(), order_id, tuple(quantities)), at=when)


def staff(
    ledger: Ledger, email: str = "ar@seller.example", roles: tuple[str, ...] = ("AR_MANAGER",)
) -> str:
    ledger.execute(c.RegisterStaff(key(), email, "AR clerk", roles))
    return email


def load_invoice(ledger: Ledger, invoice_id: UUID) -> Invoice:
    invoice = ledger.load(invoice_id)
    assert isinstance(invoice, Invoice)
    return invoice


def load_payment(ledger: Ledger, payment_id: UUID) -> Payment:
    payment = ledger.load(payment_id)
    assert isinstance(payment, Payment)
    return payment


def load_company(ledger: Ledger, company_id: UUID) -> Company:
    company = ledger.load(company_id)
    assert isinstance(company, Company)
    return company


def postings(event: Any) -> dict[str, Decimal]:
    """An event's journal entry as account -> signed amount."""
    return {p.account: p.amount for p in event.entry.postings}
