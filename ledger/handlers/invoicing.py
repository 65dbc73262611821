"""Invoicing: web-store invoices issued from orders, and what closes or shrinks an
invoice (credit notes, write-offs, voids) or records its delivery.

Every change of what is open frees or retakes the company's credit in the same
transaction, then reviews its hold. ERP invoices, which arrive already numbered, are
in `ledger.handlers.erp`.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from ledger import clock
from ledger import commands as c
from ledger.commands import new_id
from ledger.companies import Company
from ledger.errors import BadInput
from ledger.handlers.credit import review
from ledger.handlers.lookups import next_number
from ledger.handlers.table import Result, handles
from ledger.invoices import WEB, Invoice, InvoiceHeader
from ledger.lines import apply_rule, check_text, invoice_line
from ledger.money import Money, to_decimal
from ledger.orders import Order
from ledger.session import Session


@handles(c.InvoiceOrder)
def invoice_order(session: Session, cmd: c.InvoiceOrder) -> Result:
    order = session.get(Order, cmd.order_id)
    company = session.get(Company, order.company_id)
    named = [line_id for line_id, _ in cmd.quantities]
    if len(set(named)) != len(named):
        raise BadInput(f"each order line may be named once: {named}")
    wanted = (
        {line_id: to_decimal(q, "quantity") for line_id, q in cmd.quantities}
        if cmd.quantities
        else order.uninvoiced_quantities()
    )
    if not wanted:
        raise BadInput(f"order {order.number} is fully invoiced", order=order.number)
    lines = apply_rule(
        tuple(
            invoice_line(order.line(i), order.invoiced.get(i, Decimal(0)), q, order.currency)
            for i, q in wanted.items()
        ),
        order.currency,
        session.policy.tax_rule,
    )
    invoice_id = new_id(cmd, "invoice")
    issued = clock.today()
    header = InvoiceHeader(
        source=WEB,
        number=next_number(session, WEB, "INV-"),
        order_id=order.id,
        order_number=order.number,
        ordered_by=order.placed_by,
        company_id=company.id,
        issue_date=issued,
        due_date=issued + timedelta(days=company.terms.net_days),
        terms=company.terms,
        currency=order.currency,
    )
    invoice = session.add(Invoice.issue(invoice_id, header, tuple(lines)))
    gross = invoice.totals.gross
    order.record_invoice(invoice_id, wanted, gross)
    company.book_invoice(invoice_id, order.id, gross, header.due_date)
    review(session, company)
    return {"invoice_id": str(invoice_id), "number": header.number, "gross": str(gross.amount)}


@handles(c.MarkInvoiceDelivered)
def mark_invoice_delivered(session: Session, cmd: c.MarkInvoiceDelivered) -> Result:
    invoice = session.get(Invoice, cmd.invoice_id)
    invoice.mark_delivered(cmd.channel, check_text(cmd.reference, "reference", required=False))
    return {"invoice_id": str(invoice.id)}


@handles(c.IssueCreditNote)
def issue_credit_note(session: Session, cmd: c.IssueCreditNote) -> Result:
    invoice = session.get(Invoice, cmd.invoice_id)
    company = session.get(Company, invoice.company_id)
    amount = None if cmd.amount is None else Money.of(cmd.amount, invoice.currency)
    number = next_number(session, "CREDIT_NOTE", "CN-")
    credited = invoice.issue_credit_note(number, amount, tuple(cmd.line_ids) or None, cmd.reason)
    company.free_credit(invoice.id, credited, "credit note")
    review(session, company)
    return {"credit_note": number, "amount": str(credited.amount)}


@handles(c.WriteOffInvoice)
def write_off_invoice(session: Session, cmd: c.WriteOffInvoice) -> Result:
    invoice = session.get(Invoice, cmd.invoice_id)
    company = session.get(Company, invoice.company_id)
    amount = invoice.write_off(cmd.reason)
    company.free_credit(invoice.id, amount, "write-off")
    review(session, company)
    return {"invoice_id": str(invoice.id), "amount": str(amount.amount)}


@handles(c.VoidInvoice)
def void_invoice(session: Session, cmd: c.VoidInvoice) -> Result:
    invoice = session.get(Invoice, cmd.invoice_id)
    company = session.get(Company, invoice.company_id)
    amount = invoice.void(cmd.reason)
    company.free_credit(invoice.id, amount, "void")
    review(session, company)
    return {"invoice_id": str(invoice.id), "amount": str(amount.amount)}
