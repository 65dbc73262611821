"""From ledger events to read-model rows: the families joined, and one dispatch.

What each view does with an event lives in `projections.writers`, a module per
view family; this module only joins their handlers and calls the one an event
has. Reading the log, batching and tracking are `projections.views`' business.

Events the read side does not need (idempotency records, sequences, unique
keys) have no handler: they are skipped but still tracked, so "caught up" simply
means "tracked the last notification".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from projections.rows import Rows
from projections.writers import (
    allocations,
    bank,
    companies,
    delivery,
    disputes,
    erp,
    invoices,
    orders,
    payments,
    people,
    reminders,
)
from projections.writers.base import Family, Handler

FAMILIES = (
    people.FAMILY,
    companies.FAMILY,
    orders.FAMILY,
    invoices.FAMILY,
    allocations.FAMILY,
    disputes.FAMILY,
    payments.FAMILY,
    erp.FAMILY,
    delivery.FAMILY,
    bank.FAMILY,
    reminders.FAMILY,
)


def joined(families: Iterable[Family]) -> dict[type, Handler]:
    """Every family's handlers in one table; an event class two families claim is an error."""
    handlers: dict[type, Handler] = {}
    owner: dict[type, str] = {}
    for family in families:
        for cls, handler in family.handlers.items():
            if cls in owner:
                raise ValueError(f"{cls.__qualname__} is handled by {owner[cls]} and {family.name}")
            handlers[cls], owner[cls] = handler, family.name
    return handlers


HANDLERS = joined(FAMILIES)
TOPICS = frozenset(f"{cls.__module__}:{cls.__qualname__}" for cls in HANDLERS)


def handles_topic(topic: str) -> bool:
    """Whether events of this stored topic change any view (others need not be decoded)."""
    return topic in TOPICS


def project(rows: Rows, event: Any, position: int) -> None:
    handler = HANDLERS.get(type(event))
    if handler is not None:
        handler(rows, event, position)
