"""The rules a buyer company's settings and credit control keep, each pinned at its edge.

Found by the mutation run over `ledger/companies.py` (issue 16): delivery preferences and
dunning steps had no unit test at all, the edges of payment terms, credit limits and dunning
steps could move unnoticed, refusals could lose the words that tell a user what to fix, and
the overdue hold could forget the other open invoices once the oldest one was paid.
Everything goes through `Ledger` commands, as the API and the imports do.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest

from ledger import commands as c
from ledger.application import Ledger
from ledger.companies import BillingDetails, Company, DeliveryPreferences
from ledger.errors import CompanyOnHold
from ledger.lines import MAX_TEXT
from ledger.money import Money
from ledger.session import Policy
from tests.builders import Buyer, allocate, company, key, line, payment, web_invoice
from tests.unit.support import at, events, invoice_order, load_company, order, refused

LONG = "x" * (MAX_TEXT + 1)


@pytest.fixture
def strict() -> Iterator[Ledger]:
    """A ledger whose hold rule allows invoices only 10 days past due."""
    app = Ledger("memory://", policy=Policy(overdue_days=10))
    yield app
    app.close()


def deliver(ledger: Ledger, buyer: Buyer, *channels: str, **kwargs: str) -> None:
    ledger.execute(c.SetDeliveryPreferences(key(), buyer.company_id, channels, **kwargs))


def dunning(ledger: Ledger, buyer: Buyer, *steps: int) -> list[int]:
    result = ledger.execute(c.SetDunningSteps(key(), buyer.company_id, steps))
    return list(result["steps"])


def register(ledger: Ledger, **kwargs: object) -> UUID:
    result = ledger.execute(c.RegisterCompany(key(), "Globex", "EUR", **kwargs))  # type: ignore[arg-type]
    return UUID(result["company_id"])


# -- delivery preferences ------------------------------------------------------------


def test_a_buyer_who_wants_pdf_and_post_gets_them_instead_of_email(ledger: Ledger) -> None:
    buyer = company(ledger)
    deliver(ledger, buyer, "PDF", "POST", email_timing="AFTER_DELIVERY", invoice_email="ap@a.ex")
    acme = load_company(ledger, buyer.company_id)
    assert acme.delivery == DeliveryPreferences(("PDF", "POST"), "AFTER_DELIVERY", "ap@a.ex")
    assert [e.delivery for e in events(ledger, Company.DeliveryPreferencesChanged)] == [
        acme.delivery
    ]


def test_an_unknown_delivery_channel_is_refused_naming_the_channels_there_are(
    ledger: Ledger,
) -> None:
    buyer = company(ledger)
    with refused(ledger, "BAD_INPUT", match="delivery channels must be some of .*'FAX'"):
        deliver(ledger, buyer, "EMAIL", "FAX")


def test_an_unknown_email_timing_is_refused_naming_the_two_there_are(ledger: Ledger) -> None:
    buyer = company(ledger)
    with refused(ledger, "BAD_INPUT", match="email timing must be AFTER_ORDER or AFTER_DELIVERY"):
        deliver(ledger, buyer, "EMAIL", email_timing="AT_MIDNIGHT")


def test_a_too_long_invoice_email_or_portal_url_is_refused_naming_the_field(
    ledger: Ledger,
) -> None:
    buyer = company(ledger)
    with refused(ledger, "BAD_INPUT", match=f"^invoice e-mail is longer than {MAX_TEXT}"):
        deliver(ledger, buyer, "EMAIL", invoice_email=LONG)
    with refused(ledger, "BAD_INPUT", match="^AP portal URL contains a NUL"):
        deliver(ledger, buyer, "EMAIL", ap_portal_url="https://ap.example/\x00")


def test_ap_portal_delivery_takes_an_http_or_https_url_and_nothing_else(ledger: Ledger) -> None:
    buyer = company(ledger)
    for url in ("http://ap.example/in", "https://ap.example/in"):
        deliver(ledger, buyer, "AP_PORTAL", ap_portal_url=url)
        assert load_company(ledger, buyer.company_id).delivery.ap_portal_url == url
    for url in ("ftp://ap.example/in", "HTTPS://ap.example/in", ""):
        with refused(ledger, "BAD_INPUT", match="^AP portal delivery needs an http\\(s\\) URL$"):
            deliver(ledger, buyer, "AP_PORTAL", ap_portal_url=url)


# -- billing details and payment terms ------------------------------------------------


def test_a_too_long_billing_field_is_refused_in_words_not_in_code(ledger: Ledger) -> None:
    buyer = company(ledger)
    with refused(ledger, "BAD_INPUT", match=f"^legal name is longer than {MAX_TEXT}"):
        ledger.execute(c.SetBillingDetails(key(), buyer.company_id, BillingDetails(LONG)))
    with refused(ledger, "BAD_INPUT", match="^vat id contains a NUL"):
        ledger.execute(
            c.SetBillingDetails(key(), buyer.company_id, BillingDetails("Acme", "DE\x00"))
        )


@pytest.mark.parametrize("net_days", [0, 1, 365, 366])
def test_payment_terms_from_due_on_receipt_to_a_year_and_a_day_are_accepted(
    ledger: Ledger, net_days: int
) -> None:
    company_id = register(ledger, terms_code=f"NET{net_days}", net_days=net_days)
    assert load_company(ledger, company_id).terms.net_days == net_days


@pytest.mark.parametrize("net_days", [-1, 367])
def test_payment_terms_outside_0_to_366_days_are_refused(ledger: Ledger, net_days: int) -> None:
    with refused(ledger, "BAD_INPUT", match="^payment terms net days must be between 0 and 366$"):
        register(ledger, net_days=net_days)


def test_payment_terms_without_a_code_are_refused_naming_the_code(ledger: Ledger) -> None:
    with refused(ledger, "BAD_INPUT", match="^payment terms code is required$"):
        register(ledger, terms_code=" ")


# -- credit limit ---------------------------------------------------------------------


@pytest.mark.parametrize("limit", ["0", "0.50"])
def test_a_credit_limit_of_zero_or_under_one_euro_can_be_set(ledger: Ledger, limit: str) -> None:
    """A cash-in-advance buyer gets a limit of 0: allowed, and it is not 'negative'."""
    buyer = company(ledger)
    ledger.execute(c.SetCreditLimit(key(), buyer.company_id, limit))
    assert load_company(ledger, buyer.company_id).credit_limit == Decimal(limit)


def test_a_negative_credit_limit_is_refused_in_words(ledger: Ledger) -> None:
    buyer = company(ledger)
    with refused(ledger, "BAD_INPUT", match="^credit limit must not be negative$"):
        ledger.execute(c.SetCreditLimit(key(), buyer.company_id, "-0.01"))


def test_exposure_and_available_credit_are_in_the_company_currency(ledger: Ledger) -> None:
    buyer = company(ledger, "Nippon", currency="JPY", limit="50000")
    web_invoice(ledger, buyer, line("1", "1", "1000", "0.10"), currency="JPY")
    nippon = load_company(ledger, buyer.company_id)
    assert nippon.exposure == Money(Decimal(1100), "JPY")
    assert nippon.available_credit == Money(Decimal(48900), "JPY")


# -- holds ------------------------------------------------------------------------------


def test_an_order_while_on_hold_is_refused_saying_which_company_and_why(ledger: Ledger) -> None:
    buyer = company(ledger, limit="100")
    order(ledger, buyer, line("1"))  # 121.00 over a limit of 100: on hold after it
    with refused(ledger, "COMPANY_ON_HOLD", CompanyOnHold) as refusal:
        order(ledger, buyer, line("2"))
    reason = "exposure 121.00 exceeds credit limit 100.00"
    assert refusal.value.message == f"company Acme is on hold: {reason}"
    assert refusal.value.details == {"company_id": str(buyer.company_id), "reason": reason}


def test_paying_the_oldest_invoice_leaves_the_next_one_to_go_overdue(strict: Ledger) -> None:
    """Credit control keeps the earliest due date as invoices settle: once the oldest is
    paid, the next oldest is the one the overdue rule watches."""
    buyer = company(strict)
    first = order(strict, buyer, line("1"), when=at(date(2025, 1, 1)))
    oldest = UUID(invoice_order(strict, first, when=at(date(2025, 1, 1)))["invoice_id"])
    second = order(strict, buyer, line("1"), when=at(date(2025, 1, 15)))
    invoice_order(strict, second, when=at(date(2025, 1, 15)))  # due 14 February
    paid = strict.execute(
        c.RecordPayment(key(), buyer.company_id, "BANK_TRANSFER", "121.00", "EUR"),
        at=at(date(2025, 1, 20)),
    )
    strict.execute(
        c.AllocatePayment(key(), UUID(paid["payment_id"]), oldest, "121.00", ()),
        at=at(date(2025, 1, 20)),
    )
    assert load_company(strict, buyer.company_id).oldest_due() == date(2025, 2, 14)

    review = strict.execute(c.ReviewCredit(key(), buyer.company_id), at=at(date(2025, 2, 25)))
    assert review["on_hold"] is True  # 11 days past 14 February, over the 10 allowed
    hold = events(strict, Company.PlacedOnHold)[-1]
    assert hold.reason == "an invoice is 11 days overdue (limit 10)"


def test_the_credit_trail_says_what_freed_or_retook_credit(ledger: Ledger) -> None:
    buyer = company(ledger)
    paid, credited, written_off, voided = (web_invoice(ledger, buyer) for _ in range(4))
    money_in = payment(ledger, buyer, "121.00")
    allocation = allocate(ledger, money_in, paid, "121.00")
    ledger.execute(c.IssueCreditNote(key(), credited, "damaged", "21.00"))
    ledger.execute(c.WriteOffInvoice(key(), written_off, "bankrupt"))
    ledger.execute(c.VoidInvoice(key(), voided, "duplicate"))
    ledger.execute(
        c.ReverseAllocation(key(), money_in, UUID(allocation["allocation_id"]), "cheque bounced")
    )

    freed = events(ledger, Company.CreditFreed)
    assert [(e.invoice_id, e.amount, e.cause) for e in freed] == [
        (paid, Decimal("121.00"), "payment"),
        (credited, Decimal("21.00"), "credit note"),
        (written_off, Decimal("121.00"), "write-off"),
        (voided, Decimal("121.00"), "void"),
    ]
    [retaken] = events(ledger, Company.CreditRetaken)
    assert (retaken.invoice_id, retaken.amount, retaken.cause) == (
        paid,
        Decimal("121.00"),
        "cheque bounced",
    )


# -- dunning steps ------------------------------------------------------------------------


def test_dunning_steps_are_kept_in_date_order(ledger: Ledger) -> None:
    buyer = company(ledger)
    assert dunning(ledger, buyer, 14, -3, 0) == [-3, 0, 14]
    assert load_company(ledger, buyer.company_id).dunning_steps == (-3, 0, 14)
    assert [list(e.steps) for e in events(ledger, Company.DunningStepsSet)] == [[-3, 0, 14]]


def test_ten_dunning_steps_from_60_days_before_to_a_year_after_are_accepted(
    ledger: Ledger,
) -> None:
    buyer = company(ledger)
    steps = (-60, -30, -7, 0, 7, 14, 30, 60, 90, 365)
    assert dunning(ledger, buyer, *steps) == list(steps)


@pytest.mark.parametrize(
    "steps",
    [
        tuple(range(11)),  # eleven reminders
        (-61, 0),  # two months before the due date
        (0, 366),  # more than a year after
        (-60, 0, 400),  # the first is fine, a later one is not
    ],
)
def test_too_many_or_too_distant_dunning_steps_are_refused(
    ledger: Ledger, steps: tuple[int, ...]
) -> None:
    buyer = company(ledger)
    with refused(
        ledger, "BAD_INPUT", match="^dunning steps: at most 10, each between -60 and 365 days$"
    ):
        dunning(ledger, buyer, *steps)


def test_the_same_dunning_day_twice_is_refused(ledger: Ledger) -> None:
    buyer = company(ledger)
    with refused(ledger, "BAD_INPUT", match="^dunning steps must differ$"):
        dunning(ledger, buyer, 7, 0, 7)
