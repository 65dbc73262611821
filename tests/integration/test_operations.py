"""What operators see: /ready with its reasons, /metrics, request ids (issue 19)."""

from __future__ import annotations

import httpx
import pytest

from graphql_api.app import create_app
from tests.demo_store import demo_schema
from tests.fleet import Stream
from tests.servers import serving

pytestmark = pytest.mark.postgres


def test_a_server_that_runs_the_projection_is_ready_and_reports_its_figures(
    pg_server: str,
) -> None:
    with (
        demo_schema(pg_server, "ops") as url,
        serving(create_app(url), ready_path="/health") as base,
    ):
        assert httpx.get(f"{base}/ready").json() == {"ready": True}
        stream = Stream.of(base)
        stream.one(base)
        assert len(stream.acknowledged) == 1
        answer = httpx.get(f"{base}/health", headers={"X-Request-Id": "req-42"})
        assert answer.headers["x-request-id"] == "req-42"
        text = httpx.get(f"{base}/metrics").text
        assert 'arledger_projection_lag_events{view="views"} 0.0' in text
        assert 'arledger_commands_total{operation="raiseInvoiceQuery"}' in text
        assert 'arledger_request_seconds_count{operation="raiseInvoiceQuery"}' in text
        assert "arledger_outbox_backlog" in text and "arledger_outbox_dead_letters" in text
        assert 'arledger_leader{epoch="1",holder=' in text and 'job="projections"} 1.0' in text


def test_an_api_process_without_jobs_is_not_ready_while_no_leader_projects(
    pg_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARLEDGER_JOBS", "none")
    with (
        demo_schema(pg_server, "ops") as url,
        serving(create_app(url), ready_path="/health") as base,
    ):
        answer = httpx.get(f"{base}/ready")
        assert answer.status_code == 503
        assert "no leader holds the projections job" in answer.json()["reasons"]


def test_a_mutation_no_projection_shows_answers_lagging_with_its_position(
    pg_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An API process without jobs waits for the projection leader elsewhere; with none
    running, the answer is READ_SIDE_LAGGING and the position, never a mask."""
    monkeypatch.setenv("ARLEDGER_JOBS", "none")
    monkeypatch.setenv("ARLEDGER_READ_WAIT", "0.5")
    with (
        demo_schema(pg_server, "ops") as url,
        serving(create_app(url), ready_path="/health") as base,
    ):
        from ledger.application import Ledger
        from projections import views

        ledger = Ledger(url)
        views.catch_up(ledger, views.open_views(url))  # as a worker would have
        stream = Stream.of(base)
        stream.one(base)
        [[error]] = stream.refused
        assert error["extensions"]["code"] == "READ_SIDE_LAGGING"
        assert error["extensions"]["position"] == ledger.event_count()
        ledger.close()
        assert "within 0.5 s" in error["message"]
