"""One leader per job, and a stale leader fenced out (issue 19), on real PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from adapters import leadership, outbox
from adapters.read_models import ReadModels
from cli.wiring import read_models
from ledger.application import Ledger
from projections import views
from tests.adapters.test_delivery import T0, Smtp, at, invoiced

pytestmark = pytest.mark.postgres


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    server = Smtp()
    server.up()
    yield server
    server.down()


@pytest.fixture
def pg_world(pg_url: str) -> Iterator[tuple[Ledger, ReadModels, str]]:
    ledger = Ledger(pg_url)
    yield ledger, read_models(ledger, views.open_views(pg_url)), pg_url
    ledger.close()


def due(ledger: Ledger, view: ReadModels) -> list[dict[str, Any]]:
    view.catch_up()
    with view.rows() as (rows, _):
        return rows.select("SELECT * FROM dispatches WHERE status = 'PENDING'")


def test_two_senders_holding_the_same_due_message_send_it_once(
    pg_world: Any,
    smtp: Smtp,
) -> None:
    """Two outbox rounds read the same due row; the second replayed the first's attempt
    (same idempotency key) and sent again: the duplicate e-mails of issue 19."""
    ledger, view, _ = pg_world
    invoiced(ledger)
    with at(T0):
        outbox.plan(ledger, view, from_start=True)
        [row] = due(ledger, view)
        first = outbox.send_one(ledger, row, smtp.transports(), 5)
        second = outbox.send_one(ledger, row, smtp.transports(), 5)
    assert (first, second) == ("delivered", "skipped")
    assert len(smtp.inbox.messages) == 1


def test_only_one_process_leads_a_job_and_a_standby_takes_over(pg_url: str) -> None:
    views.open_views(pg_url)  # migrations
    first, second = leadership.leader(pg_url, "outbox"), leadership.leader(pg_url, "outbox")
    assert first.try_lead() and not second.try_lead()
    assert leadership.leaders(pg_url)["outbox"]["held"]
    epoch = first.epoch
    first.release()
    assert not leadership.leaders(pg_url)["outbox"]["held"]
    assert second.try_lead() and second.epoch == (epoch or 0) + 1
    second.release()


def test_a_stale_leader_cannot_claim_a_message_once_a_new_leader_has_an_epoch(
    pg_world: Any,
    smtp: Smtp,
) -> None:
    """A partitioned leader still believes it leads; its epoch is old, so its claim fails
    and it sends nothing, even for a message the new leader has not reached yet."""
    ledger, view, url = pg_world
    invoiced(ledger)
    stale = leadership.leader(url, "outbox")
    assert stale.try_lead()
    stale_epoch = stale.epoch
    stale.release()  # what a partition does, seen from the database
    fresh = leadership.leader(url, "outbox")
    assert fresh.try_lead()
    with at(T0):
        outbox.plan(ledger, view, from_start=True)
        [row] = due(ledger, view)
        send = smtp.transports()
        assert outbox.send_one(ledger, row, send, 5, epoch=stale_epoch, view=view) == "fenced"
        assert smtp.inbox.messages == []
        assert outbox.send_one(ledger, row, send, 5, epoch=fresh.epoch, view=view) == "delivered"
    assert len(smtp.inbox.messages) == 1
    fresh.release()


@pytest.fixture
def demo_url(pg_server: str) -> Iterator[str]:
    from tests.demo_store import demo_schema

    with demo_schema(pg_server, "lead") as url:
        yield url


def test_two_servers_with_the_outbox_on_answer_every_mutation(
    demo_url: str,
    smtp: Smtp,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 19: two `serve` on one database both projected ("Failed to record tracking"),
    and one with `ARLEDGER_OUTBOX=1` raced its own runner; every mutation after that
    answered "Unexpected error." though its events were stored."""
    from graphql_api.app import create_app
    from tests.fleet import Stream
    from tests.servers import serving

    monkeypatch.setenv("ARLEDGER_OUTBOX", "1")
    monkeypatch.setenv("ARLEDGER_OUTBOX_INTERVAL", "0.1")
    monkeypatch.setenv("ARLEDGER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("ARLEDGER_SMTP_PORT", str(smtp.port))
    with (
        serving(create_app(demo_url), ready_path="/health") as one,
        serving(create_app(demo_url), ready_path="/health") as two,
    ):
        stream = Stream.of(one)
        for n in range(30):
            stream.one(one if n % 2 else two)
    assert stream.masked == [] and stream.refused == []
    assert len(stream.acknowledged) == 30


def test_deliveries_from_the_shell_refuse_while_a_worker_leads_the_outbox(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from cli.main import main

    views.open_views(pg_url)
    worker = leadership.leader(pg_url, "outbox")
    assert worker.try_lead()
    try:
        assert main(["--database", pg_url, "deliveries", "run", "--once"]) == 1
        assert "the outbox is led by" in capsys.readouterr().err
    finally:
        worker.release()
    assert main(["--database", pg_url, "deliveries", "run", "--once"]) == 0
