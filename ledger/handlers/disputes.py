"""Queries and disputes: a buyer raises a query on an invoice (or some of its lines),
buyer and seller talk, seller staff resolve it.

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


@handles(c.RaiseQuery)
def raise_query(session: Session, cmd: c.RaiseQuery) -> Result:
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


@handles(c.PostQueryMessage)
def post_query_message(session: Session, cmd: c.PostQueryMessage) -> Result:
    query = session.get(InvoiceQuery, cmd.query_id, "query")
    author_id = person_id(cmd.author)
    if session.find(Staff, author_id):
        query.post(SELLER, author_id, cmd.text)
    else:
        query.post(BUYER, buyer(session, cmd.author, query.company_id).id, cmd.text)
    return {"query_id": str(query.id), "messages": len(query.messages)}


@handles(c.AssignQuery)
def assign_query(session: Session, cmd: c.AssignQuery) -> Result:
    query = session.get(InvoiceQuery, cmd.query_id, "query")
    query.assign(staff(session, cmd.staff).id)
    return {"query_id": str(query.id)}


@handles(c.ResolveQuery)
def resolve_query(session: Session, cmd: c.ResolveQuery) -> Result:
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
