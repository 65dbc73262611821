"""The rules of `ledger/payments.py` that the mutation run found unpinned (issue 16).

Each test is a business case: what AR or a buyer sees when a payment, a refund, a bounce
or a remittance advice is accepted or refused. Refusals pin the whole message and the
details, because those are what a user reads to fix the request (GraphQL sends them as
the error's message and extensions).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from ledger import commands as c
from ledger import journal
from ledger.application import Ledger
from ledger.errors import BadInput, CurrencyMismatch, OverAllocation, PaymentReversed
from ledger.money import Money
from ledger.payments import AdviceItem, Payment, Remittance
from ledger.users import person_id
from tests.builders import Buyer, allocate, company, key, payment, web_invoice
from tests.unit.support import at, events, load_payment, postings, refused

TODAY = date(2026, 6, 15)


@pytest.fixture
def buyer(ledger: Ledger) -> Buyer:
    return company(ledger)


def receive(
    ledger: Ledger,
    buyer: Buyer,
    amount: str = "100.00",
    method: str = "BANK_TRANSFER",
    reference: str = "",
    received_on: date | None = None,
) -> UUID:
    command = c.RecordPayment(
        key(), buyer.company_id, method, amount, "EUR", reference, received_on
    )
    return UUID(ledger.execute(command)["payment_id"])


def advice(
    buyer: Buyer, *items: AdviceItem, paid_on: date = TODAY, ref: str = "RUN-7"
) -> c.Command:
    return c.SubmitRemittanceAdvice(key(), buyer.company_id, buyer.email, ref, paid_on, items)


def item(number: str = "INV-1", amount: str = "10.00") -> AdviceItem:
    return AdviceItem(number, amount)  # type: ignore[arg-type]


def aggregate(amount: str = "100.00", reference: str = "REF-1") -> Payment:
    """A payment aggregate on its own, for guards the Ledger's handlers never reach."""
    return Payment.receive(
        uuid4(), uuid4(), "CARD", Money(Decimal(amount), "EUR"), reference, TODAY
    )


# -- receiving -------------------------------------------------------------------------


def test_a_payment_keeps_the_day_the_bank_says_it_was_received(
    ledger: Ledger, buyer: Buyer
) -> None:
    payment_id = receive(ledger, buyer, received_on=date(2026, 5, 4))
    assert load_payment(ledger, payment_id).received_on == date(2026, 5, 4)
    assert events(ledger, Payment.Received, payment_id)[0].received_on == date(2026, 5, 4)


def test_a_payment_by_an_unknown_method_is_refused_naming_the_method(
    ledger: Ledger, buyer: Buyer
) -> None:
    with refused(ledger, "BAD_INPUT") as info:
        receive(ledger, buyer, method="BITCOIN")
    assert info.value.message == (
        "payment method must be one of ('BANK_TRANSFER', 'CARD', 'CHEQUE', 'PREPAID')"
    )
    assert info.value.details == {"method": "BITCOIN"}


def test_a_payment_of_nothing_is_refused_with_the_amount(ledger: Ledger, buyer: Buyer) -> None:
    with refused(ledger, "BAD_INPUT") as info:
        receive(ledger, buyer, "0.00")
    assert info.value.message == "a payment amount must be positive"
    assert info.value.details == {"amount": "0.00"}


def test_a_payment_reference_longer_than_a_page_is_refused_by_name(
    ledger: Ledger, buyer: Buyer
) -> None:
    with refused(ledger, "BAD_INPUT") as info:
        receive(ledger, buyer, reference="R" * 2001)
    assert info.value.message == "payment reference is longer than 2000 characters"


# -- allocating ------------------------------------------------------------------------


def test_a_reversed_payment_is_named_by_its_reference_when_refused(
    ledger: Ledger, buyer: Buyer
) -> None:
    payment_id = receive(ledger, buyer, reference="BANK-REF-9")
    ledger.execute(c.ReversePayment(key(), payment_id, "returned by bank"))
    invoice_id = web_invoice(ledger, buyer)
    with refused(ledger, "PAYMENT_REVERSED") as info:
        allocate(ledger, payment_id, invoice_id, "10.00")
    assert info.value.message == "payment BANK-REF-9 was reversed"


def test_a_reversed_payment_without_a_reference_is_named_by_its_id(
    ledger: Ledger, buyer: Buyer
) -> None:
    payment_id = receive(ledger, buyer)
    ledger.execute(c.ReversePayment(key(), payment_id, "returned by bank"))
    with refused(ledger, "PAYMENT_REVERSED", PaymentReversed) as info:
        ledger.execute(c.RefundPayment(key(), payment_id, "1.00", "refund"))
    assert info.value.message == f"payment {payment_id} was reversed"


