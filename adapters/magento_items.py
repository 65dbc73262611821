"""A Magento 2 order's items and shipping as ledger lines, booked as the store issued them.

Which items carry the money (Magento's `Sales/Model/Order/Item`, `InvoiceService::
prepareInvoice`):

* a simple product: itself;
* a configurable product: the parent carries price, tax and discount; the child
  (`parent_item_id` set) carries the chosen options and a price of 0. The
  parent's `sku` is the child's, so an invoice naming the child names the parent;
* a bundle with a dynamic price: its children carry price and tax, the parent
  none (no tax percent); with a fixed price the parent carries them and the
  children are 0. We tell them apart by where the prices are.

Each line is booked with the store's own net and tax (`LineInput.as_issued`),
after checking them by the store's algorithm (`adapters.magento_tax`). The
discount stays a line allowance, net of the tax it carried (`discount_amount`
minus `discount_tax_compensation_amount`), with the order's discount description
as its reason; a shipping discount (`shipping_discount_amount`) is the shipping
line's allowance. Rates come from the applied taxes (`extension_attributes.
item_applied_taxes`, falling back to the item's `tax_percent`), never from
tax / net: a rounded tax divided by its net is not the rate.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from adapters.importing import RecordError, amount, text
from adapters.magento_tax import Row, TaxConfig, row_taxes
from ledger.lines import LineInput

SHIPPING_LINE = "shipping"
HUNDRED = Decimal(100)


def priced_items(order: dict[str, Any], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The items whose figures are the order's lines, in the store's order."""
    by_id = {str(i.get("item_id")): i for i in items}
    children: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        if item.get("parent_item_id") is not None:
            children.setdefault(str(item["parent_item_id"]), []).append(item)
    priced = []
    for item in items:
        parent = by_id.get(str(item.get("parent_item_id")))
        if item.get("parent_item_id") is not None and parent is None:
            raise RecordError(f"item {item.get('item_id')}: parent {item['parent_item_id']} is "
                              "not in the order")  # fmt: skip
        if parent is None:
            mine = children.get(str(item.get("item_id")), [])
            if not (item.get("product_type") == "bundle" and dynamic(mine)):
                priced.append(item)
        elif parent.get("product_type") == "bundle" and dynamic(children[str(parent["item_id"])]):
            priced.append(item)
    return priced


def dynamic(children: list[dict[str, Any]]) -> bool:
    """A dynamic-price bundle: its children carry the prices."""
    return any(Decimal(str(c.get("row_total") or 0)) for c in children)


def applied_percents(order: dict[str, Any]) -> tuple[dict[str, Decimal], Decimal | None]:
    """Each product item's rate, and shipping's, from the order's applied taxes."""
    found: dict[str, Decimal] = {}
    shipping = None
    attributes = order.get("extension_attributes") or {}
    for entry in attributes.get("item_applied_taxes") or []:
        taxes = entry.get("applied_taxes") or []
        percent = sum((amount(t.get("percent"), "applied tax percent") for t in taxes), Decimal(0))
        if entry.get("type") == "shipping":
            shipping = percent
        elif entry.get("item_id") is not None:
            found[str(entry["item_id"])] = percent
    if shipping is None:
        rates = {amount(t.get("percent"), "percent") for t in attributes.get("applied_taxes") or []}
        if len(rates) == 1:  # one rate on the whole order: shipping's too
            shipping = rates.pop()
    return found, shipping


def field(record: dict[str, Any], name: str, where: str) -> Decimal:
    return amount(record.get(name) or 0, f"{where}: {name}")


def unit_price(row_total: Decimal, quantity: Decimal, where: str) -> Decimal:
    """A price that gives the row's net: Magento's rounded `price` may not, with tax included."""
    for places in range(2, 9):
        price = (row_total / quantity).quantize(Decimal(1).scaleb(-places))
        if (price * quantity).quantize(Decimal("0.01")) == row_total:
            return price
    raise RecordError(f"{where}: no unit price gives row total {row_total} for {quantity}")


