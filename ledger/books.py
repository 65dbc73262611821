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
from ledger.money import FINE_GRAINED, MAX_AMOUNT, MAX_BALANCE, MAX_SCALE


def unheld_numbers(value: Any, name: str = "") -> list[str]:
    """Every number in an event's data that breaks the one definition of a valid amount
    (`ledger.money`): what the write side refuses at the door, found again in the log.

    `verify` runs this over history because an event stored before a limit was tightened,
    or written around the door, would otherwise stop the read side with no word of why.
    """
    if isinstance(value, Decimal):
        if not value.is_finite() or abs(value) >= MAX_AMOUNT:
            return [f"{name} {value} is beyond the limit of {MAX_AMOUNT:,f}"]
        exponent = value.as_tuple().exponent
        if name not in FINE_GRAINED and isinstance(exponent, int) and -exponent > MAX_SCALE:
            return [f"{name} {value} has more than {MAX_SCALE} decimals"]
        return []
    if isinstance(value, (tuple, list)):
        return [p for item in value for p in unheld_numbers(item, name)]
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in unheld_numbers(item, str(key))]
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None:
        return [p for f in fields for p in unheld_numbers(getattr(value, f), f)]
    return []


@dataclass
class Books:
    aggregates: dict[UUID, Any] = field(default_factory=dict)
    balances: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    unbalanced: list[str] = field(default_factory=list)
    negative_opens: list[str] = field(default_factory=list)
    unheld: list[str] = field(default_factory=list)
    events: int = 0

    def apply(self, event: Any) -> None:
        self.events += 1
        where = f"{type(event).__qualname__} {event.originator_id} v{event.originator_version}"
        data = {k: v for k, v in vars(event).items() if k not in ("originator_id", "timestamp")}
        self.unheld += [f"{where}: {problem}" for problem in unheld_numbers(data)]
        aggregate = event.mutate(self.aggregates.get(event.originator_id))
        self.aggregates[event.originator_id] = aggregate
        entry = getattr(event, "entry", None)
        if isinstance(entry, JournalEntry):
            if entry.imbalance():
                self.unbalanced.append(f"{where}: off by {entry.imbalance()}")
            for posting in entry.postings:
                key = (posting.account, posting.currency)
                balance = self.balances.get(key, Decimal(0)) + posting.amount
                self.balances[key] = balance
                if abs(balance) >= MAX_BALANCE:
                    self.unheld.append(
                        f"{where}: {posting.account} reaches {balance} {posting.currency}, "
                        f"beyond the {MAX_BALANCE:,f} a read model's sum holds"
                    )
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
