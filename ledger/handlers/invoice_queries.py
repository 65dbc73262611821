"""Invoice queries: a buyer raises a query on an invoice (or some of its lines), buyer
and seller talk, seller staff resolve it. (The aggregate is `ledger.disputes.InvoiceQuery`:
that module's name is part of its stored event topics, so it keeps it.)

While a query is open its lines are disputed: card payments leave them out and status
says DISPUTED. An accepted query credits what it names in the same transaction.
"""

from __future__ import annotations

from ledger import commands as c
from ledger.commands import new_id
from ledger.companies import Company
from ledger.disputes import ACCEPTED, BUYER, SELLER, InvoiceQuery
from ledger.handlers.credit import review
from ledger.handlers.lookups import buyer, next_number, staff
from ledger.handlers.table import Result, handles
from ledger.invoices import Invoice
from ledger.money import Money
from ledger.session import Session
from ledger.users import Staff, person_id


@handles(c.RaiseInvoiceQuery)
def raise_invoice_query(session: Session, cmd: c.RaiseInvoiceQuery) -> Result:
    invoice = session.get(Invoice, cmd.invoice_id)
    user = buyer(session, cmd.raised_by, invoice.company_id)
    query_id = new_id(cmd, "query")
    line_ids = tuple(cmd.line_ids)
    invoice.open_dispute(query_id, line_ids)
    disputed = invoice.open_on(line_ids).amount
    session.add(
        InvoiceQuery.raise_query(
            query_id,
            invoice.id,
            invoice.company_id,
            user.id,
            cmd.reason,
            line_ids,
            disputed,
            cmd.message,
        )
    )
    return {"query_id": str(query_id), "disputed": str(disputed)}


@handles(c.ReplyToInvoiceQuery)
def reply_to_invoice_query(session: Session, cmd: c.ReplyToInvoiceQuery) -> Result:
    query = session.get(InvoiceQuery, cmd.query_id, "query")
    author_id = person_id(cmd.author)
    if session.find(Staff, author_id):
        query.post(SELLER, author_id, cmd.text)
    else:
        query.post(BUYER, buyer(session, cmd.author, query.company_id).id, cmd.text)
    return {"query_id": str(query.id), "messages": len(query.messages)}


@handles(c.AssignInvoiceQuery)
def assign_invoice_query(session: Session, cmd: c.AssignInvoiceQuery) -> Result:
    query = session.get(InvoiceQuery, cmd.query_id, "query")
    query.assign(staff(session, cmd.staff).id)
    return {"query_id": str(query.id)}


@handles(c.ResolveInvoiceQuery)
def resolve_invoice_query(session: Session, cmd: c.ResolveInvoiceQuery) -> Result:
    query = session.get(InvoiceQuery, cmd.query_id, "query")
    resolver = staff(session, cmd.resolved_by)
    invoice = session.get(Invoice, query.invoice_id)
    company = session.get(Company, invoice.company_id)
    credited = Money.zero(invoice.currency)
    credit_note = ""
    if cmd.outcome == ACCEPTED:
        amount = (
            None if cmd.credit_amount is None else Money.of(cmd.credit_amount, invoice.currency)
        )
        credit_note = next_number(session, "CREDIT_NOTE", "CN-")
        credited = invoice.issue_credit_note(
            credit_note, amount, query.line_ids or None, f"query {query.reason}", query.id
        )
        company.free_credit(invoice.id, credited, "credit note")
    query.resolve(cmd.outcome, cmd.note, resolver.id, credited.amount)
    invoice.close_dispute(query.id, cmd.outcome)
    review(session, company)
    return {"query_id": str(query.id), "credit_note": credit_note, "credited": str(credited.amount)}
