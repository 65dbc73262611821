"""The HTTP service: Starlette + strawberry, with the write side and projections in-process.

On start-up it opens the ledger, migrates and catches up the read models,
then runs eventsourcing's ProjectionRunner so every mutation can wait for its
own events to be applied before answering (read-your-writes).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import anyio
import orjson
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.asgi import GraphQL

from adapters import cards, outbox, sage, webhooks
from cli import operations, roles
from graphql_api import db, portal, prebuilt
from graphql_api.auth import Keys, Unauthenticated, load_viewer
from graphql_api.loaders import Loaders
from graphql_api.portal import documents, sessions, statements, webapp
from graphql_api.schema import schema
from graphql_api.services import SERVICES, Services
from ledger.application import Ledger
from ledger.card_payments import CardItem
from ledger.session import Policy
from ledger.store import DEFAULT_URL
from projections import views

MAX_BODY = 256 * 1024


class Service:
    """Everything a request needs, opened once per process."""

    def __init__(self, url: str, *, demo: bool = False) -> None:
        self.url = url
        self.demo = demo
        self.keys = Keys.from_env(demo=demo)
        # Introspection: for a caller with a valid token, in demo mode, or when enabled.
        self.introspection = demo or os.environ.get("ARLEDGER_INTROSPECTION") == "1"
        self.ledger: Ledger | None = None
        self.views: views.ViewRecorder | None = None
        self.runner: Any = None
        self.reader: db.Reader | None = None  # the views, for queries (a replica's, if set)
        self.primary: db.Reader | None = None  # the store's own: sessions write and read here
        self.outbox_task: asyncio.Task[None] | None = None
        self.jobs: Any = None  # `cli.jobs.JobRunner` when this process runs jobs
        self.sessions = sessions.Sessions(lambda: self.primary)
        self.stopping = asyncio.Event()

    async def start(self) -> None:
        if not self.url.startswith("sqlite"):
            # PostgreSQL: any number of processes; the jobs' leaders project and deliver
            # (`cli.jobs`), here or in `arledger worker`, and this one waits for them.
            self.jobs, self.runner, self.ledger, self.views = await anyio.to_thread.run_sync(
                roles.open_postgres, self.url
            )
            replica = roles.read_url(self.url)
            self.reader = await db.connect(replica)
            # A sign-in link or session written on the primary is read back at once:
            # never on a replica that may not have it yet.
            self.primary = self.reader if replica == self.url else await db.connect(self.url, 2)
            return

        def open_sync() -> None:
            self.ledger = Ledger(self.url, policy=Policy.from_settings(os.environ))
            self.views = views.open_views(self.url)
            try:
                views.catch_up(self.ledger, self.views)
            except views.ProjectionStalled as stalled:
                # Serve what the views hold; a live runner would stop on the same event.
                logging.getLogger("arledger.projections").error("%s", stalled)
                return
            self.runner = views.live(self.url)

        await anyio.to_thread.run_sync(open_sync)
        self.reader = self.primary = await db.connect(self.url)
        if os.environ.get("ARLEDGER_OUTBOX") == "1":
            self.stopping.clear()
            self.outbox_task = asyncio.create_task(self.run_outbox())

    async def run_outbox(self) -> None:
        """Deliveries every `ARLEDGER_OUTBOX_INTERVAL` seconds, reminders once a day."""
        interval = float(os.environ.get("ARLEDGER_OUTBOX_INTERVAL", "10"))
        reminded = None
        while not self.stopping.is_set():
            today = datetime.now(UTC).date()

            def one_round(today: Any = today, remind: bool = reminded != today) -> None:
                assert self.ledger is not None and self.views is not None
                # Waits for the live runner instead of writing the views itself: two
                # writers of one tracking position stopped the runner (issue 19).
                read = roles.waiting_read_models(self.ledger, self.views, self.runner)
                if remind:
                    outbox.remind(self.ledger, read, today)
                outbox.plan(self.ledger, read)
                outbox.send_due(self.ledger, read)

            try:
                await anyio.to_thread.run_sync(one_round)
                reminded = today
            except Exception:  # a bad round must not stop the next one
                logging.getLogger("arledger.outbox").exception("outbox round failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), interval)

    def stall(self) -> views.Stall | None:
        """Why the read side stopped, if it has: at start-up or since, in the live runner."""
        jobs_view = getattr(self.jobs, "view", None)
        for recorder in (self.views, getattr(self.runner, "view", None), jobs_view):
            if recorder is not None and recorder.stall is not None:
                return recorder.stall
        return None

    async def stop(self) -> None:
        if self.outbox_task is not None:
            # Let a round that is running finish: it runs in a worker thread that
            # cancelling cannot interrupt, and closing the ledger under it crashed
            # SQLite (SIGSEGV).
            self.stopping.set()
            await self.outbox_task
        if self.runner is not None:  # a live projection (closed with its pools) or a follower
            try:
                await anyio.to_thread.run_sync(getattr(self.runner, "close", self.runner.stop))
            except Exception as error:  # the thread's own error, re-raised on exit
                logging.getLogger("arledger.projections").error("live projection: %s", error)
        if self.jobs is not None:  # finish the rounds, give the leadership back
            await anyio.to_thread.run_sync(self.jobs.stop)
        if self.primary is not None and self.primary is not self.reader:
            await self.primary.close()
        if self.reader is not None:
            await self.reader.close()
        if self.views is not None:
            self.views.close()
        if self.ledger is not None:
            self.ledger.close()


class API(GraphQL[dict[str, Any], None]):
    def __init__(self, service: Service) -> None:
        super().__init__(schema, graphql_ide="graphiql", allow_queries_via_get=False)
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """strawberry answers a request it cannot read in plain text (and a body that is
        not a JSON object with a 500); clients of a GraphQL API expect its error shape."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response = await self.run(Request(scope, receive))
        except HTTPException as error:
            response = refusal(error.reason, error.status_code)
        await response(scope, receive, send)

    def decode_json(self, data: str | bytes) -> object:
        """orjson: it refuses invalid UTF-8 and nesting deeper than 1024 with a
        JSONDecodeError (the standard library raised UnicodeDecodeError and
        RecursionError, which became 500s). A request is one JSON object."""
        value = orjson.loads(data)
        if isinstance(value, list):
            raise HTTPException(400, "send one operation per request: batching is not enabled")
        if not isinstance(value, dict):
            raise HTTPException(400, 'the body must be a JSON object: {"query": ...}')
        return value

    async def process_result(self, request: Any, result: Any) -> Any:
        operations.observe_result(request, result.data, result.errors or [])
        return await super().process_result(request, result)

    def encode_json(self, data: object) -> bytes:
        """orjson: a page of 50 invoices is ~30 KB of JSON, and the standard library's
        encoder took about 8% of the server's time on it (orjson: a tenth of that)."""
        return orjson.dumps(data)

    async def get_context(self, request: Any, response: Any) -> dict[str, Any]:
        service = self.service
        assert service.reader is not None
        viewer = None
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            try:
                email = service.keys.decode(header[7:].strip())
                viewer = await load_viewer(service.reader, email)
            except Unauthenticated:
                viewer = None
        elif email := request.scope.get(sessions.SCOPE_KEY):  # the web app's session cookie
            with contextlib.suppress(Unauthenticated):
                viewer = await load_viewer(service.reader, email)
        return {
            "viewer": viewer,
            "reader": service.reader,
            "loaders": Loaders.create(service.reader),
            "ledger": service.ledger,
            "runner": service.runner,
            "views": service.views,
            "stall": service.stall,
            "now": datetime.now(UTC),
            "introspection": viewer is not None or service.introspection,
            "request": request,
            SERVICES: SERVICES_WIRED,
            # PostgreSQL may serialise pages (`prebuilt.py`): encode_json passes them through.
            prebuilt.ENABLED_KEY: isinstance(service.reader, db.PostgresReader),
        }


