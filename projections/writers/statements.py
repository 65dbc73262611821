"""Statement lines: one per event that moves what a company owes, in log order.

Not a family of its own events: invoices, allocations and payments append here. Lines
are keyed and ordered by company, log position and `seq` (0 from invoice events, 1 from
payment events); the statement reads them by `on_date`, then position and seq."""

from __future__ import annotations

from typing import Any

from projections.rows import Rows
from projections.schema import day, moment


def statement(
    rows: Rows,
    e: Any,
    position: int,
    seq: int,
    company_id: Any,
    on_date: Any,
    kind: str,
    document: str,
    reference: str,
    amount: int,
    applied: int,
    currency: str,
) -> None:
    rows.append(
        "statement_lines",
        {
            "company_id": str(company_id),
            "position": position,
            "seq": seq,
            "at": moment(e.timestamp),
            "on_date": day(on_date),
            "kind": kind,
            "document": document,
            "reference": reference,
            "amount": amount,
            "applied": applied,
            "currency": currency,
        },
    )
