"""`Company` with its credit fields (`ArMetrics` is in `credit/metrics.py`).

The credit figures, aging, statement and risk are computed by `projections.history`
and `projections.metrics` in a worker thread (`in_views`), as of the request's moment.
`visible_company` finds one company the viewer may see (`recordPayment` uses it).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from graphql_api.core.inputs import fail, page_size, uuid, viewer_of
from graphql_api.core.paging import Connection, page
from graphql_api.core.types import Money, Node, in_views, money, perm, resolver
from graphql_api.invoice_queries.types import InvoiceQuery, load_query
from graphql_api.invoices.schema import InvoiceQueries
from graphql_api.invoices.sql import select_invoices
from graphql_api.invoices.types import InvoiceConnection
from graphql_api.payments.types import Payment
from graphql_api.visibility import company_filter
from projections.history import Moment, aging, company_as_of, moment_date
from projections.metrics import RiskScore, credit_risk, statement
from projections.rows import Rows
from projections.schema import from_units


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
    lines: list[StatementLine] = perm(
        "Statement", "lines", deprecation_reason="a long period has many: use linesPage"
    )
    closing: Money = perm("Statement", "closing")

    @resolver("Statement", "linesPage")
    def lines_page(self, first: int = 100, after: str | None = None) -> Connection[StatementLine]:
        """The period's lines in date order, a page at a time."""
        numbered = list(enumerate(self.lines))
        return page(numbered, first, after, lambda n: [n[0]], lambda n: n[1])


@strawberry.type
class CreditRisk:
    score: int = perm("CreditRisk", "score")
    grade: str = perm("CreditRisk", "grade")
    reasons: list[str] = perm("CreditRisk", "reasons")


GRADES = ((20, "A"), (40, "B"), (60, "C"), (80, "D"))


def grade(score: int) -> str:
    return next((g for limit, g in GRADES if score < limit), "E")


@strawberry.type
class Company(Node):
    row: strawberry.Private[dict[str, Any]]
    as_of: strawberry.Private[Moment | None]

    @resolver("Company", "id")
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.row["company_id"])

    @resolver("Company", "name")
    def name(self) -> str:
        return str(self.row["name"])

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Company:
        return cls(row=row, as_of=None)

    @resolver("Company", "balance")
    def balance(self) -> Money:
        """Open on its invoices less cash received and not yet applied (as the statement)."""
        return money(self.row["balance"], self.row["currency"])

    @resolver("Company", "overdue")
    def overdue(self) -> Money:
        """Open on its invoices past their due date (void ones aside), as of today."""
        return money(self.row["overdue_units"], self.row["currency"])

    @resolver("Company", "creditStatus")
    async def credit_status(self, info: Info) -> CreditStatus:
        row = self.row
        if self.as_of is not None and not row.get("as_of_figures"):  # else: `credit/past.py`
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

    @resolver("Company", "invoices")
    async def invoices(
        self, info: Info, first: int = 50, after: str | None = None
    ) -> InvoiceConnection:
        """The company's invoices the viewer sees, exactly as `invoices(companyId:)`."""
        found: InvoiceConnection = await InvoiceQueries.invoices(  # type: ignore[operator]
            None, info, company_id=self.id(), first=first, after=after
        )
        return found

    @resolver("Company", "queries")
    async def queries(
        self, info: Info, first: int = 50, after: str | None = None
    ) -> Connection[InvoiceQuery]:
        """Queries on the company's invoices the viewer sees, newest first."""
        page_size(first)
        visible = await select_invoices(
            info, when=None, extra=" AND company_id = %(c)s", params={"c": self.row["company_id"]}
        )
        currency = {i["invoice_id"]: i["currency"] for i in visible}
        found = await info.context["reader"].fetch(
            "SELECT * FROM queries WHERE company_id = %(c)s ORDER BY position DESC",
            {"c": self.row["company_id"]},
        )
        rows = [q for q in found if q["invoice_id"] in currency]
        threads = {
            q["query_id"]: await load_query(info, q, currency[q["invoice_id"]]) for q in rows
        }
        return page(
            rows, first, after, lambda q: [-q["position"]], lambda q: threads[q["query_id"]]
        )

    @resolver("Company", "payments")
    async def payments(
        self, info: Info, first: int = 50, after: str | None = None
    ) -> Connection[Payment]:
        """Payments received from the company, newest first, with what each paid."""
        page_size(first)
        reader = info.context["reader"]
        params = {"c": self.row["company_id"]}
        found = await reader.fetch(
            "SELECT * FROM payments WHERE company_id = %(c)s ORDER BY position DESC", params
        )
        applied: dict[str, list[dict[str, Any]]] = {p["payment_id"]: [] for p in found}
        for a in await reader.fetch(
            "SELECT * FROM allocations WHERE company_id = %(c)s AND reversed = 0 ORDER BY position",
            params,
        ):
            applied.setdefault(a["payment_id"], []).append(a)
        return page(
            found,
            first,
            after,
            lambda p: [-p["position"]],
            lambda p: Payment.of(p, applied[p["payment_id"]]),
        )

    @resolver("Company", "creditRisk")
    async def credit_risk(self, info: Info) -> CreditRisk:
        """Scored from the books now, or as they stood at the company's `asOf`."""
        risk = await in_views(info, lambda r: risk_of(r, self.row["company_id"], info, self.as_of))
        return CreditRisk(score=risk.score, grade=grade(risk.score), reasons=risk.reasons)


def risk_of(rows: Rows, company_id: str, info: Info, when: Moment | None) -> RiskScore:
    """The score on the moment's date, or today's without one."""
    today = moment_date(rows, when) if when is not None else info.context["now"].date()
    return credit_risk(rows, company_id, today, when)


async def company_rows(info: Info, extra: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The viewer's companies (rows `c`) that pass `extra`, with `balance` and
    `overdue_units` (integer units, as the read model keeps money)."""
    visible, visible_params = company_filter(viewer_of(info), "c.company_id")
    found = await info.context["reader"].fetch(
        "SELECT c.*, c.open_invoices - c.unapplied AS balance, "
        "(SELECT COALESCE(SUM(i.open), 0) FROM invoices i WHERE i.company_id = c.company_id "
        "AND i.voided = 0 AND i.open > 0 AND i.due_date < %(today)s) AS overdue_units "
        f"FROM companies c WHERE {visible} {extra}",
        {**visible_params, **params, "today": info.context["now"].date().isoformat()},
    )
    return [dict(r) for r in found]


async def visible_company(info: Info, company_id: Any) -> dict[str, Any]:
    found = await company_rows(
        info,
        " AND c.company_id = %(id)s",
        {"id": str(uuid(company_id, f"company {company_id}"))},
    )
    if not found:
        raise fail(f"company {company_id} not found", "NOT_FOUND")
    return found[0]