def start_card_payment(
    ledger: Ledger,
    company_id: UUID,
    email: str,
    items: tuple[CardItem, ...],
    include_disputed: bool,
    key: str,
) -> dict[str, Any]:
    """A card payment through the configured provider (read from the environment per
    payment, as the provider's URL and key may be set after start-up in tests)."""
    return cards.start(ledger, cards.StripeLike(), company_id, email, items, include_disputed, key)


# What the API's mutations need from the adapters (`graphql_api.services`).
SERVICES_WIRED = Services(resolve_erp_exception=sage.resolve, start_card_payment=start_card_payment)


def refusal(message: str, status: int) -> JSONResponse:
    """A request refused before GraphQL ran, in GraphQL's error shape."""
    error = {"message": message, "extensions": {"code": "BAD_INPUT"}}
    return JSONResponse({"errors": [error]}, status_code=status)


class TooLarge(Exception):
    """The body passed the limit while it arrived."""


class BodyLimit:
    """Refuse oversized requests, reading no more than the limit (and one chunk).

    Content-Length, when sent, refuses before reading anything. A chunked body has
    none, so `receive` is wrapped and counts the bytes as they arrive: past the limit
    it raises, the answer is 413 and the rest of the body is never read (uvicorn stops
    reading the socket when nobody asks for more, and closes the connection)."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers", [])).get(b"content-length", b"0")
        if length.isdigit() and int(length) > self.limit:
            await self.refuse(scope, receive, send)
            return
        received = 0
        answered = False

        async def counting() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise TooLarge
            return message

        async def sending(message: Message) -> None:
            nonlocal answered
            answered = answered or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting, sending)
        except TooLarge:
            if answered:  # a streaming handler already answered: only closing is left
                raise
            await self.refuse(scope, receive, send)

    async def refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        await refusal(f"request larger than {self.limit} bytes", 413)(scope, receive, send)


def tune_gc() -> None:
    """For a long-running server: move what start-up built (schema, plans, modules) out of
    the collector's sight, and collect young objects less often. A page of invoices
    allocates thousands of short-lived objects, which reference counting frees anyway;
    with the default threshold (700) the cycle collector ran several times per request
    (about 13% of the CPU of the portal page)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def create_app(url: str | None = None, *, server: bool = False, demo: bool = False) -> Starlette:
    """`server=True` when this process is the server (`arledger serve`): it may tune the
    process, e.g. its garbage collector. `demo=True` (`serve --demo`): the public
    development secret signs tokens unless a key is configured, the portal offers the
    demo users, and introspection needs no token. Outside demo mode a missing key
    raises `auth.NoKeys`."""
    service = Service(url or os.environ.get("ARLEDGER_DATABASE_URL", DEFAULT_URL), demo=demo)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await service.start()
        try:
            if server:
                tune_gc()
            yield
        finally:
            await service.stop()  # else the runner's threads keep the process alive

    async def health(request: Request) -> Response:
        """Alive; and whether the read models follow the log (`degraded` names the event
        they stopped before, while reads are served from the last good position)."""
        stall = service.stall()
        if stall is None:
            return JSONResponse({"ok": True, "status": "ok"})
        return JSONResponse(
            {
                "ok": False,
                "status": "degraded",
                "readModels": {
                    "stoppedBefore": stall.position,
                    "event": stall.topic,
                    "reason": stall.reason,
                },
            }
        )

    graphql = API(service)
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/health", health),
            *operations.routes(service),
            *webhooks.routes(service),
            *portal.routes(service),
            *sessions.routes(service),
            *documents.routes(service),
            *statements.routes(service),
            *webapp.routes(),
        ],
        lifespan=lifespan,
    )
    app.state.service = service
    app.add_middleware(sessions.SessionAuth, sessions=service.sessions)
    app.add_middleware(BodyLimit)
    app.add_middleware(operations.Observe)
    return app
