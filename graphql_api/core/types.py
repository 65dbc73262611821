"""Field helpers and the types every area uses: Money, PageInfo, MutationResult.

Every field takes its permission from the matrix (`permissions.py`) by its type's and
field's schema names, so a field without an entry fails the matrix test.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

import anyio
import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from graphql_api.permissions import field_permissions
from projections.schema import from_units


def perm(type_name: str, field: str, **kwargs: Any) -> Any:
    return strawberry.field(permission_classes=field_permissions(type_name, field), **kwargs)


def resolver(type_name: str, name: str, **kwargs: Any) -> Any:
    """Decorator for a field with a resolver, named in camelCase in the schema."""
    return strawberry.field(
        permission_classes=field_permissions(type_name, name), name=name, **kwargs
    )


@strawberry.type
class Money:
    amount: Decimal = perm("Money", "amount")
    currency: str = perm("Money", "currency")


def money(units: int | None, currency: str) -> Money:
    return Money(amount=from_units(int(units or 0), currency), currency=currency)


def from_row(convert: Callable[[dict[str, Any]], Any]) -> Any:
    """A field read from the object's read-model row when a query asks for it."""
    return property(lambda self: convert(self.row))


def money_from_row(column: str) -> Any:
    """A Money field from a column of integer units, in the object's `currency`."""
    return property(lambda self: money(self.row[column], self.currency))


def moment_of(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@strawberry.type
class PageInfo:
    has_next_page: bool = perm("PageInfo", "hasNextPage")
    end_cursor: str | None = perm("PageInfo", "endCursor")


@strawberry.type
class UserError:
    """A refusal in typed form, as Shopify's `userErrors` and Saleor's `errors`: the code
    (as in `extensions.code`), the message, the input field it concerns, its figures."""

    code: str = perm("UserError", "code")
    message: str = perm("UserError", "message")
    field: str | None = perm("UserError", "field")
    figures: JSON = perm("UserError", "figures")


@strawberry.interface
class MutationResult:
    """What every mutation answers: its own payload type (`RecordPaymentPayload`, ...)
    implements this, so selections of `{ ok result }` from before payloads still work."""

    ok: bool = perm(
        "MutationResult", "ok", deprecation_reason="a payload is answered only on success"
    )
    result: JSON = perm(
        "MutationResult", "result", deprecation_reason="select the payload's typed objects"
    )
    errors: list[UserError] = perm("MutationResult", "errors")


async def in_views(info: Info, work: Any) -> Any:
    """Run a synchronous read-model function (history, metrics) in a worker thread."""

    def run() -> Any:
        with info.context["views"].rows() as (rows, _):
            return work(rows)

    return await anyio.to_thread.run_sync(run)


@strawberry.interface
class Node:
    """Relay's object identification: anything the client may refetch by `node(id:)`.

    Our ids are already global: every aggregate's UUID is derived from its kind and its
    business key (`ledger.registry`), so no two objects of any types share one, and the
    id a type has always answered is its global id (clients keep the ids they hold)."""

    id: strawberry.ID = perm("Node", "id")
