"""The whole history folded into memory: every aggregate and every account balance.

`Books` replays events in log order onto fresh aggregates (the same `mutate`
the repository uses) and sums every journal entry into account balances. The
invariants in `ledger.invariants` read a `Books`; `arledger verify` builds one
from the store, and the property tests build one after every command.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from uuid import UUID

from ledger.journal import JournalEntry


@dataclass
class Books:
    aggregates: dict[UUID, Any] = field(default_factory=dict)
    balances: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    unbalanced: list[str] = field(default_factory=list)
    negative_opens: list[str] = field(default_factory=list)
    events: int = 0

    def apply(self, event: Any) -> None:
        self.events += 1
        aggregate = event.mutate(self.aggregates.get(event.originator_id))
        self.aggregates[event.originator_id] = aggregate
        entry = getattr(event, "entry", None)
        if isinstance(entry, JournalEntry):
            where = f"{type(event).__qualname__} {event.originator_id} v{event.originator_version}"
            if entry.imbalance():
                self.unbalanced.append(f"{where}: off by {entry.imbalance()}")
            for posting in entry.postings:
                key = (posting.account, posting.currency)
                self.balances[key] = self.balances.get(key, Decimal(0)) + posting.amount
        lines = getattr(aggregate, "lines", None)
        settled = getattr(aggregate, "settled", None)
        if lines is not None and settled is not None:
            for line in lines:
                if line.gross - settled.get(line.line_id, Decimal(0)) < 0:
                    self.negative_opens.append(
                        f"invoice {aggregate.number} line {line.line_id} after "
                        f"v{event.originator_version}"
                    )

    def of_type(self, cls: type[Any]) -> list[Any]:
        return [a for a in self.aggregates.values() if isinstance(a, cls)]

    def balance(self, account: str, currency: str) -> Decimal:
        return self.balances.get((account, currency), Decimal(0))


def fold(events: Iterable[Any]) -> Books:
    books = Books()
    for event in events:
        books.apply(event)
    return books
