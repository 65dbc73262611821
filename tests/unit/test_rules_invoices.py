"""The rules of `ledger/invoices.py` that the mutation run found unpinned (issue 16).

Business cases for an invoice's status, what a write-off or credit note lands on, what its
events record for the audit trail and the read side, and the message AR reads when an
invoice refuses a change (which invoice, in what state, what could not be done).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest

from ledger import clock
from ledger import commands as c
from ledger.application import Ledger
from ledger.companies import PaymentTerms
from ledger.errors import BadInput, CurrencyMismatch
from ledger.invoices import Invoice, InvoiceHeader
from ledger.lines import PER_LINE, LineAmount, price_lines
from ledger.money import Money
from tests.builders import Buyer, allocate, company, key, line, payment, web_invoice
from tests.unit.support import events, load_invoice, refused, staff

ISSUED = date(2025, 1, 10)
TWO_LINES = (line("1", "1", "100.00", "0.21"), line("2", "2", "25.00", "0.10"))  # 121 + 55


@pytest.fixture
def buyer(ledger: Ledger) -> Buyer:
    return company(ledger)


@pytest.fixture
def invoice_id(ledger: Ledger, buyer: Buyer) -> UUID:
    return web_invoice(ledger, buyer, *TWO_LINES)


def number(ledger: Ledger, invoice_id: UUID) -> str:
    return load_invoice(ledger, invoice_id).number


def status(ledger: Ledger, invoice_id: UUID) -> str:
    return load_invoice(ledger, invoice_id).status(clock.today())


def erp(ledger: Ledger, buyer: Buyer, **kwargs: Any) -> dict[str, Any]:
    return ledger.execute(
        c.RecordErpInvoice(
            key(), buyer.company_id, key("ERP"), "SO-1", ISSUED, "EUR", (line("1"),),
            "100.00", "21.00", "121.00", **kwargs,
        )
    )  # fmt: skip


def credit(ledger: Ledger, invoice_id: UUID, amount: str | None, reason: str = "goodwill") -> Any:
    return ledger.execute(c.IssueCreditNote(key(), invoice_id, reason, amount))


def standalone(source: str = "WEB", number: str = "INV-1") -> InvoiceHeader:
    return InvoiceHeader(
        source, number, uuid4(), "O-1", None, uuid4(), ISSUED, ISSUED + timedelta(days=30),
        PaymentTerms("NET30", 30), "EUR",
    )  # fmt: skip


def aggregate() -> Invoice:
    """An invoice aggregate on its own, for guards the Ledger's handlers never reach."""
    return Invoice.issue(uuid4(), standalone(), price_lines((line("1"),), "EUR", PER_LINE))


# -- issuing ---------------------------------------------------------------------------


def test_an_erp_invoice_due_on_its_issue_day_is_booked(ledger: Ledger, buyer: Buyer) -> None:
    """Cash-on-delivery terms: due the day it is issued, not refused."""
    invoice_id = UUID(erp(ledger, buyer, due_date=ISSUED)["invoice_id"])
    assert load_invoice(ledger, invoice_id).header.due_date == ISSUED


def test_an_erp_invoice_due_before_it_was_issued_is_refused(ledger: Ledger, buyer: Buyer) -> None:
    with refused(ledger, "BAD_INPUT") as info:
        erp(ledger, buyer, due_date=ISSUED - timedelta(days=1))
    assert info.value.message == "due date must not be before the issue date"


def test_an_invoice_from_an_unknown_source_is_refused() -> None:
    with pytest.raises(BadInput) as info:
        Invoice.issue(uuid4(), standalone(source="POS"), price_lines((line("1"),), "EUR", PER_LINE))
    assert info.value.message == "invoice source must be one of ('WEB', 'ERP')"


def test_an_invoice_without_a_number_is_refused() -> None:
    with pytest.raises(BadInput) as info:
        Invoice.issue(uuid4(), standalone(number=" "), price_lines((line("1"),), "EUR", PER_LINE))
    assert info.value.message == "invoice number is required"


# -- status ----------------------------------------------------------------------------


def test_an_invoice_for_nothing_is_paid_from_the_start(ledger: Ledger, buyer: Buyer) -> None:
    """A free replacement part: nothing is owed, so it is PAID, not CREDITED."""
    invoice_id = web_invoice(ledger, buyer, line("1", "1", "0.00"))
    assert status(ledger, invoice_id) == "PAID"


def test_an_invoice_credited_in_full_for_one_euro_is_credited(ledger: Ledger, buyer: Buyer) -> None:
    invoice_id = web_invoice(ledger, buyer, line("1", "1", "1.00", "0"))
    credit(ledger, invoice_id, None)
    assert status(ledger, invoice_id) == "CREDITED"