def test_allocating_more_than_a_payment_has_left_names_the_payment_and_figures(
    ledger: Ledger, buyer: Buyer
) -> None:
    payment_id = receive(ledger, buyer, reference="BANK-REF-3")
    invoice_id = web_invoice(ledger, buyer)  # 121.00 open
    with refused(ledger, "OVER_ALLOCATION") as info:
        allocate(ledger, payment_id, invoice_id, "120.00")
    assert info.value.message == (
        "120.00 EUR is more than the 100.00 EUR left on payment BANK-REF-3"
    )


def test_an_allocation_of_nothing_is_refused_by_the_payment(ledger: Ledger, buyer: Buyer) -> None:
    payment_id = receive(ledger, buyer)
    invoice_id = web_invoice(ledger, buyer)
    with refused(ledger, "BAD_INPUT") as info:
        allocate(ledger, payment_id, invoice_id, "0.00")
    assert info.value.message == "an allocation amount must be positive"


def test_a_payment_takes_no_allocation_in_another_currency() -> None:
    """The handlers check the invoice's currency (Invoice.check_currency); the aggregate
    still refuses on its own (Money never compares currencies), naming both."""
    card = aggregate()
    with pytest.raises(CurrencyMismatch) as info:
        card.allocate(uuid4(), uuid4(), Money(Decimal("10.00"), "USD"))
    assert set(info.value.details.values()) == {"EUR", "USD"}
    assert card.unapplied == Money(Decimal("100.00"), "EUR")


def test_reversing_an_allocation_the_payment_never_made_is_refused(
    ledger: Ledger, buyer: Buyer
) -> None:
    payment_id = receive(ledger, buyer)
    stranger = uuid4()
    with refused(ledger, "BAD_INPUT") as info:
        ledger.execute(c.ReverseAllocation(key(), payment_id, stranger, "mistake"))
    assert info.value.message == f"payment has no allocation {stranger}"


def test_a_reversed_allocation_records_which_invoice_and_how_much_came_back(
    ledger: Ledger, buyer: Buyer
) -> None:
    """The payment's own event is what the read side uses to give the cash back."""
    payment_id = receive(ledger, buyer)
    invoice_id = web_invoice(ledger, buyer)
    allocation = allocate(ledger, payment_id, invoice_id, "60.00")["allocation_id"]
    ledger.execute(c.ReverseAllocation(key(), payment_id, UUID(allocation), "mis-allocated"))
    reversed_ = events(ledger, Payment.AllocationReversed, payment_id)[0]
    assert (reversed_.invoice_id, reversed_.amount) == (invoice_id, Decimal("60.00"))
    assert load_payment(ledger, payment_id).unapplied.amount == Decimal("100.00")


# -- refunds and bounces ---------------------------------------------------------------


def test_a_refund_beyond_the_unapplied_cash_is_refused_with_both_figures(
    ledger: Ledger, buyer: Buyer
) -> None:
    payment_id = receive(ledger, buyer)
    with refused(ledger, "OVER_ALLOCATION", OverAllocation) as info:
        ledger.execute(c.RefundPayment(key(), payment_id, "150.00", "overpaid"))
    assert info.value.message == "can refund at most the unapplied 100.00 EUR"
    assert info.value.details == {"unapplied": "100.00", "requested": "150.00"}


def test_a_refund_keeps_its_reason_and_needs_one(ledger: Ledger, buyer: Buyer) -> None:
    payment_id = receive(ledger, buyer)
    with refused(ledger, "BAD_INPUT") as info:
        ledger.execute(c.RefundPayment(key(), payment_id, "10.00", " "))
    assert info.value.message == "reason is required"
    ledger.execute(c.RefundPayment(key(), payment_id, "10.00", "paid twice"))
    assert events(ledger, Payment.Refunded, payment_id)[0].reason == "paid twice"


def test_a_bounced_payment_keeps_its_reason_and_needs_one(ledger: Ledger, buyer: Buyer) -> None:
    payment_id = receive(ledger, buyer)
    with refused(ledger, "BAD_INPUT") as info:
        ledger.execute(c.ReversePayment(key(), payment_id, ""))
    assert info.value.message == "reason is required"
    ledger.execute(c.ReversePayment(key(), payment_id, "account closed"))
    assert events(ledger, Payment.Reversed, payment_id)[0].reason == "account closed"


def test_a_bounced_card_payment_leaves_card_clearing_not_cash(ledger: Ledger, buyer: Buyer) -> None:
    payment_id = payment(ledger, buyer, "80.00", method="CARD")
    ledger.execute(c.ReversePayment(key(), payment_id, "charged back"))
    assert postings(events(ledger, Payment.Reversed, payment_id)[0]) == {
        journal.unapplied(buyer.company_id): Decimal("80.00"),
        journal.CARD_CLEARING: Decimal("-80.00"),
    }


