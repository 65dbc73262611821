"""`InvoiceQuery` and its `QueryMessage`s, reached through `Invoice.queries`."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graphql_api.core.types import Money, perm


@strawberry.type
class QueryMessage:
    side: str = perm("QueryMessage", "side")
    author: strawberry.ID = perm("QueryMessage", "author")
    body: str = perm("QueryMessage", "body")
    at: datetime = perm("QueryMessage", "at")


@strawberry.type
class InvoiceQuery:
    id: strawberry.ID = perm("InvoiceQuery", "id")
    reason: str = perm("InvoiceQuery", "reason")
    status: str = perm("InvoiceQuery", "status")
    outcome: str | None = perm("InvoiceQuery", "outcome")
    line_ids: list[str] = perm("InvoiceQuery", "lineIds")
    disputed: Money = perm("InvoiceQuery", "disputed")
    messages: list[QueryMessage] = perm("InvoiceQuery", "messages")
