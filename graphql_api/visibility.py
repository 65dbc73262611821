"""Row-level visibility as SQL: which invoices and companies a viewer may see.

    buyer, can view all     their company
    buyer                   invoices whose orderer path starts with theirs
                            (their own and everyone's below them)
    SALES                   their assigned companies
    other staff             everything

A row outside this filter is simply not found: the API answers NOT_FOUND for
another company's id exactly as for a missing one.
"""

from __future__ import annotations

from typing import Any

from graphql_api.auth import Viewer
from ledger.status import status_sql


def status_predicates(today: str = "%(today)s", alias: str = "i") -> dict[str, str]:
    """Each fact of `ledger.status` as SQL over an invoice row (`invoices`, or a version in
    `invoice_history`: both hold these columns), on the day `today` (a SQL expression)."""
    return {
        "voided": f"{alias}.voided = 1",
        "written_off": f"{alias}.written_off_flag = 1",
        "settled": f"{alias}.open = 0",
        "paid": f"{alias}.paid > 0",
        "credited": f"{alias}.credited > 0",
        "disputed": f"{alias}.open_disputes > 0",
        "overdue": f"{alias}.due_date < {today}",
    }


# The invoice status, derived at read time by the rule `Invoice.status` uses.
STATUS_SQL = status_sql(status_predicates())
# A history version's status on the day it began (`Invoice.history`): what the invoice was
# then, not what the same figures would mean today.
VERSION_STATUS_SQL = status_sql(status_predicates(today="substr(i.valid_from_at, 1, 10)"))


def invoice_filter(viewer: Viewer, alias: str = "i") -> tuple[str, dict[str, Any]]:
    if viewer.is_buyer:
        if viewer.can_view_all:
            return f"{alias}.company_id = %(v_company)s", {"v_company": viewer.company_id}
        return (
            f"{alias}.company_id = %(v_company)s AND {alias}.orderer_path LIKE %(v_path)s",
            {"v_company": viewer.company_id, "v_path": viewer.path + "%"},
        )
    return company_filter(viewer, f"{alias}.company_id")


def company_filter(viewer: Viewer, column: str = "company_id") -> tuple[str, dict[str, Any]]:
    if viewer.is_buyer:
        return f"{column} = %(v_company)s", {"v_company": viewer.company_id}
    if viewer.roles == {"SALES"} or (
        viewer.has("SALES")
        and not viewer.has("AR_MANAGER", "AUDITOR", "CUSTOMER_SERVICE", "DELIVERY")
    ):
        companies = sorted(viewer.companies)
        if not companies:
            return "1 = 0", {}
        names = {f"v_c{n}": c for n, c in enumerate(companies)}
        return f"{column} IN ({', '.join(f'%({k})s' for k in names)})", names
    return "1 = 1", {}
