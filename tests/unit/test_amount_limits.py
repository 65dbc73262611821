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
from tests.builders import company, key, web_invoice
from tests.unit.support import refused


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
            c.ReceivePayment(key(), buyer.company_id, "CARD", "999999999999999.99", "EUR")
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
