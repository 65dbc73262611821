"""Billing details: what documents and the post batch print for a buyer."""

from __future__ import annotations

from uuid import UUID

import pytest

from ledger import commands as c
from ledger.application import Ledger
from ledger.companies import BillingDetails, Company
from ledger.errors import BadInput
from tests.builders import company, key

ACME = BillingDetails(
    "Acme Trading B.V.",
    "NL987654321B01",
    "Stationsplein 10",
    "Utrecht",
    "3511 ED",
    "NL",
    "finance@acme.example",
)


def test_billing_details_given_at_registration_are_kept(ledger: Ledger) -> None:
    result = ledger.execute(c.RegisterCompany(key(), "Acme", "EUR", billing=ACME))
    loaded = ledger.load(UUID(result["company_id"]))
    assert isinstance(loaded, Company)
    assert loaded.billing == ACME


def test_a_company_registered_without_details_has_empty_ones_until_set(ledger: Ledger) -> None:
    buyer = company(ledger)
    assert ledger.load(buyer.company_id).billing == BillingDetails()
    ledger.execute(c.SetBillingDetails(key(), buyer.company_id, ACME))
    assert ledger.load(buyer.company_id).billing == ACME


def test_setting_the_same_details_again_records_nothing(ledger: Ledger) -> None:
    buyer = company(ledger)
    ledger.execute(c.SetBillingDetails(key(), buyer.company_id, ACME))
    before = ledger.event_count()
    ledger.execute(c.SetBillingDetails(key(), buyer.company_id, ACME))
    assert ledger.event_count() == before + 1  # only the idempotency record


@pytest.mark.parametrize("country", ["nl", "NLD", "1X"])
def test_a_country_must_be_an_alpha_2_code(ledger: Ledger, country: str) -> None:
    buyer = company(ledger)
    details = BillingDetails(legal_name="Acme", country=country)
    with pytest.raises(BadInput, match="alpha-2"):
        ledger.execute(c.SetBillingDetails(key(), buyer.company_id, details))
    assert ledger.load(buyer.company_id).billing == BillingDetails()


def test_billing_details_without_a_country_are_kept(ledger: Ledger) -> None:
    buyer = company(ledger)
    details = BillingDetails(legal_name="Acme", country="")
    ledger.execute(c.SetBillingDetails(key(), buyer.company_id, details))
    billing = ledger.load(buyer.company_id).billing
    assert billing == details
    assert (billing.legal_name, billing.country) == ("Acme", "")
