"""Allocations of payments to invoices (and their reversals): the allocation rows, what
they settle on the invoice's lines, and the statement line. The payment side of the same
move is `payments.payment_allocation`."""

from __future__ import annotations

import json

from ledger.invoices import Invoice
from projections.rows import Rows
from projections.schema import moment
from projections.writers.base import Family, units
from projections.writers.invoices import invoice_row, save_invoice, settle_lines
from projections.writers.statements import statement

FAMILY = Family("allocations")
on = FAMILY.on


@on(Invoice.PaymentAllocated)
def payment_allocated(rows: Rows, e: Invoice.PaymentAllocated, position: int) -> None:
    row = invoice_row(rows, e.originator_id)
    settle_lines(rows, e.originator_id, e.parts, +1)
    row["paid"] += units(e.amount)
    save_invoice(rows, row, e, position)
    rows.put(
        "allocations",
        {
            "allocation_id": str(e.allocation_id),
            "payment_id": str(e.payment_id),
            "invoice_id": row["invoice_id"],
            "company_id": row["company_id"],
            "amount": units(e.amount),
            "lines": json.dumps({p.line_id: str(p.amount) for p in e.parts}, sort_keys=True),
            "at": moment(e.timestamp),
            "reversed": 0,
            "position": position,
        },
    )
    statement(
        rows,
        e,
        position,
        0,
        row["company_id"],
        e.timestamp.date(),
        "ALLOCATION",
        row["number"],
        str(e.payment_id),
        0,
        units(e.amount),
        row["currency"],
    )


@on(Invoice.AllocationReversed)
def allocation_reversed(rows: Rows, e: Invoice.AllocationReversed, position: int) -> None:
    row = invoice_row(rows, e.originator_id)
    settle_lines(rows, e.originator_id, e.parts, -1)
    row["paid"] -= units(e.amount)
    save_invoice(rows, row, e, position)
    allocation = rows.get("allocations", str(e.allocation_id))
    assert allocation is not None
    allocation.update(reversed=1, position=position)
    rows.put("allocations", allocation)
    statement(
        rows,
        e,
        position,
        0,
        row["company_id"],
        e.timestamp.date(),
        "ALLOCATION_REVERSED",
        row["number"],
        e.reason,
        0,
        -units(e.amount),
        row["currency"],
    )
