"""Invoices and their lines: what is open, paid, credited or written off, with a history
version per change (what `as of` reads). Allocations and disputes change invoices through
`invoice_row`, `settle_lines` and `save_invoice`, which recompute what derives from the lines."""

from __future__ import annotations

from typing import Any

from ledger.invoices import Invoice
from projections.rows import Row, Rows
from projections.schema import INVOICE_VERSIONED, day, moment
from projections.writers.base import Family, sid, units
from projections.writers.statements import statement

FAMILY = Family("invoices")
on = FAMILY.on


def invoice_row(rows: Rows, invoice_id: Any) -> Row:
    row = rows.get("invoices", str(invoice_id))
    assert row is not None, f"unknown invoice {invoice_id}"
    return row


def save_invoice(rows: Rows, row: Row, e: Any, position: int) -> None:
    """Recompute what derives from the lines, store, and start a history version."""
    lines = [rows.get("invoice_lines", row["invoice_id"], i) for i in row["line_ids"].split(",")]
    opens = [0 if row["voided"] else ln["gross"] - ln["settled"] for ln in lines if ln]
    row["open"] = sum(opens)
    row["disputed"] = sum(
        o for o, ln in zip(opens, lines, strict=True) if ln and ln["disputes"] > 0
    )
    if row["open"] == 0 and row["paid"] > 0 and row["settled_at"] is None:
        row["settled_at"] = moment(e.timestamp)
    elif row["open"] > 0:
        row["settled_at"] = None
    row["position"] = position
    rows.put("invoices", row)
    rows.version(
        "invoice_history",
        (row["invoice_id"],),
        {"invoice_id": row["invoice_id"], **{k: row[k] for k in INVOICE_VERSIONED}},
        position,
        moment(e.timestamp),
        new=isinstance(e, Invoice.Issued),
    )


def settle_lines(rows: Rows, invoice_id: Any, parts: Any, sign: int) -> None:
    for part in parts:
        line = rows.get("invoice_lines", str(invoice_id), part.line_id)
        assert line is not None
        line["settled"] += sign * units(part.amount)
        rows.put("invoice_lines", line)


@on(Invoice.Issued)
def invoice_issued(rows: Rows, e: Invoice.Issued, position: int) -> None:
    h = e.header
    orderer = rows.get("users", str(h.ordered_by)) if h.ordered_by else None
    invoice_id = str(e.originator_id)
    for seq, line in enumerate(e.lines):
        rows.put(
            "invoice_lines",
            {
                "invoice_id": invoice_id,
                "line_id": line.line_id,
                "seq": seq,
                "sku": line.sku,
                "description": line.description,
                "quantity": str(line.quantity),
                "unit_price": str(line.unit_price),
                "tax_rate": str(line.tax_rate),
                "net": units(line.net),
                "tax": units(line.tax),
                "gross": units(line.gross),
                "settled": 0,
                "disputes": 0,
            },
        )
    row = {
        "invoice_id": invoice_id,
        "source": h.source,
        "number": h.number,
        "order_id": str(h.order_id),
        "order_number": h.order_number,
        "ordered_by": sid(h.ordered_by),
        "orderer_path": orderer["path"] if orderer else "",
        "company_id": str(h.company_id),
        "issue_date": day(h.issue_date),
        "due_date": day(h.due_date),
        "terms_code": h.terms.code,
        "net_days": h.terms.net_days,
        "currency": h.currency,
        "net": units(e.net),
        "tax": units(e.tax),
        "gross": units(e.gross),
        "paid": 0,
        "credited": 0,
        "written_off": 0,
        "open": units(e.gross),
        "disputed": 0,
        "open_disputes": 0,
        "voided": 0,
        "written_off_flag": 0,
        "delivered": "",
        "line_ids": ",".join(line.line_id for line in e.lines),
        "settled_at": None,
        "issued_at": moment(e.timestamp),
    }
    save_invoice(rows, row, e, position)
    statement(
        rows,
        e,
        position,
        0,
        h.company_id,
        h.issue_date,
        "INVOICE",
        h.number,
        h.order_number,
        units(e.gross),
        0,
        h.currency,
    )


@on(Invoice.Delivered)
def invoice_delivered(rows: Rows, e: Invoice.Delivered, position: int) -> None:
    row = invoice_row(rows, e.originator_id)
    channels = [c for c in row["delivered"].split(",") if c]
    row.update(delivered=",".join([*channels, e.channel]), position=position)
    rows.put("invoices", row)


@on(Invoice.CreditNoteIssued)
def credit_note_issued(rows: Rows, e: Invoice.CreditNoteIssued, position: int) -> None:
    row = invoice_row(rows, e.originator_id)
    settle_lines(rows, e.originator_id, e.parts, +1)
    row["credited"] += units(e.amount)
    save_invoice(rows, row, e, position)
    statement(
        rows,
        e,
        position,
        0,
        row["company_id"],
        e.timestamp.date(),
        "CREDIT_NOTE",
        e.credit_note_number,
        row["number"],
        -units(e.amount),
        0,
        row["currency"],
    )


@on(Invoice.WrittenOff)
def written_off(rows: Rows, e: Invoice.WrittenOff, position: int) -> None:
    row = invoice_row(rows, e.originator_id)
    settle_lines(rows, e.originator_id, e.parts, +1)
    row["written_off"] += units(e.amount)
    row["written_off_flag"] = 1
    save_invoice(rows, row, e, position)
    statement(
        rows,
        e,
        position,
        0,
        row["company_id"],
        e.timestamp.date(),
        "WRITE_OFF",
        row["number"],
        e.reason,
        -units(e.amount),
        0,
        row["currency"],
    )


@on(Invoice.Voided)
def voided(rows: Rows, e: Invoice.Voided, position: int) -> None:
    row = invoice_row(rows, e.originator_id)
    row["voided"] = 1
    save_invoice(rows, row, e, position)
    statement(
        rows,
        e,
        position,
        0,
        row["company_id"],
        e.timestamp.date(),
        "VOID",
        row["number"],
        e.reason,
        -row["gross"],
        0,
        row["currency"],
    )
