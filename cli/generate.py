"""Seeded history at scale, for benchmarks: millions of events in minutes.

It runs the demo's plan (more companies, more orders, a longer span) through
the very same command handlers as the service, so every event obeys the same
rules, but against aggregates held in memory: no reads from the store, no
idempotency records, and events saved in large batches. A command the rules
refuse is rolled back by working on copies of the aggregates it touches.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from cli import demo
from ledger import clock
from ledger.application import Ledger
from ledger.errors import LedgerError
from ledger.handlers import HANDLERS
from ledger.session import A, Policy, Session, clone

EVENTS_PER_ORDER = 4  # well under what the demo plan gives, so the plan never runs short


class MemorySession(Session):
    """A unit of work over in-memory aggregates; changes land only on `commit`."""

    def __init__(self, store: dict[UUID, Aggregate], ledger: Ledger) -> None:
        # Years of history with a 30-day overdue rule would put most buyers on hold for
        # good and stop the story; generated data holds companies for the limit only.
        super().__init__(ledger.repository, Policy(overdue_days=3650))
        self._store = store

    def find(self, cls: type[A], aggregate_id: UUID) -> A | None:
        if aggregate_id not in self._seen:
            original = self._store.get(aggregate_id)
            if original is None:
                return None
            self._seen[aggregate_id] = clone(original)
        found = self._seen[aggregate_id]
        return found if isinstance(found, cls) else None

    def commit(self) -> None:
        self._store.update(self._seen)


def generate(
    ledger: Ledger,
    events: int,
    seed: int = 1,
    *,
    batch: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    orders = max(10, events // EVENTS_PER_ORDER)
    steps = demo.plan(
        seed=seed, orders=orders, companies=max(4, orders // 400), days=max(150, orders // 60)
    )
    store: dict[UUID, Aggregate] = {}
    queue: list[Any] = []  # events in the order commands raised them
    written = 0
    refused: dict[str, int] = {}
    dead: set[str] = set()
    for step in steps:
        if written + len(queue) >= events:
            break
        if step.group in dead:
            continue
        session = MemorySession(store, ledger)
        try:
            with clock.frozen_at(step.at):
                HANDLERS[type(step.command)](session, step.command)
        except LedgerError as error:
            name = f"{type(step.command).__name__}: {error.code}"
            refused[name] = refused.get(name, 0) + 1
            if step.group:
                dead.add(step.group)
            continue
        for aggregate in session.changed():
            queue.extend(aggregate.collect_events())
        session.commit()
        if len(queue) >= batch:
            written += _save(ledger, queue, progress)
    written += _save(ledger, queue, progress)
    return {"events": written, "aggregates": len(store), "refused_commands": refused}


def _save(ledger: Ledger, queue: list[Any], progress: Callable[[int], None] | None) -> int:
    count = len(queue)
    if count:
        ledger.save(*queue)
        queue.clear()
        if progress is not None:
            progress(count)
    return count
