"""Credit control: exposure, holds for exposure over the limit or invoices too long overdue,
and releases when the numbers come back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from ledger import commands as c
from ledger.application import Ledger
from ledger.companies import Company, DeliveryPreferences, PaymentTerms
from ledger.errors import BadInput, CompanyOnHold
from ledger.lines import LineInput
from ledger.session import Policy
from tests.builders import Buyer, allocate, company, key, line, payment
from tests.unit.support import (
    assert_verified,
    at,
    events,
    invoice_order,
    load_company,
    order,
    refused,
)

ISSUED = date(2025, 1, 1)
DUE = date(2025, 1, 31)  # NET30


@pytest.fixture
def strict() -> Iterator[Ledger]:
    """A ledger whose hold rule allows invoices only 10 days past due."""
    app = Ledger("memory://", policy=Policy(overdue_days=10))
    yield app
    app.close()


def exposure(ledger: Ledger, buyer: Buyer) -> Decimal:
    return load_company(ledger, buyer.company_id).exposure.amount


def on_hold(ledger: Ledger, buyer: Buyer) -> bool:
    return load_company(ledger, buyer.company_id).on_hold


def review(ledger: Ledger, buyer: Buyer, day: date) -> bool:
    result = ledger.execute(c.ReviewCredit(key(), buyer.company_id), at=at(day))
    return bool(result["on_hold"])


def invoiced(ledger: Ledger, buyer: Buyer, *lines: LineInput, day: date | None = None) -> UUID:
    """An invoice issued on `day` (default: today, so not overdue)."""
    when = at(day) if day else None
    order_id = order(ledger, buyer, *(lines or (line("1"),)), when=when)
    return UUID(invoice_order(ledger, order_id, when=when)["invoice_id"])


# -- exposure ----------------------------------------------------------------------


def test_exposure_is_uninvoiced_orders_plus_open_invoices(ledger: Ledger) -> None:
    buyer = company(ledger, limit="100000")
    first = order(ledger, buyer, line("1"))  # 121.00
    assert exposure(ledger, buyer) == Decimal("121.00")
    second = order(ledger, buyer, line("1"), line("2", "2", "25.00", "0.10"))  # 121 + 55
    assert exposure(ledger, buyer) == Decimal("297.00")

    part = UUID(invoice_order(ledger, second, ("1", "1"))["invoice_id"])  # 121 invoiced
    acme = load_company(ledger, buyer.company_id)
    assert sum(acme.uninvoiced.values()) == Decimal("176.00")  # 121 of first + 55 of second
    assert sum(a for _, a in acme.receivables.values()) == Decimal("121.00")
    assert acme.exposure.amount == Decimal("297.00")

    allocate(ledger, payment(ledger, buyer, "100.00"), part, "100.00")
    assert exposure(ledger, buyer) == Decimal("197.00")
    invoice_order(ledger, first)
    acme = load_company(ledger, buyer.company_id)
    assert acme.exposure.amount == Decimal("197.00")
    assert acme.available_credit.amount == Decimal("99803.00")
    assert_verified(ledger)


# -- hold on exposure --------------------------------------------------------------


def test_exposure_equal_to_the_limit_is_no_hold(ledger: Ledger) -> None:
    buyer = company(ledger, limit="200")
    order(ledger, buyer, line("1"))  # 121.00
    order(ledger, buyer, line("1", "1", "79.00", "0"))
    assert exposure(ledger, buyer) == Decimal("200.00")
    assert not on_hold(ledger, buyer)
    assert events(ledger, Company.PlacedOnHold, buyer.company_id) == []


def test_exposure_over_the_limit_places_the_company_on_hold(ledger: Ledger) -> None:
    buyer = company(ledger, limit="200")
    order(ledger, buyer, line("1", "1", "200.00", "0"))
    order(ledger, buyer, line("1", "1", "0.01", "0"))
    assert on_hold(ledger, buyer)
    [held] = events(ledger, Company.PlacedOnHold, buyer.company_id)
    assert held.reason == "exposure 200.01 exceeds credit limit 200.00"


def test_company_on_hold_cannot_place_orders(ledger: Ledger) -> None:
    buyer = company(ledger, limit="100")
    order(ledger, buyer, line("1"))  # 121.00 > 100
    with refused(ledger, "COMPANY_ON_HOLD", CompanyOnHold) as info:
        order(ledger, buyer, line("1", "1", "1.00"))
    assert "exceeds credit limit" in info.value.details["reason"]
    assert exposure(ledger, buyer) == Decimal("121.00")


def test_lowering_the_limit_holds_and_raising_it_releases(ledger: Ledger) -> None:
    buyer = company(ledger, limit="1000")
    order(ledger, buyer, line("1"))
    lowered = ledger.execute(c.SetCreditLimit(key(), buyer.company_id, "120.99"))
    assert lowered["on_hold"] is True
    raised = ledger.execute(c.SetCreditLimit(key(), buyer.company_id, "121.00"))
    assert raised["on_hold"] is False
    [released] = events(ledger, Company.HoldReleased, buyer.company_id)
    assert "within limit" in released.reason


def test_payment_that_brings_exposure_back_releases_the_hold(ledger: Ledger) -> None:
    buyer = company(ledger, limit="200")
    invoice_id = invoiced(ledger, buyer, line("1", "2"))  # 242.00
    assert on_hold(ledger, buyer)
    payment_id = payment(ledger, buyer, "100.00")
    result = allocate(ledger, payment_id, invoice_id, "41.99")
    assert result["on_hold"] is True  # 200.01 still over
    result = allocate(ledger, payment_id, invoice_id, "0.01")
    assert result["on_hold"] is False
    assert len(events(ledger, Company.HoldReleased, buyer.company_id)) == 1
    order(ledger, buyer, line("1", "1", "0.00"))  # may order again
    assert_verified(ledger)


def test_reversed_payment_puts_the_company_back_on_hold(ledger: Ledger) -> None:
    buyer = company(ledger, limit="200")
    invoice_id = invoiced(ledger, buyer, line("1", "2"))  # 242.00
    payment_id = payment(ledger, buyer, "242.00")
    allocate(ledger, payment_id, invoice_id, "242.00")
    assert not on_hold(ledger, buyer)
    ledger.execute(c.ReversePayment(key(), payment_id, "returned by bank"))
    assert on_hold(ledger, buyer)
    assert exposure(ledger, buyer) == Decimal("242.00")
    assert len(events(ledger, Company.PlacedOnHold, buyer.company_id)) == 2
    assert_verified(ledger)


def test_credit_note_that_brings_exposure_back_releases_the_hold(ledger: Ledger) -> None:
    buyer = company(ledger, limit="200")
    invoice_id = invoiced(ledger, buyer, line("1", "2"))  # 242.00
    ledger.execute(c.IssueCreditNote(key(), invoice_id, "goodwill", "42.00"))
    assert not on_hold(ledger, buyer)
    assert exposure(ledger, buyer) == Decimal("200.00")


# -- hold on overdue invoices -------------------------------------------------------


def test_invoice_overdue_exactly_the_allowed_days_is_no_hold(strict: Ledger) -> None:
    buyer = company(strict)
    invoiced(strict, buyer, day=ISSUED)
    assert review(strict, buyer, DUE + timedelta(days=10)) is False
    assert events(strict, Company.PlacedOnHold, buyer.company_id) == []


def test_invoice_overdue_beyond_the_allowed_days_places_on_hold(strict: Ledger) -> None:
    buyer = company(strict)
    invoiced(strict, buyer, day=ISSUED)
    assert review(strict, buyer, DUE + timedelta(days=11)) is True
    [held] = events(strict, Company.PlacedOnHold, buyer.company_id)
    assert held.reason == "an invoice is 11 days overdue (limit 10)"
    with refused(strict, "COMPANY_ON_HOLD", CompanyOnHold):
        order(strict, buyer, line("1"), when=at(DUE + timedelta(days=11)))


def test_default_policy_allows_thirty_days_overdue(ledger: Ledger) -> None:
    buyer = company(ledger)
    invoiced(ledger, buyer, day=ISSUED)
    assert review(ledger, buyer, DUE + timedelta(days=30)) is False
    assert review(ledger, buyer, DUE + timedelta(days=31)) is True


def test_repeated_review_on_the_same_day_records_one_hold(strict: Ledger) -> None:
    buyer = company(strict)
    invoiced(strict, buyer, day=ISSUED)
    review(strict, buyer, DUE + timedelta(days=12))
    before = len(events(strict, Company.PlacedOnHold, buyer.company_id))
    review(strict, buyer, DUE + timedelta(days=12))
    assert len(events(strict, Company.PlacedOnHold, buyer.company_id)) == before == 1


def test_partial_payment_of_the_overdue_invoice_keeps_the_hold(strict: Ledger) -> None:
    buyer = company(strict)
    invoice_id = invoiced(strict, buyer, day=ISSUED)
    day = DUE + timedelta(days=11)
    review(strict, buyer, day)
    payment_id = payment(strict, buyer, "121.00")
    result = strict.execute(c.AllocatePayment(key(), payment_id, invoice_id, "120.99"), at=at(day))
    assert result["on_hold"] is True
    assert events(strict, Company.HoldReleased, buyer.company_id) == []


def test_paying_the_overdue_invoice_releases_the_hold(strict: Ledger) -> None:
    buyer = company(strict)
    invoice_id = invoiced(strict, buyer, day=ISSUED)
    day = DUE + timedelta(days=12)
    review(strict, buyer, day)
    assert on_hold(strict, buyer)
    payment_id = payment(strict, buyer, "121.00")
    result = strict.execute(c.AllocatePayment(key(), payment_id, invoice_id, "121.00"), at=at(day))
    assert result["on_hold"] is False
    [released] = events(strict, Company.HoldReleased, buyer.company_id)
    assert released.timestamp.date() == day
    assert not on_hold(strict, buyer)
    order(strict, buyer, line("1"), when=at(day))
    assert_verified(strict)


def test_erp_invoice_already_long_overdue_places_on_hold_when_booked(strict: Ledger) -> None:
    buyer = company(strict)
    strict.execute(
        c.RecordErpInvoice(
            key(),
            buyer.company_id,
            "ERP-OLD",
            "SO-OLD",
            ISSUED,
            "EUR",
            (line("1"),),
            "100.00",
            "21.00",
            "121.00",
        ),
        at=at(DUE + timedelta(days=20)),
    )
    assert on_hold(strict, buyer)


def test_order_on_a_day_past_the_overdue_limit_is_refused_without_a_sweep(
    strict: Ledger,
) -> None:
    buyer = company(strict)
    invoiced(strict, buyer, day=ISSUED)
    with refused(strict, "COMPANY_ON_HOLD", CompanyOnHold) as info:
        order(strict, buyer, line("1"), when=at(DUE + timedelta(days=11)))
    assert info.value.details["reason"] == "an invoice is 11 days overdue (limit 10)"


def test_hold_reason_is_updated_when_an_exposure_hold_also_becomes_overdue(
    strict: Ledger,
) -> None:
    # Limit 100.00; one invoice of 100.00 + 21 % = 121.00 issued 1 Jan, due 31 Jan.
    buyer = company(strict, limit="100")
    invoiced(strict, buyer, day=ISSUED)
    assert load_company(strict, buyer.company_id).hold_reason == (
        "exposure 121.00 exceeds credit limit 100.00"
    )
    # 11 days past due (allowed: 10), still over the limit: the hold now has two reasons,
    # and credit control and the buyer must see both, not the stale exposure-only reason.
    day = DUE + timedelta(days=11)
    assert review(strict, buyer, day) is True
    both = "exposure 121.00 exceeds credit limit 100.00; an invoice is 11 days overdue (limit 10)"
    assert [e.reason for e in events(strict, Company.PlacedOnHold, buyer.company_id)] == [
        "exposure 121.00 exceeds credit limit 100.00",
        both,
    ]
    assert load_company(strict, buyer.company_id).hold_reason == both
    with refused(strict, "COMPANY_ON_HOLD", CompanyOnHold) as info:
        order(strict, buyer, line("1", "1", "1.00"), when=at(day))
    assert info.value.details["reason"] == both


def test_a_company_checks_its_own_registration_whoever_registers_it() -> None:
    """The rules of a registration (a name, a known currency, a credit limit of zero or
    more in that currency, sound terms and delivery) live on `Company.register`, not in
    one handler: an importer or a future command that registers a company cannot skip
    them."""

    def register(**changes: object) -> Company:
        fields: dict[str, object] = {
            "name": "Acme", "currency": "EUR", "terms": PaymentTerms("NET30", 30),
            "credit_limit": "5000.00", "delivery": DeliveryPreferences(),
        } | changes  # fmt: skip
        return Company.register(uuid4(), **fields)  # type: ignore[arg-type]

    acme = register()
    assert (acme.name, acme.currency, acme.credit_limit) == ("Acme", "EUR", Decimal("5000.00"))
    for flaw, message in (
        ({"credit_limit": "-0.01"}, "credit limit must not be negative"),
        ({"credit_limit": "0.001"}, "credit limit"),
        ({"currency": "EURO"}, "unknown currency"),
        ({"name": " "}, "company name"),
        ({"terms": PaymentTerms("NET400", 400)}, "net days"),
        ({"delivery": DeliveryPreferences(("FAX",))}, "delivery channels"),
    ):
        with pytest.raises(BadInput, match=message):
            register(**flaw)
    acme.set_credit_limit(Decimal(0))
    with pytest.raises(BadInput, match="credit limit must not be negative"):
        acme.set_credit_limit(Decimal("-1"))
