"""Money that moves is kept at the currency's minor unit and under one cap (`ledger.money`).

Each case was accepted before and either stopped the read side or stored a figure no view
could show; each is now refused at the door with BAD_INPUT and the figures.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ledger import clock
from ledger import commands as c
from ledger.application import Ledger
from ledger.payments import MAX_ADVICE_ITEMS, AdviceItem
from tests.builders import allocate, company, key, line, payment, web_invoice
from tests.unit.support import load_invoice, refused


def advice(ledger: Ledger, amount: str = "10.00", items: int = 1, paid_on: date | None = None):  # type: ignore[no-untyped-def]
    buyer = company(ledger, key("Advising"))
    web_invoice(ledger, buyer)
    return c.SubmitRemittanceAdvice(
        key(), buyer.company_id, buyer.email, "REF-1", paid_on or clock.today(),
        tuple(AdviceItem(f"INV-{n}", amount) for n in range(items)),  # type: ignore[arg-type]
    )  # fmt: skip


def test_a_credit_limit_with_more_decimals_than_the_currency_is_refused(ledger: Ledger) -> None:
    buyer = company(ledger, "Limited")
    with refused(ledger, "BAD_INPUT", match="more decimals than EUR allows"):
        ledger.execute(c.SetCreditLimit(key(), buyer.company_id, "1000.00001"))
    with refused(ledger, "BAD_INPUT", match="more decimals than JPY allows"):
        ledger.execute(c.RegisterCompany(key(), "Yen", "JPY", credit_limit="1000.5"))


def test_a_payment_of_a_quadrillion_is_refused_with_the_limit(ledger: Ledger) -> None:
    buyer = company(ledger, "Rich")
    with refused(ledger, "BAD_INPUT", match="too large") as error:
        ledger.execute(
            c.RecordPayment(key(), buyer.company_id, "CARD", "999999999999999.99", "EUR")
        )
    assert error.value.details["limit"] == "100000000000"


def test_advice_for_more_than_is_open_is_the_buyers_word_and_kept(ledger: Ledger) -> None:
    result = ledger.execute(advice(ledger, "99999.00"))  # the invoice has 121.00 open
    assert result["remittance_id"]


def test_advice_amounts_are_money_in_the_companys_currency(ledger: Ledger) -> None:
    command = advice(ledger, "10.00000000000000000001")
    with refused(ledger, "BAD_INPUT", match="more decimals"):
        ledger.execute(command)


def test_advice_lists_a_bounded_number_of_invoices(ledger: Ledger) -> None:
    ledger.execute(advice(ledger, items=MAX_ADVICE_ITEMS))
    command = advice(ledger, items=3000)
    with refused(ledger, "BAD_INPUT", match=f"at most {MAX_ADVICE_ITEMS} invoices, not 3000"):
        ledger.execute(command)


@pytest.mark.parametrize(
    "paid_on", [date(1, 1, 1), date(9999, 12, 31), date.today() - timedelta(days=3700)]
)
def test_advice_paid_on_is_a_plausible_payment_date(ledger: Ledger, paid_on: date) -> None:
    command = advice(ledger, paid_on=paid_on)
    with refused(ledger, "BAD_INPUT", match="is not a payment date"):
        ledger.execute(command)


def test_a_tax_rate_of_one_hundred_percent_or_more_is_refused(ledger: Ledger) -> None:
    """Found by the mutation run (`< 1` -> `<= 1` survived)."""
    buyer = company(ledger, "Taxed")
    web_invoice(ledger, buyer, line("1", "1", "10.00", "0.99"))
    for rate in ("1", "1.5"):
        command = c.PlaceOrder(
            key(), buyer.company_id, buyer.email, key("O"), "EUR", (line("1", "1", "10", rate),)
        )
        with refused(ledger, "BAD_INPUT", match="tax rate must be a fraction"):
            ledger.execute(command)


def test_a_line_of_exactly_the_cap_is_refused_as_a_line(ledger: Ledger) -> None:
    """Found by the mutation run (`>=` -> `>` on the line's gross survived): 2 x 50e9 at 0 %
    is exactly MAX_AMOUNT, refused at the line, before the document total."""
    buyer = company(ledger, "Capped", limit="99999999999.99")
    command = c.PlaceOrder(
        key(), buyer.company_id, buyer.email, key("O"), "EUR",
        (line("1", "2", "50000000000.00", "0"),),
    )  # fmt: skip
    with refused(ledger, "BAD_INPUT", match="line 1: amount 100000000000.00 is too large"):
        ledger.execute(command)


def test_a_payment_under_one_unit_makes_an_invoice_partially_paid(ledger: Ledger) -> None:
    """Found by the mutation run (`paid > 0` -> `paid > 1` survived)."""
    buyer = company(ledger, "Cents")
    invoice_id = web_invoice(ledger, buyer)
    allocate(ledger, payment(ledger, buyer, "0.50"), invoice_id, "0.50")
    assert load_invoice(ledger, invoice_id).status(clock.today()) == "PARTIALLY_PAID"
