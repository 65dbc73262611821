"""Orders and their lines: quantities shipped, delivered and invoiced, and the
amount each order reserves of its company's credit until it is invoiced."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ledger.orders import Order
from projections.rows import Row, Rows
from projections.schema import day
from projections.writers.base import Family, units

FAMILY = Family("orders")
on = FAMILY.on


def order_row(rows: Rows, order_id: Any) -> Row:
    return rows.get("orders", str(order_id)) or {"order_id": str(order_id), "reserved": 0}


@on(Order.Placed)
def order_placed(rows: Rows, e: Order.Placed, position: int) -> None:
    order = order_row(rows, e.originator_id)
    order.update(
        number=e.number,
        company_id=str(e.company_id),
        placed_by=str(e.placed_by),
        placed_on=day(e.placed_on),
        currency=e.currency,
        gross=units(e.gross),
        invoiced=0,
        position=position,
    )
    rows.put("orders", order)
    for seq, line in enumerate(e.lines):
        rows.put(
            "order_lines",
            {
                "order_id": str(e.originator_id),
                "line_id": line.line_id,
                "seq": seq,
                "sku": line.sku,
                "description": line.description,
                "quantity": str(line.quantity),
                "shipped": "0",
                "delivered": "0",
                "invoiced": "0",
            },
        )


def _add_quantity(rows: Rows, order_id: Any, line_id: str, column: str, qty: Decimal) -> None:
    line = rows.get("order_lines", str(order_id), line_id)
    assert line is not None
    line[column] = str(Decimal(line[column]) + qty)
    rows.put("order_lines", line)


@on(Order.LineShipped)
def line_shipped(rows: Rows, e: Order.LineShipped, position: int) -> None:
    _add_quantity(rows, e.originator_id, e.line_id, "shipped", e.quantity)


@on(Order.LineDelivered)
def line_delivered(rows: Rows, e: Order.LineDelivered, position: int) -> None:
    _add_quantity(rows, e.originator_id, e.line_id, "delivered", e.quantity)


@on(Order.Invoiced)
def order_invoiced(rows: Rows, e: Order.Invoiced, position: int) -> None:
    order = order_row(rows, e.originator_id)
    order["invoiced"] = (order.get("invoiced") or 0) + units(e.amount)
    rows.put("orders", order)
    for line_id, qty in e.quantities.items():
        _add_quantity(rows, e.originator_id, line_id, "invoiced", qty)
