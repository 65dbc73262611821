"""ERP import exceptions: documents parked for a person to resolve or dismiss."""

from __future__ import annotations

from typing import Any

from ledger.erp_exceptions import DISMISSED, OPEN, RESOLVED, ErpException
from projections.rows import Rows
from projections.schema import moment
from projections.writers.base import Family

FAMILY = Family("erp")
on = FAMILY.on


@on(ErpException.Parked)
def erp_parked(rows: Rows, e: ErpException.Parked, position: int) -> None:
    rows.put(
        "erp_exceptions",
        {
            "exception_id": str(e.originator_id),
            "source": e.source,
            "number": e.number,
            "reason": e.reason,
            "status": OPEN,
            "document": e.document,
            "parked_at": moment(e.timestamp),
            "position": position,
        },
    )


@on(ErpException.Resolved, ErpException.Dismissed)
def erp_closed(rows: Rows, e: Any, position: int) -> None:
    row = rows.get("erp_exceptions", str(e.originator_id))
    assert row is not None
    if isinstance(e, ErpException.Resolved):
        row.update(
            status=RESOLVED,
            invoice_id=str(e.invoice_id),
            company_id=str(e.company_id),
            closed_by=e.resolved_by,
        )
    else:
        row.update(status=DISMISSED, note=e.reason, closed_by=e.dismissed_by)
    row.update(closed_at=moment(e.timestamp), position=position)
    rows.put("erp_exceptions", row)
