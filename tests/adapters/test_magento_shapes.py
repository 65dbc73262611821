"""Magento 2 orders and invoices in their real shapes, booked exactly as the store issued them.

The fixtures in `tests/samples/magento/` are hand-written in Magento's REST shapes
(`GET /V1/orders`, `GET /V1/invoices`), their figures worked out the way
Magento's tax calculators (`Tax/Model/Calculation/*Calculator.php`) and
invoice totals do; each file's comments are in the test that reads it.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from adapters import magento
from adapters.importing import FAILED, IMPORTED, UNCHANGED
from adapters.magento_tax import ROW_BASE, UNIT_BASE, TaxConfig
from ledger.application import Ledger
from ledger.invoices import Invoice
from ledger.orders import Order, order_id
from tests.adapters.conftest import sample

D = Decimal
CONFIGS = {
    "total_base": TaxConfig(),  # Magento's default: TOTAL_BASE, excl. tax, tax after discount
    "row_base": TaxConfig(algorithm=ROW_BASE),
    "unit_base": TaxConfig(algorithm=UNIT_BASE),
    "incl_tax_discount": TaxConfig(prices_include_tax=True),
    "tax_before_discount": TaxConfig(apply_after_discount=False),
    "coupon_on_shipping": TaxConfig(),
    "configurable": TaxConfig(),
    "bundles": TaxConfig(),
    "gift_card_and_store_credit": TaxConfig(),
}


def book(ledger: Ledger, name: str, config: TaxConfig | None = None,
         change: Any = None) -> dict[str, list[tuple[str, str]]]:  # fmt: skip
    """Import a fixture's orders, then its invoices; (status, detail) per record."""
    options = magento.Options(tax=config or CONFIGS[name])
    fixture = copy.deepcopy(sample(f"magento/{name}.json"))
    if change:
        change(fixture)
    magento.import_payload(ledger, sample("magento2/companies.json"))
    found = {}
    for part in ("orders", "invoices"):
        summary = magento.import_payload(ledger, fixture[part], options)
        found[part] = [(o.status, o.detail) for o in summary.outcomes]
    return found


def order(ledger: Ledger, number: str) -> Order:
    found = ledger.load(order_id(number))
    assert isinstance(found, Order)
    return found


def invoices(ledger: Ledger) -> list[Invoice]:
    issued = [e for e in ledger.all_events() if type(e).__qualname__ == "Invoice.Issued"]
    return [ledger.load(e.originator_id) for e in issued]  # type: ignore[misc]


def all_imported(outcomes: dict[str, list[tuple[str, str]]]) -> None:
    assert {s for part in outcomes.values() for s, _ in part} == {IMPORTED}, outcomes


def taxes(found: Order) -> list[Decimal]:
    return [line.tax for line in found.lines]


# -- the three algorithms ---------------------------------------------------------------


def test_magento_default_total_based_rounding_books_as_magento_did(ledger: Ledger) -> None:
    """Three rows at 21 % with exact taxes 2.8035, 1.5015 and 0.693: TOTAL_BASE carries
    each rounding to the next row (2.80, 1.51, 0.69 = the rounded 5.00 of the total),
    where rounding each row would give 4.99. Shipping 5.00 is taxed on its own: 1.05."""
    all_imported(book(ledger, "total_base"))
    booked = order(ledger, "000000301")
    assert taxes(booked) == [D("2.80"), D("1.51"), D("0.69"), D("1.05")]
    assert booked.totals.tax.amount == D("6.05")
    assert booked.totals.gross.amount == D("34.85")  # Magento's grand_total
    [invoice] = invoices(ledger)
    assert invoice.totals.gross.amount == D("34.85")
    assert sum(line.gross for line in invoice.lines) == D("34.85")


