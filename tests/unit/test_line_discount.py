"""A line's discount stays a discount: the price is kept, the net is after it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.chain import canonical_json
from ledger.errors import BadInput, TotalsMismatch
from ledger.lines import Line, LineInput, price_line


def drill(**stated: object) -> LineInput:
    return LineInput("1", "DRILL", "Drill", Decimal(9), Decimal(42), Decimal("0.2"), **stated)  # type: ignore[arg-type]


def test_a_discounted_line_is_priced_after_its_discount() -> None:
    line = price_line(drill(discount=Decimal("37.80")), "EUR")
    assert (line.unit_price, line.discount, line.net, line.tax, line.gross) == (
        Decimal(42), Decimal("37.80"), Decimal("340.20"), Decimal("68.04"), Decimal("408.24"),
    )  # fmt: skip


def test_a_stated_net_that_ignores_the_discount_is_refused_with_the_figures() -> None:
    with pytest.raises(TotalsMismatch, match=r"stated net 378.00 but .*discount 37.80.* 340.20"):
        price_line(drill(discount=Decimal("37.80"), net=Decimal("378.00")), "EUR")


@pytest.mark.parametrize("discount", ["378.01", "-1", "0.001"])
def test_a_discount_is_money_from_zero_to_the_line_amount(discount: str) -> None:
    with pytest.raises(BadInput, match="discount"):
        price_line(drill(discount=Decimal(discount)), "EUR")


def test_a_line_without_discount_hashes_as_lines_did_before_discounts_existed() -> None:
    line = price_line(drill(), "EUR")
    assert canonical_json(line) == (
        '{"description":"Drill","gross":"453.60","line_id":"1","net":"378.00","quantity":"9",'
        '"sku":"DRILL","tax":"75.60","tax_rate":"0.2","unit_price":"42"}'
    )
    assert '"discount":"37.80"' in canonical_json(
        price_line(drill(discount=Decimal("37.8")), "EUR")
    )


def test_an_old_stored_line_decodes_with_no_discount() -> None:
    stored = {"line_id": "1", "sku": "S", "description": "", "quantity": Decimal(1),
              "unit_price": Decimal(1), "tax_rate": Decimal(0), "net": Decimal(1),
              "tax": Decimal(0), "gross": Decimal(1)}  # fmt: skip
    assert Line(**stored).discount == 0  # type: ignore[arg-type]
