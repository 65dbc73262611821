"""`Query.companies`: the customers list (balance, overdue, risk grade, hold), filtered,
searched, sorted and paged like `invoices`.

Companies are few next to invoices (the 1M-event bench has hundreds, not millions), so
the visible, filtered companies are read in one statement with their balance and
overdue amount, sorted and paged here: risk is a Python score (`projections.metrics`)
that SQL cannot sort by. A risk grade filter or risk sort scores every matching company,
in one worker thread.

A filter or sort on a figure is allowed only to who may read that figure (the matrix's
`Company.balance`, `Company.overdue`, `Company.creditStatus`, `Company.creditRisk`):
otherwise the order of the rows would tell a delivery user who owes most.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from graphql_api.core.inputs import as_of_moment, fail, page_size, text, viewer_of
from graphql_api.core.paging import Connection, page
from graphql_api.core.types import in_views
from graphql_api.credit.past import as_of_rows
from graphql_api.credit.types import Company, company_rows, grade, risk_of
from graphql_api.permissions import MATRIX


@strawberry.enum
class CompanySort(enum.Enum):
    NAME = "NAME"  # A to Z
    BALANCE = "BALANCE"  # largest first
    OVERDUE = "OVERDUE"  # largest first
    RISK = "RISK"  # riskiest first
    EXPOSURE = "EXPOSURE"  # largest first: uninvoiced orders plus open invoices


# Which field of the matrix a filter or sort reveals.
REVEALS = {"onHold": "creditStatus", "overdue": "overdue", "riskGrade": "creditRisk",
           CompanySort.BALANCE: "balance", CompanySort.OVERDUE: "overdue",
           CompanySort.RISK: "creditRisk", CompanySort.EXPOSURE: "creditStatus"}  # fmt: skip


def may_use(info: Info, what: Any) -> None:
    field = REVEALS[what]
    if not viewer_of(info).roles & MATRIX["Company"][field]:
        name = what.value.lower() if isinstance(what, CompanySort) else what
        raise fail(f"your role may not filter or sort companies by {name}", "FORBIDDEN")


def sort_key(sort: CompanySort, row: dict[str, Any]) -> list[Any]:
    """The row's place in the order, as the cursor holds it (ascending, id last)."""
    if sort is CompanySort.NAME:
        return [str(row["name"]).lower(), row["company_id"]]
    if sort is CompanySort.EXPOSURE:  # as `creditStatus.exposure` counts it, now
        return [-int(row["uninvoiced"] + row["open_invoices"]), row["company_id"]]
    figure = {CompanySort.BALANCE: "balance", CompanySort.OVERDUE: "overdue_units",
              CompanySort.RISK: "risk_score"}[sort]  # fmt: skip
    return [-int(row[figure]), row["company_id"]]


@strawberry.type
class CompanyQueries:
    """The customers list."""

    @strawberry.field
    async def companies(
        self,
        info: Info,
        search: str | None = None,
        on_hold: bool | None = None,
        overdue: bool | None = None,
        risk_grade: list[str] | None = None,
        sort: CompanySort | None = CompanySort.NAME,
        first: int = 50,
        after: str | None = None,
        as_of: datetime | None = None,
    ) -> Connection[Company]:
        """Companies the viewer may see (a buyer: their own; sales: their accounts).
        `search` matches name, ERP account number or invoice e-mail; `overdue: true` keeps
        those with an amount past due; `riskGrade` the given grades (A to E). With `asOf`,
        balance, overdue, credit status and risk (and sorts and filters on them) are
        as they stood then (`credit/past.py`)."""
        page_size(first)  # before any work
        when = as_of_moment(info, as_of)
        sort = sort or CompanySort.NAME  # null is the default order
        extra, params = "", {}
        if search:
            extra += (
                " AND (lower(c.name) LIKE %(q)s OR lower(COALESCE(c.erp_account, '')) LIKE %(q)s"
                " OR lower(COALESCE(c.invoice_email, '')) LIKE %(q)s)"
            )
            params["q"] = f"%{text(search, 'search').lower()}%"
        if on_hold is not None:
            may_use(info, "onHold")
            if when is None:  # else: on the past rows, below
                extra += " AND c.on_hold = %(hold)s"
                params["hold"] = int(on_hold)
        if sort is not CompanySort.NAME:
            may_use(info, sort)
        grades = None
        if risk_grade is not None:
            may_use(info, "riskGrade")
            grades = {text(g, "risk grade").upper() for g in risk_grade}
            if not grades <= set("ABCDE"):
                raise fail("riskGrade takes A, B, C, D or E", "BAD_INPUT", given=sorted(grades))
        rows = await company_rows(info, extra, params)
        if when is not None:
            rows = await as_of_rows(info, rows, when)
            if on_hold is not None:
                rows = [r for r in rows if bool(r["on_hold"]) == on_hold]
        if overdue is not None:
            may_use(info, "overdue")
            rows = [r for r in rows if (int(r["overdue_units"]) > 0) == overdue]
        if grades is not None or sort is CompanySort.RISK:
            scores = await in_views(
                info, lambda v: [risk_of(v, r["company_id"], info, when).score for r in rows]
            )
            for row, score in zip(rows, scores, strict=True):
                row["risk_score"] = score
            if grades is not None:
                rows = [r for r in rows if grade(r["risk_score"]) in grades]
        rows.sort(key=lambda r: sort_key(sort, r))
        return page(
            rows, first, after, lambda r: sort_key(sort, r), lambda r: Company(row=r, as_of=when)
        )
