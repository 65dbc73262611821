"""The event digest: what an event's hash covers."""

from __future__ import annotations

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
