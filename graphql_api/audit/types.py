"""`LedgerEvent` and its connection."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from graphql_api.core.types import PageInfo, perm


@strawberry.type
class LedgerEvent:
    position: int = perm("LedgerEvent", "position")
    type: str = perm("LedgerEvent", "type")
    stream_id: strawberry.ID = perm("LedgerEvent", "streamId")
    occurred_at: datetime = perm("LedgerEvent", "occurredAt")
    hash: str = perm("LedgerEvent", "hash")
    data: JSON = perm("LedgerEvent", "data")


@strawberry.type
class LedgerEventEdge:
    cursor: str = perm("LedgerEventEdge", "cursor")
    node: LedgerEvent = perm("LedgerEventEdge", "node")


@strawberry.type
class LedgerEventConnection:
    edges: list[LedgerEventEdge] = perm("LedgerEventConnection", "edges")
    page_info: PageInfo = perm("LedgerEventConnection", "pageInfo")


def event_data(state: bytes) -> Any:
    return json.loads(state)
