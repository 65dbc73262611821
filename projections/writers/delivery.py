"""Dispatches (the outbox): what is due to be sent, by which transport, and how it went.

`next_at` is when a worker may next pick a dispatch up: a stale attempt after
`STALE_ATTEMPT`, a failed one at its retry time."""

from __future__ import annotations

from typing import Any

from ledger.dispatches import DEAD, DELIVERED, PENDING, SENDING, STALE_ATTEMPT, Dispatch
from projections.rows import Rows
from projections.schema import moment
from projections.writers.base import Family

FAMILY = Family("delivery")
on = FAMILY.on


@on(Dispatch.Requested)
def dispatch_requested(rows: Rows, e: Dispatch.Requested, position: int) -> None:
    rows.put(
        "dispatches",
        {
            "dispatch_id": str(e.originator_id),
            "purpose": e.purpose,
            "subject_id": str(e.subject_id),
            "transport": e.transport,
            "recipient": e.recipient,
            "detail": e.detail,
            "status": PENDING,
            "attempts": 0,
            "next_at": moment(e.timestamp),
            "requested_at": moment(e.timestamp),
            "position": position,
        },
    )


@on(Dispatch.Attempted, Dispatch.Delivered, Dispatch.Failed, Dispatch.DeadLettered)
def dispatch_changed(rows: Rows, e: Any, position: int) -> None:
    row = rows.get("dispatches", str(e.originator_id))
    assert row is not None
    if isinstance(e, Dispatch.Attempted):
        row.update(status=SENDING, attempts=e.attempt, next_at=moment(e.timestamp + STALE_ATTEMPT))
    elif isinstance(e, Dispatch.Delivered):
        row.update(status=DELIVERED, reference=e.reference)
    elif isinstance(e, Dispatch.Failed):
        row.update(status=PENDING, last_error=e.error, next_at=moment(e.retry_at))
    else:
        row.update(status=DEAD, last_error=e.reason)
    row["position"] = position
    rows.put("dispatches", row)
