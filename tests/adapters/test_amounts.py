"""Imported numbers are read as the ledger reads them (`ledger.money.to_decimal`)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.importing import RecordError, amount


@pytest.mark.parametrize(
    "text", ["1_000", "\u0661\u0662\u0663", "\U0001d7cf", "1e3", "0x10", "1,00", ""]
)
def test_an_imported_amount_in_another_notation_is_refused(text: str) -> None:
    with pytest.raises(RecordError, match="not a number"):
        amount(text, "order 1: total")


@pytest.mark.parametrize(
    ("value", "expected"), [(" 12.50 ", "12.5"), ("-3", "-3"), (Decimal("1E+1"), "10"), (7, "7")]
)
def test_an_imported_amount_in_plain_notation_is_read(value: object, expected: str) -> None:
    assert amount(value, "order 1: total") == Decimal(expected)
