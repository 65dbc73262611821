"""The read models agree with the domain, on SQLite and PostgreSQL.

The oracle is `Books`: the same events folded onto aggregates in memory. Every
figure a view holds must equal what the aggregates say, after catch-up, after a
rebuild (byte-identical), and as of any earlier position.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from cli import demo
from ledger import commands as c
from ledger.application import Ledger
from ledger.books import Books, fold
from ledger.companies import Company
from ledger.invoices import Invoice
from ledger.payments import Payment
from projections import rows as rows_module
from projections import views
from projections.history import Moment, company_as_of, invoice_as_of
from projections.schema import from_units
from tests.builders import company, key


@pytest.fixture
def demo_store(store_url: str) -> Iterator[tuple[Ledger, views.ViewRecorder]]:
    ledger = Ledger(store_url)
    demo.run(ledger, demo.plan(seed=3, orders=60))
    view = views.open_views(store_url)
    views.catch_up(ledger, view, page=97)  # an odd page size: batches split commands
    yield ledger, view
    ledger.close()


def _select(view: views.ViewRecorder, sql: str, **params: Any) -> list[dict[str, Any]]:
    with view.rows() as (rows, _):
        return rows.select(sql, params)


def _assert_views_match(books: Books, view: views.ViewRecorder) -> None:
    invoices = {r["invoice_id"]: r for r in _select(view, "SELECT * FROM invoices")}
    assert len(invoices) == len(books.of_type(Invoice))
    for invoice in books.of_type(Invoice):
        row = invoices[str(invoice.id)]
        assert from_units(row["open"], invoice.currency) == invoice.open_amount.amount
        assert from_units(row["paid"], invoice.currency) == invoice.paid
        assert from_units(row["credited"], invoice.currency) == invoice.credited
        assert from_units(row["disputed"], invoice.currency) == invoice.disputed_amount.amount
        assert row["open_disputes"] == len(invoice.disputes)
        assert row["number"] == invoice.number and row["source"] == invoice.header.source
    companies = {r["company_id"]: r for r in _select(view, "SELECT * FROM companies")}
    unapplied: dict[UUID, Decimal] = {}
    for payment in books.of_type(Payment):
        unapplied[payment.company_id] = (
            unapplied.get(payment.company_id, Decimal(0)) + payment.unapplied.amount
        )
    for aggregate in books.of_type(Company):
        row = companies[str(aggregate.id)]
        money = aggregate.currency
        assert from_units(row["uninvoiced"], money) == sum(
            aggregate.uninvoiced.values(), Decimal(0)
        )
        assert from_units(row["open_invoices"], money) == sum(
            (amount for _, amount in aggregate.receivables.values()), Decimal(0)
        )
        assert from_units(row["unapplied"], money) == unapplied.get(aggregate.id, Decimal(0))
        assert bool(row["on_hold"]) == aggregate.on_hold
        statement = _select(
            view,
            "SELECT SUM(amount) AS total FROM statement_lines WHERE company_id = %(id)s",
            id=str(aggregate.id),
        )
        assert from_units(int(statement[0]["total"] or 0), money) == (
            from_units(row["open_invoices"], money) - from_units(row["unapplied"], money)
        )


def test_views_match_the_domain(demo_store: tuple[Ledger, views.ViewRecorder]) -> None:
    ledger, view = demo_store
    _assert_views_match(fold(ledger.all_events()), view)
    assert views.status(ledger, view).lag == 0


def test_rebuild_is_byte_identical(demo_store: tuple[Ledger, views.ViewRecorder]) -> None:
    ledger, view = demo_store
    before = view.digest()
    assert views.rebuild(ledger, view, page=1000) == ledger.event_count()
    assert view.digest() == before


def test_bulk_writes_give_the_same_tables(
    demo_store: tuple[Ledger, views.ViewRecorder], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL, batches of `COPY_FROM` rows or more go by COPY, upserts through a
    staging table and history closes as one UPDATE over arrays; the demo's pages are
    mostly below that size, so this rebuilds with every batch taking the bulk path."""
    ledger, view = demo_store
    before = view.digest()
    monkeypatch.setattr(rows_module, "COPY_FROM", 1)
    assert views.rebuild(ledger, view, page=97) == ledger.event_count()
    assert view.digest() == before


