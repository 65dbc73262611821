"""The viewer's invoices in SQL: visibility is part of every statement
(`visibility.py`), with `status` computed alongside, now or as of a moment.
"""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from graphql_api.core.inputs import fail, uuid, viewer_of
from graphql_api.visibility import STATUS_SQL, invoice_filter
from projections.history import Moment
from projections.schema import INVOICE_VERSIONED, TABLES

# An invoice as of a moment: its history version's columns, and the rest from its row
# (what never changes once issued, and what history does not keep).
INVOICE_STATIC = tuple(n for n, _ in TABLES["invoices"].columns if n not in INVOICE_VERSIONED)


def invoice_source(when: Moment | None) -> tuple[str, dict[str, Any]]:
    """The invoices table, or its state as of a moment (static columns + a history version)."""
    if when is None:
        return "invoices", {}
    where, params = when.where()
    columns = ", ".join([f"i0.{n}" for n in INVOICE_STATIC] + [f"h.{n}" for n in INVOICE_VERSIONED])
    return (
        f"(SELECT {columns} FROM invoices i0 JOIN invoice_history h "
        f"ON h.invoice_id = i0.invoice_id WHERE {where.replace('valid_', 'h.valid_')})",
        params,
    )


def visible_invoices(
    info: Info, when: Moment | None, inner: str = ""
) -> tuple[str, dict[str, Any]]:
    """The viewer's invoices with their `status` as a subquery (rows `i`; `inner` adds
    columns computed from them), and its parameters."""
    source, source_params = invoice_source(when)
    visible, visible_params = invoice_filter(viewer_of(info))
    today = (when.at if when and when.at else info.context["now"]).date().isoformat()
    return (
        f"(SELECT i.*, {STATUS_SQL} AS status{inner} FROM {source} i WHERE {visible})",
        {**source_params, **visible_params, "today": today},
    )


async def select_invoices(
    info: Info,
    *,
    when: Moment | None,
    extra: str = "",
    params: dict[str, Any] | None = None,
    tail: str = "",
    columns: str = "*",
    inner: str = "",
) -> list[dict[str, Any]]:
    """`columns` of the visible invoice rows `s` that pass `extra`, in `tail`'s order."""
    rows, rows_params = visible_invoices(info, when, inner)
    return list(
        await info.context["reader"].fetch(
            f"SELECT {columns} FROM {rows} s WHERE 1 = 1 {extra} {tail}",
            {**rows_params, **(params or {})},
        )
    )


def count_sql(info: Info, when: Moment | None, extra: str) -> tuple[str, dict[str, Any]]:
    rows, params = visible_invoices(info, when)
    return f"SELECT COUNT(*) AS n FROM {rows} s WHERE 1 = 1 {extra}", params


async def visible_invoice(
    info: Info, invoice_id: Any, when: Moment | None = None
) -> dict[str, Any]:
    """One invoice the viewer may see, now or as of a moment; NOT_FOUND for any other
    (another company's id answers exactly as a missing one)."""
    found = await select_invoices(
        info,
        when=when,
        extra=" AND invoice_id = %(id)s",
        params={"id": str(uuid(invoice_id, f"invoice {invoice_id}"))},
    )
    if not found:
        raise fail(f"invoice {invoice_id} not found", "NOT_FOUND")
    return found[0]
