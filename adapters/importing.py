"""What every import shares: one outcome per source record, and a summary.

A batch is imported record by record. A record is turned into ledger commands
*before* any of them runs, so a malformed record fails without writing; each
command is atomic and idempotent (its key derives from the source's own id),
so a re-run writes nothing for what is already in, and finishes what a crash
interrupted. Good records of a batch are imported even when others fail: the
summary names each failure by its source id.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ledger.application import Ledger
from ledger.commands import Command
from ledger.errors import LedgerError
from ledger.errors import RecordError as RecordError  # its home; importers still find it here
from ledger.lines import check_text
from ledger.money import to_decimal

IMPORTED = "imported"
UNCHANGED = "unchanged"
SKIPPED = "skipped"
PARKED = "parked"
FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    source: str  # the record as its system names it, e.g. "magento order 000000123"
    status: str
    detail: str = ""
    result: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        return f"{self.status:<9} {self.source}" + (f": {self.detail}" if self.detail else "")


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> Outcome:
        self.outcomes.append(outcome)
        return outcome

    def extend(self, other: Summary) -> None:
        self.outcomes.extend(other.outcomes)

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(o.status for o in self.outcomes))

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == FAILED]

    @property
    def ok(self) -> bool:
        return not self.failed

    def text(self) -> str:
        counts = self.counts
        order = (IMPORTED, UNCHANGED, SKIPPED, PARKED, FAILED)
        return ", ".join(
            f"{counts.get(s, 0)} {s}" for s in order if counts.get(s) or s in order[:2]
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "counts": self.counts,
            "records": [
                {"source": o.source, "status": o.status, "detail": o.detail} for o in self.outcomes
            ],
        }


def run_record(
    ledger: Ledger, source: str, build: Callable[[], Sequence[Command]], *, skip: str = ""
) -> Outcome:
    """Build a record's commands (failing before any write), then run them in order."""
    if skip:
        return Outcome(source, SKIPPED, skip)
    try:
        commands = build()
    except RecordError as error:
        return Outcome(source, FAILED, f"{error.code}: {error.message}")
    except LedgerError as error:
        return Outcome(source, FAILED, f"{error.code}: {error.message}")
    result: dict[str, Any] = {}
    wrote = False  # by this run: a concurrent import of the same file writes too
    try:
        for command in commands:
            executed = ledger.run(command)
            result, wrote = executed.result, wrote or executed.wrote
    except LedgerError as error:
        return Outcome(source, FAILED, f"{error.code}: {error.message}")
    status = IMPORTED if wrote else UNCHANGED
    return Outcome(source, status, result=result)


def amount(value: Any, what: str) -> Decimal:
    """A number from a foreign payload: exact, never via float."""
    if isinstance(value, bool | float):
        raise RecordError(f"{what} must be an exact number (read JSON with parse_float=Decimal)")
    if isinstance(value, int | Decimal):
        result = Decimal(value)
    elif isinstance(value, str):
        try:  # the ledger's own reading of a number: plain ASCII decimal notation
            result = to_decimal(value, what)
        except LedgerError as error:
            raise RecordError(error.message) from None
    else:
        raise RecordError(f"{what} is missing or not a number: {value!r}")
    if not result.is_finite():
        raise RecordError(f"{what} is not a finite number: {value!r}")
    return canonical(result)


def canonical(value: Decimal) -> Decimal:
    """One spelling per number ("10.0", "10" and "10.00" are the same quantity), so a
    record read from JSON and the same record read from CSV are the same command."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]


def text(value: Any, what: str, *, required: bool = True) -> str:
    if value is None or value == "":
        if required:
            raise RecordError(f"{what} is missing")
        return ""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise RecordError(f"{what} must be text, got {value!r}")
    try:  # the ledger's one rule for text
        return check_text(str(value).strip(), what, required=False)
    except LedgerError as error:
        raise RecordError(error.message) from None


def day(value: Any, what: str) -> date:
    """A date from a foreign payload: ISO, a timestamp's date part allowed."""
    try:
        return date.fromisoformat(text(value, what)[:10])
    except ValueError:
        raise RecordError(f"{what} is not a date: {value!r}") from None


def load_json(raw: bytes | str, what: str) -> Any:
    """JSON with exact numbers. Nesting deeper than the interpreter's recursion limit
    is refused like any other malformed JSON (no record is nested that deep)."""
    try:
        return json.loads(raw, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError) as error:
        raise RecordError(f"{what} is not valid JSON: {error}") from None
    except RecursionError:
        raise RecordError(f"{what} is nested too deeply") from None
