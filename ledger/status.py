"""An invoice's status: the one rule, as data, for the aggregate and for the read side.

Status is derived, never stored, so "overdue" needs no scheduler. The rule is an
ordered list: the first row whose facts all hold (and whose absent facts all fail)
names the status; an invoice no row matches is OPEN.

    VOID > WRITTEN_OFF (nothing open) > PAID / CREDITED > DISPUTED > OVERDUE
         > PARTIALLY_PAID > OPEN

A settled invoice is PAID when money paid it, or when nothing was credited (an
invoice of zero); CREDITED when credit notes alone closed it.

The read models cannot call Python inside SQL, and a list filtered by status must
agree with the status each row shows, so `status_sql` renders this same list as a
SQL CASE from the read side's own predicate for each fact. Writing the CASE by hand
beside the aggregate's `if`s was how the two drifted apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import NamedTuple

VOID = "VOID"
WRITTEN_OFF = "WRITTEN_OFF"
PAID = "PAID"
CREDITED = "CREDITED"
DISPUTED = "DISPUTED"
OVERDUE = "OVERDUE"
PARTIALLY_PAID = "PARTIALLY_PAID"
OPEN = "OPEN"

# Every status an invoice can have, in the order the API has always listed them.
STATUSES = (OPEN, PARTIALLY_PAID, PAID, OVERDUE, DISPUTED, VOID, WRITTEN_OFF, CREDITED)


@dataclass(frozen=True, slots=True)
class InvoiceFacts:
    """What the status depends on, each a yes or no."""

    voided: bool
    written_off: bool  # a write-off was booked
    settled: bool  # nothing is open
    paid: bool  # money is allocated to it
    credited: bool  # a credit note landed on it
    disputed: bool  # a query is open
    overdue: bool  # today is after the due date


FACTS = tuple(InvoiceFacts.__dataclass_fields__)


class Row(NamedTuple):
    status: str
    holds: tuple[str, ...]
    fails: tuple[str, ...] = ()


RULE: tuple[Row, ...] = (
    Row(VOID, ("voided",)),
    Row(WRITTEN_OFF, ("written_off", "settled")),
    Row(PAID, ("settled", "paid")),
    Row(PAID, ("settled",), ("credited",)),
    Row(CREDITED, ("settled",)),
    Row(DISPUTED, ("disputed",)),
    Row(OVERDUE, ("overdue",)),
    Row(PARTIALLY_PAID, ("paid",)),
    Row(PARTIALLY_PAID, ("credited",)),
)
OTHERWISE = OPEN


def status_of(facts: InvoiceFacts) -> str:
    known = asdict(facts)
    for row in RULE:
        if all(known[f] for f in row.holds) and not any(known[f] for f in row.fails):
            return row.status
    return OTHERWISE


def status_sql(predicates: Mapping[str, str]) -> str:
    """The rule as a SQL CASE, given a boolean SQL expression for each fact. Plain
    `CASE`, `AND` and `NOT`, so SQLite and PostgreSQL read it alike."""
    missing = set(FACTS) - set(predicates)
    if missing:
        raise ValueError(f"status_sql needs a predicate for {sorted(missing)}")
    whens = []
    for row in RULE:
        conditions = [predicates[f] for f in row.holds]
        conditions += [f"NOT ({predicates[f]})" for f in row.fails]
        whens.append(f"WHEN {' AND '.join(conditions)} THEN '{row.status}'")
    return f"CASE {' '.join(whens)} ELSE '{OTHERWISE}' END"
