"""A buyer's Peppol participant id: where its e-invoices are delivered, set by AR."""

from __future__ import annotations

import pytest

from ledger import commands as c
from ledger.application import Ledger
from ledger.companies import Company
from ledger.errors import BadInput
from ledger.peppol import PeppolParticipant
from tests.builders import company, key


def peppol_of(ledger: Ledger, company_id: object) -> PeppolParticipant | None:
    loaded = ledger.load(company_id)  # type: ignore[arg-type]
    assert isinstance(loaded, Company)
    return loaded.peppol


def test_a_new_company_has_no_peppol_id_until_ar_sets_one(ledger: Ledger) -> None:
    acme = company(ledger)
    assert peppol_of(ledger, acme.company_id) is None
    ledger.execute(c.SetPeppolParticipant(key(), acme.company_id, "0088", "5790000435951"))
    assert peppol_of(ledger, acme.company_id) == PeppolParticipant("0088", "5790000435951")


def test_setting_the_same_peppol_id_again_records_nothing(ledger: Ledger) -> None:
    acme = company(ledger)
    ledger.execute(c.SetPeppolParticipant(key(), acme.company_id, "9930", "DE129273398"))
    version = ledger.load(acme.company_id).version
    ledger.execute(c.SetPeppolParticipant(key(), acme.company_id, "9930", " DE129273398 "))
    assert ledger.load(acme.company_id).version == version
    ledger.execute(c.SetPeppolParticipant(key(), acme.company_id, "0208", "0477472701"))
    assert peppol_of(ledger, acme.company_id) == PeppolParticipant("0208", "0477472701")


@pytest.mark.parametrize(
    ("scheme", "identifier", "says"),
    [
        ("EM", "ap@acme.example", "not in the EAS code list"),  # e-mail is no Peppol address
        ("1234", "12345678", "not in the EAS code list"),
        ("0088", "5790000435952", "not a valid GLN"),  # check digit off by one
        ("0192", "123456789", "not a valid Norwegian organisation number"),
        ("0208", "0477472702", "not a valid Belgian enterprise number"),
        ("9930", "", "1 to 50 letters"),
        ("9930", "DE 129273398", "1 to 50 letters"),
        ("9930", "D" * 51, "1 to 50 letters"),
    ],
)
def test_an_id_peppol_would_refuse_is_refused_and_nothing_is_written(
    ledger: Ledger, scheme: str, identifier: str, says: str
) -> None:
    acme = company(ledger)
    before = ledger.event_count()
    with pytest.raises(BadInput, match=says):
        ledger.execute(c.SetPeppolParticipant(key(), acme.company_id, scheme, identifier))
    assert ledger.event_count() == before
    assert peppol_of(ledger, acme.company_id) is None


def test_participant_ids_read_as_peppol_writes_them() -> None:
    assert str(PeppolParticipant.parse("0088:5790000435951")) == "0088:5790000435951"
    with pytest.raises(BadInput):
        PeppolParticipant.parse("5790000435951")
