"""Magento 2's tax arithmetic, to check an order's figures by the rule the store used.

Magento computes tax in `Tax/Model/Calculation/*Calculator.php`, configured in
`tax/calculation` (defaults in `Tax/etc/config.xml`: `TOTAL_BASE_CALCULATION`,
tax after discount, prices excluding tax). What we reproduce:

* `UNIT_BASE_CALCULATION`: tax per unit, rounded, times the quantity.
* `ROW_BASE_CALCULATION`: tax per row (quantity x price), rounded.
* `TOTAL_BASE_CALCULATION`: tax per row, rounded with Magento's *delta rounding*:
  what rounding took from one row is carried to the next row of the same rate
  (`deltaRound`, starting from 0.000001 so a half rounds up), so a rate's
  rows add up to the rounded tax of their total. Shipping is calculated on its
  own (its own calculator, its own deltas).
* Prices including tax: the tax is backed out of the row (rate / (100 + rate)),
  the net is what is left. Tax after discount with prices including tax leaves
  a *discount tax compensation*: the tax the discount removed, which Magento
  adds back to the grand total (`discount_tax_compensation_amount`).
* Tax before discount (`apply_after_discount` = 0): tax on the row before its
  discount, as issued, even though the buyer pays less.

Amounts are exact decimals; Magento's PHP floats round the same way except at
exact halves, which its 0.000001 start also settles upwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

UNIT_BASE = "UNIT_BASE_CALCULATION"
ROW_BASE = "ROW_BASE_CALCULATION"
TOTAL_BASE = "TOTAL_BASE_CALCULATION"
ALGORITHMS = (UNIT_BASE, ROW_BASE, TOTAL_BASE)
CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class TaxConfig:
    """The store's `tax/calculation` settings (Magento's defaults)."""

    algorithm: str = TOTAL_BASE
    prices_include_tax: bool = False
    shipping_includes_tax: bool = False
    apply_after_discount: bool = True

    def __post_init__(self) -> None:
        if self.algorithm not in ALGORITHMS:
            raise ValueError(f"tax algorithm must be one of {ALGORITHMS}")


@dataclass(frozen=True)
class Row:
    """One taxable row as Magento's calculator sees it."""

    key: str
    quantity: Decimal
    unit_price: Decimal  # including tax when the store's prices include tax
    discount: Decimal  # positive; on the same basis as the price
    percent: Decimal  # 21 for 21 %


@dataclass(frozen=True)
class RowTax:
    tax: Decimal
    row_total: Decimal  # excluding tax, before discount
    compensation: Decimal  # discount tax compensation


def php_round(value: Decimal) -> Decimal:
    """PHP's round($x, 2): half away from zero."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class DeltaRounder:
    """Magento's deltaRound: carry each rounding's remainder to the next, per key."""

    deltas: dict[str, Decimal] = field(default_factory=dict)

    def round(self, value: Decimal, key: str) -> Decimal:
        if not value:
            return value
        value += self.deltas.get(key, Decimal("0.000001"))
        rounded = php_round(value)
        self.deltas[key] = value - rounded
        return rounded


def row_taxes(rows: list[Row], config: TaxConfig, includes_tax: bool | None = None) -> list[RowTax]:
    """Each row's tax as Magento computes it, rows in the order the store lists them."""
    included = config.prices_include_tax if includes_tax is None else includes_tax
    shared = DeltaRounder()  # TOTAL_BASE carries deltas across rows
    out = []
    for row in rows:
        rounder = shared if config.algorithm == TOTAL_BASE else DeltaRounder()
        if config.algorithm == UNIT_BASE:
            out.append(unit_based(row, config, included))
        else:
            out.append(row_based(row, config, included, rounder))
    return out


def tax_of(amount: Decimal, percent: Decimal, included: bool) -> Decimal:
    """Magento's calcTaxAmount, unrounded."""
    if included:
        return amount * percent / (HUNDRED + percent)
    return amount * percent / HUNDRED


def row_based(row: Row, config: TaxConfig, included: bool, rounder: DeltaRounder) -> RowTax:
    rate = str(row.percent)
    before_key = ("before:" if config.apply_after_discount else "regular:") + rate
    price = php_round(row.unit_price)
    row_amount = price * row.quantity
    before = rounder.round(tax_of(row_amount, row.percent, included), before_key)
    tax = before
    if config.apply_after_discount:
        taxable = max(row_amount - row.discount, Decimal(0))
        tax = rounder.round(tax_of(taxable, row.percent, included), "regular:" + rate)
    if included:
        return RowTax(tax, row_amount - before, before - tax)
    return RowTax(tax, row_amount, Decimal(0))


def unit_based(row: Row, config: TaxConfig, included: bool) -> RowTax:
    price = php_round(row.unit_price)
    unit_discount = row.discount / row.quantity
    if included:
        unit_tax = php_round(tax_of(price, row.percent, True))
        after = unit_tax
        if row.discount and config.apply_after_discount:
            after = php_round(tax_of(max(price - unit_discount, Decimal(0)), row.percent, True))
        return RowTax(
            after * row.quantity,
            (price - unit_tax) * row.quantity,
            (unit_tax - after) * row.quantity,
        )
    rounder = DeltaRounder()
    unit_tax = rounder.round(tax_of(price, row.percent, False), "before")
    if config.apply_after_discount:
        taxable = max(price - unit_discount, Decimal(0))
        unit_tax = rounder.round(tax_of(taxable, row.percent, False), "regular")
    return RowTax(unit_tax * row.quantity, price * row.quantity, Decimal(0))