def test_a_row_based_store_rounds_each_row_and_a_unit_based_one_each_unit(ledger: Ledger) -> None:
    """The same rows: ROW_BASE rounds each row (2.80, 1.50, 0.69); UNIT_BASE rounds the
    tax of one unit and multiplies (0.93 x 3, 1.50, 0.35 x 2): both total 34.84."""
    all_imported(book(ledger, "row_base"))
    all_imported(book(ledger, "unit_base"))
    assert taxes(order(ledger, "000000302")) == [D("2.80"), D("1.50"), D("0.69"), D("1.05")]
    assert taxes(order(ledger, "000000303")) == [D("2.79"), D("1.50"), D("0.70"), D("1.05")]
    assert {i.totals.gross.amount for i in invoices(ledger)} == {D("34.84")}


def test_per_row_figures_from_a_total_based_store_are_refused_with_the_figures(
    ledger: Ledger,
) -> None:
    def per_row(fixture: dict[str, Any]) -> None:
        placed = fixture["orders"]["items"][0]
        placed["items"][1]["tax_amount"] = D("1.50")
        placed.update(tax_amount=D("6.04"), grand_total=D("34.84"))

    outcomes = book(ledger, "total_base", change=per_row)
    [(status, detail)] = outcomes["orders"]
    assert status == FAILED
    assert "item 3012: the store says tax 1.5" in detail
    assert "TOTAL_BASE_CALCULATION gives 1.51" in detail
    assert ledger.find(order_id("000000301")) is None


def test_a_unit_based_order_read_as_total_based_is_refused_naming_the_row(ledger: Ledger) -> None:
    outcomes = book(ledger, "unit_base", config=TaxConfig())
    [(status, detail)] = outcomes["orders"]
    assert status == FAILED and "item 3031: the store says tax 2.79" in detail
    assert "gives 2.8" in detail


def test_a_grand_total_one_cent_off_is_refused(ledger: Ledger) -> None:
    def off(fixture: dict[str, Any]) -> None:
        fixture["orders"]["items"][0]["grand_total"] = D("34.86")

    [(status, detail)] = book(ledger, "total_base", change=off)["orders"]
    assert status == FAILED
    assert "lines give 34.85 (tax 6.05), the store says 34.86" in detail


# -- prices including tax, discounts before and after tax ------------------------------


def test_prices_including_tax_keep_the_discount_and_its_tax_compensation(ledger: Ledger) -> None:
    """2 x 12.10 and 3 x 9.99 incl. 21 %, 10 % off the price incl. tax, tax after discount:
    the discount took 0.42 and 0.52 of tax (Magento's discount_tax_compensation_amount),
    so the allowances net of tax are 2.00 and 2.48 and the buyer owes 48.75."""
    all_imported(book(ledger, "incl_tax_discount"))
    first, second = order(ledger, "000000310").lines
    assert (first.net, first.tax, first.allowance) == (D("18.00"), D("3.78"), D("2.00"))
    assert (second.net, second.tax, second.allowance) == (D("22.29"), D("4.68"), D("2.48"))
    assert first.allowance_reason == "Spring 10% off"
    # the discount is not folded into the price: quantity x price is the row before discount
    assert (first.quantity * first.unit_price).quantize(D("0.01")) == D("20.00")
    assert (second.quantity * second.unit_price).quantize(D("0.01")) == D("24.77")
    assert order(ledger, "000000310").totals.gross.amount == D("48.75")
    [invoice] = invoices(ledger)
    assert invoice.totals.gross.amount == D("48.75")


def test_prices_including_tax_without_the_compensation_are_refused(ledger: Ledger) -> None:
    def no_compensation(fixture: dict[str, Any]) -> None:
        fixture["orders"]["items"][0]["items"][0]["discount_tax_compensation_amount"] = 0

    [(status, detail)] = book(ledger, "incl_tax_discount", change=no_compensation)["orders"]
    assert status == FAILED
    assert "item 3101: the store says tax 3.78 (compensation 0)" in detail
    assert "(compensation 0.42)" in detail