def test_an_invoice_paid_fifty_cents_and_credited_the_rest_is_paid(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    allocate(ledger, payment(ledger, buyer, "0.50"), invoice_id, "0.50")
    credit(ledger, invoice_id, None)
    assert status(ledger, invoice_id) == "PAID"


def test_an_invoice_credited_fifty_cents_is_partially_paid(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    credit(ledger, invoice_id, "0.50")
    assert status(ledger, invoice_id) == "PARTIALLY_PAID"


# -- refusals say which invoice, in what state, and what could not be done -------------


@pytest.mark.parametrize(
    ("action", "words"),
    [("allocate", "take a payment"), ("credit", "credit it"), ("write_off", "write it off"),
     ("void", "void it"), ("dispute", "dispute it")],
)  # fmt: skip
def test_a_void_invoice_refuses_every_change_saying_what_was_refused(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID, action: str, words: str
) -> None:
    payment_id = payment(ledger, buyer, "10.00")
    ledger.execute(c.VoidInvoice(key(), invoice_id, "sent twice"))
    commands = {
        "allocate": c.AllocatePayment(key(), payment_id, invoice_id, "10.00"),
        "credit": c.IssueCreditNote(key(), invoice_id, "goodwill", "10.00"),
        "write_off": c.WriteOffInvoice(key(), invoice_id, "bad debt"),
        "void": c.VoidInvoice(key(), invoice_id, "again"),
        "dispute": c.RaiseInvoiceQuery(key(), invoice_id, buyer.email, "DAMAGED", "broken"),
    }
    with refused(ledger, "INVOICE_CLOSED") as info:
        ledger.execute(commands[action])
    assert info.value.message == f"invoice {number(ledger, invoice_id)} is void: cannot {words}"


def test_a_written_off_invoice_says_it_is_written_off(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    ledger.execute(c.WriteOffInvoice(key(), invoice_id, "bad debt"))
    with refused(ledger, "INVOICE_CLOSED") as info:
        ledger.execute(c.VoidInvoice(key(), invoice_id, "oops"))
    assert info.value.message == (
        f"invoice {number(ledger, invoice_id)} is written off: cannot void it"
    )


def test_a_payment_on_an_unknown_line_names_invoice_and_line(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    payment_id = payment(ledger, buyer, "10.00")
    with refused(ledger, "BAD_INPUT") as info:
        allocate(ledger, payment_id, invoice_id, "10.00", "9")
    assert info.value.message == f"invoice {number(ledger, invoice_id)} has no line '9'"
    assert info.value.details == {"line_id": "9"}


def test_a_credit_note_of_nothing_is_refused_with_the_amount(
    ledger: Ledger, invoice_id: UUID
) -> None:
    with refused(ledger, "BAD_INPUT") as info:
        credit(ledger, invoice_id, "0.00")
    assert info.value.message == "amount must be positive"
    assert info.value.details == {"amount": "0.00"}


def test_more_than_is_open_names_the_invoice_and_the_lines_asked_for(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    payment_id = payment(ledger, buyer, "500.00")
    inv = number(ledger, invoice_id)
    with refused(ledger, "OVER_ALLOCATION") as info:
        allocate(ledger, payment_id, invoice_id, "200.00", "2", "1")
    assert info.value.message == (
        f"200.00 EUR is more than the 176.00 EUR open on invoice {inv} lines 2, 1"
    )
    assert info.value.details == {"invoice": inv, "open": "176.00", "requested": "200.00"}
    with refused(ledger, "OVER_ALLOCATION") as info:
        allocate(ledger, payment_id, invoice_id, "200.00")
    assert info.value.message == f"200.00 EUR is more than the 176.00 EUR open on invoice {inv}"


def test_an_invoice_takes_no_amount_in_another_currency() -> None:
    """The handlers convert amounts to the invoice's currency first; the aggregate still
    refuses on its own, naming both currencies."""
    with pytest.raises(CurrencyMismatch) as info:
        aggregate().plan(Money(Decimal("1.00"), "USD"), None)
    assert info.value.details == {"expected": "EUR", "got": "USD"}


def test_an_invoice_refuses_to_undo_an_allocation_it_never_took() -> None:
    invoice = aggregate()
    stranger = uuid4()
    with pytest.raises(BadInput) as info:
        invoice.reverse_allocation(stranger, "mistake")
    assert info.value.message == f"invoice INV-1 has no allocation {stranger}"


def test_an_invoice_with_a_payment_cannot_be_voided(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    allocate(ledger, payment(ledger, buyer, "10.00"), invoice_id, "10.00")
    with refused(ledger, "INVOICE_CLOSED") as info:
        ledger.execute(c.VoidInvoice(key(), invoice_id, "sent twice"))
    assert info.value.message == (
        f"invoice {number(ledger, invoice_id)} has payments or credits: issue a credit note instead"
    )


def test_a_paid_invoice_has_nothing_to_write_off(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    allocate(ledger, payment(ledger, buyer, "176.00"), invoice_id, "176.00")
    with refused(ledger, "INVOICE_CLOSED") as info:
        ledger.execute(c.WriteOffInvoice(key(), invoice_id, "bad debt"))
    assert (
        info.value.message == f"invoice {number(ledger, invoice_id)} has nothing open to write off"
    )


@pytest.mark.parametrize("action", ["credit", "write_off", "void"])
def test_a_credit_write_off_or_void_needs_a_reason(
    ledger: Ledger, invoice_id: UUID, action: str
) -> None:
    commands = {
        "credit": c.IssueCreditNote(key(), invoice_id, " ", "10.00"),
        "write_off": c.WriteOffInvoice(key(), invoice_id, ""),
        "void": c.VoidInvoice(key(), invoice_id, " "),
    }
    with refused(ledger, "BAD_INPUT") as info:
        ledger.execute(commands[action])
    assert info.value.message == "reason is required"


def test_a_credit_note_needs_a_number() -> None:
    with pytest.raises(BadInput) as info:
        aggregate().issue_credit_note(" ", None, None, "goodwill")
    assert info.value.message == "credit note number is required"


# -- what the events record ------------------------------------------------------------


def test_a_write_off_lands_only_on_lines_with_money_open(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    allocate(ledger, payment(ledger, buyer, "121.00"), invoice_id, "121.00", "1")
    ledger.execute(c.WriteOffInvoice(key(), invoice_id, "bad debt"))
    written_off = events(ledger, Invoice.WrittenOff, invoice_id)[0]
    assert tuple(written_off.parts) == (LineAmount("2", Decimal("55.00")),)
    assert written_off.reason == "bad debt"


def test_an_allocation_and_its_reversal_record_the_payment_and_the_reason(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    payment_id = payment(ledger, buyer, "50.00")
    allocation = UUID(allocate(ledger, payment_id, invoice_id, "50.00")["allocation_id"])
    ledger.execute(c.ReverseAllocation(key(), payment_id, allocation, "wrong invoice"))
    (allocated,) = events(ledger, Invoice.PaymentAllocated, invoice_id)
    (reversed_,) = events(ledger, Invoice.AllocationReversed, invoice_id)
    assert allocated.payment_id == payment_id
    assert (reversed_.payment_id, reversed_.reason) == (payment_id, "wrong invoice")


def test_a_credit_note_records_its_number_and_reason(ledger: Ledger, invoice_id: UUID) -> None:
    result = credit(ledger, invoice_id, "10.00", "late delivery")
    (note,) = events(ledger, Invoice.CreditNoteIssued, invoice_id)
    assert (note.credit_note_number, note.reason) == (result["credit_note"], "late delivery")


def test_a_void_records_its_reason(ledger: Ledger, invoice_id: UUID) -> None:
    ledger.execute(c.VoidInvoice(key(), invoice_id, "sent twice"))
    assert events(ledger, Invoice.Voided, invoice_id)[0].reason == "sent twice"


def test_a_closed_dispute_records_its_outcome(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    ar = staff(ledger)
    raised = ledger.execute(
        c.RaiseInvoiceQuery(key(), invoice_id, buyer.email, "DAMAGED", "broken")
    )
    ledger.execute(c.ResolveInvoiceQuery(key(), UUID(raised["query_id"]), ar, "REJECTED", "works"))
    assert events(ledger, Invoice.DisputeClosed, invoice_id)[0].outcome == "REJECTED"


# -- delivery --------------------------------------------------------------------------


def test_an_invoice_sent_by_e_mail_records_the_channel_and_reference(
    ledger: Ledger, invoice_id: UUID
) -> None:
    ledger.execute(c.MarkInvoiceDelivered(key(), invoice_id, "EMAIL", "msg-42"))
    assert load_invoice(ledger, invoice_id).delivered_by == ["EMAIL"]
    (delivered,) = events(ledger, Invoice.Delivered, invoice_id)
    assert (delivered.channel, delivered.reference) == ("EMAIL", "msg-42")


def test_an_invoice_cannot_be_delivered_by_carrier_pigeon(ledger: Ledger, invoice_id: UUID) -> None:
    with refused(ledger, "BAD_INPUT") as info:
        ledger.execute(c.MarkInvoiceDelivered(key(), invoice_id, "PIGEON"))
    assert info.value.message == (
        "delivery channel must be one of "
        "('EMAIL', 'PDF', 'UBL', 'CII', 'FACTURX', 'AP_PORTAL', 'POST')"
    )
