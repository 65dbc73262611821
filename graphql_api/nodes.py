"""`Query.node(id:)`: refetch any main object by its id, as Relay clients do.

The ids are already global (`core.types.Node`), so the id names no type: every type's
lookup runs, each with the visibility its own query applies, and at most one finds a
row. All of them run whatever the id is, and an id the viewer may not see gets the same
NOT_FOUND, with the same message, as an id that does not exist: neither the answer
nor its time says which. A type the viewer's roles may not reach at all (a delivery user
and a query thread) is not looked up into: its lookup answers nothing.

    Invoice       as `invoice(id:)`
    Company       as `company(id:)`
    Order         an order of an invoice the viewer sees (as `Invoice.order`)
    InvoiceQuery  a query on an invoice the viewer sees, for who reads `Invoice.queries`
    Payment       a payment of a company the viewer sees, for who reads `Company.payments`
    BankEntry     for who reads `paymentSuggestions` (AR and auditors)
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

import strawberry
from strawberry.types import Info

from graphql_api.bank.types import BankEntry
from graphql_api.core.inputs import fail, viewer_of
from graphql_api.core.types import Node
from graphql_api.credit.types import Company, company_rows
from graphql_api.invoice_queries.types import load_query
from graphql_api.invoices.sql import select_invoices
from graphql_api.invoices.types import Invoice
from graphql_api.orders.types import load_order
from graphql_api.payments.types import Payment
from graphql_api.permissions import MATRIX

Lookup = Callable[[Info, str, bool], Awaitable[Any]]


def may_read(info: Info, type_name: str, field: str) -> bool:
    return bool(viewer_of(info).roles & MATRIX[type_name][field])


async def invoice(info: Info, id: str, _: bool) -> Any:
    found = await select_invoices(
        info, when=None, extra=" AND invoice_id = %(id)s", params={"id": id}
    )
    return Invoice.of(found[0]) if found else None


async def company(info: Info, id: str, _: bool) -> Any:
    found = await company_rows(info, " AND c.company_id = %(id)s", {"id": id})
    return Company(row=found[0], as_of=None) if found else None


async def order(info: Info, id: str, _: bool) -> Any:
    found = await select_invoices(
        info, when=None, extra=" AND order_id = %(id)s", params={"id": id}, tail="LIMIT 1"
    )
    return load_order(info, id, found[0]["order_number"]) if found else None


async def query(info: Info, id: str, allowed: bool) -> Any:
    found = await select_invoices(
        info,
        when=None,
        extra=" AND invoice_id IN (SELECT invoice_id FROM queries WHERE query_id = %(id)s)",
        params={"id": id},
    )
    rows = await info.context["reader"].fetch(
        "SELECT * FROM queries WHERE query_id = %(id)s", {"id": id}
    )
    if not (found and rows and allowed):
        return None
    return load_query(info, rows[0], found[0]["currency"])


async def payment(info: Info, id: str, allowed: bool) -> Any:
    rows = await info.context["reader"].fetch(
        "SELECT * FROM payments WHERE payment_id = %(id)s", {"id": id}
    )
    company_id = rows[0]["company_id"] if rows else "00000000-0000-0000-0000-000000000000"
    visible = await company_rows(info, " AND c.company_id = %(id)s", {"id": company_id})
    allocations = await info.context["reader"].fetch(
        "SELECT * FROM allocations WHERE payment_id = %(id)s AND reversed = 0 ORDER BY position",
        {"id": id},
    )
    if not (rows and visible and allowed):
        return None
    return Payment.of(rows[0], allocations)


async def bank_entry(info: Info, id: str, allowed: bool) -> Any:
    rows = await info.context["reader"].fetch(
        "SELECT * FROM bank_entries WHERE entry_id = %(id)s", {"id": id}
    )
    return BankEntry.of(rows[0]) if rows and allowed else None


LOOKUPS: tuple[tuple[Lookup, tuple[str, str] | None], ...] = (
    (invoice, None),
    (company, None),
    (order, None),
    (query, ("Invoice", "queries")),
    (payment, ("Company", "payments")),
    (bank_entry, ("BankEntry", "id")),
)


GATES = {lookup: gate for lookup, gate in LOOKUPS}


async def find(info: Info, lookup: Lookup, id: str) -> Any:
    """One type's object with this id as the viewer sees it (None if they may not)."""
    gate = GATES[lookup]
    found = await lookup(info, id, gate is None or may_read(info, *gate))
    return await found if asyncio.iscoroutine(found) else found


@strawberry.type
class NodeQueries:
    @strawberry.field
    async def node(self, info: Info, id: strawberry.ID) -> Node:
        """The object with this id, if the viewer may see it; else NOT_FOUND."""
        missing = fail(f"node {id} not found", "NOT_FOUND")
        try:
            key = str(UUID(str(id)))
        except ValueError:
            raise missing from None
        found = await asyncio.gather(
            *(lookup(info, key, gate is None or may_read(info, *gate)) for lookup, gate in LOOKUPS)
        )
        hits = [f for f in found if f is not None]
        if not hits:
            raise missing
        hit = hits[0]
        return await hit if asyncio.iscoroutine(hit) else hit  # type: ignore[no-any-return]
