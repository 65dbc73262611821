"""`Order` and `OrderLine`, reached through `Invoice.order` or `node(id:)`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry.types import Info

from graphql_api.account.types import Person
from graphql_api.core.types import Node, perm


@strawberry.type
class OrderLine:
    id: strawberry.ID = perm("OrderLine", "id")
    sku: str = perm("OrderLine", "sku")
    description: str = perm("OrderLine", "description")
    quantity: Decimal = perm("OrderLine", "quantity")
    shipped: Decimal = perm("OrderLine", "shipped")
    delivered: Decimal = perm("OrderLine", "delivered")


@strawberry.type
class Order(Node):
    id: strawberry.ID = perm("Order", "id")
    number: str = perm("Order", "number")
    placed_at: date | None = perm("Order", "placedAt")
    placed_by: Person | None = perm("Order", "placedBy")
    lines: list[OrderLine] = perm("Order", "lines")


async def load_order(info: Info, order_id: str, number: str) -> Order:
    """An order with its lines and who placed it, through the request's loaders."""
    loaders = info.context["loaders"]
    row = await loaders.order.load(order_id)
    lines = await loaders.order_lines.load(order_id)
    placed_by = None
    if row and row.get("placed_by"):
        user = await loaders.user.load(row["placed_by"])
        if user:
            placed_by = Person(id=user["user_id"], email=user["email"], name=user["name"])
    return Order(
        id=strawberry.ID(order_id),
        number=number,
        placed_at=date.fromisoformat(row["placed_on"]) if row and row.get("placed_on") else None,
        placed_by=placed_by,
        lines=[
            OrderLine(
                id=ln["line_id"],
                sku=ln["sku"],
                description=ln["description"],
                quantity=Decimal(ln["quantity"]),
                shipped=Decimal(ln["shipped"]),
                delivered=Decimal(ln["delivered"]),
            )
            for ln in lines
        ],
    )
