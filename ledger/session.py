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
    """

    def __init__(self, repository: Repository[Any]) -> None:
        self.repository = repository
        repository.deepcopy_from_cache = False  # we copy, cheaply, below
        self._locks: dict[UUID, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, aggregate_id: UUID) -> Aggregate:
        with self._guard:
            lock = self._locks.setdefault(aggregate_id, threading.Lock())
        with lock:
            return clone(self.repository.get(aggregate_id))


class Session:
    def __init__(
        self, repository: Repository[Any] | Checkout, policy: Policy, first_attempt: bool = False
    ) -> None:
        self._repository = repository
        self.policy = policy
        # On a first attempt, handlers may skip "does this new stream exist?" reads:
        # the store refuses a duplicate stream anyway, and the retry checks properly.
        self.first_attempt = first_attempt
        self._seen: dict[UUID, Aggregate] = {}

    def find(self, cls: type[A], aggregate_id: UUID) -> A | None:
        """The aggregate, or None if the stream does not exist (or holds another type)."""
        if aggregate_id not in self._seen:
            try:
                self._seen[aggregate_id] = self._repository.get(aggregate_id)
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
