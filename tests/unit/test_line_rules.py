"""Line rules: allowances, documents booked as issued, parts that add up, tax per rate group."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import pytest

from ledger import commands as c
from ledger.application import Ledger
from ledger.chain import canonical_json
from ledger.errors import BadInput, TotalsMismatch
from ledger.invoices import Invoice
from ledger.lines import (
    PER_LINE,
    PER_RATE_GROUP,
    Line,
    LineInput,
    invoice_line,
    price_line,
    price_lines,
    rate_group_taxes,
)
from ledger.orders import Order
from ledger.session import Policy
from tests import builders as b

D = Decimal


def test_a_discount_is_a_line_allowance_taken_off_the_net_not_the_price() -> None:
    line = price_line(
        LineInput("1", "DESK", "Desk", D(2), D("150"), D("0.21"), allowance=D("30"),
                  allowance_reason="Trade fair 10%"),
        "EUR",
    )  # fmt: skip
    assert (line.unit_price, line.allowance, line.net, line.tax) == (
        D("150"), D("30"), D("270"), D("56.70"),
    )  # fmt: skip
    assert line.allowance_reason == "Trade fair 10%"


def test_an_allowance_above_the_line_is_refused() -> None:
    with pytest.raises(BadInput, match="allowance 301 must be in minor units, between 0 and 300"):
        price_line(LineInput("1", "S", "d", D(2), D("150"), D("0.21"), allowance=D(301)), "EUR")


def test_a_line_booked_as_issued_keeps_the_issuers_tax_within_a_rounding() -> None:
    issued = LineInput("1", "S", "d", D(1), D("7.15"), D("0.21"), net=D("7.15"), tax=D("1.51"),
                       as_issued=True)  # fmt: skip
    assert price_line(issued, "EUR").tax == D("1.51")  # our per-line rule gives 1.50
    far = LineInput("1", "S", "d", D(1), D("7.15"), D("0.21"), net=D("7.15"), tax=D("1.60"),
                    as_issued=True)  # fmt: skip
    with pytest.raises(TotalsMismatch, match=r"stated tax 1\.60 is no rounding of 7\.15"):
        price_line(far, "EUR")


def test_a_line_booked_as_issued_invoiced_in_three_parts_adds_up_to_the_line() -> None:
    line = price_line(
        LineInput("1", "S", "d", D(3), D("3.33"), D("0.21"), net=D("9.99"), tax=D("2.11"),
                  as_issued=True),
        "EUR",
    )  # fmt: skip
    parts = [invoice_line(line, D(n), D(1), "EUR") for n in range(3)]
    assert [p.net for p in parts] == [D("3.33"), D("3.33"), D("3.33")]
    assert [p.tax for p in parts] == [D("0.70"), D("0.71"), D("0.70")]
    assert sum(p.gross for p in parts) == line.gross


def test_tax_per_rate_group_is_rounded_once_and_spread_over_its_lines_in_order() -> None:
    """Three lines of 2.35 at 21 %: 1.4805 for the group rounds to 1.48, where rounding
    each line gives 0.49 x 3 = 1.47 (EN16931 BR-CO-17 computes the group)."""
    nets = [(D("2.35"), D("0.21"))] * 3 + [(D("10"), D("0.09"))]
    assert rate_group_taxes(nets, "EUR") == [D("0.49"), D("0.50"), D("0.49"), D("0.90")]
    lines = price_lines(
        tuple(LineInput(str(n), "S", "d", D(1), D("2.35"), D("0.21")) for n in range(3)),
        "EUR",
        PER_RATE_GROUP,
    )
    assert sum(line.tax for line in lines) == D("1.48")
    stated = LineInput("9", "S", "d", D(1), D("2.35"), D("0.21"), tax=D("0.50"))
    with pytest.raises(TotalsMismatch, match=r"stated tax 0\.50 but its rate group"):
        price_lines((stated,), "EUR", PER_RATE_GROUP)


def test_lines_stored_before_allowances_keep_their_hash() -> None:
    """Events hash their lines' fields; the fields added for allowances are left out at
    their defaults, so an invoice stored before them verifies as it did."""
    line = Line("1", "S", "d", D(1), D("10"), D("0.21"), D("10.00"), D("2.10"), D("12.10"))
    assert canonical_json(line) == (
        '{"description":"d","gross":"12.10","line_id":"1","net":"10.00","quantity":"1",'
        '"sku":"S","tax":"2.10","tax_rate":"0.21","unit_price":"10"}'
    )
    with_allowance = Line("1", "S", "d", D(1), D("10"), D("0.21"), D("9"), D("1.89"),
                          D("10.89"), allowance=D(1))  # fmt: skip
    assert '"allowance":"1"' in canonical_json(with_allowance)


@pytest.mark.parametrize(
    ("rule", "taxes"),
    [(PER_LINE, ["0.49", "0.49", "0.49"]), (PER_RATE_GROUP, ["0.49", "0.50", "0.49"])],
)
def test_our_own_web_invoices_use_the_tax_rule_the_ledger_is_set_to(
    rule: str, taxes: list[str]
) -> None:
    """Three lines of 2.35 at 21 %: per line 1.47, per rate group (BR-CO-17) 1.48, on the
    order and on its invoices alike, also when it is invoiced in two parts."""
    ledger = Ledger("memory://", policy=Policy(tax_rule=rule))
    buyer = b.company(ledger)
    lines = tuple(b.line(str(n), price="2.35") for n in range(3))
    placed = ledger.execute(c.PlaceOrder(b.key(), buyer.company_id, buyer.email, "W-1", "EUR",
                                         lines))  # fmt: skip
    order = ledger.load(UUID(placed["order_id"]))
    assert isinstance(order, Order)
    assert [line.tax for line in order.lines] == [D(t) for t in taxes]
    first = ledger.execute(c.InvoiceOrder(b.key(), order.id, (("0", "1"), ("1", "1"))))
    second = ledger.execute(c.InvoiceOrder(b.key(), order.id))
    invoiced = [ledger.load(UUID(r["invoice_id"])) for r in (first, second)]
    assert all(isinstance(i, Invoice) for i in invoiced)
    expected = {PER_LINE: ["0.98", "0.49"], PER_RATE_GROUP: ["0.99", "0.49"]}[rule]
    assert [str(i.totals.tax.amount) for i in invoiced] == expected  # type: ignore[attr-defined]
    ledger.close()
