"""The read models as adapters see them: handed in, never imported.

Some outside-world work reads what the log has become: the outbox finds the dispatches
that are due, bank matching finds the open invoices a remittance names, the post batch
finds what is not yet printed. Adapters sit beside the read side, not above it
(`docs/architecture.md`), so they do not import `projections`: whoever wires the process
(the CLI, `graphql_api.app`) builds a `ReadModels` from the views it opened and passes it
in. An adapter then needs only two things: bring the views up to the log's head, and
run SQL over their tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol


class Rows(Protocol):
    """SQL over the read-model tables (`projections.schema` names them)."""

    def select(self, sql: str, params: Any = None) -> list[dict[str, Any]]: ...

    def execute(self, sql: str, params: Any = None) -> Any: ...


@dataclass(frozen=True)
class ReadModels:
    """`rows()` opens a transaction over the views; `catch_up()` applies every event
    recorded so far, so what an adapter reads is at least as new as what it has seen.
    `moment` and `amount` are the views' storage formats (`projections.schema.moment`,
    `from_units`): a moment as the tables hold it, for comparing in SQL, and the Decimal
    an amount column's integer units stand for."""

    rows: Callable[[], AbstractContextManager[tuple[Any, Any]]]
    catch_up: Callable[[], object]  # how many events it applied; adapters ignore it
    moment: Callable[[datetime], str]
    amount: Callable[[int, str], Decimal]

    @contextmanager
    def current(self) -> Iterator[Rows]:
        """Rows after catching up: for a read that must see every event recorded so far."""
        self.catch_up()
        with self.rows() as (rows, _):
            yield rows
