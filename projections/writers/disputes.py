"""Queries (disputes) on invoices: the query and its messages, and the disputed lines of the
invoice, whose open amount counts as `disputed` while a query is open."""

from __future__ import annotations

from typing import Any

from ledger.disputes import InvoiceQuery
from ledger.invoices import Invoice
from projections.rows import Row, Rows
from projections.schema import moment
from projections.writers.base import Family, units
from projections.writers.invoices import invoice_row, save_invoice

FAMILY = Family("disputes")
on = FAMILY.on


def _dispute_lines(rows: Rows, row: Row, line_ids: Any, sign: int) -> None:
    for line_id in line_ids or row["line_ids"].split(","):
        line = rows.get("invoice_lines", row["invoice_id"], line_id)
        assert line is not None
        line["disputes"] += sign
        rows.put("invoice_lines", line)


@on(Invoice.DisputeOpened)
def dispute_opened(rows: Rows, e: Invoice.DisputeOpened, position: int) -> None:
    row = invoice_row(rows, e.originator_id)
    _dispute_lines(rows, row, e.line_ids, +1)
    row["open_disputes"] += 1
    save_invoice(rows, row, e, position)


@on(Invoice.DisputeClosed)
def dispute_closed(rows: Rows, e: Invoice.DisputeClosed, position: int) -> None:
    row = invoice_row(rows, e.originator_id)
    query = rows.get("queries", str(e.query_id))
    assert query is not None
    _dispute_lines(rows, row, [i for i in query["line_ids"].split(",") if i], -1)
    row["open_disputes"] -= 1
    save_invoice(rows, row, e, position)


@on(InvoiceQuery.Raised)
def query_raised(rows: Rows, e: InvoiceQuery.Raised, position: int) -> None:
    query_id = str(e.originator_id)
    rows.put(
        "queries",
        {
            "query_id": query_id,
            "invoice_id": str(e.invoice_id),
            "company_id": str(e.company_id),
            "raised_by": str(e.raised_by),
            "reason": e.reason,
            "line_ids": ",".join(e.line_ids),
            "disputed": units(e.disputed_amount),
            "assigned_to": None,
            "outcome": None,
            "credited": 0,
            "messages": 1,
            "raised_at": moment(e.timestamp),
            "resolved_at": None,
            "position": position,
        },
    )
    rows.append(
        "query_messages",
        {
            "query_id": query_id,
            "seq": 1,
            "side": "BUYER",
            "author": str(e.raised_by),
            "body": e.message,
            "at": moment(e.timestamp),
        },
    )


def query_row(rows: Rows, query_id: Any) -> Row:
    row = rows.get("queries", str(query_id))
    assert row is not None
    return row


@on(InvoiceQuery.MessagePosted)
def message_posted(rows: Rows, e: InvoiceQuery.MessagePosted, position: int) -> None:
    row = query_row(rows, e.originator_id)
    row["messages"] += 1
    row["position"] = position
    rows.put("queries", row)
    rows.append(
        "query_messages",
        {
            "query_id": row["query_id"],
            "seq": row["messages"],
            "side": e.side,
            "author": str(e.author),
            "body": e.text,
            "at": moment(e.timestamp),
        },
    )


@on(InvoiceQuery.Assigned)
def query_assigned(rows: Rows, e: InvoiceQuery.Assigned, position: int) -> None:
    row = query_row(rows, e.originator_id)
    row.update(assigned_to=str(e.staff_id), position=position)
    rows.put("queries", row)


@on(InvoiceQuery.Resolved)
def query_resolved(rows: Rows, e: InvoiceQuery.Resolved, position: int) -> None:
    row = query_row(rows, e.originator_id)
    row.update(
        outcome=e.outcome,
        credited=units(e.credited),
        resolved_at=moment(e.timestamp),
        position=position,
    )
    rows.put("queries", row)
