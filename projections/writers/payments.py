"""Payments: amount, allocated, refunded, returned, and remittance advice; each change
moves the company's unapplied cash and, for money in or out, adds a statement line."""

from __future__ import annotations

import json
from typing import Any

from ledger.payments import Payment
from projections.rows import Row, Rows
from projections.schema import day
from projections.writers.base import Family, units
from projections.writers.companies import change_unapplied
from projections.writers.statements import statement

FAMILY = Family("payments")
on = FAMILY.on


def payment_row(rows: Rows, payment_id: Any) -> Row:
    row = rows.get("payments", str(payment_id))
    assert row is not None
    return row


@on(Payment.Received)
def payment_received(rows: Rows, e: Payment.Received, position: int) -> None:
    rows.put(
        "payments",
        {
            "payment_id": str(e.originator_id),
            "company_id": str(e.company_id),
            "method": e.method,
            "currency": e.currency,
            "amount": units(e.amount),
            "allocated": 0,
            "refunded": 0,
            "reference": e.reference,
            "received_on": day(e.received_on),
            "advice": "[]",
            "reversed": 0,
            "position": position,
        },
    )
    change_unapplied(rows, e.company_id, units(e.amount), e, position)
    statement(
        rows,
        e,
        position,
        1,
        e.company_id,
        e.received_on,
        "PAYMENT",
        e.method,
        e.reference,
        -units(e.amount),
        0,
        e.currency,
    )


@on(Payment.AdviceReceived)
def advice_received(rows: Rows, e: Payment.AdviceReceived, position: int) -> None:
    row = payment_row(rows, e.originator_id)
    row["advice"] = json.dumps(
        [{"invoice_number": i.invoice_number, "amount": str(i.amount)} for i in e.items]
    )
    rows.put("payments", row)


@on(Payment.Allocated, Payment.AllocationReversed)
def payment_allocation(rows: Rows, e: Any, position: int) -> None:
    row = payment_row(rows, e.originator_id)
    sign = 1 if isinstance(e, Payment.Allocated) else -1
    row["allocated"] += sign * units(e.amount)
    row["position"] = position
    rows.put("payments", row)
    change_unapplied(rows, row["company_id"], -sign * units(e.amount), e, position)


@on(Payment.Refunded, Payment.Reversed)
def payment_returned(rows: Rows, e: Any, position: int) -> None:
    row = payment_row(rows, e.originator_id)
    refund = isinstance(e, Payment.Refunded)
    if refund:
        row["refunded"] += units(e.amount)
    else:
        row["reversed"] = 1
    row["position"] = position
    rows.put("payments", row)
    change_unapplied(rows, row["company_id"], -units(e.amount), e, position)
    statement(
        rows,
        e,
        position,
        1,
        row["company_id"],
        e.timestamp.date(),
        "REFUND" if refund else "PAYMENT_RETURNED",
        row["method"],
        e.reason,
        units(e.amount),
        0,
        row["currency"],
    )
