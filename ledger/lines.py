"""Document lines shared by orders and invoices, and the rounding rule for them.

Rule (stated once, used everywhere): for each line,
    net   = round_half_up(quantity x unit_price) - allowance   to the minor unit
    tax   = round_half_up(net x tax_rate)
    gross = net + tax
and document totals are the sums of the rounded line values. An ERP document
whose stated line or document totals differ from this is rejected, never
"fixed": AR must not silently disagree with the ERP. A line's allowance (a
discount, EN16931 BG-27, net of tax, with its reason) stays an allowance: it is
never folded into the unit price.

Documents issued by another system under another tax rule (a web store that
rounds per unit, or per rate over the whole document as Magento does by
default) are booked *as issued* (`LineInput.as_issued`): the line's net must
still be quantity x price - allowance, but its tax is the document's own; the
adapter that knows the issuer's rule checks it (e.g. `adapters.magento_tax`),
the ledger only checks that it is within what any such rule can give.

Per-line open amounts always sum to the document. When part of a line is
invoiced (or the document's rounding is spread), each part takes the change in
the *cumulative* rounded share: the part that brings the invoiced quantity to
q of Q takes round(x * q / Q) - round(x * q_before / Q) of the line's net, tax
and allowance x. The parts of a line therefore add up to the line exactly, in
whatever steps it is invoiced, and the step that completes the line takes what
is left (as Magento's invoices do: the last invoice of an item takes its
remaining tax). `rate_group_taxes` spreads one rate group's tax, computed once
on the group's net (EN16931 BR-CO-17), over its lines the same way, in line order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import ClassVar

from ledger.errors import BadInput, TotalsMismatch
from ledger.money import (
    MAX_AMOUNT,
    MINOR_UNITS,
    Money,
    fraction,
    plus,
    round_to,
    times,
    to_decimal,
)

MAX_QUANTITY = Decimal("1e9")
MAX_TEXT = 2000
# What some view cannot hold: PostgreSQL text has no NUL, and XML 1.0 (the e-invoices) has
# no other C0 control but tab, line feed and carriage return, nor U+FFFE and U+FFFF.
_UNHOLDABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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
    allowance: Decimal = Decimal(0)  # net of tax, already taken off `net`
    allowance_reason: str = ""
    as_issued: bool = False  # tax as the issuing system computed it

    # Fields added after events were stored: left out of the hash at their default,
    # so events written before them keep their hash (see ledger.chain).
    OMIT_IF_DEFAULT: ClassVar[dict[str, object]] = {
        "allowance": Decimal(0),
        "allowance_reason": "",
        "as_issued": False,
    }


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
    allowance: Decimal = Decimal(0)
    allowance_reason: str = ""
    as_issued: bool = False  # book the stated tax; the issuer's rule was checked upstream

    OMIT_IF_DEFAULT: ClassVar[dict[str, object]] = Line.OMIT_IF_DEFAULT


def check_text(value: str, what: str, *, required: bool = True) -> str:
    """The one rule for text, wherever it comes from (commands, the API's arguments,
    imports): text every view can hold, at most `MAX_TEXT` characters."""
    if not isinstance(value, str):
        raise BadInput(f"{what} must be text")
    found = _UNHOLDABLE.search(value)
    if found:
        character = found.group()
        named = (
            "a NUL character"
            if character == "\x00"
            else (f"a control character (U+{ord(character):04X})")
        )
        raise BadInput(f"{what} contains {named}")
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
    allowance = to_decimal(given.allowance, f"{where}: allowance")
    before = round_to(times(quantity, unit_price), currency)
    if round_to(allowance, currency) != allowance or not 0 <= allowance <= before:
        raise BadInput(
            f"{where}: allowance {allowance} must be in minor units, between 0 and {before}"
        )
    net = before - allowance
    tax = round_to(times(net, tax_rate), currency)
    if given.as_issued:
        tax = issued_tax(given, where, currency, net, allowance)
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
                f"{where}: stated {name} {stated} but quantity, price"
                + (f", allowance {allowance}" if allowance else "")
                + f" and rate give {computed}",
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
        allowance=allowance,
        allowance_reason=check_text(
            given.allowance_reason, f"{where}: allowance reason", required=False
        ),
        as_issued=bool(given.as_issued),
    )


def issued_tax(
    given: LineInput, where: str, currency: str, net: Decimal, allowance: Decimal
) -> Decimal:
    """The tax another system stated for a line, within what any of its rules can give.

    Per-unit rounding can move a line's tax by half a minor unit per unit, a
    rule that taxes before discount adds the allowance's tax, and a document-wide
    rounding moves any line by one unit: further than that is not a rounding.
    """
    if given.tax is None:
        raise BadInput(f"{where}: a line booked as issued needs its stated tax")
    tax = to_decimal(given.tax, f"{where}: tax")
    unit = Decimal(1).scaleb(-MINOR_UNITS[currency])
    exact = times(net, given.tax_rate)
    slack = allowance * given.tax_rate + unit * (1 + given.quantity / 2)
    if round_to(tax, currency) != tax or tax < 0 or abs(tax - exact) > slack:
        raise TotalsMismatch(
            f"{where}: stated tax {tax} is no rounding of {net} at {given.tax_rate:%}",
            line_id=given.line_id,
            field="tax",
            stated=str(tax),
            computed=str(round_to(exact, currency)),
        )
    return tax


def share(
    amount: Decimal, before: Decimal, part: Decimal, whole: Decimal, currency: str
) -> Decimal:
    """The part of `amount` for quantity `part` after `before` of `whole`: cumulative rounding."""
    done = round_to(fraction(amount, before, whole), currency)
    after = plus(before, part)
    if after >= whole:
        return amount - done
    return round_to(fraction(amount, after, whole), currency) - done


def invoice_line(line: Line, before: Decimal, quantity: Decimal, currency: str) -> Line:
    """The invoice line for `quantity` of an order line of which `before` is invoiced.

    A line invoiced in full is the order's line as booked. A part of a line
    computed by our rule is priced afresh (its allowance shared out); a part of
    a line booked as issued takes its cumulative share of net, tax and
    allowance (see the module docstring), so the parts add up to the line.
    """
    if before == 0 and quantity == line.quantity:
        return line
    allowance = share(line.allowance, before, quantity, line.quantity, currency)
    if not line.as_issued:
        return price_line(
            LineInput(
                line.line_id,
                line.sku,
                line.description,
                quantity,
                line.unit_price,
                line.tax_rate,
                allowance=allowance,
                allowance_reason=line.allowance_reason,
            ),
            currency,
        )
    net = share(line.net, before, quantity, line.quantity, currency)
    tax = share(line.tax, before, quantity, line.quantity, currency)
    return replace(line, quantity=quantity, net=net, tax=tax, gross=net + tax, allowance=allowance)


def rate_group_taxes(nets: list[tuple[Decimal, Decimal]], currency: str) -> list[Decimal]:
    """Each line's tax when tax is computed once per rate (EN16931 BR-CO-17).

    `nets` are (net, rate) in line order. A group's tax is round(sum of nets x
    rate); line k of the group takes round(cumulative exact tax to k) minus the
    same up to k-1, so the group's lines add up to the group's tax.
    """
    exact: dict[Decimal, Decimal] = {}
    taxes = []
    for net, rate in nets:
        before = exact.get(rate, Decimal(0))
        exact[rate] = plus(before, times(net, rate))
        taxes.append(round_to(exact[rate], currency) - round_to(before, currency))
    return taxes


@dataclass(frozen=True, slots=True)
class Totals:
    net: Money
    tax: Money
    gross: Money


def totals(lines: list[Line] | tuple[Line, ...], currency: str) -> Totals:
    net = sum((line.net for line in lines), Decimal(0))
    tax = sum((line.tax for line in lines), Decimal(0))
    return Totals(Money(net, currency), Money(tax, currency), Money(net + tax, currency))


PER_LINE = "PER_LINE"  # tax = round(line net x rate), each line
PER_RATE_GROUP = "PER_RATE_GROUP"  # tax = round(group net x rate), spread over its lines
TAX_RULES = (PER_LINE, PER_RATE_GROUP)


def price_lines(given: tuple[LineInput, ...], currency: str, rule: str) -> tuple[Line, ...]:
    """Price a document's lines by `rule`; stated taxes must be what the rule gives.

    Lines booked as issued keep their stated tax under either rule. `rule` has no default:
    an ERP document is priced as its ERP states (PER_LINE for Sage), our own by the
    ledger's `Policy.tax_rule`, and a default would silently pick one for the other.
    """
    if not given:
        raise BadInput("a document needs at least one line")
    if rule not in TAX_RULES:
        raise BadInput(f"tax rule must be one of {TAX_RULES}, got {rule!r}")
    if rule == PER_LINE:
        lines = tuple(price_line(line, currency) for line in given)
    else:
        lines = by_rate_group(
            tuple(
                price_line(g if g.as_issued else replace(g, tax=None, gross=None), currency)
                for g in given
            ),
            currency,
        )
        for stated, line in zip(given, lines, strict=True):
            check_grouped(stated, line)
    if totals(lines, currency).gross.amount >= MAX_AMOUNT:
        raise BadInput(f"document total is too large (limit {MAX_AMOUNT:,f})")
    ids = [line.line_id for line in lines]
    if len(set(ids)) != len(ids):
        raise BadInput(f"line ids must be unique: {ids}")
    return lines


def by_rate_group(lines: tuple[Line, ...], currency: str) -> tuple[Line, ...]:
    """Re-tax the lines computed by our rule per rate group (`rate_group_taxes`)."""
    ours = [line for line in lines if not line.as_issued]
    taxes = iter(rate_group_taxes([(line.net, line.tax_rate) for line in ours], currency))
    return tuple(
        line if line.as_issued else replace(line, tax=(tax := next(taxes)), gross=line.net + tax)
        for line in lines
    )


def apply_rule(lines: tuple[Line, ...], currency: str, rule: str) -> tuple[Line, ...]:
    """A document's lines under the tax rule it is issued by (see `price_lines`)."""
    return lines if rule == PER_LINE else by_rate_group(lines, currency)


def check_grouped(given: LineInput, line: Line) -> None:
    where = f"line {line.line_id}"
    for name, stated, computed in (
        ("tax", given.tax, line.tax),
        ("gross", given.gross, line.gross),
    ):
        if stated is not None and to_decimal(stated, f"{where}: {name}") != computed:
            raise TotalsMismatch(
                f"{where}: stated {name} {stated} but its rate group's tax, spread in line "
                f"order, gives {computed}",
                line_id=line.line_id,
                field=name,
                stated=str(stated),
                computed=str(computed),
            )


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
