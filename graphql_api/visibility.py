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

# The invoice status, derived at read time exactly as `Invoice.status` derives it.
STATUS_SQL = (
    "CASE WHEN i.voided = 1 THEN 'VOID' "
    "WHEN i.written_off_flag = 1 AND i.open = 0 THEN 'WRITTEN_OFF' "
    "WHEN i.open = 0 AND (i.paid > 0 OR i.credited = 0) THEN 'PAID' "
    "WHEN i.open = 0 THEN 'CREDITED' "
    "WHEN i.open_disputes > 0 THEN 'DISPUTED' "
    "WHEN i.due_date < %(today)s THEN 'OVERDUE' "
    "WHEN i.paid > 0 OR i.credited > 0 THEN 'PARTIALLY_PAID' "
    "ELSE 'OPEN' END"
)


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
