"""Hash-chained aggregates: every event records the hash of the one before it.

Each event carries `prev_hash` (the hash of the previous event of the same
aggregate, or GENESIS) and `hash`, a SHA-256 over a canonical JSON form of the
event's topic and every other field, `prev_hash` included. Editing a stored
event changes its recomputed hash; deleting or reordering one breaks the next
event's `prev_hash`. `ledger.audit.verify_chain` checks both.

Why per aggregate and not one global chain: a global chain would serialise
every write in the system behind one row. Per-aggregate chains ride on the
optimistic concurrency the event store already enforces per stream. `verify`
also prints a seal over all hashes in log order, so an auditor who keeps the
seal can detect a truncated tail as well.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from ledger import clock

GENESIS = "0" * 64


def _canonical_default(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, UUID):
        return value.hex
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return stored_fields(value)
    raise TypeError(f"cannot hash {type(value).__name__}")


def stored_fields(value: Any) -> dict[str, Any]:
    """A value object's fields as stored and hashed.

    Fields added to a value type after events were stored are named, with their
    defaults, in the type's `OMIT_IF_DEFAULT`: each is left out while it holds its default,
    so an old event, decoded with the default filled in, hashes (and re-encodes) as it was
    written.
    """
    omit: dict[str, object] = getattr(type(value), "OMIT_IF_DEFAULT", {})
    return {
        f.name: getattr(value, f.name)
        for f in dataclasses.fields(value)
        if f.name not in omit or getattr(value, f.name) != omit[f.name]
    }


_encoder = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_canonical_default
)


def canonical_json(value: object) -> str:
    """Stable JSON for hashing: sorted keys, tuples as lists, Decimals as strings."""
    return _encoder.encode(value)


def event_digest(event: object) -> str:
    """SHA-256 of an event's topic and fields, excluding its own `hash`."""
    fields = {k: v for k, v in vars(event).items() if k != "hash"}
    payload = get_topic(type(event)) + "\n" + canonical_json(fields)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ChainedAggregate(Aggregate):
    """Aggregate whose events form a hash chain (see module docstring)."""

    chain_head = GENESIS  # not annotated: annotations would make a dataclass field

    class Event(Aggregate.Event):
        prev_hash: str
        hash: str

        @staticmethod
        def create_timestamp() -> datetime:
            return clock.now()

        def __post_init__(self) -> None:
            super().__post_init__()
            if not self.hash:
                object.__setattr__(self, "hash", event_digest(self))

        def mutate(self, aggregate: Any) -> Any:
            result: Any = super().mutate(aggregate)
            result.chain_head = self.hash
            return result

    class Created(Event, Aggregate.Created):
        pass

    @classmethod
    def _create(cls, event_class: Any, *, id: Any = None, **kwargs: Any) -> Any:
        return super()._create(event_class, id=id, prev_hash=GENESIS, hash="", **kwargs)

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        super().trigger_event(event_class, prev_hash=self.chain_head, hash="", **kwargs)
