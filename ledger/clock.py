"""The ledger's notion of "now", settable per command.

Events take their timestamp from here. The Application sets it once per
command, so every event of one command shares one instant, and the demo and
data generators can write a realistic history spread over past months. Reading
a context variable keeps the domain free of I/O and safe under threads and
asyncio alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime

_now: ContextVar[datetime | None] = ContextVar("arledger_now", default=None)


def now() -> datetime:
    return _now.get() or datetime.now(UTC)


def today() -> date:
    return now().date()


@contextmanager
def frozen_at(moment: datetime) -> Iterator[datetime]:
    """Within the block, `now()` is `moment` (timezone-aware, UTC)."""
    if moment.tzinfo is None:
        raise ValueError("clock needs a timezone-aware datetime")
    token = _now.set(moment.astimezone(UTC))
    try:
        yield moment
    finally:
        _now.reset(token)
