"""What operators look at: `/ready`, `/metrics` (Prometheus), and a request id per request.

    /health   alive (and whether the read models follow the log), in `graphql_api.app`
    /ready    200 when this process should get traffic: the store answers, the read-model
              migrations are at head, the projection lags less than ARLEDGER_READY_MAX_LAG
              events (1000) and every job in ARLEDGER_READY_JOBS (`projections`) has a
              leader holding its lock; else 503 with the reasons
    /metrics  Prometheus text. Per-process figures (requests, latency, errors, commands)
              are summed over the API processes of one `serve --workers N` with
              prometheus-client's multiprocess mode (PROMETHEUS_MULTIPROC_DIR, which
              `serve` sets); the store's figures (log head, lag, outbox, leaders) are read
              from the database at each scrape, so every process answers the same.

The request id comes from the caller's `X-Request-Id` (or is made up), is echoed in the
response, and is on every log line written while the request runs (`cli.logs`).
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Iterator
from typing import Any

import anyio
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adapters import leadership
from cli.logs import request_id
from projections import database, views

log = logging.getLogger("arledger.requests")
MAX_LAG_ENV, READY_JOBS_ENV = "ARLEDGER_READY_MAX_LAG", "ARLEDGER_READY_JOBS"

REQUESTS = Histogram("arledger_request_seconds", "Time to answer a request, by operation",
                     ["operation"])  # fmt: skip
ERRORS = Counter("arledger_errors_total", "Errors answered, by code", ["code"])
COMMANDS = Counter("arledger_commands_total", "Mutations that stored a command", ["operation"])


def operation_of(scope: Scope) -> str:
    state = scope.get("state") or {}
    return str(state.get("operation") or scope.get("path", "?"))


def observe_result(request: Any, data: dict[str, Any] | None, errors: list[Any]) -> None:
    """Called with each GraphQL result: its operation (the root fields), its error codes,
    and the commands its mutations stored (`graphql_api.core.mutations` notes them on
    the request), logged with their log positions under the request's id."""
    fields = ",".join(sorted(data)) if data else ""
    request.state.operation = fields or "graphql"
    for error in errors:
        code = (getattr(error, "extensions", None) or {}).get("code", "UNCODED")
        ERRORS.labels(code).inc()
    for operation, events in getattr(request.state, "recorded", ()):
        COMMANDS.labels(operation).inc()
        log.info("mutation recorded", extra={"operation": operation, "events": events})


class Observe:
    """Request id and latency for every HTTP request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") == "/metrics":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
        rid = given[:100] if given else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            took = time.perf_counter() - started
            REQUESTS.labels(operation_of(scope)).observe(took)
            if status >= 500:
                ERRORS.labels(f"HTTP_{status}").inc()
            request_id.reset(token)


class StoreFigures(Collector):
    """Figures of the shared store, read at each scrape (the same from every process)."""

    def __init__(self, service: Any) -> None:
        self.service = service

    def collect(self) -> Iterator[GaugeMetricFamily]:
        service = self.service
        if service.ledger is None or service.views is None:
            return
        head = service.ledger.event_count()
        position = service.views.max_tracking_id(views.APP) or 0
        yield GaugeMetricFamily("arledger_log_head", "Events in the log (rate: events/s)", head)
        lag = GaugeMetricFamily("arledger_projection_lag_events", "Events not yet in the view",
                                labels=["view"])  # fmt: skip
        lag.add_metric([views.NAME], head - position)
        yield lag
        with service.views.rows() as (rows, _):
            counts = rows.select("SELECT status, COUNT(*) AS n FROM dispatches GROUP BY status")
        by = {row["status"]: int(row["n"]) for row in counts}
        yield GaugeMetricFamily("arledger_outbox_backlog", "Dispatches waiting or being sent",
                                by.get("PENDING", 0) + by.get("SENDING", 0))  # fmt: skip
        yield GaugeMetricFamily("arledger_outbox_dead_letters", "Dispatches given up",
                                by.get("DEAD", 0))  # fmt: skip
        leader = GaugeMetricFamily("arledger_leader", "1 while the job's leader holds its lock",
                                   labels=["job", "holder", "epoch"])  # fmt: skip
        for job, seen in leadership.leaders(service.url).items():
            leader.add_metric([job, seen["holder"], str(seen["epoch"])], 1 if seen["held"] else 0)
        yield leader


def registries(service: Any) -> tuple[CollectorRegistry, CollectorRegistry]:
    """The processes' figures (summed over `--workers N`, or this process's own), and
    the store's (a registry per app: a test process builds many apps)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        multiprocess.MultiProcessCollector(processes)  # type: ignore[no-untyped-call]
    else:
        from prometheus_client import REGISTRY as processes
    store = CollectorRegistry()
    store.register(StoreFigures(service))
    return processes, store


def readiness(service: Any) -> list[str]:
    """Why this process should not get traffic now (empty: ready)."""
    reasons: list[str] = []
    if service.ledger is None or service.views is None:
        return ["starting"]
    try:
        head = service.ledger.event_count()
        position = service.views.max_tracking_id(views.APP) or 0
    except Exception as error:
        return [f"store unreachable: {type(error).__name__}: {error}"]
    old = database.behind(service.url)
    if old is not None:
        reasons.append(old)
    limit = int(os.environ.get(MAX_LAG_ENV, "1000"))
    if head - position > limit:
        reasons.append(f"projection lags {head - position} events (limit {limit})")
    stall = service.stall()
    if stall is not None:
        reasons.append(str(stall))
    wanted = [j for j in os.environ.get(READY_JOBS_ENV, "projections").split(",") if j.strip()]
    known = leadership.leaders(service.url)
    for job in wanted:
        if not known.get(job.strip(), {}).get("held"):
            reasons.append(f"no leader holds the {job.strip()} job")
    return reasons


def routes(service: Any) -> list[Route]:
    scrape: list[tuple[CollectorRegistry, CollectorRegistry]] = []

    async def ready(request: Request) -> Response:
        reasons = await anyio.to_thread.run_sync(readiness, service)
        if reasons:
            return JSONResponse({"ready": False, "reasons": reasons}, status_code=503)
        return JSONResponse({"ready": True})

    async def metrics(request: Request) -> Response:
        if not scrape:
            scrape.append(registries(service))

        def text() -> bytes:
            return b"".join(generate_latest(r) for r in scrape[0])

        return Response(await anyio.to_thread.run_sync(text), media_type=CONTENT_TYPE_LATEST)

    return [Route("/ready", ready), Route("/metrics", metrics)]
