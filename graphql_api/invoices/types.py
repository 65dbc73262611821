"""`Invoice` with every field's resolver, its lines, versions and the connection.

Types are built from read-model rows; nested data (lines, orders, companies, queries,
payments) comes through the request's DataLoaders, so a page of invoices costs a fixed
number of SQL queries whatever its size. `prebuilt.py` serialises the same fields in
PostgreSQL for the portal's page; these resolvers stay their definition.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry.types import Info

from graphql_api.core.types import (
    Money,
    Node,
    PageInfo,
    from_row,
    moment_of,
    money,
    money_from_row,
    perm,
    resolver,
)
from graphql_api.credit.refs import CompanyRef
from graphql_api.invoice_queries.types import InvoiceQuery, load_query
from graphql_api.invoices.credit_notes import CreditNote, issued_by
from graphql_api.orders.types import Order, load_order
from graphql_api.payments.types import InvoicePayment
from graphql_api.visibility import VERSION_STATUS_SQL
from ledger.status import STATUSES


@strawberry.enum
class InvoiceSource(enum.Enum):
    WEB = "WEB"
    ERP = "ERP"


@strawberry.enum
class InvoiceSourceFilter(enum.Enum):
    WEB = "WEB"
    ERP = "ERP"
    ALL = "ALL"


# The domain's statuses (`ledger.status`), and no others.
InvoiceStatus = strawberry.enum(enum.Enum("InvoiceStatus", [(s, s) for s in STATUSES]))


@strawberry.type
class PaymentTerms:
    code: str = perm("PaymentTerms", "code")
    net_days: int = perm("PaymentTerms", "netDays")


@strawberry.type
class InvoiceLine:
    id: strawberry.ID = perm("InvoiceLine", "id")
    sku: str = perm("InvoiceLine", "sku")
    description: str = perm("InvoiceLine", "description")
    quantity: Decimal = perm("InvoiceLine", "quantity")
    unit_price: Money = perm("InvoiceLine", "unitPrice")
    net: Money = perm("InvoiceLine", "net")
    tax: Money = perm("InvoiceLine", "tax")
    total: Money = perm("InvoiceLine", "total")
    disputed: bool = perm("InvoiceLine", "disputed")
    delivered: Decimal = perm("InvoiceLine", "delivered")


@strawberry.type
class InvoiceVersion:
    position: int = perm("InvoiceVersion", "position")
    at: datetime = perm("InvoiceVersion", "at")
    open: Money = perm("InvoiceVersion", "open")
    paid: Money = perm("InvoiceVersion", "paid")
    status: str = perm(
        "InvoiceVersion",
        "status",
        deprecation_reason="Use invoiceStatus, the invoice's status by the domain's rule; "
        "this one has four values of its own (VOID, DISPUTED, SETTLED, OPEN).",
    )
    invoice_status: InvoiceStatus = perm("InvoiceVersion", "invoiceStatus")


def invoice_lines(
    invoice: dict[str, Any], lines: list[dict[str, Any]], order_lines: list[dict[str, Any]]
) -> list[InvoiceLine]:
    """An invoice's lines from its rows, with delivered quantities from its order's."""
    delivered = {ln["line_id"]: ln["delivered"] for ln in order_lines}
    currency = invoice["currency"]
    return [LineFromRow(ln, currency, delivered.get(ln["line_id"], 0)) for ln in lines]


class LineFromRow(InvoiceLine):
    """An `InvoiceLine` built from its row field by field, as the query reads them.

    A page of 50 invoices has a hundred or more lines of ten fields, four of them Money;
    building them all up front was a third of the server's time for the portal page,
    while queries ask for a few. Strawberry's field resolvers read attributes, so a
    property is a field (the types have no `is_type_of`, so the subclass is an
    `InvoiceLine` to GraphQL)."""

    def __init__(self, row: dict[str, Any], currency: str, delivered: Any) -> None:
        self.row = row
        self.currency = currency
        self.delivered_quantity = delivered

    id = from_row(lambda r: strawberry.ID(r["line_id"]))
    sku = from_row(lambda r: r["sku"])
    description = from_row(lambda r: r["description"])
    quantity = from_row(lambda r: Decimal(r["quantity"]))
    disputed = from_row(lambda r: r["disputes"] > 0)
    unit_price = property(
        lambda self: Money(amount=Decimal(self.row["unit_price"]), currency=self.currency)
    )
    net = money_from_row("net")
    tax = money_from_row("tax")
    total = money_from_row("gross")
    delivered = property(lambda self: Decimal(self.delivered_quantity))


async def preload_lines(info: Info, invoices: list[Invoice]) -> None:
    """Every line of a page of invoices, with its delivered quantity, in one query,
    before any `lines` resolves (no DataLoader `load` per invoice: each costs a future
    and a task, more than its rows)."""
    reader = info.context["reader"]
    where, params = reader.in_list("l.invoice_id", [i.row["invoice_id"] for i in invoices])
    found = await reader.fetch(
        "SELECT l.*, COALESCE(o.delivered, '0') AS delivered_quantity FROM invoice_lines l "
        "JOIN invoices i ON i.invoice_id = l.invoice_id "
        "LEFT JOIN order_lines o ON o.order_id = i.order_id AND o.line_id = l.line_id "
        f"WHERE {where} ORDER BY l.seq",
        params,
    )
    rows: dict[str, list[dict[str, Any]]] = {i.row["invoice_id"]: [] for i in invoices}
    for row in found:
        rows[row["invoice_id"]].append(row)
    for invoice in invoices:
        currency = invoice.row["currency"]
        invoice.preloaded_lines = [
            LineFromRow(row, currency, row["delivered_quantity"])
            for row in rows[invoice.row["invoice_id"]]
        ]


@strawberry.type
class Invoice(Node):
    """The schema's invoice. Instances are `InvoiceFromRow`s (`Invoice.of`), whose plain
    fields are properties read from the row: attributes resolve far faster than resolver
    methods (a page of 50 invoices has over a thousand fields), and only the fields a
    query asks for are ever built."""

    row: strawberry.Private[dict[str, Any]]
    preloaded_lines: strawberry.Private[list[InvoiceLine] | None]
    id: strawberry.ID = perm("Invoice", "id")
    number: str = perm("Invoice", "number")
    source: InvoiceSource = perm("Invoice", "source")
    status: InvoiceStatus = perm("Invoice", "status")
    customer_id: strawberry.ID = perm("Invoice", "customerId")
    issue_date: date = perm("Invoice", "issueDate")
    due_date: date = perm("Invoice", "dueDate")
    currency: str = perm("Invoice", "currency")
    payment_terms: PaymentTerms = perm("Invoice", "paymentTerms")
    subtotal: Money = perm("Invoice", "subtotal")
    tax_total: Money = perm("Invoice", "taxTotal")
    total: Money = perm("Invoice", "total")
    paid: Money = perm("Invoice", "paid")
    open: Money = perm("Invoice", "open")
    disputed: Money = perm("Invoice", "disputed")

    @classmethod
    def of(cls, row: dict[str, Any]) -> Invoice:
        return InvoiceFromRow(row)

    @resolver("Invoice", "company")
    async def company(self, info: Info) -> CompanyRef:
        row = await info.context["loaders"].company.load(self.row["company_id"])
        return CompanyRef(id=strawberry.ID(row["company_id"]), name=row["name"])

    @resolver("Invoice", "order")
    async def order(self, info: Info) -> Order:
        return await load_order(info, self.row["order_id"], self.row["order_number"])

    @resolver("Invoice", "lines")
    def lines(self, info: Info) -> list[InvoiceLine]:
        """The page's lines when `invoices` fetched them for the whole page (no awaiting
        per invoice), else through the loaders (an awaitable, which strawberry awaits)."""
        if self.preloaded_lines is not None:
            return self.preloaded_lines
        return self.load_lines(info)  # type: ignore[return-value]

    async def load_lines(self, info: Info) -> list[InvoiceLine]:
        loaders = info.context["loaders"]
        lines = await loaders.invoice_lines.load(self.row["invoice_id"])
        order_lines = await loaders.order_lines.load(self.row["order_id"])
        return invoice_lines(self.row, lines, order_lines)

    @resolver("Invoice", "queries")
    async def queries(self, info: Info) -> list[InvoiceQuery]:
        found = await info.context["loaders"].queries.load(self.row["invoice_id"])
        return [await load_query(info, q, self.row["currency"]) for q in found]

    @resolver("Invoice", "payments")
    async def payments(self, info: Info) -> list[InvoicePayment]:
        found = await info.context["loaders"].allocations.load(self.row["invoice_id"])
        return [
            InvoicePayment(
                payment_id=a["payment_id"],
                amount=money(a["amount"], a["currency"]),
                at=moment_of(a["at"]),
                reference=a["reference"] or "",
                method=a["method"],
            )
            for a in found
        ]

    @resolver("Invoice", "creditNotes")
    async def credit_notes(self, info: Info) -> list[CreditNote]:
        found = await info.context["loaders"].credit_notes.load(self.row["invoice_id"])
        return issued_by(found, self.row["credited"])

    @resolver("Invoice", "history")
    async def history(self, info: Info) -> list[InvoiceVersion]:
        reader = info.context["reader"]
        found = await reader.fetch(
            f"SELECT i.*, {VERSION_STATUS_SQL} AS invoice_status FROM invoice_history i "
            "WHERE i.invoice_id = %(id)s ORDER BY i.valid_from",
            {"id": self.row["invoice_id"]},
        )
        currency = self.row["currency"]
        return [
            InvoiceVersion(
                position=v["valid_from"],
                at=moment_of(v["valid_from_at"]),
                open=money(v["open"], currency),
                paid=money(v["paid"], currency),
                status="VOID"
                if v["voided"]
                else "DISPUTED"
                if v["open_disputes"]
                else "SETTLED"
                if v["open"] == 0
                else "OPEN",
                invoice_status=InvoiceStatus(v["invoice_status"]),
            )
            for v in found
        ]


class InvoiceFromRow(Invoice):
    """An `Invoice` read from its row field by field, as the query asks (see
    `LineFromRow`): a query wants a handful of an invoice's sixteen fields."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.row = row
        self.preloaded_lines = None

    id = from_row(lambda r: strawberry.ID(r["invoice_id"]))
    number = from_row(lambda r: str(r["number"]))
    source = from_row(lambda r: InvoiceSource(r["source"]))
    status = from_row(lambda r: InvoiceStatus(r["status"]))
    customer_id = from_row(lambda r: strawberry.ID(r["company_id"]))
    issue_date = from_row(lambda r: date.fromisoformat(r["issue_date"]))
    due_date = from_row(lambda r: date.fromisoformat(r["due_date"]))
    currency = from_row(lambda r: r["currency"])
    payment_terms = from_row(lambda r: PaymentTerms(code=r["terms_code"], net_days=r["net_days"]))
    subtotal = money_from_row("net")
    tax_total = money_from_row("tax")
    total = money_from_row("gross")
    paid = money_from_row("paid")
    open = money_from_row("open")
    disputed = money_from_row("disputed")


@strawberry.type
class InvoiceEdge:
    cursor: str = perm("InvoiceEdge", "cursor")
    node: Invoice = perm("InvoiceEdge", "node")


@strawberry.type
class InvoiceConnection:
    edges: list[InvoiceEdge] = perm("InvoiceConnection", "edges")
    page_info: PageInfo = perm("InvoiceConnection", "pageInfo")
    total_count: int = perm("InvoiceConnection", "totalCount")
