"""Money: decimal amounts at the currency's minor unit, half-up rounding, no mixing."""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from ledger.errors import BadInput, CurrencyMismatch
from ledger.lines import PER_LINE, LineInput, price_line, price_lines, totals
from ledger.money import Money, to_decimal, total
from tests.builders import line


def test_of_keeps_a_decimal_string_at_the_minor_unit() -> None:
    money = Money.of("12.30", "EUR")
    assert money == Money(Decimal("12.30"), "EUR")
    assert str(money) == "12.30 EUR"


def test_of_accepts_decimals_and_integers() -> None:
    assert Money.of(Decimal("7.5"), "EUR").amount == Decimal("7.5")
    assert Money.of(1500, "JPY").amount == Decimal("1500")


def test_of_accepts_trailing_zeros_beyond_the_minor_unit() -> None:
    assert str(Money.of("1.500", "EUR").amount) == "1.50"


@pytest.mark.parametrize(
    ("amount", "currency"), [("1500", "JPY"), ("1.234", "KWD"), ("0.01", "EUR"), ("1.2345", "CLF")]
)
def test_of_accepts_each_currencys_own_minor_unit(amount: str, currency: str) -> None:
    assert Money.of(amount, currency).amount == Decimal(amount)


@pytest.mark.parametrize("amount", [0.1, 1.0, 100.25])
def test_of_rejects_floats(amount: float) -> None:
    with pytest.raises(BadInput, match="float"):
        Money.of(amount, "EUR")


@pytest.mark.parametrize("amount", [True, False])
def test_of_rejects_bools(amount: bool) -> None:
    with pytest.raises(BadInput):
        Money.of(amount, "EUR")


@pytest.mark.parametrize(
    "amount", ["NaN", "sNaN", "Infinity", "-Infinity", "inf", Decimal("NaN"), Decimal("-inf")]
)
def test_of_rejects_nan_and_infinity(amount: object) -> None:
    with pytest.raises(BadInput, match="finite"):
        Money.of(amount, "EUR")


@pytest.mark.parametrize("amount", ["", "abc", "1,00", "12 EUR", None, "0x10"])
def test_of_rejects_text_that_is_not_a_number(amount: object) -> None:
    with pytest.raises(BadInput, match="not a number"):
        Money.of(amount, "EUR")


@pytest.mark.parametrize(
    "amount",
    [
        "1_000",
        "\u0661\u0662\u0663",
        "\U0001d7cf\U0001d7d0\U0001d7d1",
        "1e3",
        "1E+2",
        "+1",
        ".5",
        "5.",
        "1.2.3",
        "- 1",
        "\u0661.\u0665",
        "[]",
        [],
    ],
    ids=repr,
)
def test_to_decimal_takes_only_plain_ascii_decimal_notation(amount: object) -> None:
    """`Decimal()` reads all of these; an amount written so is a mistake, not a number."""
    with pytest.raises(BadInput, match="not a number"):
        to_decimal(amount)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("12.50", "12.50"), ("-3", "-3"), (" 7 ", "7"), ("0.0001", "0.0001"), (42, "42"),
     (Decimal("1.5"), "1.5")],
)  # fmt: skip
def test_to_decimal_keeps_plain_numbers(amount: object, expected: str) -> None:
    assert to_decimal(amount) == Decimal(expected)


@pytest.mark.parametrize("currency", ["XXX", "eur", "EURO", "", " EUR", "ZZZ"])
def test_of_rejects_unknown_currencies(currency: str) -> None:
    with pytest.raises(BadInput, match="unknown currency"):
        Money.of("1.00", currency)


@pytest.mark.parametrize(
    ("amount", "currency"),
    [("1.5", "JPY"), ("1.001", "EUR"), ("0.0001", "KWD"), ("0.001", "USD"), ("-0.005", "EUR")],
)
def test_of_rejects_more_decimals_than_the_currency_has(amount: str, currency: str) -> None:
    with pytest.raises(BadInput, match="more decimals"):
        Money.of(amount, currency)


@pytest.mark.parametrize(
    "amount",
    [
        Decimal("1e11"),
        "100000000000",
        "-100000000000",
        Decimal("1e15"),
        Decimal("1e400"),
        "9" * 400,
    ],
)  # exponent notation in text ("1e11") is not a number at all: see test_to_decimal_*
def test_of_rejects_amounts_from_a_hundred_billion_up(amount: object) -> None:
    with pytest.raises(BadInput, match="too large"):
        Money.of(amount, "EUR")


def test_of_accepts_the_largest_amount_below_the_cap() -> None:
    assert Money.of("99999999999.99", "EUR").amount == Decimal("99999999999.99")


@pytest.mark.parametrize(
    ("raw", "currency", "expected"),
    [
        ("1.005", "EUR", "1.01"),
        ("1.0049", "EUR", "1.00"),
        ("2.5", "JPY", "3"),
        ("0.5", "JPY", "1"),
        ("-1.005", "EUR", "-1.01"),
        ("0.0005", "KWD", "0.001"),
    ],
)
def test_rounded_is_half_up_not_bankers(raw: str, currency: str, expected: str) -> None:
    assert Money.rounded(Decimal(raw), currency).amount == Decimal(expected)


