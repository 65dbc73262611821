"""Every stored hash depends on the exact bytes an event is hashed from, and on each event
linking to the one before: both written out here by hand, so a change to either is seen.

Found by the mutation run over `ledger/chain.py` (issue 16): the digest format test covered a
Decimal, a UUID and a timestamp, but not a date, a nested dataclass or text outside ASCII,
and nothing checked that a command's events link to their aggregate's previous head.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

import pytest

from ledger import commands as c
from ledger.application import Ledger
from ledger.chain import GENESIS, canonical_json, event_digest
from ledger.companies import Company, DeliveryPreferences
from tests.builders import company, key
from tests.unit.support import at

ACME = UUID("00000000-0000-0000-0000-00000000ac3e")
WHEN = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)
LINK = "0" * 64


def test_an_invoice_booked_on_credit_hashes_its_due_date_and_ids_as_written_here() -> None:
    booked = Company.InvoiceBooked(
        originator_id=ACME,
        originator_version=3,
        timestamp=WHEN,
        prev_hash=GENESIS,
        hash="",
        invoice_id=UUID(int=1),
        order_id=UUID(int=2),
        amount=Decimal("96.80"),
        due_date=date(2025, 3, 31),
    )
    payload = (
        "ledger.companies:Company.InvoiceBooked\n"
        '{"amount":"96.80","due_date":"2025-03-31",'
        '"invoice_id":"00000000000000000000000000000001",'
        '"order_id":"00000000000000000000000000000002",'
        '"originator_id":"0000000000000000000000000000ac3e","originator_version":3,'
        '"prev_hash":"' + LINK + '","timestamp":"2025-03-01T09:30:00+00:00"}'
    )
    assert booked.hash == hashlib.sha256(payload.encode("utf-8")).hexdigest()


def test_delivery_preferences_with_an_accented_address_hash_as_utf8_text() -> None:
    """A nested dataclass is hashed as an object of its fields, tuples as lists, and text
    outside ASCII as itself (UTF-8), not as \\u escapes."""
    changed = Company.DeliveryPreferencesChanged(
        originator_id=ACME,
        originator_version=2,
        timestamp=WHEN,
        prev_hash=GENESIS,
        hash="",
        delivery=DeliveryPreferences(("EMAIL", "POST"), "AFTER_ORDER", "zoë@müller.example"),
    )
    payload = (
        "ledger.companies:Company.DeliveryPreferencesChanged\n"
        '{"delivery":{"ap_portal_url":"","channels":["EMAIL","POST"],'
        '"email":"zoë@müller.example","email_timing":"AFTER_ORDER"},'
        '"originator_id":"0000000000000000000000000000ac3e","originator_version":2,'
        '"prev_hash":"' + LINK + '","timestamp":"2025-03-01T09:30:00+00:00"}'
    )
    assert changed.hash == hashlib.sha256(payload.encode("utf-8")).hexdigest()
    assert event_digest(changed) == changed.hash


def test_a_value_with_no_canonical_form_cannot_be_hashed() -> None:
    """Hashing something with no fixed form (a set's order, a class) would make a hash
    depend on the run: refuse, naming the type."""
    with pytest.raises(TypeError, match=r"^cannot hash set$"):
        canonical_json({"lines": {1, 2}})
    with pytest.raises(TypeError, match=r"^cannot hash type$"):
        canonical_json({"kind": DeliveryPreferences})  # a dataclass class, not an instance


def test_each_event_of_a_company_links_to_the_one_before_from_genesis(ledger: Ledger) -> None:
    buyer = company(ledger)
    ledger.execute(c.SetCreditLimit(key(), buyer.company_id, "5000"), at=at(date(2025, 3, 1)))
    ledger.execute(c.SetDunningSteps(key(), buyer.company_id, (0, 7)))
    chain = [e for e in ledger.all_events() if e.originator_id == buyer.company_id]

    assert [type(e).__qualname__ for e in chain] == [
        "Company.Registered",
        "Company.CreditLimitSet",
        "Company.DunningStepsSet",
    ]
    assert chain[0].prev_hash == GENESIS
    assert [e.prev_hash for e in chain[1:]] == [e.hash for e in chain[:-1]]
    assert all(e.hash == event_digest(e) for e in chain)
    assert len({e.hash for e in chain}) == 3
    # The event's time is the command's: the one the caller gave it.
    assert chain[1].timestamp == datetime(2025, 3, 1, 12, tzinfo=UTC)
    assert ledger.load(buyer.company_id).chain_head == chain[-1].hash
