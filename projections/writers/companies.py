"""Companies and their credit: limit, what is reserved by orders not yet invoiced, open
invoices, unapplied cash and holds, with a history version per change (credit as of a day)."""

from __future__ import annotations

from typing import Any

from ledger.companies import Company
from projections.rows import Row, Rows
from projections.schema import moment, versioned
from projections.writers.base import Family, units
from projections.writers.orders import order_row

FAMILY = Family("companies")
on = FAMILY.on


COMPANY_VERSIONED = versioned("company_history")  # credit figures and hold, as of


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
        {"company_id": row["company_id"], **{k: row[k] for k in COMPANY_VERSIONED}},
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
