"""`Query.ledgerEvents`: pages of the log, by position."""

from __future__ import annotations

from datetime import datetime

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
        self, info: Info, after: str | None = None, first: int = 100
    ) -> LedgerEventConnection:
        viewer = viewer_of(info)
        if not viewer.has("AUDITOR", "AR_MANAGER"):
            raise fail("only auditors and AR managers read the event log", "FORBIDDEN")
        page_size(first)
        start = event_position(after) + 1 if after else 1
        ledger = info.context["ledger"]
        found = await anyio.to_thread.run_sync(
            ledger.recorder.select_notifications, start, first + 1
        )
        edges = []
        for n in found[:first]:
            data = event_data(n.state)
            node = LedgerEvent(
                position=n.id,
                type=n.topic.split(":")[-1],
                stream_id=strawberry.ID(str(n.originator_id)),
                occurred_at=datetime.fromisoformat(
                    data.get("timestamp", {}).get("_data_", "1970-01-01T00:00:00+00:00")
                ),
                hash=data.get("hash", ""),
                data=data,
            )
            edges.append(LedgerEventEdge(cursor=encode_cursor(n.id), node=node))
        return LedgerEventConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(found) > first, end_cursor=edges[-1].cursor if edges else None
            ),
        )
