"""A credit note as a document: what was credited on which lines of which invoice.

A credit note is not an aggregate of its own: it is a `CreditNoteIssued` event on
the invoice it credits, numbered `CN-…`. Its document is built from that event: each
credited line shows the gross credited on it, split into net and tax exactly as the
ledger booked it (`Invoice.net_of`), so the e-invoice's lines, VAT breakdown and
totals add up to the journal entry to the cent. A partial credit is not a quantity
returned, so every line is one unit at the credited net, with no allowance: the
invoice's discount is already inside the net credited.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from uuid import UUID

from adapters.documents import InvoiceDocument, load_document
from adapters.seller import Seller
from ledger.application import Ledger
from ledger.errors import NotFound
from ledger.invoices import Invoice
from ledger.lines import Line


def credit_note_event(ledger: Ledger, invoice_id: UUID, number: str) -> Invoice.CreditNoteIssued:
    for event in ledger.events.get(invoice_id):
        if isinstance(event, Invoice.CreditNoteIssued) and event.credit_note_number == number:
            return event
    raise NotFound(f"no credit note numbered {number}", number=number)


def load_credit_note(
    ledger: Ledger, invoice_id: UUID, number: str, seller: Seller | None = None
) -> InvoiceDocument:
    invoice = ledger.load(invoice_id)
    assert isinstance(invoice, Invoice)
    event = credit_note_event(ledger, invoice_id, number)
    lines = []
    for part in event.parts:
        line = invoice.line(part.line_id)
        net = invoice.net_of(part)
        lines.append(dataclasses.replace(
            line, quantity=Decimal(1), unit_price=net, net=net, tax=part.amount - net,
            gross=part.amount, allowance=Decimal(0), allowance_reason="",
        ))  # fmt: skip
    return _credit_note(load_document(ledger, invoice_id, seller), event, tuple(lines))


def _credit_note(
    base: InvoiceDocument, event: Invoice.CreditNoteIssued, lines: tuple[Line, ...]
) -> InvoiceDocument:
    issued = event.timestamp.date()
    return dataclasses.replace(
        base,
        number=event.credit_note_number,
        issue_date=issued,
        due_date=issued,
        type_code="381",
        credits=(base.number, base.issue_date),
        note=event.reason,
        lines=lines,
        net=event.net,
        tax=event.tax,
        gross=event.amount,
        paid=Decimal(0),
        open=Decimal(0),
    )
