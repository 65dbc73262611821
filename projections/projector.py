"""From ledger events to read-model rows: one small function per event type.

Each function gets the `Rows` unit of work, the event, and its log position,
and changes rows the way the aggregate changed state. Nothing here reads the
clock or the event store, so replaying the same events always writes the same
rows (rebuilds are byte-identical).

Events the read side does not need (idempotency records, sequences, unique
keys) are skipped but still tracked, so "caught up" simply means "tracked the
last notification".
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ledger.bank_entries import BankEntry
from ledger.companies import Company
from ledger.dispatches import DEAD, DELIVERED, PENDING, SENDING, STALE_ATTEMPT, Dispatch
from ledger.disputes import InvoiceQuery
from ledger.erp_exceptions import DISMISSED, OPEN, RESOLVED, ErpException
from ledger.invoices import Invoice
from ledger.orders import Order
from ledger.payments import Payment
from ledger.users import Staff, User
from projections.rows import Row, Rows
from projections.schema import day, moment, to_units

Handler = Callable[[Rows, Any, int], None]
HANDLERS: dict[type, Handler] = {}


def on(*event_classes: type) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        for cls in event_classes:
            HANDLERS[cls] = handler
        return handler

    return register


def handles_topic(topic: str) -> bool:
    """Whether events of this stored topic change any view (others need not be decoded)."""
    return topic in _topics(len(HANDLERS))  # handlers registered later invalidate the cache


@functools.lru_cache(maxsize=1)
def _topics(count: int) -> frozenset[str]:
    return frozenset(f"{cls.__module__}:{cls.__qualname__}" for cls in HANDLERS)


def project(rows: Rows, event: Any, position: int) -> None:
    handler = HANDLERS.get(type(event))
    if handler is not None:
        handler(rows, event, position)


def units(amount: Decimal) -> int:
    return to_units(amount)


def sid(value: Any) -> str | None:
    return None if value is None else str(value)


# -- people ----------------------------------------------------------------------


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


# -- companies -------------------------------------------------------------------

COMPANY_MONEY = ("credit_limit", "uninvoiced", "open_invoices", "unapplied")


def company_row(rows: Rows, company_id: Any) -> Row:
    row = rows.get("companies", str(company_id))
    assert row is not None, f"unknown company {company_id}"
    return row


def save_company(rows: Rows, row: Row, e: Any, position: int) -> None:
    row["position"] = position
    rows.put("companies", row)
    rows.version(
        "company_history",
        (row["company_id"],),
        {
            "company_id": row["company_id"],
            "on_hold": row["on_hold"],
            "hold_reason": row["hold_reason"],
            **{k: row[k] for k in COMPANY_MONEY},
        },
        position,
        moment(e.timestamp),
        new=isinstance(e, Company.Registered),
    )


@on(Company.Registered)
def company_registered(rows: Rows, e: Company.Registered, position: int) -> None:
    row = {
        "company_id": str(e.originator_id),
        "name": e.name,
        "currency": e.currency,
        "terms_code": e.terms.code,
        "net_days": e.terms.net_days,
        "web_company_id": e.web_company_id,
        "erp_account": e.erp_account,
        "channels": ",".join(e.delivery.channels),
        "email_timing": e.delivery.email_timing,
        "invoice_email": e.delivery.email,
        "ap_portal_url": e.delivery.ap_portal_url,
        "credit_limit": units(e.credit_limit),
        "uninvoiced": 0,
        "open_invoices": 0,
        "unapplied": 0,
        "on_hold": 0,
        "hold_reason": "",
    }
    save_company(rows, row, e, position)


@on(Company.CreditLimitSet)
def credit_limit_set(rows: Rows, e: Company.CreditLimitSet, position: int) -> None:
    row = company_row(rows, e.originator_id)
    row["credit_limit"] = units(e.credit_limit)
    save_company(rows, row, e, position)


@on(Company.DeliveryPreferencesChanged)
def delivery_changed(rows: Rows, e: Company.DeliveryPreferencesChanged, position: int) -> None:
    row = company_row(rows, e.originator_id)
    row.update(
        channels=",".join(e.delivery.channels),
        email_timing=e.delivery.email_timing,
        invoice_email=e.delivery.email,
        ap_portal_url=e.delivery.ap_portal_url,
        position=position,
    )
    rows.put("companies", row)


def order_row(rows: Rows, order_id: Any) -> Row:
    return rows.get("orders", str(order_id)) or {"order_id": str(order_id), "reserved": 0}


@on(Company.OrderBooked)
def order_booked(rows: Rows, e: Company.OrderBooked, position: int) -> None:
    order = order_row(rows, e.order_id)
    row = company_row(rows, e.originator_id)
    row["uninvoiced"] += units(e.amount) - (order.get("reserved") or 0)
    order.update(reserved=units(e.amount), company_id=str(e.originator_id))
    rows.put("orders", order)
    save_company(rows, row, e, position)


@on(Company.InvoiceBooked)
def invoice_booked(rows: Rows, e: Company.InvoiceBooked, position: int) -> None:
    row = company_row(rows, e.originator_id)
    order = rows.get("orders", str(e.order_id))
    if order is not None and order.get("reserved"):
        released = min(order["reserved"], units(e.amount))
        order["reserved"] -= released
        row["uninvoiced"] -= released
        rows.put("orders", order)
    row["open_invoices"] += units(e.amount)
    save_company(rows, row, e, position)


@on(Company.CreditFreed, Company.CreditRetaken)
def credit_moved(rows: Rows, e: Any, position: int) -> None:
    row = company_row(rows, e.originator_id)
    sign = -1 if isinstance(e, Company.CreditFreed) else 1
    row["open_invoices"] += sign * units(e.amount)
    save_company(rows, row, e, position)


@on(Company.PlacedOnHold, Company.HoldReleased)
def hold_changed(rows: Rows, e: Any, position: int) -> None:
    row = company_row(rows, e.originator_id)
    held = isinstance(e, Company.PlacedOnHold)
    row.update(on_hold=int(held), hold_reason=e.reason if held else "")
    save_company(rows, row, e, position)


def change_unapplied(rows: Rows, company_id: Any, delta: int, e: Any, position: int) -> None:
    row = company_row(rows, company_id)
    row["unapplied"] += delta
    save_company(rows, row, e, position)


def statement(
    rows: Rows,
    e: Any,
    position: int,
    seq: int,
    company_id: Any,
    on_date: Any,
    kind: str,
    document: str,
    reference: str,
    amount: int,
    applied: int,
    currency: str,
) -> None:
    rows.append(
        "statement_lines",
        {
            "company_id": str(company_id),
            "position": position,
            "seq": seq,
            "at": moment(e.timestamp),
            "on_date": day(on_date),
            "kind": kind,
            "document": document,
            "reference": reference,
            "amount": amount,
            "applied": applied,
            "currency": currency,
        },
    )


# -- orders ----------------------------------------------------------------------


@on(Order.Placed)
def order_placed(rows: Rows, e: Order.Placed, position: int) -> None:
    order = order_row(rows, e.originator_id)
    order.update(
        number=e.number,
        company_id=str(e.company_id),
        placed_by=str(e.placed_by),
        placed_on=day(e.placed_on),
        currency=e.currency,
        gross=units(e.gross),
        invoiced=0,
        position=position,
    )
    rows.put("orders", order)
    for seq, line in enumerate(e.lines):
        rows.put(
            "order_lines",
            {
                "order_id": str(e.originator_id),
                "line_id": line.line_id,
                "seq": seq,
                "sku": line.sku,
                "description": line.description,
                "quantity": str(line.quantity),
                "shipped": "0",
                "delivered": "0",
                "invoiced": "0",
            },
        )


def _add_quantity(rows: Rows, order_id: Any, line_id: str, column: str, qty: Decimal) -> None:
    line = rows.get("order_lines", str(order_id), line_id)
    assert line is not None
    line[column] = str(Decimal(line[column]) + qty)
    rows.put("order_lines", line)


@on(Order.LineShipped)
def line_shipped(rows: Rows, e: Order.LineShipped, position: int) -> None:
    _add_quantity(rows, e.originator_id, e.line_id, "shipped", e.quantity)


@on(Order.LineDelivered)
def line_delivered(rows: Rows, e: Order.LineDelivered, position: int) -> None:
    _add_quantity(rows, e.originator_id, e.line_id, "delivered", e.quantity)


@on(Order.Invoiced)
def order_invoiced(rows: Rows, e: Order.Invoiced, position: int) -> None:
    order = order_row(rows, e.originator_id)
    order["invoiced"] = (order.get("invoiced") or 0) + units(e.amount)
    rows.put("orders", order)
    for line_id, qty in e.quantities.items():
        _add_quantity(rows, e.originator_id, line_id, "invoiced", qty)


# -- invoices --------------------------------------------------------------------

INVOICE_VERSIONED = (
    "company_id",
    "ordered_by",
    "issue_date",
    "due_date",
    "currency",
    "gross",
    "paid",
    "credited",
    "written_off",
    "open",
    "disputed",
    "open_disputes",
    "voided",
    "written_off_flag",
)


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


# -- queries ---------------------------------------------------------------------


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


# -- payments --------------------------------------------------------------------


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


# -- ERP exceptions -------------------------------------------------------------------


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


# -- dispatches (the outbox) ----------------------------------------------------------


@on(Dispatch.Requested)
def dispatch_requested(rows: Rows, e: Dispatch.Requested, position: int) -> None:
    rows.put(
        "dispatches",
        {
            "dispatch_id": str(e.originator_id),
            "purpose": e.purpose,
            "subject_id": str(e.subject_id),
            "transport": e.transport,
            "recipient": e.recipient,
            "detail": e.detail,
            "status": PENDING,
            "attempts": 0,
            "next_at": moment(e.timestamp),
            "requested_at": moment(e.timestamp),
            "position": position,
        },
    )


@on(Dispatch.Attempted, Dispatch.Delivered, Dispatch.Failed, Dispatch.DeadLettered)
def dispatch_changed(rows: Rows, e: Any, position: int) -> None:
    row = rows.get("dispatches", str(e.originator_id))
    assert row is not None
    if isinstance(e, Dispatch.Attempted):
        row.update(status=SENDING, attempts=e.attempt, next_at=moment(e.timestamp + STALE_ATTEMPT))
    elif isinstance(e, Dispatch.Delivered):
        row.update(status=DELIVERED, reference=e.reference)
    elif isinstance(e, Dispatch.Failed):
        row.update(status=PENDING, last_error=e.error, next_at=moment(e.retry_at))
    else:
        row.update(status=DEAD, last_error=e.reason)
    row["position"] = position
    rows.put("dispatches", row)


# -- bank statement entries -----------------------------------------------------------


@on(BankEntry.Received)
def bank_entry_received(rows: Rows, e: BankEntry.Received, position: int) -> None:
    rows.put(
        "bank_entries",
        {
            "entry_id": str(e.originator_id),
            "reference": e.reference,
            "booked_on": day(e.booked_on),
            "currency": e.currency,
            "amount": units(e.amount),
            "payer": e.payer,
            "payer_account": e.payer_account,
            "remittance": e.remittance,
            "company_id": sid(e.company_id),
            "payment_id": sid(e.payment_id),
            "status": BankEntry.Received.status_of(e),
            "suggestions": json.dumps(
                [
                    {
                        "invoiceId": str(s.invoice_id),
                        "number": s.number,
                        "amount": str(s.amount),
                        "reason": s.reason,
                    }
                    for s in e.suggestions
                ]
            ),
            "received_at": moment(e.timestamp),
            "position": position,
        },
    )


@on(BankEntry.SuggestionAccepted, BankEntry.Dismissed)
def bank_entry_settled(rows: Rows, e: Any, position: int) -> None:
    row = rows.get("bank_entries", str(e.originator_id))
    assert row is not None
    if isinstance(e, BankEntry.SuggestionAccepted):
        row.update(status="SETTLED", settled_invoice_id=str(e.invoice_id))
    else:
        row.update(status="DISMISSED", note=e.reason)
    row["position"] = position
    rows.put("bank_entries", row)
