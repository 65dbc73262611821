"""AR month by month, for the dashboard's charts: DSO at each month's end, cash
collected and invoice gross falling due in each month, per currency.

The trend ends at a moment (now, or an auditor's past moment): its last month is cut
there (DSO as of that moment, payments received and invoices due up to its date), and
what falls due is read from invoice history as of that moment, so an invoice issued or
voided later does not show. DSO is `metrics.dso_series`, the one DSO rule, asked about
every month-end in one statement; the whole trend is three statements for any number
of months.

Payments are the current read model (`payments`), counted once recorded by the moment
(`recorded_by`); one reversed since is left out of the month it was received in, even
for a past moment (the table keeps no reversal time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from projections.history import Moment, moment_date
from projections.metrics import dso_series
from projections.rows import Rows
from projections.schema import from_units, moment


@dataclass
class Month:
    first: date
    dso: dict[str, Decimal | None] = field(default_factory=dict)
    collected: dict[str, Decimal] = field(default_factory=dict)
    due: dict[str, Decimal] = field(default_factory=dict)


def month_starts(last: date, months: int) -> list[date]:
    """The first days of the `months` months ending with the one holding `last`, oldest first."""
    year, month = last.year, last.month
    found = []
    for _ in range(months):
        if year < 1:  # a position before any event has no date (date.min): stop there
            break
        found.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found[::-1]


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def recorded_by(when: Moment) -> tuple[str, dict[str, Any]]:
    """Payments `p` in the books at the moment. `receivedOn` is the buyer's date and may lie
    before the recording: by event time, a payment's receipt opened a version of its
    company's history at the payment's log position (unapplied cash grew), which says when."""
    if when.position is not None:
        return "p.position <= %(booked)s", {"booked": when.position}
    assert when.at is not None
    return (
        "EXISTS (SELECT 1 FROM company_history h WHERE h.company_id = p.company_id "
        "AND h.valid_from = p.position AND h.valid_from_at <= %(booked)s)",
        {"booked": moment(when.at)},
    )


def trend(rows: Rows, when: Moment, months: int) -> list[Month]:
    end = moment_date(rows, when)
    result = [Month(first) for first in month_starts(end, months)]
    ends: list[tuple[Moment, date]] = []
    for m in result[:-1]:
        after = next_month(m.first)
        at = datetime(after.year, after.month, after.day, tzinfo=UTC) - timedelta(microseconds=1)
        ends.append((Moment(at=at), after - timedelta(days=1)))
    ends.append((when, end))
    for m, figures in zip(result, dso_series(rows, ends), strict=True):
        m.dso = figures
    by_month = {m.first.isoformat()[:7]: m for m in result}
    span = {"start": result[0].first.isoformat(), "end": end.isoformat()}
    booked, booked_params = recorded_by(when)
    for row in rows.select(
        "SELECT currency, substr(received_on, 1, 7) AS month, SUM(amount) AS total "
        "FROM payments p WHERE reversed = 0 AND received_on >= %(start)s "
        f"AND received_on <= %(end)s AND {booked} "
        "GROUP BY currency, substr(received_on, 1, 7)",
        {**span, **booked_params},
    ):
        by_month[row["month"]].collected[row["currency"]] = from_units(
            int(row["total"] or 0), row["currency"]
        )
    where, params = when.where()
    for row in rows.select(
        "SELECT currency, substr(due_date, 1, 7) AS month, SUM(gross) AS total "
        f"FROM invoice_history WHERE {where} AND voided = 0 AND due_date >= %(start)s "
        "AND due_date <= %(end)s GROUP BY currency, substr(due_date, 1, 7)",
        {**params, **span},
    ):
        by_month[row["month"]].due[row["currency"]] = from_units(
            int(row["total"] or 0), row["currency"]
        )
    return result