def order_lines(order: dict[str, Any], items: list[dict[str, Any]], where: str,
                config: TaxConfig) -> list[LineInput]:  # fmt: skip
    """The order's lines, each checked by the store's tax rule; refused with the figures."""
    percents, shipping_percent = applied_percents(order)
    reason = str(order.get("discount_description") or order.get("coupon_code") or "Discount")
    priced = priced_items(order, items)
    rows, lines = [], []
    for item in priced:
        item_id = text(item.get("item_id"), f"{where}: item_id")
        here = f"{where} item {item_id}"
        quantity = field(item, "qty_ordered", here)
        if quantity <= 0:
            raise RecordError(f"{here}: qty_ordered must be positive, got {quantity}")
        percent = percents.get(item_id, field(item, "tax_percent", here))
        price = field(item, "price_incl_tax" if config.prices_include_tax else "price", here)
        rows.append(Row(item_id, quantity, price, field(item, "discount_amount", here), percent))
    for item, row, computed in zip(priced, rows, row_taxes(rows, config), strict=True):
        here = f"{where} item {row.key}"
        stated = field(item, "tax_amount", here)
        compensation = field(item, "discount_tax_compensation_amount", here)
        if (stated, compensation) != (computed.tax, computed.compensation):
            raise RecordError(
                f"{here}: the store says tax {stated} (compensation {compensation}) but "
                f"{config.algorithm} gives {computed.tax} (compensation {computed.compensation})"
            )
        row_total = field(item, "row_total", here)
        allowance = row.discount - compensation
        lines.append(LineInput(
            row.key, text(item.get("sku"), f"{here}: sku"),
            text(item.get("name"), f"{here}: name", required=False) or row.key,
            row.quantity, unit_price(row_total, row.quantity, here), row.percent / HUNDRED,
            net=row_total - allowance, tax=stated, allowance=allowance,
            allowance_reason=reason if allowance else "", as_issued=True,
        ))  # fmt: skip
    shipping = shipping_line(order, where, config, shipping_percent, reason)
    return lines + ([shipping] if shipping else [])


def shipping_line(order: dict[str, Any], where: str, config: TaxConfig,
                  percent: Decimal | None, reason: str) -> LineInput | None:  # fmt: skip
    net = field(order, "shipping_amount", where)
    if not net:
        return None
    tax = field(order, "shipping_tax_amount", where)
    if percent is None:
        if tax:
            raise RecordError(f"{where}: shipping tax {tax} but no applied tax names its rate")
        percent = Decimal(0)
    discount = field(order, "shipping_discount_amount", where)
    compensation = field(order, "shipping_discount_tax_compensation_amount", where)
    included = config.shipping_includes_tax
    price = field(order, "shipping_incl_tax", where) if included else net
    [computed] = row_taxes([Row(SHIPPING_LINE, Decimal(1), price, discount, percent)], config,
                           includes_tax=included)  # fmt: skip
    if (tax, compensation) != (computed.tax, computed.compensation):
        raise RecordError(
            f"{where}: the store says shipping tax {tax} (compensation {compensation}) but "
            f"{config.algorithm} at {percent} % gives {computed.tax} "
            f"(compensation {computed.compensation})"
        )
    allowance = discount - compensation
    description = text(order.get("shipping_description"), "shipping_description", required=False)
    return LineInput(
        SHIPPING_LINE, "SHIPPING", description or "Shipping", Decimal(1), net, percent / HUNDRED,
        net=net - allowance, tax=tax, allowance=allowance,
        allowance_reason=reason if allowance else "", as_issued=True,
    )  # fmt: skip


def invoice_quantities(invoice: dict[str, Any], items: list[dict[str, Any]], lines: dict[str, str],
                       where: str) -> list[tuple[str, Decimal]]:  # fmt: skip
    """(order line, quantity) for an invoice's items; `lines` maps line ids to their sku.

    An item that is not a line is a configurable child (it names its parent by
    sku, when the parent is not named itself) or a component of a line named
    elsewhere (a dynamic bundle's parent, a fixed bundle's children), whose
    money is on that line: it is passed over, and the invoice's exact grand
    total check refuses the invoice if it carried money of its own.
    """
    named = {str(i.get("order_item_id")) for i in items}
    quantities: dict[str, Decimal] = {}
    for item in items:
        item_id = text(item.get("order_item_id"), f"{where}: order_item_id")
        quantity = field(item, "qty", f"{where} item {item_id}")
        if quantity < 0:
            raise RecordError(f"{where} item {item_id}: qty must not be negative")
        line_id = item_id
        if item_id not in lines:
            parents = [i for i, sku in lines.items() if sku == item.get("sku") and i not in named]
            if len(parents) != 1:
                continue
            line_id = parents[0]
        if quantity:
            quantities[line_id] = quantities.get(line_id, Decimal(0)) + quantity
    if not quantities:
        raise RecordError(f"{where}: no quantities")
    return list(quantities.items())
