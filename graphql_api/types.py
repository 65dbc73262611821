"""GraphQL object types. Every field takes its permission from the matrix.

Types are built from read-model rows; nested data (lines, orders, companies,
queries, payments) comes through the request's DataLoaders, so a page of
invoices costs a fixed number of SQL queries whatever its size.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

import anyio
import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from graphql_api.permissions import field_permissions
from projections.history import Moment, aging, company_as_of
from projections.metrics import credit_risk, statement
from projections.schema import from_units


def perm(type_name: str, field: str, **kwargs: Any) -> Any:
    return strawberry.field(permission_classes=field_permissions(type_name, field), **kwargs)


def resolver(type_name: str, name: str, **kwargs: Any) -> Any:
    """Decorator for a field with a resolver, named in camelCase in the schema."""
    return strawberry.field(
        permission_classes=field_permissions(type_name, name), name=name, **kwargs
    )


@strawberry.enum
class InvoiceSource(enum.Enum):
    WEB = "WEB"
    ERP = "ERP"


@strawberry.enum
class InvoiceSourceFilter(enum.Enum):
    WEB = "WEB"
    ERP = "ERP"
    ALL = "ALL"


@strawberry.enum
class InvoiceStatus(enum.Enum):
    OPEN = "OPEN"
    PARTIALLY_PAID = "PARTIALLY_PAID"
    PAID = "PAID"
    OVERDUE = "OVERDUE"
    DISPUTED = "DISPUTED"
    VOID = "VOID"
    WRITTEN_OFF = "WRITTEN_OFF"
    CREDITED = "CREDITED"


@strawberry.type
class Money:
    amount: Decimal = perm("Money", "amount")
    currency: str = perm("Money", "currency")


def money(units: int | None, currency: str) -> Money:
    return Money(amount=from_units(int(units or 0), currency), currency=currency)


@strawberry.type
class PageInfo:
    has_next_page: bool = perm("PageInfo", "hasNextPage")
    end_cursor: str | None = perm("PageInfo", "endCursor")


@strawberry.type
class CompanyRef:
    id: strawberry.ID = perm("CompanyRef", "id")
    name: str = perm("CompanyRef", "name")


@strawberry.type
class Viewer:
    id: strawberry.ID = perm("Viewer", "id")
    email: str = perm("Viewer", "email")
    name: str = perm("Viewer", "name")
    roles: list[str] = perm("Viewer", "roles")
    company: CompanyRef | None = perm("Viewer", "company")


@strawberry.type
class Person:
    id: strawberry.ID = perm("Person", "id")
    email: str = perm("Person", "email")
    name: str = perm("Person", "name")


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
class OrderLine:
    id: strawberry.ID = perm("OrderLine", "id")
    sku: str = perm("OrderLine", "sku")
    description: str = perm("OrderLine", "description")
    quantity: Decimal = perm("OrderLine", "quantity")
    shipped: Decimal = perm("OrderLine", "shipped")
    delivered: Decimal = perm("OrderLine", "delivered")


@strawberry.type
class Order:
    id: strawberry.ID = perm("Order", "id")
    number: str = perm("Order", "number")
    placed_at: date | None = perm("Order", "placedAt")
    placed_by: Person | None = perm("Order", "placedBy")
    lines: list[OrderLine] = perm("Order", "lines")


@strawberry.type
class QueryMessage:
    side: str = perm("QueryMessage", "side")
    author: strawberry.ID = perm("QueryMessage", "author")
    body: str = perm("QueryMessage", "body")
    at: datetime = perm("QueryMessage", "at")


@strawberry.type
class InvoiceQuery:
    id: strawberry.ID = perm("InvoiceQuery", "id")
    reason: str = perm("InvoiceQuery", "reason")
    status: str = perm("InvoiceQuery", "status")
    outcome: str | None = perm("InvoiceQuery", "outcome")
    line_ids: list[str] = perm("InvoiceQuery", "lineIds")
    disputed: Money = perm("InvoiceQuery", "disputed")
    messages: list[QueryMessage] = perm("InvoiceQuery", "messages")


@strawberry.type
class InvoicePayment:
    payment_id: strawberry.ID = perm("InvoicePayment", "paymentId")
    amount: Money = perm("InvoicePayment", "amount")
    at: datetime = perm("InvoicePayment", "at")
    reference: str = perm("InvoicePayment", "reference")
    method: str = perm("InvoicePayment", "method")


@strawberry.type
class InvoiceVersion:
    position: int = perm("InvoiceVersion", "position")
    at: datetime = perm("InvoiceVersion", "at")
    open: Money = perm("InvoiceVersion", "open")
    paid: Money = perm("InvoiceVersion", "paid")
    status: str = perm("InvoiceVersion", "status")


def invoice_lines(
    invoice: dict[str, Any], lines: list[dict[str, Any]], order_lines: list[dict[str, Any]]
) -> list[InvoiceLine]:
    """An invoice's lines from its rows, with delivered quantities from its order's."""
    delivered = {ln["line_id"]: ln["delivered"] for ln in order_lines}
    currency = invoice["currency"]
    return [LineFromRow(ln, currency, delivered.get(ln["line_id"], 0)) for ln in lines]


def from_row(convert: Callable[[dict[str, Any]], Any]) -> Any:
    """A field read from the object's read-model row when a query asks for it."""
    return property(lambda self: convert(self.row))