def test_tax_before_discount_is_booked_as_the_store_issued_it(ledger: Ledger) -> None:
    """apply_after_discount = 0: 21 % of 1250.00 before the 125.00 discount."""
    all_imported(book(ledger, "tax_before_discount"))
    [line] = order(ledger, "000000320").lines
    assert (line.net, line.tax, line.allowance) == (D("1125"), D("262.50"), D("125"))
    assert line.allowance_reason == "B2B volume 10%"
    assert order(ledger, "000000320").totals.gross.amount == D("1387.50")


def test_tax_before_discount_read_with_the_default_settings_is_refused(ledger: Ledger) -> None:
    outcomes = book(ledger, "tax_before_discount", config=TaxConfig())
    [(status, detail)] = outcomes["orders"]
    assert status == FAILED and "says tax 262.5" in detail and "gives 236.25" in detail


# -- discounts on shipping, rates from applied taxes --------------------------------------


def test_a_coupon_on_shipping_is_an_allowance_and_shippings_rate_is_the_applied_one(
    ledger: Ledger,
) -> None:
    """WELCOME10: 10.00 off the lamp and 1.00 off shipping 4.99; shipping tax 0.84 is
    21 % of 3.99, so its rate is 21 % (not 0.84 / 4.99), and the order totals 113.73."""
    all_imported(book(ledger, "coupon_on_shipping"))
    lamp, shipping = order(ledger, "000000330").lines
    assert (lamp.unit_price, lamp.allowance, lamp.net) == (D("100"), D("10"), D("90"))
    assert lamp.allowance_reason == "WELCOME10"
    assert (shipping.tax_rate, shipping.allowance, shipping.net, shipping.tax) == (
        D("0.21"), D("1.00"), D("3.99"), D("0.84"),
    )  # fmt: skip
    assert shipping.allowance_reason == "WELCOME10"
    [invoice] = invoices(ledger)
    assert invoice.totals.gross.amount == D("113.73")


def test_shipping_tax_without_an_applied_rate_is_refused(ledger: Ledger) -> None:
    def no_rates(fixture: dict[str, Any]) -> None:
        attributes = fixture["orders"]["items"][0]["extension_attributes"]
        attributes["item_applied_taxes"] = attributes["item_applied_taxes"][:1]
        attributes["applied_taxes"] = []

    [(status, detail)] = book(ledger, "coupon_on_shipping", change=no_rates)["orders"]
    assert status == FAILED and "shipping tax 0.84 but no applied tax names its rate" in detail


# -- configurable products and bundles ---------------------------------------------------


def test_a_configurable_product_is_invoiced_through_its_parent_or_its_child(
    ledger: Ledger,
) -> None:
    """5 T-shirts: the first invoice names parent and child (2), the second only the
    child (3), as InvoiceService::prepareInvoice allows; the last takes the rest of the tax."""
    all_imported(book(ledger, "configurable"))
    booked = order(ledger, "000000600")
    assert [line.line_id for line in booked.lines] == ["6001"]
    assert sorted(i.totals.gross.amount for i in invoices(ledger)) == [D("48.40"), D("72.60")]
    assert booked.invoiced == {"6001": D(5)}
    assert sum(i.totals.gross.amount for i in invoices(ledger)) == booked.totals.gross.amount


def test_a_configurable_invoice_a_cent_off_is_refused_with_the_figures(ledger: Ledger) -> None:
    def off(fixture: dict[str, Any]) -> None:
        fixture["invoices"]["items"][1]["grand_total"] = D("72.59")

    outcomes = book(ledger, "configurable", change=off)
    assert outcomes["invoices"][0][0] == IMPORTED
    status, detail = outcomes["invoices"][1]
    assert status == FAILED
    assert "the order's lines give 72.60 (tax 12.60), the store says 72.59" in detail