def test_a_payment_with_allocations_cannot_bounce_before_they_are_undone() -> None:
    """ReversePayment undoes the allocations first; the aggregate refuses on its own."""
    card = aggregate()
    card.allocate(uuid4(), uuid4(), Money(Decimal("10.00"), "EUR"))
    with pytest.raises(BadInput) as info:
        card.reverse("charged back")
    assert info.value.message == "reverse the payment's allocations before the payment"
    assert not card.reversed


# -- remittance advice -----------------------------------------------------------------


def test_a_remittance_advice_records_who_sent_it_for_which_company(
    ledger: Ledger, buyer: Buyer
) -> None:
    result = ledger.execute(advice(buyer, item("INV-9", "12.50")), at=at(TODAY))
    remittance = ledger.load(UUID(result["remittance_id"]))
    assert isinstance(remittance, Remittance)
    assert remittance.company_id == buyer.company_id
    assert remittance.submitted_by == person_id(buyer.email)
    assert (remittance.reference, remittance.paid_on) == ("RUN-7", TODAY)
    assert remittance.items == (AdviceItem("INV-9", Decimal("12.50")),)


def test_a_remittance_advice_needs_a_payment_reference(ledger: Ledger, buyer: Buyer) -> None:
    with refused(ledger, "BAD_INPUT") as info:
        ledger.execute(advice(buyer, item(), ref=" "), at=at(TODAY))
    assert info.value.message == "payment reference is required"


def test_an_empty_remittance_advice_is_refused(ledger: Ledger, buyer: Buyer) -> None:
    with refused(ledger, "BAD_INPUT") as info:
        ledger.execute(advice(buyer), at=at(TODAY))
    assert info.value.message == "a remittance advice lists at least one invoice"


def test_an_advice_of_too_many_invoices_says_the_limit(ledger: Ledger, buyer: Buyer) -> None:
    with refused(ledger, "BAD_INPUT") as info:
        ledger.execute(advice(buyer, *[item(f"INV-{n}") for n in range(101)]), at=at(TODAY))
    assert info.value.details == {"limit": 100}


def test_an_advice_amount_finer_than_a_cent_is_refused_by_name(
    ledger: Ledger, buyer: Buyer
) -> None:
    with refused(ledger, "BAD_INPUT") as info:
        ledger.execute(advice(buyer, item("INV-1", "10.001")), at=at(TODAY))
    assert info.value.message == (
        "remittance advice amount 10.001 has more decimals than EUR allows (2)"
    )


def test_an_advice_amount_of_nothing_is_refused(ledger: Ledger, buyer: Buyer) -> None:
    with refused(ledger, "BAD_INPUT") as info:
        ledger.execute(advice(buyer, item("INV-1", "0.00")), at=at(TODAY))
    assert info.value.message == "remittance advice amounts must be positive"


def test_an_advice_line_without_an_invoice_number_is_refused(ledger: Ledger, buyer: Buyer) -> None:
    with refused(ledger, "BAD_INPUT") as info:
        ledger.execute(advice(buyer, item("")), at=at(TODAY))
    assert info.value.message == "advice invoice number is required"


@pytest.mark.parametrize(
    "paid_on", [TODAY - timedelta(days=3653), TODAY + timedelta(days=366)], ids=["first", "last"]
)
def test_an_advice_paid_ten_years_ago_or_scheduled_a_year_ahead_is_accepted(
    ledger: Ledger, buyer: Buyer, paid_on: date
) -> None:
    result = ledger.execute(advice(buyer, item(), paid_on=paid_on), at=at(TODAY))
    assert ledger.load(UUID(result["remittance_id"])).paid_on == paid_on  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "paid_on", [TODAY - timedelta(days=3654), TODAY + timedelta(days=367)], ids=["before", "after"]
)
def test_an_advice_paid_a_day_outside_the_window_is_refused_with_the_window(
    ledger: Ledger, buyer: Buyer, paid_on: date
) -> None:
    with refused(ledger, "BAD_INPUT") as info:
        ledger.execute(advice(buyer, item(), paid_on=paid_on), at=at(TODAY))
    assert info.value.message == (
        f"paid on {paid_on} is not a payment date: give a day from 2016-06-14 to 2027-06-16"
    )
    assert info.value.details == {"earliest": "2016-06-14", "latest": "2027-06-16"}


def test_a_bounce_recorded_on_the_payment_itself_needs_a_reason() -> None:
    """The ReversePayment handler checks the reason first; the aggregate still refuses."""
    with pytest.raises(BadInput) as info:
        aggregate().reverse(" ")
    assert info.value.message == "reason is required"
