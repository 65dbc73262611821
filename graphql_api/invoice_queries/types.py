"""`InvoiceQuery` and its `QueryMessage`s, reached through `Invoice.queries` or
`node(id:)`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from graphql_api.account.types import Person
from graphql_api.core.paging import Connection, page
from graphql_api.core.types import Money, Node, moment_of, money, perm, resolver


@strawberry.type
class QueryMessage:
    side: str = perm("QueryMessage", "side")
    author: strawberry.ID = perm("QueryMessage", "author")
    body: str = perm("QueryMessage", "body")
    at: datetime = perm("QueryMessage", "at")


@strawberry.type
class InvoiceQuery(Node):
    id: strawberry.ID = perm("InvoiceQuery", "id")
    reason: str = perm("InvoiceQuery", "reason")
    status: str = perm("InvoiceQuery", "status")
    outcome: str | None = perm("InvoiceQuery", "outcome")
    line_ids: list[str] = perm("InvoiceQuery", "lineIds")
    disputed: Money = perm("InvoiceQuery", "disputed")
    messages: list[QueryMessage] = perm(
        "InvoiceQuery", "messages", deprecation_reason="a thread grows: use messagesPage"
    )
    assigned_to_id: strawberry.Private[str | None] = None

    @resolver("InvoiceQuery", "assignedTo")
    async def assigned_to(self, info: Info) -> Person | None:
        """The seller's staff member working the query, once one is assigned."""
        if not self.assigned_to_id:
            return None
        row = await info.context["loaders"].staff.load(self.assigned_to_id)
        if row is None:
            return None
        return Person(id=strawberry.ID(row["staff_id"]), email=row["email"], name=row["name"])

    @resolver("InvoiceQuery", "messagesPage")
    def messages_page(self, first: int = 50, after: str | None = None) -> Connection[QueryMessage]:
        """The thread, oldest message first, a page at a time."""
        numbered = list(enumerate(self.messages))
        return page(numbered, first, after, lambda n: [n[0]], lambda n: n[1])


async def load_query(info: Info, row: dict[str, Any], currency: str) -> InvoiceQuery:
    """A query from its row, with its thread through the request's loaders."""
    messages = await info.context["loaders"].messages.load(row["query_id"])
    return InvoiceQuery(
        id=strawberry.ID(row["query_id"]),
        reason=row["reason"],
        status="OPEN" if row["outcome"] is None else "RESOLVED",
        outcome=row["outcome"],
        line_ids=[i for i in row["line_ids"].split(",") if i],
        disputed=money(row["disputed"], currency),
        assigned_to_id=row.get("assigned_to"),
        messages=[
            QueryMessage(side=m["side"], author=m["author"], body=m["body"], at=moment_of(m["at"]))
            for m in messages
        ],
    )
