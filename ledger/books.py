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
from ledger.problems import Problem


def unheld_numbers(value: Any, name: str = "") -> list[tuple[str, Decimal, str]]:
    """Every number in an event's data that breaks the one definition of a valid amount
    (`ledger.money`): what the write side refuses at the door, found again in the log.

    `verify` runs this over history because an event stored before a limit was tightened,
    or written around the door, would otherwise stop the read side with no word of why.
    Each finding is (field, value, what is wrong with it).
    """
    if isinstance(value, Decimal):
        if not value.is_finite() or abs(value) >= MAX_AMOUNT:
            return [(name, value, f"is beyond the limit of {MAX_AMOUNT:,f}")]
        exponent = value.as_tuple().exponent
        if name not in FINE_GRAINED and isinstance(exponent, int) and -exponent > MAX_SCALE:
            return [(name, value, f"has more than {MAX_SCALE} decimals")]
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
    """The folded history; `unbalanced`, `negative_opens` and `unheld` are what three rules
    can only see event by event (a later event may hide them), kept as the problems those
    rules report."""

    aggregates: dict[UUID, Any] = field(default_factory=dict)
    balances: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    unbalanced: list[Problem] = field(default_factory=list)
    negative_opens: list[Problem] = field(default_factory=list)
    unheld: list[Problem] = field(default_factory=list)
    events: int = 0

    def apply(self, event: Any) -> None:
        self.events += 1
        name = type(event).__qualname__
        version = str(event.originator_version)
        where = f"{name} {event.originator_id} v{version}"
        about = f"{name.split('.')[0].lower()} {event.originator_id}"
        at = {"event": name, "version": version}
        data = {k: v for k, v in vars(event).items() if k not in ("originator_id", "timestamp")}
        self.unheld += [
            Problem(
                "numbers_within_limits",
                about,
                {**at, "field": field_name, "value": str(value)},
                f"{where}: {field_name} {value} {why}",
            )
            for field_name, value, why in unheld_numbers(data)
        ]
        aggregate = event.mutate(self.aggregates.get(event.originator_id))
        self.aggregates[event.originator_id] = aggregate
        entry = getattr(event, "entry", None)
        if isinstance(entry, JournalEntry):
            if entry.imbalance():
                off = entry.imbalance()
                self.unbalanced.append(
                    Problem(
                        "journal_balances",
                        about,
                        {**at, **{currency: str(amount) for currency, amount in off.items()}},
                        f"unbalanced entry: {where}: off by {off}",
                    )
                )
            for posting in entry.postings:
                key = (posting.account, posting.currency)
                balance = self.balances.get(key, Decimal(0)) + posting.amount
                self.balances[key] = balance
                if abs(balance) >= MAX_BALANCE:
                    self.unheld.append(
                        Problem(
                            "numbers_within_limits",
                            about,
                            {
                                **at,
                                "account": posting.account,
                                "balance": str(balance),
                                "currency": posting.currency,
                            },
                            f"{where}: {posting.account} reaches {balance} {posting.currency}, "
                            f"beyond the {MAX_BALANCE:,f} a read model's sum holds",
                        )
                    )
        lines = getattr(aggregate, "lines", None)
        settled = getattr(aggregate, "settled", None)
        if lines is not None and settled is not None:
            for line in lines:
                left = line.gross - settled.get(line.line_id, Decimal(0))
                if left < 0:
                    self.negative_opens.append(
                        Problem(
                            "open_amount_never_negative",
                            f"invoice {aggregate.number}",
                            {"line": line.line_id, "version": version, "open": str(left)},
                            f"negative open amount: invoice {aggregate.number} line "
                            f"{line.line_id} after v{version}",
                        )
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
