"""`Query.remindersDue` and `Query.reminderPauses` (AR managers and auditors)."""

from __future__ import annotations

from datetime import date
from typing import Any

import anyio
import strawberry
from strawberry.types import Info

from graphql_api.core.inputs import fail, viewer_of
from graphql_api.reminders.types import DueReminder, ReminderPause
from ledger import clock
from ledger.reminders import PAUSES_IN_FORCE, candidate_rows, due_on

# The pauses listed on their own, with the names the page shows.
PAUSES = (
    "SELECT p.*, c.name AS company_name, i.number AS invoice_number FROM reminder_pauses p "
    "JOIN companies c ON c.company_id = p.company_id "
    "LEFT JOIN invoices i ON p.subject_kind = 'INVOICE' AND i.invoice_id = p.subject_id "
    "WHERE p.paused = 1 AND (p.paused_until IS NULL OR p.paused_until >= %(day)s) "
    "ORDER BY c.name, i.number"
)


def finance_only(info: Info) -> None:
    if not viewer_of(info).has("AR_MANAGER", "AUDITOR"):
        raise fail("only AR managers and auditors see reminders", "FORBIDDEN")


@strawberry.type
class ReminderQueries:
    """What the daily reminder run sends, and what AR has paused."""

    @strawberry.field
    async def reminders_due(self, info: Info, date: date | None = None) -> list[DueReminder]:
        """The reminders `date` (default today) calls for, paused ones included with their
        reason: exactly what `arledger reminders run` would ask for that day, less those."""
        finance_only(info)
        day = date or clock.today()
        reader = info.context["reader"]
        candidates: list[dict[str, Any]] = await reader.fetch(*candidate_rows(day))
        pauses: list[dict[str, Any]] = await reader.fetch(PAUSES_IN_FORCE)
        ledger = info.context["ledger"]
        due = await anyio.to_thread.run_sync(lambda: due_on(ledger, candidates, pauses, day))
        return [DueReminder.of(d) for d in due]

    @strawberry.field
    async def reminder_pauses(self, info: Info, date: date | None = None) -> list[ReminderPause]:
        """Invoices and companies whose reminders are held on `date` (default today)."""
        finance_only(info)
        day = (date or clock.today()).isoformat()
        rows = await info.context["reader"].fetch(PAUSES, {"day": day})
        return [ReminderPause.of(row) for row in rows]
