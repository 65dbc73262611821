"""`arMetrics { trend }`: DSO, cash collected and invoice gross due, month by month.

The expected figures are computed here from the ledger's own events, folded in Python
(`ledger.books.Books`) up to each month's end by event time: receivables open and sales
of the last 90 days for DSO (README, "DSO"), payments by the day they were received,
invoices by their due date. Nothing of `projections/` is used for them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest

from cli import demo
from ledger.application import Ledger
from ledger.books import Books
from ledger.invoices import Invoice
from ledger.payments import Payment
from projections import views
from tests.e2e.conftest import codes
from tests.e2e.test_schema import execute

TREND = (
    "query($n: Int!, $at: DateTime) { arMetrics(asOf: $at) { dso { currency days } "
    "trend(months: $n) { month dso { currency days } collected { amount currency } "
    "due { amount currency } } } }"
)


def month_end(first: date) -> datetime:
    after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return datetime(after.year, after.month, 1, tzinfo=UTC) - timedelta(microseconds=1)


def dso_of(books: Books, on: date) -> dict[str, str | None]:
    """Open receivables / gross invoiced in the 90 days to `on` x 90, per currency."""
    open_: dict[str, Decimal] = {}
    sales: dict[str, Decimal] = {}
    for agg in books.aggregates.values():
        if isinstance(agg, Invoice) and not agg.voided:
            cur = agg.currency
            open_[cur] = open_.get(cur, Decimal(0)) + agg.open_amount.amount
            issued = on - timedelta(days=90) < agg.header.issue_date <= on
            sales[cur] = sales.get(cur, Decimal(0)) + (agg.totals.gross.amount if issued else 0)
    return {
        cur: None
        if not sales[cur]
        else str((open_[cur] / sales[cur] * 90).quantize(Decimal("0.1"), ROUND_HALF_UP))
        for cur in open_
    }


def expected(ledger: Ledger, at: datetime, months: int) -> list[dict[str, Any]]:
    """The trend ending at `at`, from the events up to `at` folded month end by month end."""
    firsts = []
    year, month = at.year, at.month
    for _ in range(months):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    firsts.reverse()
    ends = [month_end(f) for f in firsts[:-1]] + [at]
    books, result = Books(), []
    events = iter(ledger.all_events())
    pending = next(events, None)
    for first, end in zip(firsts, ends, strict=True):
        while pending is not None and pending.timestamp <= end:
            books.apply(pending)
            pending = next(events, None)
        result.append({"month": first.isoformat(), "dso": dso_of(books, end.date())})
    last = at.date()
    for row in result:
        first = date.fromisoformat(row["month"])

        def in_month(day: date, first: date = first) -> bool:
            return (day.year, day.month) == (first.year, first.month) and day <= last

        collected: dict[str, Decimal] = {}
        due: dict[str, Decimal] = {}
        for agg in books.aggregates.values():
            if isinstance(agg, Payment) and not agg.reversed and in_month(agg.received_on):
                collected[agg.currency] = collected.get(agg.currency, Decimal(0)) + agg.amount
            if isinstance(agg, Invoice) and not agg.voided and in_month(agg.header.due_date):
                due[agg.currency] = due.get(agg.currency, Decimal(0)) + agg.totals.gross.amount
        row["collected"] = {c: str(v) for c, v in collected.items()}
        row["due"] = {c: str(v) for c, v in due.items()}
    return result


def answered(body: dict[str, Any]) -> list[dict[str, Any]]:
    assert "errors" not in body, body
    return [
        {
            "month": m["month"],
            "dso": {d["currency"]: d["days"] for d in m["dso"]},
            "collected": {c["currency"]: c["amount"] for c in m["collected"]},
            "due": {c["currency"]: c["amount"] for c in m["due"]},
        }
        for m in body["data"]["arMetrics"]["trend"]
    ]


def same(a: dict[str, str | None], b: dict[str, str | None]) -> bool:
    def exact(d: dict[str, str | None]) -> dict[str, Decimal | None]:
        return {k: None if v is None else Decimal(v) for k, v in d.items()}

    return exact(a) == exact(b)


def check(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> None:
    assert [m["month"] for m in got] == [m["month"] for m in want]
    for g, w in zip(got, want, strict=True):
        for figure in ("dso", "collected", "due"):
            assert same(g[figure], w[figure]), (g["month"], figure, g[figure], w[figure])


@pytest.mark.postgres
def test_the_trend_matches_the_ledger_folded_month_by_month(
    as_user: Any, demo_store_url: str
) -> None:
    body = as_user("ar@seller.example")(TREND, n=8, at=None)
    now = datetime.now(UTC)
    got = answered(body)
    ledger = Ledger(demo_store_url)
    try:
        want = expected(ledger, now, 8)
    finally:
        ledger.close()
    check(got, want)
    assert sum(bool(m["collected"]) for m in got) >= 3, "the demo has months of payments"
    assert sum(bool(m["due"]) for m in got) >= 3
    assert sum(bool(m["dso"]) for m in got) >= 3
    now_dso = {d["currency"]: d["days"] for d in body["data"]["arMetrics"]["dso"]}
    assert got[-1]["dso"] == now_dso  # the last month ends now: the one DSO rule


@pytest.mark.postgres
def test_a_trend_as_of_a_past_moment_ends_at_that_moment(as_user: Any, demo_store_url: str) -> None:
    at = (datetime.now(UTC) - timedelta(days=45)).replace(microsecond=0)
    body = as_user("auditor@seller.example")(TREND, n=4, at=at.isoformat())
    got = answered(body)
    assert got[-1]["month"] == date(at.year, at.month, 1).isoformat()
    ledger = Ledger(demo_store_url)
    try:
        want = expected(ledger, at, 4)
    finally:
        ledger.close()
    check(got, want)
    then_dso = {d["currency"]: d["days"] for d in body["data"]["arMetrics"]["dso"]}
    assert got[-1]["dso"] == then_dso


@pytest.mark.postgres
def test_months_outside_1_to_36_are_refused_and_only_finance_reads_the_trend(
    as_user: Any,
) -> None:
    ar = as_user("ar@seller.example")
    for n in (0, -1, 37):
        body = ar(TREND, n=n, at=None)
        assert codes(body) == {"BAD_INPUT"}, body
        assert body.get("data") is None
    assert len(answered(ar(TREND, n=36, at=None))) == 36
    assert len(answered(ar(TREND, n=1, at=None))) == 1
    for email in ("sales@seller.example", "cs@seller.example", "delivery@seller.example",
                  "alice@acme.example"):  # fmt: skip
        assert codes(as_user(email)(TREND, n=3, at=None)) == {"FORBIDDEN"}, email


class CountedViews:
    """The real view recorder, counting the statements its read-model functions run."""

    def __init__(self, view: Any) -> None:
        self.view = view
        self.statements = 0

    @contextmanager
    def rows(self) -> Iterator[tuple[Any, Any]]:
        with self.view.rows() as (rows, cursor):
            select = rows.select

            def counted(*args: Any, **kwargs: Any) -> Any:
                self.statements += 1
                return select(*args, **kwargs)

            rows.select = counted
            yield rows, cursor


def test_the_trend_costs_the_same_few_statements_for_1_or_36_months(sqlite_url: str) -> None:
    ledger = Ledger(sqlite_url)
    demo.run(ledger, demo.plan(seed=2, orders=60))
    view = views.open_views(sqlite_url)
    views.catch_up(ledger, view)

    def cost(months: int) -> int:
        counted = CountedViews(view)
        query = "query($n: Int!) { arMetrics { trend(months: $n) { month dso { days } "
        query += "collected { amount } due { amount } } } }"
        queries, data = asyncio.run(execute(sqlite_url, ledger, counted, query, {"n": months}))
        assert len(data["arMetrics"]["trend"]) == months
        return queries + counted.statements

    one, many = cost(1), cost(36)
    assert one == many <= 3, (one, many)
    ledger.close()


@pytest.mark.postgres
def test_a_payment_recorded_after_the_moment_is_not_in_that_moments_trend(as_user: Any) -> None:
    """`receivedOn` may lie before the moment the payment was recorded: as of a moment, a
    payment counts only once it was in the books."""
    ar, auditor = as_user("ar@seller.example"), as_user("auditor@seller.example")
    company = ar("{ companies(first: 1) { edges { node { id balance { currency } } } } }")
    node = company["data"]["companies"]["edges"][0]["node"]
    currency = node["balance"]["currency"]

    def collected(body: dict[str, Any]) -> Decimal:
        return Decimal(answered(body)[-1]["collected"].get(currency) or 0)

    before = collected(ar(TREND, n=1, at=None))
    moment = datetime.now(UTC)
    paid = ar(
        "mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { ok } }",
        i={
            "idempotencyKey": f"trend-{moment.timestamp()}",
            "companyId": node["id"],
            "amount": "12.34",
            "currency": currency,
            "method": "BANK_TRANSFER",
            "reference": "trend test",
            "receivedOn": moment.date().isoformat(),
        },
    )
    assert paid["data"]["recordPayment"]["ok"], paid
    assert collected(ar(TREND, n=1, at=None)) == before + Decimal("12.34")
    assert collected(auditor(TREND, n=1, at=moment.isoformat())) == before
