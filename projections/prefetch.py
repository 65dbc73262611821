"""Which rows a batch of events will touch, so `Rows` can load them in one query per table.

This is knowledge of the views (which table an aggregate's or an attribute's id keys)
kept apart from both the handlers and the runner: a handler that reads a row not
listed here still works, `Rows.get` reads it, only one round trip slower.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

# Which tables an id can be (the first part of) the key of: by the aggregate an event
# belongs to (its originator) and by the attribute that mentions it. Prefetching each
# table by the ids of its own kind only keeps the key lists short: one list of every
# id for every table made PostgreSQL scan whole tables at a few hundred thousand rows.
BY_AGGREGATE = {
    "User": ("users",),
    "Staff": ("staff",),
    "Company": ("companies",),
    "Order": ("orders", "order_lines"),
    "Invoice": ("invoices", "invoice_lines"),
    "Payment": ("payments",),
    "InvoiceQuery": ("queries",),
    "ErpException": ("erp_exceptions",),
    "Dispatch": ("dispatches",),
    "BankEntry": ("bank_entries",),
    "ReminderPause": ("reminder_pauses",),
}
BY_ATTRIBUTE = {
    "company_id": ("companies",),
    "order_id": ("orders", "order_lines"),
    "invoice_id": ("invoices", "invoice_lines"),
    "payment_id": ("payments",),
    "allocation_id": ("allocations",),
    "query_id": ("queries",),
    "reports_to": ("users",),
    "placed_by": ("users",),
    "ordered_by": ("users",),
}
PREFETCHED = tuple(
    dict.fromkeys(t for ts in (*BY_AGGREGATE.values(), *BY_ATTRIBUTE.values()) for t in ts)
)


def mentioned_ids(events: Any) -> dict[str, set[str]]:
    """Per table, every id a batch of events mentions that may key a row of it.

    An id of a kind not listed here is simply not prefetched: `Rows.get` reads it.
    """
    ids: dict[str, set[str]] = {table: set() for table in PREFETCHED}

    def add(tables: tuple[str, ...], value: Any) -> None:
        if isinstance(value, UUID):
            text = str(value)
            for table in tables:
                ids[table].add(text)

    for event in events:
        add(BY_AGGREGATE.get(type(event).__qualname__.partition(".")[0], ()), event.originator_id)
        for name, value in vars(event).items():
            tables = BY_ATTRIBUTE.get(name)
            if tables is not None:
                add(tables, value)
        header = getattr(event, "header", None)
        if header is not None:
            for name in ("company_id", "order_id", "ordered_by"):
                add(BY_ATTRIBUTE[name], getattr(header, name))
    return ids
