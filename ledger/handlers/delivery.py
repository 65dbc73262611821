"""Delivery: the outbox of messages we owe (invoices, reminders, query notices), each
attempt recorded before the message leaves, and a company's reminder schedule and
pauses (of one invoice or of the whole company).

A delivered invoice learns it was delivered in the same transaction as the dispatch.
"""

from __future__ import annotations

from uuid import UUID

from ledger import clock
from ledger import commands as c
from ledger.companies import Company
from ledger.dispatches import Dispatch, dispatch_id
from ledger.errors import BadInput, Conflict
from ledger.handlers.lookups import staff
from ledger.handlers.table import Result, handles
from ledger.invoices import Invoice
from ledger.reminder_pauses import COMPANY, INVOICE, ReminderPause, pause_id
from ledger.session import Session


@handles(c.RequestDispatch)
def request_dispatch(session: Session, cmd: c.RequestDispatch) -> Result:
    found_id = dispatch_id(cmd.purpose, cmd.subject_id, cmd.transport, cmd.detail)
    if session.find(Dispatch, found_id):
        raise Conflict("this message is already requested", dispatch_id=str(found_id))
    session.add(
        Dispatch.request(
            found_id, cmd.purpose, cmd.subject_id, cmd.transport, cmd.recipient, cmd.detail
        )
    )
    return {"dispatch_id": str(found_id)}


@handles(c.StartDispatchAttempt)
def start_dispatch_attempt(session: Session, cmd: c.StartDispatchAttempt) -> Result:
    dispatch = session.get(Dispatch, cmd.dispatch_id)
    dispatch.attempt(cmd.attempt, clock.now())
    return {"dispatch_id": str(dispatch.id), "attempt": cmd.attempt}


@handles(c.FinishDispatchAttempt)
def finish_dispatch_attempt(session: Session, cmd: c.FinishDispatchAttempt) -> Result:
    dispatch = session.get(Dispatch, cmd.dispatch_id)
    if cmd.delivered:
        dispatch.delivered(cmd.attempt, cmd.detail)
        if dispatch.purpose == "INVOICE":  # the invoice learns it was delivered, atomically
            invoice = session.get(Invoice, dispatch.subject_id)
            invoice.mark_delivered(dispatch.transport, cmd.detail[:200])
    else:
        dispatch.failed(cmd.attempt, cmd.detail, clock.now(), cmd.max_attempts)
    return {"dispatch_id": str(dispatch.id), "status": dispatch.status}


@handles(c.SetDunningSteps)
def set_dunning_steps(session: Session, cmd: c.SetDunningSteps) -> Result:
    company = session.get(Company, cmd.company_id)
    company.set_dunning(tuple(cmd.steps))
    return {"company_id": str(company.id), "steps": list(company.dunning_steps)}


def reminder_pause(
    session: Session, invoice_id: UUID | None, company_id: UUID | None
) -> tuple[ReminderPause, Result]:
    """The pause of the invoice or company named (started if it has none yet), and the
    ids the command answers with."""
    if (invoice_id is None) == (company_id is None):
        raise BadInput("reminders pause for exactly one of an invoice or a company")
    if invoice_id is not None:
        invoice = session.get(Invoice, invoice_id)
        kind, subject, owner = INVOICE, invoice.id, invoice.company_id
        result = {"invoice_id": str(invoice.id), "company_id": str(owner)}
    else:
        assert company_id is not None
        kind = COMPANY
        subject = owner = session.get(Company, company_id).id
        result = {"company_id": str(owner)}
    found = session.find(ReminderPause, pause_id(subject))
    if found is None:
        found = session.add(ReminderPause.start(kind, subject, owner))
    return found, result


@handles(c.PauseReminders)
def pause_reminders(session: Session, cmd: c.PauseReminders) -> Result:
    by = staff(session, cmd.paused_by)
    pause, result = reminder_pause(session, cmd.invoice_id, cmd.company_id)
    pause.pause(cmd.reason, cmd.until, by.email, clock.today())
    return result


@handles(c.ResumeReminders)
def resume_reminders(session: Session, cmd: c.ResumeReminders) -> Result:
    by = staff(session, cmd.resumed_by)
    pause, result = reminder_pause(session, cmd.invoice_id, cmd.company_id)
    pause.resume(cmd.reason, by.email, clock.today())
    return result