def test_line_of_three_at_0_335_rounds_net_half_up() -> None:
    priced = price_line(line("1", "3", "0.335", "0.21"), "EUR")
    # 3 x 0.335 = 1.005 -> 1.01 (banker's rounding would give 1.00)
    assert (priced.net, priced.tax, priced.gross) == (
        Decimal("1.01"),
        Decimal("0.21"),
        Decimal("1.22"),
    )


def test_line_tax_rounds_half_up() -> None:
    priced = price_line(line("1", "1", "0.50", "0.21"), "EUR")
    # 0.50 x 21 % = 0.105 -> 0.11
    assert (priced.net, priced.tax, priced.gross) == (
        Decimal("0.50"),
        Decimal("0.11"),
        Decimal("0.61"),
    )


def test_document_totals_are_sums_of_rounded_lines() -> None:
    lines = price_lines(tuple(line(str(i), "1", "0.50", "0.21") for i in range(3)), "EUR", PER_LINE)
    sums = totals(lines, "EUR")
    # per line 0.105 -> 0.11, so 0.33; rounding the summed tax (0.315) would give 0.32
    assert (sums.net.amount, sums.tax.amount, sums.gross.amount) == (
        Decimal("1.50"),
        Decimal("0.33"),
        Decimal("1.83"),
    )


def test_yen_lines_round_to_whole_yen() -> None:
    priced = price_line(
        LineInput("1", "S", "d", Decimal("3"), Decimal("33.5"), Decimal("0.10")), "JPY"
    )
    assert (priced.net, priced.tax, priced.gross) == (Decimal("101"), Decimal("10"), Decimal("111"))


def test_same_currency_arithmetic() -> None:
    a, b = Money.of("10.00", "EUR"), Money.of("2.50", "EUR")
    assert (a + b).amount == Decimal("12.50")
    assert (a - b).amount == Decimal("7.50")
    assert (-b).amount == Decimal("-2.50")
    assert a.min(b) == b
    assert b < a and b <= a and a > b and a >= b


def test_total_of_nothing_is_zero_at_the_minor_unit() -> None:
    assert str(total([], "EUR")) == "0.00 EUR"
    assert str(total([], "JPY")) == "0 JPY"
    assert total([Money.of("1.10", "EUR"), Money.of("2.20", "EUR")], "EUR").amount == Decimal(
        "3.30"
    )


@pytest.mark.parametrize(
    "op",
    [operator.add, operator.sub, operator.lt, operator.le, operator.gt, operator.ge, Money.min],
)
def test_mixing_currencies_raises_currency_mismatch(op: Callable[[Any, Any], Any]) -> None:
    with pytest.raises(CurrencyMismatch) as info:
        op(Money.of("1.00", "EUR"), Money.of("1.00", "USD"))
    assert info.value.code == "CURRENCY_MISMATCH"
    assert info.value.details == {"expected": "EUR", "got": "USD"}


def test_total_refuses_a_foreign_amount() -> None:
    with pytest.raises(CurrencyMismatch):
        total([Money.of("1.00", "EUR"), Money.of("1.00", "GBP")], "EUR")


def test_equal_figures_in_two_currencies_are_not_equal_money() -> None:
    assert Money.of("1.00", "EUR") != Money.of("1.00", "USD")


def test_comparisons_of_equal_amounts_and_min() -> None:
    """Found by the mutation run (`<` -> `<=`, `<=` -> `<`, `>=` -> `>`, `min` always
    `other` survived): 'is the payment enough' is a comparison of equal amounts."""
    ten, also_ten, five = Money.of("10.00", "EUR"), Money.of("10.00", "EUR"), Money.of("5", "EUR")
    assert not ten < also_ten and ten <= also_ten and ten >= also_ten and not ten > also_ten
    assert five < ten and not ten < five
    assert five.min(ten) is five and ten.min(five) is five


def test_a_rate_groups_tax_just_under_half_a_cent_rounds_down_however_long_its_rate() -> None:
    """Per rate group the tax is a running sum of exact products; summed in the default
    28-digit context, 0.0049999999999999999999999999999 became 0.005 and then 0.01."""
    from ledger.lines import rate_group_taxes

    rate = Decimal("0.00049999999999999999999999999999")
    assert rate_group_taxes([(Decimal("10.00"), rate)], "EUR") == [Decimal("0.00")]
    assert rate_group_taxes([(Decimal("5.00"), rate), (Decimal("5.00"), rate)], "EUR") == [
        Decimal("0.00"),
        Decimal("0.00"),
    ]


def test_a_part_of_a_line_takes_its_exact_cumulative_share_however_long_the_quantity() -> None:
    """share() multiplies and divides: 1.00 x 0.00499999999999999999999999999999 rounded
    to 28 digits first was 0.005, then half-up 0.01; the exact share rounds to 0.00 and
    the rest of the line takes 1.00."""
    from ledger.lines import share

    part = Decimal("0.00499999999999999999999999999999")
    assert share(Decimal("1.00"), Decimal(0), part, Decimal(1), "EUR") == Decimal("0.00")
    assert share(Decimal("1.00"), part, Decimal(1) - part, Decimal(1), "EUR") == Decimal("1.00")
