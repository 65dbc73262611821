"""Payments: allocation to lines, over-allocation, company and currency checks,
overpayment and refunds, reversal, and which cash account a method posts to."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import pytest

from ledger import commands as c
from ledger import journal
from ledger.application import Ledger
from ledger.errors import CurrencyMismatch, Forbidden, OverAllocation, PaymentReversed
from ledger.invoices import Invoice
from ledger.lines import LineAmount
from ledger.money import Money
from ledger.payments import AdviceItem, Payment
from tests.builders import Buyer, allocate, company, key, line, payment, web_invoice
from tests.unit.support import (
    assert_verified,
    balance,
    events,
    load_company,
    load_invoice,
    load_payment,
    postings,
    refused,
)

# line 1: 121.00 gross (100 + 21 % VAT); line 2: 55.00 gross (50 + 10 % VAT); total 176.00
TWO_LINES = (line("1", "1", "100.00", "0.21"), line("2", "2", "25.00", "0.10"))


@pytest.fixture
def buyer(ledger: Ledger) -> Buyer:
    return company(ledger)


@pytest.fixture
def invoice_id(ledger: Ledger, buyer: Buyer) -> UUID:
    return web_invoice(ledger, buyer, *TWO_LINES)


def parts_of_last_allocation(ledger: Ledger, invoice_id: UUID) -> tuple[LineAmount, ...]:
    return tuple(events(ledger, Invoice.PaymentAllocated, invoice_id)[-1].parts)


# -- allocation to lines -----------------------------------------------------------


def test_allocation_to_a_named_line_leaves_other_lines_open(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    result = allocate(ledger, payment(ledger, buyer, "100.00"), invoice_id, "55.00", "2")
    assert (result["invoice_open"], result["unapplied"]) == ("121.00", "45.00")
    invoice = load_invoice(ledger, invoice_id)
    assert (invoice.line_open("1"), invoice.line_open("2")) == (Decimal("121.00"), Decimal(0))
    assert_verified(ledger)


def test_partial_allocation_to_a_named_line(ledger: Ledger, buyer: Buyer, invoice_id: UUID) -> None:
    allocate(ledger, payment(ledger, buyer, "20.00"), invoice_id, "20.00", "1")
    assert parts_of_last_allocation(ledger, invoice_id) == (LineAmount("1", Decimal("20.00")),)
    invoice = load_invoice(ledger, invoice_id)
    assert (invoice.line_open("1"), invoice.line_open("2")) == (Decimal("101.00"), Decimal("55.00"))


def test_allocation_without_lines_fills_lines_in_invoice_order(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    result = allocate(ledger, payment(ledger, buyer, "130.00"), invoice_id, "130.00")
    assert parts_of_last_allocation(ledger, invoice_id) == (
        LineAmount("1", Decimal("121.00")),
        LineAmount("2", Decimal("9.00")),
    )
    assert result["invoice_open"] == "46.00"


def test_allocation_without_lines_fills_undisputed_lines_first(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    ledger.execute(
        c.RaiseInvoiceQuery(key(), invoice_id, buyer.email, "DAMAGED", "line 1 broken", ("1",))
    )
    allocate(ledger, payment(ledger, buyer, "100.00"), invoice_id, "100.00")
    assert parts_of_last_allocation(ledger, invoice_id) == (
        LineAmount("2", Decimal("55.00")),
        LineAmount("1", Decimal("45.00")),
    )
    invoice = load_invoice(ledger, invoice_id)
    assert (invoice.line_open("1"), invoice.line_open("2")) == (Decimal("76.00"), Decimal(0))
    assert_verified(ledger)


def test_allocation_to_an_unknown_line_is_refused(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    payment_id = payment(ledger, buyer, "10.00")
    with refused(ledger, "BAD_INPUT"):
        allocate(ledger, payment_id, invoice_id, "10.00", "9")


def test_allocation_of_zero_is_refused(ledger: Ledger, buyer: Buyer, invoice_id: UUID) -> None:
    payment_id = payment(ledger, buyer, "10.00")
    with refused(ledger, "BAD_INPUT"):
        allocate(ledger, payment_id, invoice_id, "0.00")


# -- over-allocation ---------------------------------------------------------------


def test_exact_allocation_pays_the_invoice(ledger: Ledger, buyer: Buyer, invoice_id: UUID) -> None:
    result = allocate(ledger, payment(ledger, buyer, "176.00"), invoice_id, "176.00")
    assert (result["invoice_open"], result["unapplied"]) == ("0.00", "0.00")
    assert load_company(ledger, buyer.company_id).exposure.amount == 0
    assert_verified(ledger)


def test_over_allocation_on_the_invoice_writes_nothing(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    payment_id = payment(ledger, buyer, "500.00")
    with refused(ledger, "OVER_ALLOCATION", OverAllocation) as info:
        allocate(ledger, payment_id, invoice_id, "176.01")
    assert (info.value.details["open"], info.value.details["requested"]) == ("176.00", "176.01")
    assert load_payment(ledger, payment_id).unapplied.amount == Decimal("500.00")
    assert load_invoice(ledger, invoice_id).open_amount.amount == Decimal("176.00")


def test_over_allocation_on_a_named_line_writes_nothing(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    payment_id = payment(ledger, buyer, "500.00")
    with refused(ledger, "OVER_ALLOCATION", OverAllocation) as info:
        allocate(ledger, payment_id, invoice_id, "55.01", "2")
    assert info.value.details["open"] == "55.00"


def test_over_allocation_on_the_payment_writes_nothing(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    payment_id = payment(ledger, buyer, "100.00")
    with refused(ledger, "OVER_ALLOCATION", OverAllocation) as info:
        allocate(ledger, payment_id, invoice_id, "100.01")
    assert info.value.details == {"unapplied": "100.00", "requested": "100.01"}


def test_second_allocation_cannot_exceed_what_the_first_left(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    other = web_invoice(ledger, buyer)
    payment_id = payment(ledger, buyer, "100.00")
    allocate(ledger, payment_id, invoice_id, "60.00")
    with refused(ledger, "OVER_ALLOCATION", OverAllocation):
        allocate(ledger, payment_id, other, "40.01")
    assert allocate(ledger, payment_id, other, "40.00")["unapplied"] == "0.00"
    assert_verified(ledger)


# -- company and currency ----------------------------------------------------------


def test_allocation_to_another_companys_invoice_is_forbidden(ledger: Ledger, buyer: Buyer) -> None:
    globex = company(ledger, "Globex")
    their_invoice = web_invoice(ledger, globex)
    our_payment = payment(ledger, buyer, "121.00")
    with refused(ledger, "FORBIDDEN", Forbidden):
        allocate(ledger, our_payment, their_invoice, "121.00")
    assert load_payment(ledger, our_payment).unapplied.amount == Decimal("121.00")
    assert load_invoice(ledger, their_invoice).open_amount.amount == Decimal("121.00")


def test_payment_in_another_currency_than_the_company_is_refused(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    with refused(ledger, "CURRENCY_MISMATCH", CurrencyMismatch) as info:
        payment(ledger, buyer, "176.00", currency="USD")
    assert info.value.details == {"expected": "EUR", "got": "USD"}
    assert_verified(ledger)


def test_each_currency_rule_has_one_owner_that_names_both_currencies(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    """A company deals in one currency (its orders, ERP invoices and payments), and what
    lands on an invoice is in the invoice's currency: each rule is a guard on the
    aggregate that owns it, and the commands refuse exactly what the guards refuse."""
    acme = load_company(ledger, buyer.company_id)
    assert acme.check_currency("EUR") == "EUR"
    with pytest.raises(CurrencyMismatch) as wrong:
        acme.check_currency("USD")
    assert wrong.value.details == {"expected": "EUR", "got": "USD"}
    with pytest.raises(CurrencyMismatch):
        load_invoice(ledger, invoice_id).check_currency("GBP")
    load_invoice(ledger, invoice_id).check_currency("EUR")
    with refused(ledger, "CURRENCY_MISMATCH", CurrencyMismatch) as order:
        ledger.execute(
            c.PlaceOrder(key(), buyer.company_id, buyer.email, "SO-USD", "USD", (line("1"),))
        )
    assert order.value.details == {"expected": "EUR", "got": "USD"}


# -- overpayment and refunds -------------------------------------------------------


def test_overpayment_leaves_an_unapplied_credit_balance(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    payment_id = payment(ledger, buyer, "200.00")
    allocate(ledger, payment_id, invoice_id, "176.00")
    assert load_payment(ledger, payment_id).unapplied == Money(Decimal("24.00"), "EUR")
    assert balance(ledger, journal.unapplied(buyer.company_id)) == Decimal("-24.00")
    assert balance(ledger, journal.receivable(buyer.company_id)) == 0
    assert_verified(ledger)


def test_refund_is_limited_to_the_unapplied_amount(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    payment_id = payment(ledger, buyer, "200.00")
    allocate(ledger, payment_id, invoice_id, "176.00")
    with refused(ledger, "OVER_ALLOCATION", OverAllocation):
        ledger.execute(c.RefundPayment(key(), payment_id, "24.01", "overpaid"))
    result = ledger.execute(c.RefundPayment(key(), payment_id, "24.00", "overpaid"))
    assert result["unapplied"] == "0.00"
    assert balance(ledger, journal.CASH) == Decimal("176.00")
    assert balance(ledger, journal.unapplied(buyer.company_id)) == 0
    assert_verified(ledger)


def test_allocated_money_cannot_be_refunded(ledger: Ledger, buyer: Buyer, invoice_id: UUID) -> None:
    payment_id = payment(ledger, buyer, "176.00")
    allocate(ledger, payment_id, invoice_id, "176.00")
    with refused(ledger, "OVER_ALLOCATION", OverAllocation):
        ledger.execute(c.RefundPayment(key(), payment_id, "0.01", "oops"))


# -- reversal ----------------------------------------------------------------------


def test_reversing_a_payment_reopens_its_invoices_and_retakes_credit(
    ledger: Ledger, buyer: Buyer
) -> None:
    first = web_invoice(ledger, buyer, line("1", "1", "100.00", "0.21"))
    second = web_invoice(ledger, buyer, line("1", "2", "25.00", "0.10"))
    payment_id = payment(ledger, buyer, "200.00")
    allocate(ledger, payment_id, first, "121.00")
    allocate(ledger, payment_id, second, "55.00")
    assert load_company(ledger, buyer.company_id).exposure.amount == 0

    result = ledger.execute(c.ReversePayment(key(), payment_id, "returned by bank"))

    assert result["reopened"] == [str(first), str(second)]
    assert load_invoice(ledger, first).open_amount.amount == Decimal("121.00")
    assert load_invoice(ledger, second).open_amount.amount == Decimal("55.00")
    reversed_payment = load_payment(ledger, payment_id)
    assert reversed_payment.reversed
    assert reversed_payment.unapplied.amount == 0
    assert reversed_payment.allocations == {}
    assert load_company(ledger, buyer.company_id).exposure.amount == Decimal("176.00")
    assert balance(ledger, journal.CASH) == 0
    assert balance(ledger, journal.receivable(buyer.company_id)) == Decimal("176.00")
    assert balance(ledger, journal.unapplied(buyer.company_id)) == 0
    assert_verified(ledger)


def test_reversing_a_part_refunded_payment_returns_only_what_is_left(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    payment_id = payment(ledger, buyer, "200.00")
    allocate(ledger, payment_id, invoice_id, "176.00")
    ledger.execute(c.RefundPayment(key(), payment_id, "24.00", "overpaid"))
    ledger.execute(c.ReversePayment(key(), payment_id, "returned by bank"))
    assert events(ledger, Payment.Reversed, payment_id)[0].amount == Decimal("176.00")
    assert balance(ledger, journal.CASH) == 0
    assert_verified(ledger)


def test_reversed_payment_takes_no_further_action(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    payment_id = payment(ledger, buyer, "100.00")
    ledger.execute(c.ReversePayment(key(), payment_id, "returned by bank"))
    # its own code: the invoice is open, and a client must not tell the buyer otherwise
    with refused(ledger, "PAYMENT_REVERSED", PaymentReversed, match="was reversed"):
        allocate(ledger, payment_id, invoice_id, "10.00")
    with refused(ledger, "PAYMENT_REVERSED", PaymentReversed):
        ledger.execute(c.RefundPayment(key(), payment_id, "10.00", "again"))
    with refused(ledger, "PAYMENT_REVERSED", PaymentReversed):
        ledger.execute(c.ReversePayment(key(), payment_id, "twice"))
    with refused(ledger, "PAYMENT_REVERSED", PaymentReversed):
        ledger.execute(
            c.RecordRemittanceAdvice(key(), payment_id, (AdviceItem("INV-1", Decimal("1.00")),))
        )


def test_reversing_one_allocation_restores_invoice_and_payment(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    payment_id = payment(ledger, buyer, "100.00")
    allocation = allocate(ledger, payment_id, invoice_id, "55.00", "2")["allocation_id"]
    result = ledger.execute(c.ReverseAllocation(key(), payment_id, UUID(allocation), "wrong"))
    assert result["unapplied"] == "100.00"
    invoice = load_invoice(ledger, invoice_id)
    assert (invoice.line_open("2"), invoice.paid) == (Decimal("55.00"), Decimal(0))
    assert load_company(ledger, buyer.company_id).exposure.amount == Decimal("176.00")
    assert_verified(ledger)


def test_bounced_payment_can_be_reversed_after_its_invoice_was_written_off(
    ledger: Ledger, buyer: Buyer
) -> None:
    invoice_id = web_invoice(ledger, buyer)
    payment_id = payment(ledger, buyer, "21.00")
    allocate(ledger, payment_id, invoice_id, "21.00")
    ledger.execute(c.WriteOffInvoice(key(), invoice_id, "insolvent"))
    ledger.execute(c.ReversePayment(key(), payment_id, "returned by bank"))
    assert load_payment(ledger, payment_id).reversed
    assert balance(ledger, journal.CASH) == 0
    assert_verified(ledger)


# -- methods and cash accounts -----------------------------------------------------


def test_card_payments_post_to_card_clearing(ledger: Ledger, buyer: Buyer) -> None:
    payment_id = payment(ledger, buyer, "121.00", method="CARD")
    received = events(ledger, Payment.Received, payment_id)[0]
    assert postings(received) == {
        journal.CARD_CLEARING: Decimal("121.00"),
        journal.unapplied(buyer.company_id): Decimal("-121.00"),
    }
    ledger.execute(c.RefundPayment(key(), payment_id, "21.00", "partial refund"))
    assert balance(ledger, journal.CARD_CLEARING) == Decimal("100.00")
    assert balance(ledger, journal.CASH) == 0
    assert_verified(ledger)


@pytest.mark.parametrize("method", ["BANK_TRANSFER", "CHEQUE"])
def test_bank_and_cheque_payments_post_to_cash(ledger: Ledger, buyer: Buyer, method: str) -> None:
    payment(ledger, buyer, "30.00", method=method)
    assert balance(ledger, journal.CASH) == Decimal("30.00")
    assert balance(ledger, journal.CARD_CLEARING) == 0


@pytest.mark.parametrize(
    ("method", "amount"), [("BITCOIN", "10.00"), ("CARD", "0.00"), ("CARD", "-5.00")]
)
def test_payment_needs_a_known_method_and_a_positive_amount(
    ledger: Ledger, buyer: Buyer, method: str, amount: str
) -> None:
    with refused(ledger, "BAD_INPUT"):
        payment(ledger, buyer, amount, method=method)
