"""The handler registry each view family fills, and the conversions all of them use.

A family registers on its own `Family` instead of one shared dict so that the
projector can refuse, when it joins them, an event class two families claim:
`project` calls one handler per event, and the second would be silently lost.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from projections.rows import Rows
from projections.schema import to_units

Handler = Callable[[Rows, Any, int], None]


class Family:
    """The handlers of one view family, by the event class each one applies."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.handlers: dict[type, Handler] = {}

    def on(self, *event_classes: type) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            for cls in event_classes:
                self.handlers[cls] = handler
            return handler

        return register


def units(amount: Decimal) -> int:
    return to_units(amount)


def sid(value: Any) -> str | None:
    return None if value is None else str(value)
