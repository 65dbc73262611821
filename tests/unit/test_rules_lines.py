"""The rules of `ledger/lines.py` that the mutation run found unpinned (issue 16).

Orders and invoices are priced line by line; a buyer's web order and an ERP booking are
refused when a line or a stated total is wrong, with a message that names the line and
the field, and details that carry the figures. Payments land on lines with money open.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from ledger import commands as c
from ledger.application import Ledger
from ledger.errors import BadInput
from ledger.invoices import Invoice
from ledger.lines import (
    PER_LINE,
    LineAmount,
    LineInput,
    check_stated_totals,
    price_line,
    price_lines,
)
from ledger.money import Money
from ledger.session import Policy
from tests.builders import Buyer, allocate, company, key, line, payment, web_invoice
from tests.unit.support import events, load_invoice, refused


@pytest.fixture
def buyer(ledger: Ledger) -> Buyer:
    return company(ledger, limit="99999999999.99")


def place(ledger: Ledger, buyer: Buyer, *lines: LineInput) -> dict[str, Any]:
    command = c.PlaceOrder(key(), buyer.company_id, buyer.email, key("O"), "EUR", lines)
    return ledger.execute(command)


def erp(ledger: Ledger, buyer: Buyer, net: object, tax: object, gross: object) -> None:
    ledger.execute(
        c.RecordErpInvoice(
            key(), buyer.company_id, key("ERP"), "SO-1", date(2025, 1, 10), "EUR",
            (line("1"),), net, tax, gross,  # type: ignore[arg-type]
        )
    )  # fmt: skip


def given(**fields: object) -> LineInput:
    """Line 1: 1 x 100.00 at 21 %, with the fields given changed."""
    values: dict[str, Any] = {
        "line_id": "1", "sku": "SKU", "description": "item", "quantity": Decimal(1),
        "unit_price": Decimal("100.00"), "tax_rate": Decimal("0.21"),
    }  # fmt: skip
    return LineInput(**(values | fields))


def refusal(ledger: Ledger, buyer: Buyer, *lines: LineInput) -> Any:
    with refused(ledger, "BAD_INPUT") as info:
        place(ledger, buyer, *lines)
    return info.value


# -- text on a line --------------------------------------------------------------------


def test_a_line_id_that_is_not_text_is_refused_by_name(ledger: Ledger, buyer: Buyer) -> None:
    assert refusal(ledger, buyer, given(line_id=7)).message == "line id must be text"


def test_a_blank_line_id_is_refused_by_name(ledger: Ledger, buyer: Buyer) -> None:
    assert refusal(ledger, buyer, given(line_id=" ")).message == "line id is required"


def test_a_description_with_a_nul_character_is_refused_naming_the_line(
    ledger: Ledger, buyer: Buyer
) -> None:
    error = refusal(ledger, buyer, given(description="bolt\x00"))
    assert error.message == "line 1: description contains a NUL character"


def test_a_description_of_exactly_the_text_limit_is_kept(ledger: Ledger, buyer: Buyer) -> None:
    place(ledger, buyer, given(description="d" * 2000))
    error = refusal(ledger, buyer, given(description="d" * 2001))
    assert error.message == "line 1: description is longer than 2000 characters"


def test_a_sku_with_a_lone_surrogate_is_refused_naming_the_line() -> None:
    """The Ledger refuses such a request before any handler runs (its fingerprint); an
    importer pricing lines itself still gets the line named."""
    with pytest.raises(BadInput) as info:
        price_line(given(sku="ab\ud800"), "EUR")
    assert info.value.message == "line 1: sku is not valid Unicode text (lone surrogate)"


def test_a_line_without_sku_or_description_is_a_valid_order_line(
    ledger: Ledger, buyer: Buyer
) -> None:
    """A service line from the ERP often has neither; the amounts are what matter."""
    assert place(ledger, buyer, given(sku="", description=""))["order_id"]


# -- quantities, prices and rates ------------------------------------------------------


def test_a_quantity_of_a_billion_is_refused_and_just_below_is_priced(
    ledger: Ledger, buyer: Buyer
) -> None:
    place(ledger, buyer, given(quantity=Decimal("999999999"), unit_price=Decimal(0)))
    error = refusal(ledger, buyer, given(quantity=Decimal("1000000000"), unit_price=Decimal(0)))
    assert error.message == "line 1: quantity must be positive and below 1,000,000,000"


@pytest.mark.parametrize(
    ("field", "what"),
    [("quantity", "quantity"), ("unit_price", "unit price"), ("tax_rate", "tax rate")],
)
def test_a_line_number_that_is_not_a_number_is_refused_naming_line_and_field(
    ledger: Ledger, buyer: Buyer, field: str, what: str
) -> None:
    error = refusal(ledger, buyer, given(**{field: "lots"}))
    assert error.message == f"line 1: {what} is not a number: 'lots'"


def test_a_negative_unit_price_is_refused_naming_the_line(ledger: Ledger, buyer: Buyer) -> None:
    error = refusal(ledger, buyer, given(unit_price=Decimal("-1.00")))
    assert error.message == "line 1: unit price must not be negative"


@pytest.mark.parametrize(
    ("field", "stated", "computed"), [("net", "99.99", "100.00"), ("tax", "20.00", "21.00"),
                                      ("gross", "120.00", "121.00")]
)  # fmt: skip
def test_a_stated_line_amount_that_disagrees_names_the_field_and_both_figures(
    field: str, stated: str, computed: str
) -> None:
    """Under the per-line rule each line is checked alone."""
    ledger = Ledger("memory://", policy=Policy(tax_rule=PER_LINE))
    buyer = company(ledger)
    error = refusal(ledger, buyer, given(**{field: Decimal(stated)}))
    assert error.message == (
        f"line 1: stated {field} {stated} but quantity, price and rate give {computed}"
    )
    assert error.details == {
        "line_id": "1", "field": field, "stated": stated, "computed": computed
    }  # fmt: skip


@pytest.mark.parametrize(
    ("field", "stated", "computed"), [("tax", "20.00", "21.00"), ("gross", "120.00", "121.00")]
)
def test_a_stated_tax_that_disagrees_with_its_rate_group_names_the_field_and_both_figures(
    ledger: Ledger, buyer: Buyer, field: str, stated: str, computed: str
) -> None:
    """By default (EN16931 BR-CO-17) a line's tax is its share of its rate group's."""
    error = refusal(ledger, buyer, given(**{field: Decimal(stated)}))
    assert error.message == (
        f"line 1: stated {field} {stated} but its rate group's tax, spread in line order, "
        f"gives {computed}"
    )
    assert error.details == {
        "line_id": "1", "field": field, "stated": stated, "computed": computed
    }  # fmt: skip


def test_a_stated_line_amount_that_is_not_a_number_names_the_line_and_field(
    ledger: Ledger, buyer: Buyer
) -> None:
    error = refusal(ledger, buyer, given(gross="much"))
    assert error.message == "line 1: gross is not a number: 'much'"


# -- documents -------------------------------------------------------------------------


def test_an_order_without_lines_is_refused(ledger: Ledger, buyer: Buyer) -> None:
    assert refusal(ledger, buyer).message == "a document needs at least one line"


def test_two_lines_with_one_id_are_refused_listing_the_ids(ledger: Ledger, buyer: Buyer) -> None:
    error = refusal(ledger, buyer, given(), given())
    assert error.message == "line ids must be unique: ['1', '1']"


def test_a_document_totalling_exactly_the_cap_is_refused(ledger: Ledger, buyer: Buyer) -> None:
    """Two lines of 50 billion at 0 %: each under the cap, together exactly at it."""
    half = given(unit_price=Decimal("50000000000.00"), tax_rate=Decimal(0))
    error = refusal(ledger, buyer, half, given(line_id="2", unit_price=half.unit_price,
                                               tax_rate=Decimal(0)))  # fmt: skip
    assert error.message == "document total is too large (limit 100,000,000,000)"


def test_an_invoice_totals_in_its_own_currency(ledger: Ledger, buyer: Buyer) -> None:
    invoice = load_invoice(ledger, web_invoice(ledger, buyer, line("1"), line("2")))
    assert invoice.totals.gross == Money(Decimal("242.00"), "EUR")


@pytest.mark.parametrize(
    ("net", "tax", "gross", "field", "computed"),
    [("99.00", "21.00", "120.00", "net total", "100.00"),
     ("100.00", "21.00", "120.00", "gross total", "121.00")],
)  # fmt: skip
def test_an_erp_invoice_whose_totals_disagree_names_the_total_and_figures(
    ledger: Ledger, buyer: Buyer, net: str, tax: str, gross: str, field: str, computed: str
) -> None:
    stated = net if field == "net total" else gross
    with refused(ledger, "BAD_INPUT") as info:
        erp(ledger, buyer, net, tax, gross)
    assert info.value.message == f"stated {field} {stated} but the lines add up to {computed}"
    assert info.value.details == {"field": field, "stated": stated, "computed": computed}


def test_an_erp_total_that_is_not_a_number_is_refused_by_name(ledger: Ledger, buyer: Buyer) -> None:
    with refused(ledger, "BAD_INPUT") as info:
        erp(ledger, buyer, "100.00", "21.00", "a lot")
    assert info.value.message == "gross total is not a number: 'a lot'"


# -- spreading a payment over lines ----------------------------------------------------


def test_a_payment_spread_over_lines_skips_a_line_already_paid(
    ledger: Ledger, buyer: Buyer
) -> None:
    invoice_id = web_invoice(ledger, buyer, line("1"), line("2"))  # 121.00 on each
    allocate(ledger, payment(ledger, buyer, "121.00"), invoice_id, "121.00", "1")
    allocate(ledger, payment(ledger, buyer, "50.00"), invoice_id, "50.00")
    last = events(ledger, Invoice.PaymentAllocated, invoice_id)[-1]
    assert tuple(last.parts) == (LineAmount("2", Decimal("50.00")),)


# -- rounding happens once -------------------------------------------------------------


def test_a_line_just_under_half_a_cent_rounds_down_however_long_its_quantity(
    ledger: Ledger, buyer: Buyer
) -> None:
    """0.99999999999999999999999999999 x 0.005 is 0.00499999999999999999999999999995: half-up
    to the cent gives 0.00. Multiplying in Python's default 28-digit context first rounded
    the product to 0.005, which then rounded up to 0.01 (found reading why `prec = 40` in
    `round_to` survived: the product never reached it unrounded)."""
    quantity = Decimal("0.99999999999999999999999999999")
    order = place(ledger, buyer, given(quantity=quantity, unit_price=Decimal("0.005")))
    (priced,) = ledger.load(UUID(order["order_id"])).lines  # type: ignore[attr-defined]
    assert (priced.net, priced.tax, priced.gross) == (Decimal("0.00"),) * 3


def test_tax_just_under_half_a_cent_rounds_down_however_long_its_rate(
    ledger: Ledger, buyer: Buyer
) -> None:
    """10.00 at 0.00049999999999999999999999999999 is 0.0049999999999999999999999999999 tax,
    which rounds half-up to 0.00; rounded to 28 digits first it was 0.005 and became 0.01."""
    rate = Decimal("0.00049999999999999999999999999999")
    order = place(ledger, buyer, given(unit_price=Decimal("10.00"), tax_rate=rate))
    (priced,) = ledger.load(UUID(order["order_id"])).lines  # type: ignore[attr-defined]
    assert (priced.net, priced.tax) == (Decimal("10.00"), Decimal("0.00"))


def test_checked_erp_totals_come_back_in_the_documents_currency() -> None:
    """What `check_stated_totals` returns is what an importer books: money in the currency."""
    lines = price_lines((line("1"),), "JPY", PER_LINE)
    checked = check_stated_totals(lines, "JPY", "100", "21", "121")
    assert (checked.net, checked.gross) == (Money(Decimal(100), "JPY"), Money(Decimal(121), "JPY"))
