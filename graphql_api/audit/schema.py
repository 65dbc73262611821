"""`Query.ledgerEvents`: pages of the log, by position.

`until` ends the log at a moment (the auditor's as-of picker): an event's time follows its
position (the ledger records in order), so the first event recorded after the moment ends
the page and there is no next one; every page of the same `until` stops at the same place.
"""

from __future__ import annotations

from datetime import datetime
from itertools import takewhile
from typing import Any

import anyio
import strawberry
from strawberry.types import Info

from graphql_api.audit.types import LedgerEvent, LedgerEventConnection, LedgerEventEdge, event_data
from graphql_api.core.inputs import (
    decode_cursor,
    encode_cursor,
    fail,
    page_size,
    viewer_of,
)
from graphql_api.core.types import PageInfo


def event_position(cursor: str) -> int:
    """The position a `ledgerEvents` cursor names: ours hold one int (a notification id)."""
    parts = decode_cursor(cursor)
    if len(parts) != 1 or type(parts[0]) is not int or not 0 <= parts[0] < 2**62:
        raise fail("malformed cursor", "BAD_INPUT")
    return parts[0]


@strawberry.type
class AuditQueries:
    """The log for auditors and AR."""

    @strawberry.field
    async def ledger_events(
        self,
        info: Info,
        after: str | None = None,
        first: int = 100,
        until: datetime | None = None,
    ) -> LedgerEventConnection:
        """Events oldest first; with `until`, only those recorded at or before it."""
        viewer = viewer_of(info)
        if not viewer.has("AUDITOR", "AR_MANAGER"):
            raise fail("only auditors and AR managers read the event log", "FORBIDDEN")
        page_size(first)
        if until is not None and until.tzinfo is None:
            raise fail("until needs a timezone (e.g. 2026-05-01T00:00:00Z)", "BAD_INPUT")
        start = event_position(after) + 1 if after else 1
        ledger = info.context["ledger"]
        found = await anyio.to_thread.run_sync(
            ledger.recorder.select_notifications, start, first + 1
        )
        nodes = [ledger_event(n) for n in found]
        if until is not None:
            nodes = list(takewhile(lambda e: e.occurred_at <= until, nodes))
        edges = [LedgerEventEdge(cursor=encode_cursor(e.position), node=e) for e in nodes[:first]]
        return LedgerEventConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(nodes) > first, end_cursor=edges[-1].cursor if edges else None
            ),
        )


def ledger_event(n: Any) -> LedgerEvent:
    data = event_data(n.state)
    return LedgerEvent(
        position=n.id,
        type=n.topic.split(":")[-1],
        stream_id=strawberry.ID(str(n.originator_id)),
        occurred_at=datetime.fromisoformat(
            data.get("timestamp", {}).get("_data_", "1970-01-01T00:00:00+00:00")
        ),
        hash=data.get("hash", ""),
        data=data,
    )
