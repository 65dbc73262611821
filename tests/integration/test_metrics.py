"""Aging, DSO, statements and the risk score on a history small enough to compute by hand."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

import pytest

from ledger import commands as c
from ledger.application import Ledger
from ledger.session import Policy
from projections import views
from projections.history import Moment, aging
from projections.metrics import credit_risk, dso, statement, value_in_dispute
from tests.builders import Buyer, key, line


def at(day: str) -> datetime:
    return datetime.fromisoformat(day + "T09:00:00+00:00")


@pytest.fixture
def books(sqlite_url: str) -> tuple[views.ViewRecorder, str]:
    """C: 100.00 issued 2025-10-01; A: 121.00 on 2026-01-01, paid 2026-02-10 (10 days late);
    B: 242.00 on 2026-02-15, disputed on line 2. All NET30."""
    ledger = Ledger(sqlite_url, policy=Policy(overdue_days=365))
    registered = ledger.execute(
        c.RegisterCompany(key(), "Acme", "EUR", credit_limit="9000"), at=at("2025-09-01")
    )
    acme = Buyer(UUID(registered["company_id"]), "buyer@acme.example")
    ledger.execute(c.RegisterUser(key(), acme.company_id, acme.email, "Buyer"), at=at("2025-09-01"))

    def invoice(day: str, *lines: object) -> UUID:
        number = key("o")
        order = ledger.execute(
            c.PlaceOrder(key(), acme.company_id, acme.email, number, "EUR", lines), at=at(day)
        )  # type: ignore[arg-type]
        result = ledger.execute(c.InvoiceOrder(key(), UUID(order["order_id"])), at=at(day))
        return UUID(result["invoice_id"])

    invoice("2025-10-01", line("1", "1", "100.00", "0"))
    a = invoice("2026-01-01", line("1", "1", "100.00", "0.21"))
    b = invoice("2026-02-15", line("1", "1", "100.00", "0.21"), line("2", "1", "100.00", "0.21"))
    pay = ledger.execute(
        c.RecordPayment(key(), acme.company_id, "BANK_TRANSFER", "121.00", "EUR", "RF1"),
        at=at("2026-02-10"),
    )
    ledger.execute(
        c.AllocatePayment(key(), UUID(pay["payment_id"]), a, "121.00"), at=at("2026-02-10")
    )
    ledger.execute(
        c.RaiseInvoiceQuery(key(), b, acme.email, "DAMAGED", "broken", ("2",)), at=at("2026-02-20")
    )
    view = views.open_views(sqlite_url)
    views.catch_up(ledger, view)
    return view, str(acme.company_id)


def test_aging_buckets(books: tuple[views.ViewRecorder, str]) -> None:
    view, _ = books
    with view.rows() as (rows, _):
        buckets = aging(rows, Moment(at=at("2026-03-01")))["EUR"]
    assert buckets == {
        "current": Decimal("242.00"),
        "1-30": Decimal(0),
        "31-60": Decimal(0),
        "61-90": Decimal(0),
        "90+": Decimal("100.00"),
    }
    with view.rows() as (rows, _):
        earlier = aging(rows, Moment(at=at("2026-02-05")))["EUR"]  # A open, 5 days late
    assert earlier["1-30"] == Decimal("121.00") and earlier["90+"] == Decimal("100.00")


def test_dso_standard_method(books: tuple[views.ViewRecorder, str]) -> None:
    view, company_id = books
    with view.rows() as (rows, _):
        figure = dso(rows, Moment(at=at("2026-03-01")), company_id)
    # receivables 342.00 / sales in (2025-12-01, 2026-03-01] 363.00 x 90 days
    assert figure == {"EUR": Decimal("84.8")}


def test_value_in_dispute_is_the_open_disputed_line(books: tuple[views.ViewRecorder, str]) -> None:
    view, company_id = books
    with view.rows() as (rows, _):
        assert value_in_dispute(rows, company_id) == {"EUR": Decimal("121.00")}


def test_statement_opening_lines_closing(books: tuple[views.ViewRecorder, str]) -> None:
    view, company_id = books
    with view.rows() as (rows, _):
        result = statement(rows, company_id, date(2026, 1, 1), date(2026, 3, 1))
    assert result.opening == Decimal("100.00")
    assert [(r["kind"], r["amount"]) for r in result.lines] == [
        ("INVOICE", Decimal("121.00")),
        ("PAYMENT", Decimal("-121.00")),
        ("ALLOCATION", Decimal("0.00")),
        ("INVOICE", Decimal("242.00")),
    ]
    assert result.closing == Decimal("342.00")


def test_risk_score_explains_itself(books: tuple[views.ViewRecorder, str]) -> None:
    view, company_id = books
    with view.rows() as (rows, _):
        risk = credit_risk(rows, company_id, date(2026, 3, 1))
    assert risk.parts["lateness"] == 15  # 10 days late x 1.5
    assert risk.parts["disputes"] == 3  # 1 of the 3 invoices of the last 180 days
    assert risk.parts["overdue"] == 5  # 100.00 of 442.00 open is > 30 days late: 20 x 0.226
    assert risk.score == sum(risk.parts.values())
    assert any("10.0 days late" in reason for reason in risk.reasons)


def test_risk_as_of_a_moment_is_scored_from_the_books_of_then(
    books: tuple[views.ViewRecorder, str],
) -> None:
    """The auditor's moment: before A was paid and B disputed, nothing was paid late and
    nothing disputed; only C was more than 30 days overdue. After the last event, the score
    as of the moment is the score of now."""
    view, company_id = books
    with view.rows() as (rows, _):
        then = credit_risk(rows, company_id, date(2026, 2, 5), Moment(at=at("2026-02-05")))
        later = credit_risk(rows, company_id, date(2026, 3, 1), Moment(at=at("2026-03-01")))
        now = credit_risk(rows, company_id, date(2026, 3, 1))
    assert then.parts["lateness"] == 0 and then.parts["disputes"] == 0
    assert then.parts["overdue"] == 9  # 100.00 of 221.00 open is > 30 days late: 20 x 0.452
    assert then.score == 9 and then.reasons == ["100.00 EUR more than 30 days overdue"]
    assert later == now
