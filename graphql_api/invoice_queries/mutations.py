"""`raiseInvoiceQuery`, `replyToInvoiceQuery`, `resolveInvoiceQuery`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry
from strawberry.types import Info

from graphql_api.core.inputs import fail, uuid
from graphql_api.core.mutations import key, run
from graphql_api.invoices.sql import visible_invoice
from graphql_api.payloads import payload
from ledger import commands as c

RaiseInvoiceQueryPayload = payload("raiseInvoiceQuery")
ReplyToInvoiceQueryPayload = payload("replyToInvoiceQuery")
AssignInvoiceQueryPayload = payload("assignInvoiceQuery")
ResolveInvoiceQueryPayload = payload("resolveInvoiceQuery")


@strawberry.input
class RaiseInvoiceQueryInput:
    idempotency_key: str
    invoice_id: strawberry.ID
    reason: str
    message: str
    line_ids: list[str] = strawberry.field(default_factory=list)


@strawberry.input
class ReplyToInvoiceQueryInput:
    idempotency_key: str
    query_id: strawberry.ID
    message: str


@strawberry.input
class AssignInvoiceQueryInput:
    idempotency_key: str
    query_id: strawberry.ID
    staff: str | None = None  # a staff member's e-mail; none: the viewer takes it


@strawberry.input
class ResolveInvoiceQueryInput:
    idempotency_key: str
    query_id: strawberry.ID
    outcome: str
    note: str = ""
    credit_amount: Decimal | None = None


async def visible_query(info: Info, query_id: Any) -> dict[str, Any]:
    found = await info.context["reader"].fetch(
        "SELECT * FROM queries WHERE query_id = %(id)s",
        {"id": str(uuid(query_id, f"query {query_id}"))},
    )
    if not found:
        raise fail(f"query {query_id} not found", "NOT_FOUND")
    await visible_invoice(info, found[0]["invoice_id"])
    return found[0]


@strawberry.type
class InvoiceQueryMutations:
    """A query's thread, from raising it to its outcome."""

    @strawberry.mutation
    async def raise_invoice_query(
        self,
        info: Info,
        input: RaiseInvoiceQueryInput,
    ) -> RaiseInvoiceQueryPayload:
        await visible_invoice(info, input.invoice_id)
        return await run(
            info,
            "raiseInvoiceQuery",
            lambda v: c.RaiseInvoiceQuery(
                key(v, input.idempotency_key),
                uuid(input.invoice_id, "invoice"),
                v.email,
                input.reason,
                input.message,
                tuple(input.line_ids),
            ),
            ids={"invoice_id": input.invoice_id},
        )

    @strawberry.mutation
    async def reply_to_invoice_query(
        self,
        info: Info,
        input: ReplyToInvoiceQueryInput,
    ) -> ReplyToInvoiceQueryPayload:
        await visible_query(info, input.query_id)
        return await run(
            info,
            "replyToInvoiceQuery",
            lambda v: c.ReplyToInvoiceQuery(
                key(v, input.idempotency_key), uuid(input.query_id, "query"), v.email, input.message
            ),
        )

    @strawberry.mutation
    async def assign_invoice_query(
        self,
        info: Info,
        input: AssignInvoiceQueryInput,
    ) -> AssignInvoiceQueryPayload:
        """Who on the seller's side works the query: another staff member, or the viewer."""
        await visible_query(info, input.query_id)
        return await run(
            info,
            "assignInvoiceQuery",
            lambda v: c.AssignInvoiceQuery(
                key(v, input.idempotency_key),
                uuid(input.query_id, "query"),
                input.staff if input.staff is not None else v.email,
            ),
        )

    @strawberry.mutation
    async def resolve_invoice_query(
        self,
        info: Info,
        input: ResolveInvoiceQueryInput,
    ) -> ResolveInvoiceQueryPayload:
        return await run(
            info,
            "resolveInvoiceQuery",
            lambda v: c.ResolveInvoiceQuery(
                key(v, input.idempotency_key),
                uuid(input.query_id, "query"),
                v.email,
                input.outcome,
                input.note,
                input.credit_amount,
            ),
        )