def money_from_row(column: str) -> Any:
    """A Money field from a column of integer units, in the object's `currency`."""
    return property(lambda self: money(self.row[column], self.currency))


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


def moment_of(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@strawberry.type
class Invoice:
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
        loaders = info.context["loaders"]
        row = await loaders.order.load(self.row["order_id"])
        lines = await loaders.order_lines.load(self.row["order_id"])
        placed_by = None
        if row and row.get("placed_by"):
            user = await loaders.user.load(row["placed_by"])
            if user:
                placed_by = Person(id=user["user_id"], email=user["email"], name=user["name"])
        return Order(
            id=strawberry.ID(self.row["order_id"]),
            number=self.row["order_number"],
            placed_at=date.fromisoformat(row["placed_on"])
            if row and row.get("placed_on")
            else None,
            placed_by=placed_by,
            lines=[
                OrderLine(
                    id=ln["line_id"],
                    sku=ln["sku"],
                    description=ln["description"],
                    quantity=Decimal(ln["quantity"]),
                    shipped=Decimal(ln["shipped"]),
                    delivered=Decimal(ln["delivered"]),
                )
                for ln in lines
            ],
        )

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
        loaders = info.context["loaders"]
        found = await loaders.queries.load(self.row["invoice_id"])
        result = []
        for q in found:
            messages = await loaders.messages.load(q["query_id"])
            result.append(
                InvoiceQuery(
                    id=strawberry.ID(q["query_id"]),
                    reason=q["reason"],
                    status="OPEN" if q["outcome"] is None else "RESOLVED",
                    outcome=q["outcome"],
                    line_ids=[i for i in q["line_ids"].split(",") if i],
                    disputed=money(q["disputed"], self.row["currency"]),
                    messages=[
                        QueryMessage(
                            side=m["side"],
                            author=m["author"],
                            body=m["body"],
                            at=moment_of(m["at"]),
                        )
                        for m in messages
                    ],
                )
            )
        return result

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

    @resolver("Invoice", "history")
    async def history(self, info: Info) -> list[InvoiceVersion]:
        reader = info.context["reader"]
        found = await reader.fetch(
            "SELECT * FROM invoice_history WHERE invoice_id = %(id)s ORDER BY valid_from",
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


@strawberry.type
class CreditStatus:
    limit: Money = perm("CreditStatus", "limit")
    exposure: Money = perm("CreditStatus", "exposure")
    available: Money = perm("CreditStatus", "available")
    on_hold: bool = perm("CreditStatus", "onHold")
    hold_reason: str = perm("CreditStatus", "holdReason")


@strawberry.type
class AgedDebt:
    currency: str = perm("AgedDebt", "currency")
    current: Decimal = perm("AgedDebt", "current")
    days_1_to_30: Decimal = perm("AgedDebt", "days1To30", name="days1To30")
    days_31_to_60: Decimal = perm("AgedDebt", "days31To60", name="days31To60")
    days_61_to_90: Decimal = perm("AgedDebt", "days61To90", name="days61To90")
    days_90_plus: Decimal = perm("AgedDebt", "days90Plus", name="days90Plus")


def aged_debt(buckets: dict[str, dict[str, Decimal]]) -> list[AgedDebt]:
    return [
        AgedDebt(
            currency=cur,
            current=b["current"],
            days_1_to_30=b["1-30"],
            days_31_to_60=b["31-60"],
            days_61_to_90=b["61-90"],
            days_90_plus=b["90+"],
        )
        for cur, b in sorted(buckets.items())
    ]


@strawberry.type
class StatementLine:
    date: date = perm("StatementLine", "date")
    kind: str = perm("StatementLine", "kind")
    document: str = perm("StatementLine", "document")
    reference: str = perm("StatementLine", "reference")
    amount: Money = perm("StatementLine", "amount")
    applied: Money = perm("StatementLine", "applied")
    balance: Money = perm("StatementLine", "balance")


@strawberry.type
class Statement:
    opening: Money = perm("Statement", "opening")
    lines: list[StatementLine] = perm("Statement", "lines")
    closing: Money = perm("Statement", "closing")


@strawberry.type
class CreditRisk:
    score: int = perm("CreditRisk", "score")
    grade: str = perm("CreditRisk", "grade")
    reasons: list[str] = perm("CreditRisk", "reasons")


@strawberry.type
class Dso:
    currency: str = perm("Dso", "currency")
    days: Decimal | None = perm("Dso", "days")


@strawberry.type
class ArMetrics:
    dso: list[Dso] = perm("ArMetrics", "dso")
    value_in_dispute: list[Money] = perm("ArMetrics", "valueInDispute")
    aged_debt: list[AgedDebt] = perm("ArMetrics", "agedDebt")


@strawberry.type
class LedgerEvent:
    position: int = perm("LedgerEvent", "position")
    type: str = perm("LedgerEvent", "type")
    stream_id: strawberry.ID = perm("LedgerEvent", "streamId")
    occurred_at: datetime = perm("LedgerEvent", "occurredAt")
    hash: str = perm("LedgerEvent", "hash")
    data: JSON = perm("LedgerEvent", "data")


@strawberry.type
class LedgerEventEdge:
    cursor: str = perm("LedgerEventEdge", "cursor")
    node: LedgerEvent = perm("LedgerEventEdge", "node")


@strawberry.type
class LedgerEventConnection:
    edges: list[LedgerEventEdge] = perm("LedgerEventConnection", "edges")
    page_info: PageInfo = perm("LedgerEventConnection", "pageInfo")


@strawberry.type
class MutationResult:
    ok: bool = perm("MutationResult", "ok")
    result: JSON = perm("MutationResult", "result")


def event_data(state: bytes) -> Any:
    return json.loads(state)


GRADES = ((20, "A"), (40, "B"), (60, "C"), (80, "D"))


def grade(score: int) -> str:
    return next((g for limit, g in GRADES if score < limit), "E")


async def in_views(info: Info, work: Any) -> Any:
    """Run a synchronous read-model function (history, metrics) in a worker thread."""

    def run() -> Any:
        with info.context["views"].rows() as (rows, _):
            return work(rows)

    return await anyio.to_thread.run_sync(run)


@strawberry.type
class Company:
    row: strawberry.Private[dict[str, Any]]
    as_of: strawberry.Private[Moment | None]

    @resolver("Company", "id")
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.row["company_id"])

    @resolver("Company", "name")
    def name(self) -> str:
        return str(self.row["name"])

    @resolver("Company", "creditStatus")
    async def credit_status(self, info: Info) -> CreditStatus:
        row = self.row
        if self.as_of is not None:
            row = await in_views(
                info, lambda r: company_as_of(r, self.row["company_id"], self.as_of)
            )
            row = row or self.row
        currency = self.row["currency"]

        def m(v: Any) -> Money:
            return (
                Money(amount=v, currency=currency) if isinstance(v, Decimal) else money(v, currency)
            )

        if isinstance(row.get("credit_limit"), Decimal):
            limit, exposure = row["credit_limit"], row["exposure"]
        else:
            limit = from_units(row["credit_limit"], currency)
            exposure = from_units(row["uninvoiced"] + row["open_invoices"], currency)
        return CreditStatus(
            limit=m(limit),
            exposure=m(exposure),
            available=m(limit - exposure),
            on_hold=bool(row["on_hold"]),
            hold_reason=row["hold_reason"] or "",
        )

    @resolver("Company", "aging")
    async def aging(self, info: Info) -> list[AgedDebt]:
        when = self.as_of or Moment(at=info.context["now"])
        buckets = await in_views(info, lambda r: aging(r, when, self.row["company_id"]))
        return aged_debt(buckets)

    @resolver("Company", "statement")
    async def statement(
        self,
        info: Info,
        from_: Annotated[date | None, strawberry.argument(name="from")] = None,
        to: date | None = None,
    ) -> Statement:
        end = to or info.context["now"].date()
        start = from_ or date(end.year, end.month, 1)
        result = await in_views(info, lambda r: statement(r, self.row["company_id"], start, end))
        cur = result.currency
        return Statement(
            opening=Money(amount=result.opening, currency=cur),
            closing=Money(amount=result.closing, currency=cur),
            lines=[
                StatementLine(
                    date=date.fromisoformat(ln["on_date"]),
                    kind=ln["kind"],
                    document=ln["document"],
                    reference=ln["reference"] or "",
                    amount=Money(amount=ln["amount"], currency=cur),
                    applied=Money(amount=ln["applied"], currency=cur),
                    balance=Money(amount=ln["balance"], currency=cur),
                )
                for ln in result.lines
            ],
        )

    @resolver("Company", "creditRisk")
    async def credit_risk(self, info: Info) -> CreditRisk:
        risk = await in_views(
            info, lambda r: credit_risk(r, self.row["company_id"], info.context["now"].date())
        )
        return CreditRisk(score=risk.score, grade=grade(risk.score), reasons=risk.reasons)


@strawberry.enum
class ErpExceptionStatus(enum.Enum):
    OPEN = "OPEN"
    RESOLVED = "RESOLVED"
    DISMISSED = "DISMISSED"


@strawberry.type
class ErpException:
    id: strawberry.ID = perm("ErpException", "id")
    source: str = perm("ErpException", "source")
    number: str = perm("ErpException", "number")
    reason: str = perm("ErpException", "reason")
    status: ErpExceptionStatus = perm("ErpException", "status")
    document: JSON = perm("ErpException", "document")
    parked_at: datetime = perm("ErpException", "parkedAt")
    closed_at: datetime | None = perm("ErpException", "closedAt")
    invoice_id: strawberry.ID | None = perm("ErpException", "invoiceId")
    company_id: strawberry.ID | None = perm("ErpException", "companyId")
    note: str | None = perm("ErpException", "note")

    @classmethod
    def of(cls, row: dict[str, Any]) -> ErpException:
        return cls(
            id=strawberry.ID(row["exception_id"]),
            source=row["source"],
            number=row["number"],
            reason=row["reason"],
            status=ErpExceptionStatus(row["status"]),
            document=json.loads(row["document"]),
            parked_at=datetime.fromisoformat(row["parked_at"]),
            closed_at=datetime.fromisoformat(row["closed_at"]) if row["closed_at"] else None,
            invoice_id=strawberry.ID(row["invoice_id"]) if row["invoice_id"] else None,
            company_id=strawberry.ID(row["company_id"]) if row["company_id"] else None,
            note=row["note"],
        )


@strawberry.enum
class BankEntryStatus(enum.Enum):
    ALLOCATED = "ALLOCATED"
    SUGGESTED = "SUGGESTED"
    UNIDENTIFIED = "UNIDENTIFIED"
    SETTLED = "SETTLED"
    DISMISSED = "DISMISSED"


@strawberry.type
class PaymentSuggestion:
    invoice_id: strawberry.ID = perm("PaymentSuggestion", "invoiceId")
    number: str = perm("PaymentSuggestion", "number")
    amount: Money = perm("PaymentSuggestion", "amount")
    reason: str = perm("PaymentSuggestion", "reason")


@strawberry.type
class BankEntry:
    id: strawberry.ID = perm("BankEntry", "id")
    reference: str = perm("BankEntry", "reference")
    booked_on: date = perm("BankEntry", "bookedOn")
    amount: Money = perm("BankEntry", "amount")
    payer: str = perm("BankEntry", "payer")
    payer_account: str = perm("BankEntry", "payerAccount")
    remittance: str = perm("BankEntry", "remittance")
    company_id: strawberry.ID | None = perm("BankEntry", "companyId")
    payment_id: strawberry.ID | None = perm("BankEntry", "paymentId")
    status: BankEntryStatus = perm("BankEntry", "status")
    suggestions: list[PaymentSuggestion] = perm("BankEntry", "suggestions")
    note: str | None = perm("BankEntry", "note")

    @classmethod
    def of(cls, row: dict[str, Any]) -> BankEntry:
        currency = row["currency"]
        return cls(
            id=strawberry.ID(row["entry_id"]),
            reference=row["reference"],
            booked_on=date.fromisoformat(row["booked_on"]),
            amount=money(row["amount"], currency),
            payer=row["payer"] or "",
            payer_account=row["payer_account"] or "",
            remittance=row["remittance"] or "",
            company_id=strawberry.ID(row["company_id"]) if row["company_id"] else None,
            payment_id=strawberry.ID(row["payment_id"]) if row["payment_id"] else None,
            status=BankEntryStatus(row["status"]),
            suggestions=[
                PaymentSuggestion(
                    invoice_id=strawberry.ID(s["invoiceId"]),
                    number=s["number"],
                    amount=Money(amount=Decimal(s["amount"]), currency=currency),
                    reason=s["reason"],
                )
                for s in json.loads(row["suggestions"] or "[]")
            ],
            note=row["note"],
        )
