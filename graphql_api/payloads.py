"""Typed mutation payloads, made from one declaration: `permissions.PAYLOADS`.

Every mutation answers `<Mutation>Payload` (`recordPayment` -> `RecordPaymentPayload`):
the objects it changed, typed (`payment`, `company`, `invoices`, ...), so a client's
normalised cache updates without a second query, plus `errors` and the deprecated `ok`
and `result` of `MutationResult`, which each payload implements.

A payload field can also be made from the command's answer itself (`FROM_RESULT`: a
card payment's provider intent, which no lookup finds).

The objects are read after the change, through the same lookups `node(id:)` uses, so a
payload shows exactly what the viewer's next query would (NOT_FOUND-hidden rows come
back null) and every field keeps its matrix entry.

Refusals stay where the suite and every client have them: one GraphQL error with
`extensions.code` and the payload null, nothing written (`docs/api.md`). `errors` is
therefore empty whenever a payload is answered; it is there for the typed shape
clients generate against, never a second, diverging copy of a refusal.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from strawberry.types import Info

from graphql_api import nodes
from graphql_api.bank.types import BankEntry
from graphql_api.core.mutations import PAYLOAD_TYPES
from graphql_api.core.types import MutationResult, UserError, resolver
from graphql_api.credit.types import Company
from graphql_api.invoice_queries.types import InvoiceQuery
from graphql_api.invoices.types import Invoice
from graphql_api.payments.types import CardPaymentIntent, Payment
from graphql_api.permissions import PAYLOADS

# A payload's object field: its type, the lookup that finds it, the key of its id in
# the data, and whether it is a list of them.
OBJECTS: dict[str, tuple[type, nodes.Lookup, str, bool]] = {
    "invoice": (Invoice, nodes.invoice, "invoice_id", False),
    "invoices": (Invoice, nodes.invoice, "invoice_ids", True),
    "company": (Company, nodes.company, "company_id", False),
    "payment": (Payment, nodes.payment, "payment_id", False),
    "query": (InvoiceQuery, nodes.query, "query_id", False),
    "bankEntry": (BankEntry, nodes.bank_entry, "entry_id", False),
}

# A payload field made from the command's answer: its type and how.
FROM_RESULT: dict[str, tuple[type, Callable[[dict[str, Any]], Any]]] = {
    "intent": (CardPaymentIntent, CardPaymentIntent.of),
}


@strawberry.type
class Payload(MutationResult):
    data: strawberry.Private[dict[str, Any]]

    @classmethod
    def of(cls, result: Any, **ids: Any) -> Any:
        """The payload of a mutation's result, with the ids of what it changed that the
        result does not name (the invoices of an allocation, from the input)."""
        data = {**(result if isinstance(result, dict) else {}), **ids}
        return cls(ok=True, result=result, errors=[], data=data)


def one(lookup: nodes.Lookup, key: str) -> Callable[..., Awaitable[Any]]:
    async def resolve(self: Payload, info: Info) -> Any:
        id = self.data.get(key)
        if id is None and key == "invoice_id" and "query_id" in self.data:
            id = await invoice_of_query(info, self.data["query_id"])
        return None if id is None else await nodes.find(info, lookup, str(id))

    return resolve


async def invoice_of_query(info: Info, query_id: str) -> str | None:
    found = await info.context["reader"].fetch(
        "SELECT invoice_id FROM queries WHERE query_id = %(id)s", {"id": str(query_id)}
    )
    return str(found[0]["invoice_id"]) if found else None


def many(lookup: nodes.Lookup, key: str) -> Callable[..., Awaitable[Any]]:
    async def resolve(self: Payload, info: Info) -> Any:
        found = [await nodes.find(info, lookup, str(i)) for i in dict.fromkeys(self.data[key])]
        return [f for f in found if f is not None]

    return resolve


def answered(make: Callable[[dict[str, Any]], Any]) -> Callable[..., Awaitable[Any]]:
    async def resolve(self: Payload, info: Info) -> Any:
        return make(self.data)

    return resolve


def payload(mutation: str) -> Any:
    """The payload type of `mutation`, with the objects `PAYLOADS` names for it."""
    name = mutation[0].upper() + mutation[1:] + "Payload"
    namespace: dict[str, Any] = {
        "__module__": __name__,
        "__qualname__": name,
        "__doc__": f"What `{mutation}` changed.",
    }
    for field in PAYLOADS[mutation]:
        if field in FROM_RESULT:
            kind, make = FROM_RESULT[field]
            resolve = answered(make)
            listed = False
        else:
            kind, lookup, key, listed = OBJECTS[field]
            resolve = (many if listed else one)(lookup, key)
        resolve.__annotations__ = {"info": Info, "return": list[kind] if listed else kind | None}
        namespace[field] = resolver(name, field)(resolve)
    made = strawberry.type(type(name, (Payload,), namespace))
    PAYLOAD_TYPES[mutation] = made
    return made


__all__ = ["Payload", "UserError", "payload"]
