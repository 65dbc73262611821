"""`Order` and `OrderLine`, reached through `Invoice.order`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from graphql_api.account.types import Person
from graphql_api.core.types import perm


@strawberry.type
class OrderLine:
    id: strawberry.ID = perm("OrderLine", "id")
    sku: str = perm("OrderLine", "sku")
    description: str = perm("OrderLine", "description")
    quantity: Decimal = perm("OrderLine", "quantity")
    shipped: Decimal = perm("OrderLine", "shipped")
    delivered: Decimal = perm("OrderLine", "delivered")


@strawberry.type
class Order:
    id: strawberry.ID = perm("Order", "id")
    number: str = perm("Order", "number")
    placed_at: date | None = perm("Order", "placedAt")
    placed_by: Person | None = perm("Order", "placedBy")
    lines: list[OrderLine] = perm("Order", "lines")
