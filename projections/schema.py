"""Read-model tables, as one specification used by the migration and the writer.

Storage conventions, identical on SQLite and PostgreSQL so every query works on both:

* Amounts are integers in ten-thousandths of the currency unit (`to_units`):
  four decimals hold every ISO 4217 minor unit, and SQL sums integers exactly
  on both databases. (SQLite has no exact decimal type: NUMERIC there means
  float.) `from_units` turns them back into `Decimal` at the edge.
* Ids are text UUIDs; dates are ISO `YYYY-MM-DD`; moments are fixed-width UTC
  text (`moment`) so they sort as text; flags are 0/1 integers.
* `position` is the notification id of the event that last changed a row.
  History tables (`*_history`) keep one row per version, valid from
  `valid_from` (inclusive) to `valid_to` (exclusive, NULL while current), by
  log position and by event time: that is what makes "as of" a range lookup
  instead of a replay.

`TABLES_V1` is frozen: migration 0001 creates exactly this. A later schema
change adds a new migration and a new constant; it never edits this one.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import NamedTuple

from ledger.money import MINOR_UNITS, round_to


class Table(NamedTuple):
    columns: tuple[tuple[str, str], ...]  # (name, kind) kind in text|int|units|flag
    key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()


def _cols(spec: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in spec.split():
        name, _, kind = item.partition(":")
        pairs.append((name, kind or "text"))
    return tuple(pairs)


_INVOICE_MONEY = "gross:units paid:units credited:units written_off:units open:units disputed:units"
_COMPANY_MONEY = "credit_limit:units uninvoiced:units open_invoices:units unapplied:units"
_VERSION = "valid_from:int valid_to:int valid_from_at valid_to_at"

TABLES_V1: dict[str, Table] = {
    "users": Table(
        _cols("user_id company_id email name reports_to can_view_all:flag path position:int"),
        ("user_id",),
        (("company_id", "path"), ("email",)),
    ),
    "staff": Table(_cols("staff_id email name roles companies position:int"), ("staff_id",)),
    "companies": Table(
        _cols(
            "company_id name currency terms_code net_days:int web_company_id erp_account "
            f"channels email_timing invoice_email ap_portal_url {_COMPANY_MONEY} "
            "on_hold:flag hold_reason position:int"
        ),
        ("company_id",),
    ),
    "company_history": Table(
        _cols(f"company_id {_VERSION} {_COMPANY_MONEY} on_hold:flag hold_reason"),
        ("company_id", "valid_from"),
        (("valid_from",), ("valid_from_at",)),
    ),
    "orders": Table(
        _cols(
            "order_id number company_id placed_by placed_on currency gross:units "
            "invoiced:units reserved:units position:int"
        ),
        ("order_id",),
        (("company_id",), ("number",)),
    ),
    "order_lines": Table(
        _cols("order_id line_id seq:int sku description quantity shipped delivered invoiced"),
        ("order_id", "line_id"),
    ),
    "invoices": Table(
        _cols(
            "invoice_id source number order_id order_number ordered_by orderer_path company_id "
            "issue_date due_date terms_code net_days:int currency net:units tax:units "
            f"{_INVOICE_MONEY} open_disputes:int voided:flag written_off_flag:flag delivered "
            "line_ids settled_at issued_at position:int"
        ),
        ("invoice_id",),
        (("company_id", "orderer_path"), ("company_id", "due_date"), ("number",), ("ordered_by",)),
    ),
    "invoice_history": Table(
        _cols(
            f"invoice_id {_VERSION} company_id ordered_by issue_date due_date currency "
            f"{_INVOICE_MONEY} open_disputes:int voided:flag written_off_flag:flag"
        ),
        ("invoice_id", "valid_from"),
        (("company_id", "valid_from"), ("valid_from_at",)),
    ),
    "invoice_lines": Table(
        _cols(
            "invoice_id line_id seq:int sku description quantity unit_price tax_rate "
            "net:units tax:units gross:units settled:units disputes:int"
        ),
        ("invoice_id", "line_id"),
    ),
    "payments": Table(
        _cols(
            "payment_id company_id method currency amount:units allocated:units refunded:units "
            "reference received_on advice reversed:flag position:int"
        ),
        ("payment_id",),
        (("company_id",),),
    ),
    "allocations": Table(
        _cols(
            "allocation_id payment_id invoice_id company_id amount:units lines at "
            "reversed:flag position:int"
        ),
        ("allocation_id",),
        (("invoice_id",), ("payment_id",)),
    ),
    "queries": Table(
        _cols(
            "query_id invoice_id company_id raised_by reason line_ids disputed:units "
            "assigned_to outcome credited:units messages:int raised_at resolved_at position:int"
        ),
        ("query_id",),
        (("invoice_id",), ("company_id",)),
    ),
    "query_messages": Table(_cols("query_id seq:int side author body at"), ("query_id", "seq")),
    "statement_lines": Table(
        _cols(
            "company_id position:int seq:int at on_date kind document reference "
            "amount:units applied:units currency"
        ),
        ("company_id", "position", "seq"),
        (("company_id", "on_date"),),
    ),
}

# Integration read models, one constant per migration (0003, 0004, 0005). Each is
# filled by the work that needs it; once released, frozen like TABLES_V1.
TABLES_ERP: dict[str, Table] = {  # migration 0003: ERP import exceptions
    "erp_exceptions": Table(
        _cols(
            "exception_id source number reason status document invoice_id company_id "
            "closed_by note parked_at closed_at position:int"
        ),
        ("exception_id",),
        (("status", "parked_at"),),
    ),
}
TABLES_DELIVERY: dict[str, Table] = {  # migration 0004: invoice delivery and reminders
    "dispatches": Table(
        _cols(
            "dispatch_id purpose subject_id transport recipient detail status attempts:int "
            "next_at last_error reference requested_at position:int"
        ),
        ("dispatch_id",),
        (("status", "next_at"), ("subject_id",)),
    ),
}
TABLES_PAYMENTS: dict[str, Table] = {  # migration 0005: bank matches and card payments
    "bank_entries": Table(
        _cols(
            "entry_id reference booked_on currency amount:units payer payer_account remittance "
            "company_id payment_id status suggestions settled_invoice_id note received_at "
            "position:int"
        ),
        ("entry_id",),
        (("status", "booked_on"),),
    ),
}

TABLES_REMINDERS: dict[str, Table] = {  # migration 0012: reminders paused by AR
    # One row per invoice or company whose reminders were ever paused; `paused` says
    # whether they are now, `paused_until` the last day held (NULL: until resumed).
    "reminder_pauses": Table(
        _cols(
            "pause_id subject_kind subject_id company_id paused:flag reason paused_until "
            "paused_by paused_at position:int"
        ),
        ("pause_id",),
        (("subject_id",), ("company_id",)),
    ),
}

TABLES: dict[str, Table] = {
    **TABLES_V1,
    **TABLES_ERP,
    **TABLES_DELIVERY,
    **TABLES_PAYMENTS,
    **TABLES_REMINDERS,
}

VALIDITY = tuple(name for name, _ in _cols(_VERSION))


def versioned(history: str) -> tuple[str, ...]:
    """The columns a history table copies from its entity at each change: all but the
    entity's key and the validity range, in table order.

    The writers fill history versions from this list, so what "as of" can answer is
    defined once, by the table: a column added to a history table is filled, with no
    hand-written list beside it to keep in step.
    """
    spec = TABLES[history]
    return tuple(name for name, _ in spec.columns if name not in (*spec.key, *VALIDITY))


# What a new invoice version holds: the writer copies these, an as-of read takes them
# from the version and the rest of an invoice from its row.
INVOICE_VERSIONED = versioned("invoice_history")


UNIT_SCALE = Decimal("10000")


def to_units(amount: Decimal) -> int:
    """Decimal amount -> integer ten-thousandths (exact for every ISO currency)."""
    scaled = amount * UNIT_SCALE
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount} has more than 4 decimals")
    return int(scaled)


def from_units(units: int | None, currency: str | None = None) -> Decimal:
    """Integer ten-thousandths -> Decimal, at the currency's minor unit if given.

    Stored amounts are nearly always whole minor units, which convert exactly
    without a rounding context: the API turns hundreds of them into Decimals per page.
    """
    units = units or 0
    if currency:
        minor = MINOR_UNITS.get(currency)
        if minor is not None:
            step = _STEPS[minor]
            if units % step == 0:
                return Decimal(units // step).scaleb(-minor)
        rounded = round_to(Decimal(units) / UNIT_SCALE, currency)
        return rounded.copy_abs() if rounded.is_zero() else rounded  # never "-0.00"
    return Decimal(units) / UNIT_SCALE


_STEPS = {minor: 10 ** (4 - minor) for minor in range(5)}  # units per minor unit


def moment(value: datetime) -> str:
    """Fixed-width UTC text, so moments sort correctly as text on both databases."""
    if value.tzinfo is None:
        raise ValueError("moments must be timezone-aware")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def day(value: date) -> str:
    return value.isoformat()
