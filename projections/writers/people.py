"""Users and staff: who a buyer reports to (the `path` that scopes what they may see)
and which accounts a staff member works on."""

from __future__ import annotations

from typing import Any

from ledger.users import Staff, User
from projections.rows import Rows
from projections.writers.base import Family, sid

FAMILY = Family("people")
on = FAMILY.on


@on(User.Registered)
def user_registered(rows: Rows, e: User.Registered, position: int) -> None:
    boss = rows.get("users", str(e.reports_to)) if e.reports_to else None
    rows.put(
        "users",
        {
            "user_id": str(e.originator_id),
            "company_id": str(e.company_id),
            "email": e.email,
            "name": e.name,
            "reports_to": sid(e.reports_to),
            "can_view_all": int(e.can_view_all_invoices),
            "path": (boss["path"] if boss else "/") + f"{e.originator_id}/",
            "position": position,
        },
    )


@on(User.ReportsToChanged)
def reports_to_changed(rows: Rows, e: User.ReportsToChanged, position: int) -> None:
    """Move the user's subtree; every invoice its members ordered follows."""
    user = rows.get("users", str(e.originator_id))
    assert user is not None
    boss = rows.get("users", str(e.reports_to)) if e.reports_to else None
    old = user["path"]
    new = (boss["path"] if boss else "/") + f"{e.originator_id}/"
    moved = {
        "old": old,
        "new": new,
        "cut": len(old) + 1,
        "like": old + "%",
        "company": user["company_id"],
    }
    rows.execute(
        "UPDATE users SET path = %(new)s || substr(path, %(cut)s) "
        "WHERE company_id = %(company)s AND path LIKE %(like)s",
        moved,
    )
    rows.execute(
        "UPDATE invoices SET orderer_path = %(new)s || substr(orderer_path, %(cut)s) "
        "WHERE company_id = %(company)s AND orderer_path LIKE %(like)s",
        moved,
    )
    user = rows.get("users", str(e.originator_id))
    assert user is not None
    user.update(reports_to=sid(e.reports_to), position=position)
    rows.put("users", user)


@on(User.ViewAllChanged)
def view_all_changed(rows: Rows, e: User.ViewAllChanged, position: int) -> None:
    user = rows.get("users", str(e.originator_id))
    assert user is not None
    user.update(can_view_all=int(e.can_view_all_invoices), position=position)
    rows.put("users", user)


@on(Staff.Registered, Staff.AccountsAssigned)
def staff_changed(rows: Rows, e: Any, position: int) -> None:
    row = rows.get("staff", str(e.originator_id)) or {"staff_id": str(e.originator_id)}
    if isinstance(e, Staff.Registered):
        row.update(email=e.email, name=e.name, roles=",".join(e.roles))
    row.update(companies=",".join(str(c) for c in e.companies), position=position)
    rows.put("staff", row)
