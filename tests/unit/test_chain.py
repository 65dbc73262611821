"""The event digest: what an event's hash covers."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from decimal import Decimal
from uuid import UUID

from ledger.chain import GENESIS, event_digest
from ledger.companies import Company

ACME = UUID("00000000-0000-0000-0000-00000000ac3e")
WHEN = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


def limit_raised(prev_hash: str, limit: str = "50000.00") -> Company.CreditLimitSet:
    return Company.CreditLimitSet(
        originator_id=ACME,
        originator_version=2,
        timestamp=WHEN,
        prev_hash=prev_hash,
        hash="",
        credit_limit=Decimal(limit),
    )


def test_the_digest_covers_the_link_to_the_previous_event() -> None:
    # The same credit-limit change, once after the registration whose hash is "a…a" and
    # once after a different one ("b…b"): moving an event onto another predecessor must
    # change its hash, or a relinked history would re-hash to the same values.
    after_a, after_b = limit_raised("a" * 64), limit_raised("b" * 64)
    content = {k: v for k, v in vars(after_a).items() if k not in ("prev_hash", "hash")}
    assert content == {k: v for k, v in vars(after_b).items() if k not in ("prev_hash", "hash")}
    assert event_digest(after_a) != event_digest(after_b)
    assert after_a.hash != after_b.hash
    assert event_digest(limit_raised(GENESIS)) not in {after_a.hash, after_b.hash}


def test_the_digest_is_stable_and_covers_the_content() -> None:
    assert limit_raised("a" * 64).hash == limit_raised("a" * 64).hash
    assert limit_raised("a" * 64).hash != limit_raised("a" * 64, "50000.01").hash


def test_the_digest_format_is_fixed_so_stored_chains_keep_verifying() -> None:
    """Found by the mutation run (the topic, or the separator, could change unnoticed):
    every stored hash depends on this exact payload, written out here by hand."""
    payload = (
        "ledger.companies:Company.CreditLimitSet\n"
        '{"credit_limit":"50000.00","originator_id":"0000000000000000000000000000ac3e",'
        '"originator_version":2,"prev_hash":"' + "0" * 64 + '",'
        '"timestamp":"2025-03-01T09:30:00+00:00"}'
    )
    expected = hashlib.sha256(payload.encode("utf-8")).hexdigest()
    assert expected == "11a6f5a9123f260e1d59c2ab9d8abcc3dc226bdd593ccefe4fff98bc4d0ce715"
    assert event_digest(limit_raised(GENESIS)) == expected
