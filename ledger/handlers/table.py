"""The command table: which handler runs each command, and what a handler returns.

A handler never writes: it changes aggregates in the session and returns a small
JSON-able result. If any rule fails it raises before the application saves, so a
failed command leaves no trace. Each area module registers its handlers with
`@handles(Command)` as it is imported; `ledger.handlers` imports every area, so the
table is complete before the ledger runs a command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ledger import commands as c
from ledger.session import Session

Result = dict[str, Any]
C = TypeVar("C", bound=c.Command)
HANDLERS: dict[type[c.Command], Callable[[Session, Any], Result]] = {}


def handles(
    command: type[C],
) -> Callable[[Callable[[Session, C], Result]], Callable[[Session, C], Result]]:
    def register(handler: Callable[[Session, C], Result]) -> Callable[[Session, C], Result]:
        HANDLERS[command] = handler
        return handler

    return register