def test_bundles_book_the_items_that_carry_the_price(ledger: Ledger) -> None:
    """Dynamic price: the children (tape at 21 %, cutter at 9 %) carry price and tax, the
    parent none; fixed price: the parent (2 x 60.00 at 21 %) does, its children are 0."""
    all_imported(book(ledger, "bundles"))
    booked = order(ledger, "000000700")
    assert [(line.line_id, line.tax_rate, line.tax) for line in booked.lines] == [
        ("7002", D("0.21"), D("2.94")),
        ("7003", D("0.09"), D("1.12")),
        ("7011", D("0.21"), D("25.20")),
    ]
    assert booked.totals.gross.amount == D("175.66")
    [invoice] = invoices(ledger)
    assert invoice.totals.gross.amount == D("175.66")


def test_a_bundle_invoice_counting_the_dynamic_parent_too_is_refused(ledger: Ledger) -> None:
    def twice(fixture: dict[str, Any]) -> None:
        fixture["invoices"]["items"][0]["grand_total"] = D("202.06")  # + the parent's 26.40

    [(status, detail)] = book(ledger, "bundles", change=twice)["invoices"]
    assert status == FAILED and "give 175.66 (tax 29.26), the store says 202.06" in detail


# -- every fixture, again ----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_importing_a_magento_shape_again_writes_nothing(ledger: Ledger, name: str) -> None:
    all_imported(book(ledger, name))
    before = ledger.event_count()
    again = book(ledger, name)
    assert {s for part in again.values() for s, _ in part} == {UNCHANGED}
    assert ledger.event_count() == before


def test_the_import_command_reads_the_stores_tax_settings(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`arledger import magento --tax-algorithm UNIT_BASE_CALCULATION`: a unit-based store's
    order goes in; read with the default (TOTAL_BASE) it is refused and the command exits 1."""
    from cli.main import main

    fixture = sample("magento/unit_base.json")
    files = {}
    for name, payload in (("companies", sample("magento2/companies.json")), *fixture.items()):
        files[name] = tmp_path / f"{name}.json"
        files[name].write_text(json.dumps(payload, default=str))
    base = ["--database", sqlite_url, "import", "magento"]
    assert main([*base, str(files["companies"])]) == 0
    assert main([*base, str(files["orders"])]) == 1
    assert "the store says tax 2.79" in capsys.readouterr().out
    unit = ["--tax-algorithm", "UNIT_BASE_CALCULATION"]
    assert main([*base, str(files["orders"]), *unit]) == 0
    assert main([*base, str(files["invoices"]), *unit]) == 0
    ledger = Ledger(sqlite_url)
    try:
        assert order(ledger, "000000303").totals.gross.amount == D("34.84")
    finally:
        ledger.close()


# -- Adobe Commerce: gift cards and store credit -----------------------------------------


def test_a_gift_card_and_store_credit_are_prepaid_not_a_discount(ledger: Ledger) -> None:
    """A 60.50 chair, 20.00 paid by gift card and 5.50 by store credit: the invoice keeps
    its full 60.50 (no allowance), and 35.00, Magento's grand_total, is what stays open."""
    all_imported(book(ledger, "gift_card_and_store_credit"))
    [invoice] = invoices(ledger)
    assert invoice.totals.gross.amount == D("60.50")
    assert [line.allowance for line in invoice.lines] == [D(0)]
    assert invoice.open_amount.amount == D("35.00")


def test_a_gift_card_invoice_whose_figures_do_not_add_up_is_refused(ledger: Ledger) -> None:
    def off(fixture: dict[str, Any]) -> None:
        fixture["invoices"]["items"][0]["grand_total"] = D("35.01")

    outcomes = book(ledger, "gift_card_and_store_credit", change=off)
    [(status, detail)] = outcomes["invoices"]
    assert status == FAILED
    assert "lines give 60.50 (tax 10.5), the store says 35.01 + 25.5 prepaid" in detail
    assert invoices(ledger) == []
