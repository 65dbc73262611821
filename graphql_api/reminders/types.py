"""`DueReminder` and `ReminderPause`: one reminder a day calls for, and what holds it."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import strawberry

from graphql_api.core.types import Money, moment_of, perm
from graphql_api.credit.refs import CompanyRef
from ledger.reminders import Due, Pause


@strawberry.enum
class PausedFor(enum.Enum):
    """What was paused: the one invoice, or every invoice of its company."""

    INVOICE = "INVOICE"
    COMPANY = "COMPANY"


@strawberry.type
class ReminderPause:
    kind: PausedFor = perm("ReminderPause", "kind")
    subject_id: strawberry.ID = perm("ReminderPause", "subjectId")
    company: CompanyRef = perm("ReminderPause", "company")
    invoice_number: str | None = perm("ReminderPause", "invoiceNumber")
    reason: str = perm("ReminderPause", "reason")
    until: date | None = perm("ReminderPause", "until", description="the last day held")
    paused_by: str = perm("ReminderPause", "pausedBy")
    paused_at: datetime | None = perm("ReminderPause", "pausedAt")

    @classmethod
    def of(cls, row: dict[str, Any]) -> ReminderPause:
        """From a `reminder_pauses` row joined with its company's name and invoice number."""
        return cls(
            kind=PausedFor(row["subject_kind"]),
            subject_id=strawberry.ID(row["subject_id"]),
            company=CompanyRef(id=strawberry.ID(row["company_id"]), name=row["company_name"]),
            invoice_number=row["invoice_number"],
            reason=row["reason"],
            until=date.fromisoformat(row["paused_until"]) if row["paused_until"] else None,
            paused_by=row["paused_by"],
            paused_at=moment_of(row["paused_at"]) if row["paused_at"] else None,
        )


@strawberry.type
class DueReminder:
    invoice_id: strawberry.ID = perm("DueReminder", "invoiceId")
    number: str = perm("DueReminder", "number")
    company: CompanyRef = perm("DueReminder", "company")
    due_date: date = perm("DueReminder", "dueDate")
    step: int = perm("DueReminder", "step", description="days from the due date")
    channel: str = perm("DueReminder", "channel")
    amount_due: Money = perm("DueReminder", "amountDue", description="open and not disputed")
    paused: bool = perm("DueReminder", "paused")
    paused_for: PausedFor | None = perm("DueReminder", "pausedFor")
    pause_reason: str | None = perm("DueReminder", "pauseReason")
    paused_until: date | None = perm("DueReminder", "pausedUntil")
    will_send: bool = perm(
        "DueReminder", "willSend", description="not paused, and there is an address to send to"
    )

    @classmethod
    def of(cls, due: Due) -> DueReminder:
        pause: Pause | None = due.pause
        return cls(
            invoice_id=strawberry.ID(str(due.invoice_id)),
            number=due.number,
            company=CompanyRef(id=strawberry.ID(str(due.company_id)), name=due.company_name),
            due_date=due.due_date,
            step=due.step,
            channel=due.transport,
            amount_due=Money(amount=due.amount, currency=due.currency),
            paused=pause is not None,
            paused_for=PausedFor(pause.kind) if pause else None,
            pause_reason=pause.reason if pause else None,
            paused_until=pause.until if pause else None,
            will_send=due.goes_out,
        )
