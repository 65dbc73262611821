"""Questions about the past, answered from history rows without replaying the log.

Every invoice and company change wrote a version row valid over a range of log
positions and event times (`*_history`). "As of" a moment is a range lookup:

    valid_from <= P < valid_to        (by log position)
    valid_from_at <= T < valid_to_at  (by event time)

A moment is either a log position (`Moment(position=...)`) or a UTC time
(`Moment(at=...)`). Money comes back as `Decimal` at the currency's minor unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from projections.rows import Rows
from projections.schema import from_units, moment

BUCKETS = ("current", "1-30", "31-60", "61-90", "90+")


@dataclass(frozen=True)
class Moment:
    position: int | None = None
    at: datetime | None = None

    def __post_init__(self) -> None:
        if (self.position is None) == (self.at is None):
            raise ValueError("give exactly one of position or at")
        if self.at is not None and self.at.tzinfo is None:
            raise ValueError("as-of times must be timezone-aware")

    def where(self, key: str = "") -> tuple[str, dict[str, Any]]:
        """The range condition and its parameter; `key` names the parameter apart, for a
        statement that asks about several moments at once."""
        if self.position is not None:
            return (
                f"valid_from <= %(p{key})s AND (valid_to IS NULL OR valid_to > %(p{key})s)",
                {f"p{key}": self.position},
            )
        assert self.at is not None
        return (
            f"valid_from_at <= %(t{key})s AND (valid_to_at IS NULL OR valid_to_at > %(t{key})s)",
            {f"t{key}": moment(self.at)},
        )


def _money(row: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {**row, **{n: from_units(row[n], row["currency"]) for n in names}}


def invoice_as_of(rows: Rows, invoice_id: str, when: Moment) -> dict[str, Any] | None:
    where, params = when.where()
    found = rows.select(
        f"SELECT * FROM invoice_history WHERE invoice_id = %(id)s AND {where}",
        {**params, "id": invoice_id},
    )
    if not found:
        return None
    return _money(found[0], ("gross", "paid", "credited", "written_off", "open", "disputed"))


def company_as_of(rows: Rows, company_id: str, when: Moment) -> dict[str, Any] | None:
    where, params = when.where()
    found = rows.select(
        "SELECT h.*, c.currency, c.name FROM company_history h "
        "JOIN companies c ON c.company_id = h.company_id "
        f"WHERE h.company_id = %(id)s AND {where.replace('valid_', 'h.valid_')}",
        {**params, "id": company_id},
    )
    if not found:
        return None
    row = _money(found[0], ("credit_limit", "uninvoiced", "open_invoices", "unapplied"))
    row["exposure"] = row["uninvoiced"] + row["open_invoices"]
    row["balance"] = row["open_invoices"] - row["unapplied"]
    row["available_credit"] = row["credit_limit"] - row["exposure"]
    return row


def moment_date(rows: Rows, when: Moment) -> date:
    """The business date of a moment (for a position: the date of that event)."""
    if when.at is not None:
        return when.at.astimezone(UTC).date()
    found = rows.select(  # event times follow log positions: the last one is the latest
        "SELECT valid_from_at AS at FROM invoice_history WHERE valid_from <= %(p)s "
        "ORDER BY valid_from DESC LIMIT 1",
        {"p": when.position},
    )
    text = found[0]["at"] if found and found[0]["at"] else None
    return date.fromisoformat(text[:10]) if text else date.min


def aging(
    rows: Rows, when: Moment, company_id: str | None = None, today: date | None = None
) -> dict[str, dict[str, Decimal]]:
    """Open amounts by days past due, per currency, as of a moment.

    Buckets: current (not yet due), 1-30, 31-60, 61-90 and 90+ days past due,
    counted from the due date to the as-of date. Void invoices are excluded.
    """
    where, params = when.where()
    on = today or moment_date(rows, when)
    company = "AND company_id = %(company)s" if company_id else ""
    found = rows.select(
        "SELECT currency, due_date, SUM(open) AS open FROM invoice_history "
        f"WHERE {where} AND voided = 0 AND open <> 0 {company} GROUP BY currency, due_date",
        {**params, "company": company_id},
    )
    result: dict[str, dict[str, Decimal]] = {}
    for row in found:
        buckets = result.setdefault(row["currency"], dict.fromkeys(BUCKETS, Decimal(0)))
        late = (on - date.fromisoformat(row["due_date"])).days
        bucket = (
            "current"
            if late <= 0
            else "1-30"
            if late <= 30
            else "31-60"
            if late <= 60
            else "61-90"
            if late <= 90
            else "90+"
        )
        buckets[bucket] += from_units(int(row["open"]), row["currency"])
    return result
