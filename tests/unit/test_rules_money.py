"""The rules of `ledger/money.py` that the mutation run found unpinned (issue 16).

A refused amount says which amount it was and, when it has too many decimals, the figure
and how many decimals the currency allows: the numbers a user needs to fix the request.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledger import commands as c
from ledger.application import Ledger
from ledger.money import Money
from ledger.payments import AdviceItem
from tests.builders import Buyer, company, key
from tests.unit.support import at, refused


@pytest.fixture
def buyer(ledger: Ledger) -> Buyer:
    return company(ledger)


def receive(ledger: Ledger, buyer: Buyer, amount: str) -> None:
    ledger.execute(c.RecordPayment(key(), buyer.company_id, "BANK_TRANSFER", amount, "EUR"))


def test_a_payment_amount_in_words_is_refused_as_an_amount(ledger: Ledger, buyer: Buyer) -> None:
    with refused(ledger, "BAD_INPUT") as info:
        receive(ledger, buyer, "ten")
    assert info.value.message == "amount is not a number: 'ten'"


def test_a_payment_of_a_tenth_of_a_cent_says_the_figure_and_the_decimals_allowed(
    ledger: Ledger, buyer: Buyer
) -> None:
    with refused(ledger, "BAD_INPUT") as info:
        receive(ledger, buyer, "10.001")
    assert info.value.message == "amount 10.001 has more decimals than EUR allows (2)"
    assert info.value.details == {"amount": "10.001", "decimals": 2}


def test_an_advice_amount_in_words_is_refused_naming_the_advice(
    ledger: Ledger, buyer: Buyer
) -> None:
    items = (AdviceItem("INV-1", "ten"),)  # type: ignore[arg-type]
    command = c.SubmitRemittanceAdvice(
        key(), buyer.company_id, buyer.email, "RUN-1", date(2026, 6, 15), items
    )
    with refused(ledger, "BAD_INPUT") as info:
        ledger.execute(command, at=at(date(2026, 6, 15)))
    assert info.value.message == "remittance advice amount is not a number: 'ten'"


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [("2.675", "EUR", "2.68"), ("1234.5", "JPY", "1235"), ("0.0005", "KWD", "0.001")],
)
def test_an_intermediate_result_rounds_half_up_and_stays_in_its_currency(
    amount: str, currency: str, expected: str
) -> None:
    assert Money.rounded(Decimal(amount), currency) == Money(Decimal(expected), currency)
