"""Unit of work for one command: the aggregates it read and the ones it changed.

Handlers load through the session so an aggregate touched twice is the same
object, and the application saves every changed aggregate in one atomic write
(the events, the idempotency record, and, on PostgreSQL, the balance check).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository
from eventsourcing.domain import Aggregate

from ledger.errors import NotFound

A = TypeVar("A", bound=Aggregate)


@dataclass(frozen=True)
class Policy:
    """Settings that rules depend on, fixed per application."""

    overdue_days: int = 30


class Session:
    def __init__(self, repository: Repository[Any], policy: Policy) -> None:
        self._repository = repository
        self.policy = policy
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
