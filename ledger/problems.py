"""A broken rule of the books, as data: which rule, about what, the figures, the words.

Like beancount's `ValidationError` (source, message, entry), a problem is a value a tool
can sort and count by rule or aggregate, not a sentence to parse. Its `message` is the
sentence `arledger verify` has always printed, so people read the same words; `figures`
are the numbers in it, as strings (Decimals keep their digits; never floats).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class Problem:
    rule: str  # the invariant's function name in `ledger.invariants`
    aggregate: str  # what it is about, as a user names it: "invoice INV-000001", "books"
    figures: Mapping[str, str]  # the numbers in the message, by name
    message: str  # the words `verify` prints

    def __post_init__(self) -> None:
        # read-only and detached from the caller's dict: a frozen value all the way down
        object.__setattr__(self, "figures", MappingProxyType(dict(self.figures)))

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict[str, Any]:
        """JSON-able, for `arledger verify --json`."""
        return {
            "rule": self.rule,
            "aggregate": self.aggregate,
            "figures": dict(self.figures),
            "message": self.message,
        }
