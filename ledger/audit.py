"""Tamper evidence: re-check every stored event against its hash chain.

For each event in log order: it must decode, its recomputed digest must equal
its stored `hash`, its `prev_hash` must equal the stored hash of the previous
version of the same aggregate, and versions must have no gaps. The first
event that fails is named (log position, aggregate, version, what is wrong).
`seal` is a SHA-256 over every hash in log order: an auditor who writes it
down can later prove the log was not truncated or re-ordered. `seals_at` asks
for the seal at given positions as well (`ChainReport.seals`), which signed
checkpoints (`ledger.checkpoints`) are checked against.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from ledger.chain import GENESIS, event_digest


@dataclass(frozen=True)
class Problem:
    position: int
    originator_id: UUID
    version: int
    what: str

    def __str__(self) -> str:
        return (
            f"event #{self.position} (aggregate {self.originator_id} "
            f"version {self.version}): {self.what}"
        )


@dataclass
class ChainReport:
    events: int = 0
    seal: str = ""
    problem: Problem | None = None
    seals: dict[int, str] = field(default_factory=dict)  # position -> seal there (seals_at)


def verify_chain(
    notifications: Iterable[Any],
    decode: Callable[[Any], Any],
    on_event: Callable[[Any], None] | None = None,
    seals_at: Collection[int] = (),
) -> ChainReport:
    """Walk stored notifications; stop at the first broken link."""
    heads: dict[UUID, tuple[int, str]] = {}
    seal = hashlib.sha256()
    report = ChainReport()
    if 0 in seals_at:
        report.seals[0] = seal.hexdigest()
    for notification in notifications:
        originator = notification.originator_id
        version = notification.originator_version

        def fail(
            what: str, at: int = notification.id, oid: Any = originator, v: int = version
        ) -> ChainReport:
            report.problem = Problem(at, oid, v, what)
            return report

        try:
            event = decode(notification)
        except Exception as error:  # any decoding failure is evidence of tampering
            return fail(f"cannot be decoded ({type(error).__name__}: {error})")
        stored = getattr(event, "hash", None)
        if not stored:
            return fail("has no hash")
        last_version, last_hash = heads.get(originator, (0, GENESIS))
        if version != last_version + 1:
            return fail(f"version gap: previous stored version is {last_version}")
        if event.prev_hash != last_hash:
            return fail("prev_hash does not match the previous event's hash (chain broken)")
        if event_digest(event) != stored:
            return fail("content does not match its hash (the event was altered)")
        heads[originator] = (version, stored)
        seal.update(stored.encode("ascii"))
        if notification.id in seals_at:
            report.seals[notification.id] = seal.hexdigest()
        report.events += 1
        if on_event is not None:
            on_event(event)
    report.seal = seal.hexdigest()
    return report
