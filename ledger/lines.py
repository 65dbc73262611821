"""Document lines shared by orders and invoices, and the rounding rule for them.

Rule (stated once, used everywhere): for each line,
    net   = round_half_up(quantity x unit_price)   to the currency's minor unit
    tax   = round_half_up(net x tax_rate)
    gross = net + tax
and document totals are the sums of the rounded line values. An ERP document
whose stated line or document totals differ from this is rejected, never
"fixed": AR must not silently disagree with the ERP.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ledger.errors import BadInput, TotalsMismatch
from ledger.money import MAX_AMOUNT, Money, round_to, times, to_decimal

MAX_QUANTITY = Decimal("1e9")
MAX_TEXT = 2000


@dataclass(frozen=True, slots=True)
class Line:
    line_id: str
    sku: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    tax_rate: Decimal  # 0.21 for 21 %
    net: Decimal
    tax: Decimal
    gross: Decimal


@dataclass(frozen=True, slots=True)
class LineAmount:
    """A part of a payment, credit or write-off that lands on one line (gross)."""

    line_id: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class LineInput:
    """What a caller states about a line; amounts are checked, not trusted."""

    line_id: str
    sku: str
    description: str
    quantity: Decimal
    unit_price: Decimal
    tax_rate: Decimal
    net: Decimal | None = None
    tax: Decimal | None = None
    gross: Decimal | None = None


def check_text(value: str, what: str, *, required: bool = True) -> str:
    if not isinstance(value, str):
        raise BadInput(f"{what} must be text")
    if "\x00" in value:
        raise BadInput(f"{what} contains a NUL character")
    if required and not value.strip():
        raise BadInput(f"{what} is required")
    if len(value) > MAX_TEXT:
        raise BadInput(f"{what} is longer than {MAX_TEXT} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadInput(f"{what} is not valid Unicode text (lone surrogate)") from None
    return value


def price_line(given: LineInput, currency: str) -> Line:
    """Compute a line's amounts by the rule above; reject stated amounts that differ."""
    line_id = check_text(given.line_id, "line id")
    where = f"line {line_id}"
    quantity = to_decimal(given.quantity, f"{where}: quantity")
    if quantity <= 0 or quantity >= MAX_QUANTITY:
        raise BadInput(f"{where}: quantity must be positive and below {MAX_QUANTITY:,f}")
    unit_price = to_decimal(given.unit_price, f"{where}: unit price")
    if unit_price < 0:
        raise BadInput(f"{where}: unit price must not be negative")
    tax_rate = to_decimal(given.tax_rate, f"{where}: tax rate")
    if not 0 <= tax_rate < 1:
        raise BadInput(f"{where}: tax rate must be a fraction between 0 and 1 (0.21 = 21%)")
    net = round_to(times(quantity, unit_price), currency)
    tax = round_to(times(net, tax_rate), currency)
    gross = net + tax
    if gross >= MAX_AMOUNT:
        raise BadInput(f"{where}: amount {gross} is too large (limit {MAX_AMOUNT:,f})")
    for name, stated, computed in (
        ("net", given.net, net),
        ("tax", given.tax, tax),
        ("gross", given.gross, gross),
    ):
        if stated is not None and to_decimal(stated, f"{where}: {name}") != computed:
            raise TotalsMismatch(
                f"{where}: stated {name} {stated} but quantity, price and rate give {computed}",
                line_id=line_id,
                field=name,
                stated=str(stated),
                computed=str(computed),
            )
    return Line(
        line_id=line_id,
        sku=check_text(given.sku, f"{where}: sku", required=False),
        description=check_text(given.description, f"{where}: description", required=False),
        quantity=quantity,
        unit_price=unit_price,
        tax_rate=tax_rate,
        net=net,
        tax=tax,
        gross=gross,
    )


@dataclass(frozen=True, slots=True)
class Totals:
    net: Money
    tax: Money
    gross: Money


def totals(lines: list[Line] | tuple[Line, ...], currency: str) -> Totals:
    net = sum((line.net for line in lines), Decimal(0))
    tax = sum((line.tax for line in lines), Decimal(0))
    return Totals(Money(net, currency), Money(tax, currency), Money(net + tax, currency))


def price_lines(given: tuple[LineInput, ...], currency: str) -> tuple[Line, ...]:
    if not given:
        raise BadInput("a document needs at least one line")
    lines = tuple(price_line(line, currency) for line in given)
    if totals(lines, currency).gross.amount >= MAX_AMOUNT:
        raise BadInput(f"document total is too large (limit {MAX_AMOUNT:,f})")
    ids = [line.line_id for line in lines]
    if len(set(ids)) != len(ids):
        raise BadInput(f"line ids must be unique: {ids}")
    return lines


def check_stated_totals(
    lines: tuple[Line, ...], currency: str, net: object, tax: object, gross: object
) -> Totals:
    """Reject a document whose stated totals differ from the sum of its lines."""
    computed = totals(lines, currency)
    for name, stated, value in (
        ("net total", net, computed.net),
        ("tax total", tax, computed.tax),
        ("gross total", gross, computed.gross),
    ):
        if to_decimal(stated, name) != value.amount:
            raise TotalsMismatch(
                f"stated {name} {stated} but the lines add up to {value.amount}",
                field=name,
                stated=str(stated),
                computed=str(value.amount),
            )
    return computed


def spread(amount: Decimal, opens: list[tuple[str, Decimal]]) -> tuple[LineAmount, ...]:
    """Split `amount` over lines in the given order, filling each line's open amount.

    The caller checks that `amount` does not exceed the sum of the opens.
    """
    parts: list[LineAmount] = []
    remaining = amount
    for line_id, open_amount in opens:
        if remaining <= 0:
            break
        take = min(open_amount, remaining)
        if take > 0:
            parts.append(LineAmount(line_id, take))
            remaining -= take
    return tuple(parts)
