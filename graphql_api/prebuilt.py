"""Invoice nodes serialised by PostgreSQL: the portal page without a Python walk per field.

Why: a buyer's page of 50 invoices with their lines is some 1,500 response fields. Even
on the compiled executor (`fastpath.py`) each costs Python calls: a property, a `Money`
object, a coercion, a dict entry. That made our page four times the CPU of a plain
endpoint returning the same rows. When every field selected on the invoices is a column
or a simple function of columns, the page query asks PostgreSQL for each node already
as JSON (`json_build_object`, lines by `json_agg`), in response order and under the
response's keys, and the executor passes it through as an `orjson.Fragment`.

This is an optimisation of the Python resolvers in `invoices/types.py`, which stay the
definition of every field: `tests/api/test_fastpath.py` checks that both answer alike,
field by field. Anything not in `INVOICE` or `INVOICE_LINE` below (company, order,
queries, payments, history) makes `node_sql` answer None and the page takes the
ordinary path. Only the compiled executor asks for it, and only when the request came
over HTTP on PostgreSQL (`ENABLED_KEY` in the request context): a Fragment is opaque to
Python callers of `schema.execute`, and the SQL is PostgreSQL's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLObjectType, get_named_type
from graphql.execution.collect_fields import FieldDetails

from graphql_api.caches import ByIdentity
from graphql_api.execution import EXECUTOR
from ledger.money import MINOR_UNITS

ENABLED_KEY = "prebuilt_json"  # request context: the caller serialises with orjson
MAX_KEYS = 50  # json_build_object takes at most 100 arguments

# Minor unit of the invoice's currency, as `ledger.money.MINOR_UNITS` says (2 otherwise):
# a column `minor` of the page's inner select (alias `i`), used by every amount.
_OTHER_MINOR = sorted({m for m in MINOR_UNITS.values() if m != 2})
MINOR_SQL = (
    "CASE "
    + " ".join(
        "WHEN i.currency IN ("
        + ", ".join(f"'{c}'" for c in sorted(k for k, v in MINOR_UNITS.items() if v == minor))
        + f") THEN {minor}"
        for minor in _OTHER_MINOR
    )
    + " ELSE 2 END AS minor"
)

Compile = Callable[[GraphQLObjectType, "Grouped"], "str | None"]
Grouped = dict[str, Any]  # response key -> graphql-core FieldDetailsList


def units(column: str) -> str:
    """`projections.schema.from_units` in SQL: integer ten-thousandths to the currency's
    minor unit, half-up (PostgreSQL's `round` on numeric), as Decimal's text."""
    return f"round(COALESCE({column}, 0)::numeric / 10000, s.minor)::text"


def money(amount: str) -> Compile:
    return lambda type_, grouped: build(
        type_, grouped, {"amount": amount, "currency": "s.currency"}
    )


INVOICE_LINE: dict[str, str | Compile] = {
    "id": "l.line_id",
    "sku": "l.sku",
    "description": "l.description",
    "quantity": "l.quantity",
    "unitPrice": money("l.unit_price"),
    "net": money(units("l.net")),
    "tax": money(units("l.tax")),
    "total": money(units("l.gross")),
    "disputed": "(l.disputes > 0)",
    "delivered": "COALESCE(o.delivered, '0')",
}


def lines(type_: GraphQLObjectType, grouped: Grouped) -> str | None:
    """As `invoices.types.preload_lines`: the invoice's lines in order, each with its order line's
    delivered quantity."""
    line = build(type_, grouped, INVOICE_LINE)
    if line is None:
        return None
    return (
        f"(SELECT COALESCE(json_agg({line} ORDER BY l.seq), '[]'::json) FROM invoice_lines l "
        "LEFT JOIN order_lines o ON o.order_id = s.order_id AND o.line_id = l.line_id "
        "WHERE l.invoice_id = s.invoice_id)"
    )


# Invoice fields over a row `s` of `invoices.sql.select_invoices` (with `status`), as
# `invoices.types.InvoiceFromRow` reads them.
INVOICE: dict[str, str | Compile] = {
    "id": "s.invoice_id",
    "number": "s.number",
    "source": "s.source",
    "status": "s.status",
    "customerId": "s.company_id",
    "issueDate": "s.issue_date",
    "dueDate": "s.due_date",
    "currency": "s.currency",
    "paymentTerms": lambda type_, grouped: build(
        type_, grouped, {"code": "s.terms_code", "netDays": "s.net_days"}
    ),
    "subtotal": money(units("s.net")),
    "taxTotal": money(units("s.tax")),
    "total": money(units("s.gross")),
    "paid": money(units("s.paid")),
    "open": money(units("s.open")),
    "disputed": money(units("s.disputed")),
    "lines": lines,
}


def build(
    type_: GraphQLObjectType, grouped: Grouped, fields: dict[str, str | Compile]
) -> str | None:
    """`json_build_object` of the selected fields, keys in response order; None when a
    field is not in `fields`."""
    if not 0 < len(grouped) <= MAX_KEYS:
        return None
    parts: list[str] = []
    for key, details in grouped.items():
        name = details[0].node.name.value
        if name == "__typename":
            parts.append(f"'{key}', '{type_.name}'")  # names match [_A-Za-z][_0-9A-Za-z]*
            continue
        spec = fields.get(name)
        if spec is None:
            return None
        if isinstance(spec, str):
            parts.append(f"'{key}', {spec}")
            continue
        inner = get_named_type(type_.fields[name].type)
        assert isinstance(inner, GraphQLObjectType)
        sql = spec(inner, subfields(inner, details))
        if sql is None:
            return None
        parts.append(f"'{key}', {sql}")
    return f"json_build_object({', '.join(parts)})"


def subfields(type_: GraphQLObjectType, details: Any) -> Grouped:
    executor = EXECUTOR.get()
    assert executor is not None  # `node_sql` checked
    return executor.subfields(type_, details)


_NODE_SQL: ByIdentity[str | None] = ByIdentity(256)


def node_sql(info: Any) -> str | None:
    """For an `invoices` field: SQL giving each node's JSON, or None (take the usual path)."""
    if EXECUTOR.get() is None or not info.context.get(ENABLED_KEY):
        return None
    raw = info._raw_info
    return _NODE_SQL.get(raw.field_nodes[0], lambda: compile_nodes(raw))


def compile_nodes(raw: Any) -> str | None:
    """Only when the field has exactly one `edges { node }` selection: a node selected
    twice under different aliases would need two different JSON values."""
    connection = get_named_type(raw.return_type)
    grouped = subfields(connection, [FieldDetails(n, None) for n in raw.field_nodes])
    edges = [d for d in grouped.values() if d[0].node.name.value == "edges"]
    if len(edges) != 1:
        return None
    edge = get_named_type(connection.fields["edges"].type)
    nodes = [d for d in subfields(edge, edges[0]).values() if d[0].node.name.value == "node"]
    if len(nodes) != 1:
        return None
    invoice = get_named_type(edge.fields["node"].type)
    return build(invoice, subfields(invoice, nodes[0]), INVOICE)