def test_as_of_equals_a_replay_cut_at_that_point(
    demo_store: tuple[Ledger, views.ViewRecorder],
) -> None:
    ledger, view = demo_store
    events = list(ledger.all_events())
    positions = [n.id for n in ledger.notifications()]
    rng = random.Random(11)
    timed = 0  # cuts whose instant is shared with the events after them
    for cut in sorted(rng.sample(range(1, len(events) + 1), 12)):
        books = fold(events[:cut])
        when = Moment(position=positions[cut - 1])
        with view.rows() as (rows, _):
            for invoice in books.of_type(Invoice):
                past = invoice_as_of(rows, str(invoice.id), when)
                assert past is not None
                assert past["open"] == invoice.open_amount.amount, (cut, invoice.number)
                assert past["paid"] == invoice.paid
            for aggregate in books.of_type(Company):
                past = company_as_of(rows, str(aggregate.id), when)
                assert past is not None
                assert bool(past["on_hold"]) == aggregate.on_hold
                assert past["open_invoices"] == sum(
                    (amount for _, amount in aggregate.receivables.values()), Decimal(0)
                )
        # and by time: the moment of the cut event gives the answers of a replay up to the
        # last event at that instant (time cannot split events that share one), every cut
        at = events[cut - 1].timestamp
        upto = cut
        while upto < len(events) and events[upto].timestamp == at:
            upto += 1
        assert all(e.timestamp > at for e in events[upto:])  # the log is in time order
        at_time = books if upto == cut else fold(events[:upto])
        timed += upto > cut
        with view.rows() as (rows, _):
            for invoice in at_time.of_type(Invoice):
                past = invoice_as_of(rows, str(invoice.id), Moment(at=at))
                assert past is not None, (cut, invoice.number)
                assert past["open"] == invoice.open_amount.amount, (cut, invoice.number)
                assert past["paid"] == invoice.paid
            for aggregate in at_time.of_type(Company):
                past = company_as_of(rows, str(aggregate.id), Moment(at=at))
                assert past is not None and bool(past["on_hold"]) == aggregate.on_hold
    assert timed > 0  # the sample does include cuts inside a shared instant


def test_visibility_follows_a_hierarchy_change(store_url: str) -> None:
    ledger = Ledger(store_url)
    acme = company(ledger, "Acme", email="boss@acme.example")
    for email, boss in (
        ("lead@acme.example", "boss@acme.example"),
        ("carol@acme.example", "lead@acme.example"),
        ("other@acme.example", "boss@acme.example"),
    ):
        ledger.execute(c.RegisterUser(key(), acme.company_id, email, email, boss))
    from tests.builders import Buyer, web_invoice

    invoice_id = web_invoice(ledger, Buyer(acme.company_id, "carol@acme.example"))
    view = views.open_views(store_url)
    views.catch_up(ledger, view)

    def visible_to(email: str) -> bool:
        user = _select(view, "SELECT * FROM users WHERE email = %(e)s", e=email)[0]
        found = _select(
            view,
            "SELECT invoice_id FROM invoices WHERE company_id = %(c)s AND orderer_path LIKE %(p)s",
            c=user["company_id"],
            p=user["path"] + "%",
        )
        return str(invoice_id) in {r["invoice_id"] for r in found}

    assert visible_to("lead@acme.example") and not visible_to("other@acme.example")
    ledger.execute(c.ChangeReportsTo(key(), "carol@acme.example", "other@acme.example"))
    views.catch_up(ledger, view)
    assert visible_to("other@acme.example") and not visible_to("lead@acme.example")
    assert visible_to("boss@acme.example") and visible_to("carol@acme.example")
    ledger.close()


def test_live_runner_gives_read_your_writes(store_url: str) -> None:
    ledger = Ledger(store_url)
    with views.live(store_url) as runner:
        acme = company(ledger, "Acme")
        runner.wait(ledger.event_count(), timeout=10)
        rows = _select(
            runner.view,
            "SELECT name FROM companies WHERE company_id = %(id)s",
            id=str(acme.company_id),
        )
        assert rows == [{"name": "Acme"}]
    ledger.close()


def test_migrations_downgrade_and_upgrade(store_url: str) -> None:
    from projections import database

    database.upgrade(store_url)
    database.downgrade(store_url, "base")
    database.upgrade(store_url)
    view = views.open_views(store_url)
    assert _select(view, "SELECT COUNT(*) AS n FROM invoices") == [{"n": 0}]


def test_as_of_rejects_an_ambiguous_moment() -> None:
    with pytest.raises(ValueError):
        Moment()
    with pytest.raises(ValueError):
        Moment(position=1, at=datetime.now(UTC))
    with pytest.raises(ValueError):
        Moment(at=datetime.now() - timedelta(days=1))  # naive time
