"""The customers list as it stood at a past moment (`companies(asOf:)`).

The listed rows' figures are replaced by their versions as of the moment, read in two
statements for all companies (credit and balance from `company_history`, overdue from
`invoice_history`), so sorting by balance, overdue or exposure orders the past figures,
and `creditStatus` answers from the row with no statement per company. A company
created after the moment is not listed. The risk score is scored as of the moment too
(`projections.metrics.credit_risk` with `when`), one company at a time.
"""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from graphql_api.core.types import in_views
from projections.history import Moment, moment_date
from projections.rows import Rows

CREDIT = ("credit_limit", "uninvoiced", "open_invoices", "unapplied", "on_hold", "hold_reason")


def figures_as_of(rows: Rows, when: Moment) -> tuple[dict[str, Any], dict[str, int]]:
    where, params = when.where()
    credit = rows.select(
        f"SELECT company_id, {', '.join(CREDIT)} FROM company_history WHERE {where}",
        params,
    )
    overdue = rows.select(
        "SELECT company_id, SUM(open) AS units FROM invoice_history "
        f"WHERE {where} AND voided = 0 AND open > 0 AND due_date < %(on)s GROUP BY company_id",
        {**params, "on": moment_date(rows, when).isoformat()},
    )
    return {r["company_id"]: r for r in credit}, {
        r["company_id"]: int(r["units"] or 0) for r in overdue
    }


async def as_of_rows(info: Info, found: list[dict[str, Any]], when: Moment) -> list[dict[str, Any]]:
    """`found` (company rows) with their figures as of `when`; those not yet there dropped."""
    credit, overdue = await in_views(info, lambda r: figures_as_of(r, when))
    result = []
    for row in found:
        then = credit.get(row["company_id"])
        if then is None:
            continue
        row = {**row, **{k: then[k] for k in CREDIT}, "as_of_figures": True}
        row["balance"] = int(then["open_invoices"]) - int(then["unapplied"])
        row["overdue_units"] = overdue.get(row["company_id"], 0)
        result.append(row)
    return result
