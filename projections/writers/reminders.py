"""Reminder pauses: whether an invoice's or a company's reminders are held, why, by whom
and through which day (`adapters.outbox.remind` and `remindersDue` read them)."""

from __future__ import annotations

from typing import Any

from ledger.reminder_pauses import ReminderPause
from projections.rows import Rows
from projections.schema import moment
from projections.writers.base import Family

FAMILY = Family("reminders")
on = FAMILY.on


@on(ReminderPause.Started)
def pause_started(rows: Rows, e: ReminderPause.Started, position: int) -> None:
    rows.put(
        "reminder_pauses",
        {
            "pause_id": str(e.originator_id),
            "subject_kind": e.subject_kind,
            "subject_id": str(e.subject_id),
            "company_id": str(e.company_id),
            "paused": 0,
            "reason": "",
            "paused_until": None,
            "paused_by": "",
            "paused_at": None,
            "position": position,
        },
    )


@on(ReminderPause.Paused, ReminderPause.Resumed)
def pause_changed(rows: Rows, e: Any, position: int) -> None:
    row = rows.get("reminder_pauses", str(e.originator_id))
    assert row is not None
    if isinstance(e, ReminderPause.Paused):
        row.update(paused=1, reason=e.reason, paused_by=e.paused_by, paused_at=moment(e.timestamp),
                   paused_until=e.until.isoformat() if e.until else None)  # fmt: skip
    else:
        row.update(paused=0, reason="", paused_by=e.resumed_by, paused_until=None,
                   paused_at=moment(e.timestamp))  # fmt: skip
    row["position"] = position
    rows.put("reminder_pauses", row)
