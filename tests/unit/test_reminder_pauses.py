"""Pausing reminders for one invoice or a whole company: AR's way to hold dunning while
something is being sorted out, with a reason and, if wanted, a date it ends on."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

from ledger import commands as c
from ledger.application import Ledger
from ledger.errors import BadInput, Conflict, Forbidden, NotFound
from ledger.reminder_pauses import ReminderPause, pause_id
from ledger.reminders import Pause, due_on
from tests.builders import company, key, line
from tests.unit.support import at, events, invoice_order, load_invoice, order, refused, staff

TODAY = date(2026, 12, 3)


def invoiced(ledger: Ledger) -> tuple[UUID, UUID]:
    buyer = company(ledger)
    order_id = order(ledger, buyer, line("1"), when=at(TODAY))
    invoice_id = UUID(invoice_order(ledger, order_id, when=at(TODAY))["invoice_id"])
    return buyer.company_id, invoice_id


def pause(ledger: Ledger, *, invoice_id: UUID | None = None, company_id: UUID | None = None,
          reason: str = "customer is moving offices", until: date | None = None,
          by: str = "ar@seller.example", day: date = TODAY) -> dict[str, str]:  # fmt: skip
    command = c.PauseReminders(key(), reason, by, until, invoice_id, company_id)
    return ledger.execute(command, at=at(day))


def resume(ledger: Ledger, *, invoice_id: UUID | None = None, company_id: UUID | None = None,
           day: date = TODAY) -> dict[str, str]:  # fmt: skip
    command = c.ResumeReminders(key(), "sorted out", "ar@seller.example", invoice_id, company_id)
    return ledger.execute(command, at=at(day))


def load_pause(ledger: Ledger, subject: UUID) -> ReminderPause:
    found = ledger.load(pause_id(subject))
    assert isinstance(found, ReminderPause)
    return found


def test_an_invoice_is_paused_with_a_reason_until_a_date_then_resumed(ledger: Ledger) -> None:
    staff(ledger)
    company_id, invoice_id = invoiced(ledger)
    result = pause(ledger, invoice_id=invoice_id, until=date(2026, 12, 20))
    assert result == {"invoice_id": str(invoice_id), "company_id": str(company_id)}
    paused = load_pause(ledger, invoice_id)
    assert paused.subject_kind == "INVOICE" and paused.company_id == company_id
    assert paused.reason == "customer is moving offices" and paused.until == date(2026, 12, 20)
    assert paused.paused_on(TODAY) and paused.paused_on(date(2026, 12, 20))
    assert not paused.paused_on(date(2026, 12, 21))  # the day after `until`: reminders again
    resume(ledger, invoice_id=invoice_id)
    assert not load_pause(ledger, invoice_id).paused_on(TODAY)
    assert [type(e).__name__ for e in events(ledger, object, pause_id(invoice_id))] == [
        "Started", "Paused", "Resumed"
    ]  # fmt: skip
    pause(ledger, invoice_id=invoice_id)  # and again, open-ended
    assert load_pause(ledger, invoice_id).paused_on(date(2030, 1, 1))


def test_a_company_is_paused_as_a_whole(ledger: Ledger) -> None:
    staff(ledger)
    company_id, _ = invoiced(ledger)
    assert pause(ledger, company_id=company_id) == {"company_id": str(company_id)}
    paused = load_pause(ledger, company_id)
    assert paused.subject_kind == "COMPANY" and paused.company_id == company_id


def test_bad_pauses_are_refused_with_a_clear_error_and_nothing_written(ledger: Ledger) -> None:
    staff(ledger)
    company_id, invoice_id = invoiced(ledger)
    with refused(ledger, "NOT_FOUND", NotFound, match="invoice .* not found"):
        pause(ledger, invoice_id=uuid4())
    with refused(ledger, "NOT_FOUND", NotFound, match="company .* not found"):
        pause(ledger, company_id=uuid4())
    with refused(ledger, "BAD_INPUT", BadInput, match="exactly one of an invoice or a company"):
        pause(ledger, invoice_id=invoice_id, company_id=company_id)
    with refused(ledger, "BAD_INPUT", BadInput, match="exactly one of an invoice or a company"):
        pause(ledger)
    with refused(ledger, "BAD_INPUT", BadInput, match="until .* is in the past"):
        pause(ledger, invoice_id=invoice_id, until=date(2026, 12, 2))
    with refused(ledger, "BAD_INPUT", BadInput, match="reason is required"):
        pause(ledger, invoice_id=invoice_id, reason="  ")
    with refused(ledger, "BAD_INPUT", BadInput, match="reason contains a NUL"):
        pause(ledger, invoice_id=invoice_id, reason="a\x00b")
    with refused(ledger, "FORBIDDEN", Forbidden):
        pause(ledger, invoice_id=invoice_id, by="someone@else.example")
    with refused(ledger, "CONFLICT", Conflict, match="reminders are not paused"):
        resume(ledger, invoice_id=invoice_id)
    pause(ledger, invoice_id=invoice_id, until=date(2026, 12, 5))
    with refused(ledger, "CONFLICT", Conflict, match="already paused"):
        pause(ledger, invoice_id=invoice_id)
    # Once `until` has passed the pause is over: pausing again is allowed, resuming is not.
    with refused(ledger, "CONFLICT", Conflict, match="reminders are not paused"):
        resume(ledger, invoice_id=invoice_id, day=date(2026, 12, 6))
    pause(ledger, invoice_id=invoice_id, day=date(2026, 12, 6))


def candidate(ledger: Ledger, invoice_id: UUID, open_units: int = 1210000,
              disputed: int = 0) -> dict[str, object]:  # fmt: skip
    """A candidate row as the read models give it, for the invoice as the ledger has it."""
    invoice = load_invoice(ledger, invoice_id)
    return {"invoice_id": str(invoice.id), "number": invoice.number,
            "company_id": str(invoice.company_id), "company_name": "Acme",
            "due_date": invoice.header.due_date.isoformat(), "open": open_units,
            "disputed": disputed}  # fmt: skip


def paused_row(kind: str, subject: UUID, until: date | None = None) -> dict[str, object]:
    return {"subject_kind": kind, "subject_id": str(subject), "reason": "held",
            "paused_until": until.isoformat() if until else None, "paused_by": "ar"}  # fmt: skip


def test_due_reminders_name_the_step_and_what_holds_them(ledger: Ledger) -> None:
    company_id, invoice_id = invoiced(ledger)
    due = load_invoice(ledger, invoice_id).header.due_date
    rows = [candidate(ledger, invoice_id)]
    assert due_on(ledger, rows, [], due - timedelta(days=4)) == []  # no step reached yet
    [first] = due_on(ledger, rows, [], due + timedelta(days=8))
    assert first.step == 7 and first.goes_out and first.amount == Decimal("121.00")
    assert first.recipient == "buyer@acme.example" and first.pause is None
    [held] = due_on(ledger, rows, [paused_row("INVOICE", invoice_id, due)], due)
    assert held.pause == Pause("INVOICE", "held", due, "ar") and not held.goes_out
    [after] = due_on(ledger, rows, [paused_row("INVOICE", invoice_id, due)], due + timedelta(1))
    assert after.pause is None and after.goes_out  # the day after `until`
    [whole] = due_on(ledger, rows, [paused_row("COMPANY", company_id)], due + timedelta(30))
    assert whole.pause is not None and whole.pause.kind == "COMPANY"
    disputed = [candidate(ledger, invoice_id, disputed=1210000)]
    assert due_on(ledger, disputed, [], due) == []  # all of it disputed: no reminder
