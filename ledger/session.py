"""Unit of work for one command: the aggregates it read and the ones it changed.

Handlers load through the session so an aggregate touched twice is the same
object, and the application saves every changed aggregate in one atomic write
(the events, the idempotency record, and, on PostgreSQL, the balance check).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository
from eventsourcing.domain import Aggregate

from ledger.errors import BadInput, NotFound
from ledger.lines import PER_RATE_GROUP, TAX_RULES

A = TypeVar("A", bound=Aggregate)


@dataclass(frozen=True)
class Policy:
    """Settings that rules depend on, fixed per application."""

    overdue_days: int = 30
    # How our own web orders and invoices compute tax (ledger.lines): per rate group
    # by default, as EN16931 BR-CO-17 does (so what we issue passes the receiver's
    # rules), or per line. Each document stores its lines' tax, so a store changing
    # rule keeps every document it already issued; documents booked as issued keep
    # theirs. Set per deployment with ARLEDGER_TAX_RULE (`from_settings`).
    tax_rule: str = PER_RATE_GROUP

    @classmethod
    def from_settings(cls, settings: Mapping[str, str]) -> Policy:
        """The policy a deployment's settings (its environment) ask for.

        Every process of one deployment must read the same settings: a worker
        and an API process pricing one order differently would disagree.
        """
        rule = settings.get("ARLEDGER_TAX_RULE", cls.tax_rule).strip().upper()
        if rule not in TAX_RULES:
            raise BadInput(f"ARLEDGER_TAX_RULE must be one of {TAX_RULES}, got {rule!r}")
        return cls(tax_rule=rule)


def clone(aggregate: Aggregate) -> Aggregate:
    """Copy an aggregate one level deep.

    Enough, and far cheaper than `deepcopy` for a company with thousands of open
    invoices: aggregate state holds only immutable values (Decimals, dates, UUIDs,
    tuples, frozen value objects, events) directly or in one level of dict or list.
    """
    twin = object.__new__(type(aggregate))
    twin.__dict__.update(
        {
            name: dict(value)
            if isinstance(value, dict)
            else list(value)
            if isinstance(value, list)
            else value
            for name, value in aggregate.__dict__.items()
        }
    )
    return twin


class Checkout:
    """Takes private copies of cached aggregates.

    The repository's cache is shared by all threads and fast-forwarded in place, so
    a copy is taken under a per-aggregate lock that also covers the fast-forward.

    `checks_reads`: the store can check, inside a write, that streams read from the cache
    without asking the database are still at the versions read (storage/postgres_log.py).
    Then a first attempt takes the cached copy as it is (`peek`), and the aggregates a
    command wrote go back into the cache (`keep`), so the next command on them reads
    nothing: one round trip per command instead of one per aggregate plus the write.
    """

    def __init__(self, repository: Repository[Any], *, checks_reads: bool = False) -> None:
        self.repository = repository
        repository.deepcopy_from_cache = False  # we copy, cheaply, below
        self.checks_reads = checks_reads and repository.cache is not None
        self._locks: dict[UUID, threading.Lock] = {}
        self._guard = threading.Lock()

    def _lock(self, aggregate_id: UUID) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(aggregate_id, threading.Lock())

    def get(self, aggregate_id: UUID) -> Aggregate:
        with self._lock(aggregate_id):
            return clone(self.repository.get(aggregate_id))

    def peek(self, aggregate_id: UUID) -> Aggregate | None:
        """A copy of the cached aggregate as it is, or None if it is not cached."""
        cache = self.repository.cache
        if cache is None:
            return None
        with self._lock(aggregate_id):
            try:
                cached: Any = cache.get(aggregate_id)
            except KeyError:
                return None
            return clone(cached)

    def keep(self, aggregates: list[Aggregate]) -> None:
        """Cache aggregates just written (committed): newer than what the cache holds."""
        cache = self.repository.cache
        if cache is None or not self.checks_reads:
            return
        for aggregate in aggregates:
            with self._lock(aggregate.id):
                try:
                    cached: Any = cache.get(aggregate.id)
                except KeyError:
                    cached = None
                if cached is None or cached.version < aggregate.version:
                    cache.put(aggregate.id, aggregate)


class Session:
    def __init__(
        self, repository: Repository[Any] | Checkout, policy: Policy, first_attempt: bool = False
    ) -> None:
        self._repository = repository
        self.policy = policy
        # On a first attempt, handlers may skip "does this new stream exist?" reads:
        # the store refuses a duplicate stream anyway, and the retry checks properly.
        self.first_attempt = first_attempt
        # ... and, where the store checks reads (Checkout), `find` takes a cached aggregate
        # as it is: what it took unasked is in `expected`, for the write to check; a retry
        # reads afresh. An aggregate not cached is read, as before: a miss taken on trust
        # as "never written" would send every cold lookup of an existing one round twice.
        self._peeks = first_attempt and isinstance(repository, Checkout) and repository.checks_reads
        self._seen: dict[UUID, Aggregate] = {}
        self._expected: dict[UUID, int] = {}

    def find(self, cls: type[A], aggregate_id: UUID) -> A | None:
        """The aggregate, or None if the stream does not exist (or holds another type)."""
        if aggregate_id not in self._seen:
            repository = self._repository
            peeks = self._peeks and isinstance(repository, Checkout)
            cached = (
                repository.peek(aggregate_id)
                if isinstance(repository, Checkout) and peeks
                else None
            )
            if cached is not None:
                self._expected[aggregate_id] = cached.version
                self._seen[aggregate_id] = cached
            else:
                try:
                    self._seen[aggregate_id] = repository.get(aggregate_id)
                except AggregateNotFoundError:
                    return None
        found = self._seen[aggregate_id]
        return found if isinstance(found, cls) else None

    def get(self, cls: type[A], aggregate_id: UUID, what: str = "") -> A:
        found = self.find(cls, aggregate_id)
        if found is None:
            name = what or cls.__name__.lower()
            raise NotFound(f"{name} {aggregate_id} not found", id=str(aggregate_id))
        return found

    def add(self, aggregate: A) -> A:
        self._seen[aggregate.id] = aggregate
        return aggregate

    def changed(self) -> list[Aggregate]:
        return [a for a in self._seen.values() if a.pending_events]

    def expected(self) -> list[tuple[UUID, int]]:
        """The reads taken on trust, for the write to check. Written streams too: their
        version key would refuse a stale write anyway, but only after the INSERT drew log
        ids; the check runs first and refuses it before any id is drawn, so a conflict
        leaves no hole for the readers to wait out."""
        return list(self._expected.items())

    @property
    def trusted(self) -> bool:
        """Whether anything this command decided on was taken on trust from the cache."""
        return bool(self._expected)
