"""Web-store orders: placed (booking the company's credit), shipped, delivered.

An order reserves credit when placed, so a company on hold cannot order; it is keyed by
its number (`ledger.orders.order_id`), so the web store and the ERP agree on identity.
"""

from __future__ import annotations

from ledger import clock
from ledger import commands as c
from ledger.companies import Company
from ledger.errors import BadInput, Conflict
from ledger.handlers.credit import review
from ledger.handlers.lookups import buyer
from ledger.handlers.table import Result, handles
from ledger.lines import check_text, price_lines
from ledger.money import to_decimal
from ledger.orders import Order, order_id
from ledger.registry import UniqueKey, key_id
from ledger.session import Session


@handles(c.PlaceOrder)
def place_order(session: Session, cmd: c.PlaceOrder) -> Result:
    company = session.get(Company, cmd.company_id)
    user = buyer(session, cmd.placed_by, company.id)
    company.check_currency(cmd.currency)
    number = check_text(cmd.number, "order number")
    if not session.first_attempt and session.find(Order, order_id(number)):
        raise Conflict(f"order {number} already exists", number=number)
    review(session, company)  # a hold due today applies to this very order
    lines = price_lines(tuple(cmd.lines), company.currency, session.policy.tax_rule)
    order = Order.place(
        order_id(number), company.id, user.id, number, clock.today(), company.currency, lines
    )
    company.book_order(order.id, order.totals.gross)
    review(session, company)
    session.add(order)
    web_id = check_text(cmd.web_order_id, "web order id", required=False)
    if web_id:
        if session.find(UniqueKey, key_id("web-order", web_id)):
            raise Conflict(f"web order {web_id!r} is already booked", web_order_id=web_id)
        session.add(UniqueKey.claim("web-order", web_id, order.id))
    return {"order_id": str(order.id), "gross": str(order.totals.gross.amount)}


@handles(c.ShipOrderLines)
def ship_order_lines(session: Session, cmd: c.ShipOrderLines) -> Result:
    order = session.get(Order, cmd.order_id)
    named = [line_id for line_id, _ in cmd.quantities]
    if not named or len(set(named)) != len(named):
        raise BadInput(f"a shipment names each order line once: {named}")
    for line_id, quantity in cmd.quantities:
        amount = to_decimal(quantity, "quantity")
        order.ship(line_id, amount, clock.today())
        if cmd.delivered:
            order.deliver(line_id, amount, clock.today())
    return {"order_id": str(order.id)}


@handles(c.ShipLine)
def ship_line(session: Session, cmd: c.ShipLine) -> Result:
    order = session.get(Order, cmd.order_id)
    order.ship(cmd.line_id, to_decimal(cmd.quantity, "quantity"), clock.today())
    return {"order_id": str(order.id)}


@handles(c.DeliverLine)
def deliver_line(session: Session, cmd: c.DeliverLine) -> Result:
    order = session.get(Order, cmd.order_id)
    order.deliver(cmd.line_id, to_decimal(cmd.quantity, "quantity"), clock.today())
    return {"order_id": str(order.id)}
