"""Queries and disputes: disputed lines and amounts, the message thread, assignment,
resolution with or without a credit note, and who may take part."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import pytest

from ledger import commands as c
from ledger import journal
from ledger.application import Ledger
from ledger.disputes import BUYER, SELLER, InvoiceQuery
from ledger.errors import Forbidden, InvoiceClosed
from ledger.invoices import Invoice
from ledger.users import person_id
from tests.builders import Buyer, allocate, company, key, line, payment, web_invoice
from tests.unit.support import (
    assert_verified,
    balance,
    events,
    load_company,
    load_invoice,
    refused,
    staff,
)

# line 1: 121.00 gross; line 2: 55.00 gross; total 176.00
TWO_LINES = (line("1", "1", "100.00", "0.21"), line("2", "2", "25.00", "0.10"))
AR = "ar@seller.example"


@pytest.fixture
def buyer(ledger: Ledger) -> Buyer:
    return company(ledger)


@pytest.fixture
def invoice_id(ledger: Ledger, buyer: Buyer) -> UUID:
    staff(ledger, AR)
    return web_invoice(ledger, buyer, *TWO_LINES)


def raise_query(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID, *line_ids: str
) -> tuple[UUID, dict[str, object]]:
    result = ledger.execute(
        c.RaiseInvoiceQuery(key(), invoice_id, buyer.email, "DAMAGED", "arrived broken", line_ids)
    )
    return UUID(str(result["query_id"])), result


def load_query(ledger: Ledger, query_id: UUID) -> InvoiceQuery:
    query = ledger.load(query_id)
    assert isinstance(query, InvoiceQuery)
    return query


# -- raising -----------------------------------------------------------------------


def test_query_on_a_line_tracks_that_lines_open_amount(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    query_id, result = raise_query(ledger, buyer, invoice_id, "2")
    assert result["disputed"] == "55.00"
    query = load_query(ledger, query_id)
    assert (query.line_ids, query.disputed_amount, query.reason) == (
        ("2",),
        Decimal("55.00"),
        "DAMAGED",
    )
    assert query.raised_by == person_id(buyer.email)
    invoice = load_invoice(ledger, invoice_id)
    assert invoice.disputed_line_ids == {"2"}
    assert invoice.disputed_amount.amount == Decimal("55.00")
    assert invoice.open_amount.amount == Decimal("176.00")
    assert_verified(ledger)


def test_query_without_lines_disputes_the_whole_invoice(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    _, result = raise_query(ledger, buyer, invoice_id)
    assert result["disputed"] == "176.00"
    assert load_invoice(ledger, invoice_id).disputed_line_ids == {"1", "2"}


def test_disputed_amount_is_what_is_still_open_on_the_lines(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    allocate(ledger, payment(ledger, buyer, "20.00"), invoice_id, "20.00", "2")
    _, result = raise_query(ledger, buyer, invoice_id, "2")
    assert result["disputed"] == "35.00"


def test_query_on_an_unknown_line_is_refused(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    with refused(ledger, "BAD_INPUT"):
        raise_query(ledger, buyer, invoice_id, "9")


def test_query_with_an_unknown_reason_is_refused(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    with refused(ledger, "BAD_INPUT"):
        ledger.execute(c.RaiseInvoiceQuery(key(), invoice_id, buyer.email, "BORED", "meh"))


def test_buyer_of_another_company_cannot_raise_a_query(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    outsider = company(ledger, "Globex")
    with refused(ledger, "FORBIDDEN", Forbidden):
        raise_query(ledger, outsider, invoice_id, "1")
    assert load_invoice(ledger, invoice_id).disputes == {}


def test_staff_cannot_raise_a_query_as_a_buyer(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    with refused(ledger, "FORBIDDEN", Forbidden):
        ledger.execute(c.RaiseInvoiceQuery(key(), invoice_id, AR, "DAMAGED", "broken"))


# -- thread and assignment ---------------------------------------------------------


def test_message_thread_runs_both_ways(ledger: Ledger, buyer: Buyer, invoice_id: UUID) -> None:
    query_id, _ = raise_query(ledger, buyer, invoice_id, "2")
    reply = ledger.execute(c.ReplyToInvoiceQuery(key(), query_id, AR, "Photos, please?"))
    assert reply["messages"] == 2
    again = ledger.execute(c.ReplyToInvoiceQuery(key(), query_id, buyer.email, "Attached."))
    assert again["messages"] == 3
    thread = [
        (side, author, text) for side, author, text, _ in load_query(ledger, query_id).messages
    ]
    assert thread == [
        (BUYER, person_id(buyer.email), "arrived broken"),
        (SELLER, person_id(AR), "Photos, please?"),
        (BUYER, person_id(buyer.email), "Attached."),
    ]


def test_buyer_of_another_company_cannot_post_in_the_thread(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    query_id, _ = raise_query(ledger, buyer, invoice_id)
    outsider = company(ledger, "Globex")
    with refused(ledger, "FORBIDDEN", Forbidden):
        ledger.execute(c.ReplyToInvoiceQuery(key(), query_id, outsider.email, "me too"))


def test_query_is_assigned_to_staff(ledger: Ledger, buyer: Buyer, invoice_id: UUID) -> None:
    query_id, _ = raise_query(ledger, buyer, invoice_id)
    cs = staff(ledger, "cs@seller.example", ("CUSTOMER_SERVICE",))
    assert load_query(ledger, query_id).assigned_to is None
    ledger.execute(c.AssignInvoiceQuery(key(), query_id, cs))
    assert load_query(ledger, query_id).assigned_to == person_id(cs)


def test_query_cannot_be_assigned_to_a_buyer(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    query_id, _ = raise_query(ledger, buyer, invoice_id)
    with refused(ledger, "FORBIDDEN", Forbidden):
        ledger.execute(c.AssignInvoiceQuery(key(), query_id, buyer.email))


# -- resolution --------------------------------------------------------------------


def test_accepted_query_credits_the_disputed_lines(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    query_id, _ = raise_query(ledger, buyer, invoice_id, "2")
    result = ledger.execute(c.ResolveInvoiceQuery(key(), query_id, AR, "ACCEPTED", "sorry"))
    assert result == {"query_id": str(query_id), "credit_note": "CN-000001", "credited": "55.00"}
    invoice = load_invoice(ledger, invoice_id)
    assert invoice.open_amount.amount == Decimal("121.00")
    assert (invoice.line_open("1"), invoice.line_open("2")) == (Decimal("121.00"), Decimal(0))
    assert invoice.disputes == {}
    assert invoice.status(invoice.header.issue_date) == "PARTIALLY_PAID"
    [note] = events(ledger, Invoice.CreditNoteIssued, invoice_id)
    assert (note.net, note.tax, note.query_id) == (Decimal("50.00"), Decimal("5.00"), query_id)
    assert load_query(ledger, query_id).outcome == "ACCEPTED"
    assert load_company(ledger, buyer.company_id).exposure.amount == Decimal("121.00")
    assert balance(ledger, journal.CREDIT_NOTES) == Decimal("50.00")
    assert_verified(ledger)


def test_accepted_query_with_a_partial_credit_amount(
    ledger: Ledger, buyer: Buyer, invoice_id: UUID
) -> None:
    query_id, _ = raise_query(ledger, buyer, invoice_id, "2")
    result = ledger.execute(c.ResolveInvoiceQuery(key(), query_id, AR, "ACCEPTED", "", "11.00"))
    assert result["credited"] == "11.00"
    invoice = load_invoice(ledger, invoice_id)
    assert invoice.line_open("2") == Decimal("44.00")
    assert invoice.open_amount.amount == Decimal("165.00")
    assert_verified(ledger)


def test_rejected_query_gives_no_credit(ledger: Ledger, buyer: Buyer, invoice_id: UUID) -> None:
    query_id, _ = raise_query(ledger, buyer, invoice_id, "2")
    result = ledger.execute(c.ResolveInvoiceQuery(key(), query_id, AR, "REJECTED", "works fine"))
    assert (result["credit_note"], result["credited"]) == ("", "0.00")
    invoice = load_invoice(ledger, invoice_id)
    assert invoice.open_amount.amount == Decimal("176.00")
    assert invoice.credited == 0
    assert invoice.disputes == {}
    assert invoice.status(invoice.header.issue_date) == "OPEN"
    assert events(ledger, Invoice.CreditNoteIssued, invoice_id) == []
    assert load_query(ledger, query_id).outcome == "REJECTED"
    assert load_company(ledger, buyer.company_id).exposure.amount == Decimal("176.00")
    assert_verified(ledger)


def test_only_staff_can_resolve(ledger: Ledger, buyer: Buyer, invoice_id: UUID) -> None:
    query_id, _ = raise_query(ledger, buyer, invoice_id)
    with refused(ledger, "FORBIDDEN", Forbidden):
        ledger.execute(c.ResolveInvoiceQuery(key(), query_id, buyer.email, "ACCEPTED"))


def test_unknown_outcome_is_refused(ledger: Ledger, buyer: Buyer, invoice_id: UUID) -> None:
    query_id, _ = raise_query(ledger, buyer, invoice_id)
    with refused(ledger, "BAD_INPUT"):
        ledger.execute(c.ResolveInvoiceQuery(key(), query_id, AR, "MAYBE"))


def test_resolved_query_is_closed(ledger: Ledger, buyer: Buyer, invoice_id: UUID) -> None:
    query_id, _ = raise_query(ledger, buyer, invoice_id)
    ledger.execute(c.ResolveInvoiceQuery(key(), query_id, AR, "REJECTED"))
    with refused(ledger, "INVOICE_CLOSED", InvoiceClosed):
        ledger.execute(c.ReplyToInvoiceQuery(key(), query_id, buyer.email, "but why"))
    with refused(ledger, "INVOICE_CLOSED", InvoiceClosed):
        ledger.execute(c.ResolveInvoiceQuery(key(), query_id, AR, "ACCEPTED"))
