"""Running the projection: exactly once, in batches to catch up, live after that.

The view recorder is an eventsourcing *tracking recorder* (SQLite or
PostgreSQL) that also writes our view rows: for each batch, the rows and the
tracking position are committed in one transaction, and the tracking insert
refuses to go backwards. So a crash at any instant leaves the views exactly at
some tracked position, and a restart continues from there: each event is
applied exactly once.

* `catch_up` reads the notification log in pages and writes a page per
  transaction (fast: rebuilds and lagging processes).
* `LedgerViews` is the `Projection` that eventsourcing's `ProjectionRunner`
  drives live, one event per transaction, from the same tracking position.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    InfrastructureFactory,
    IntegrityError,
    InterfaceError,
    OperationalError,
    Tracking,
    TrackingRecorder,
)
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.sqlite import SQLiteTrackingRecorder
from eventsourcing.utils import Environment

from ledger.application import Ledger
from ledger.store import environment
from projections import database
from projections.projector import handles_topic, project
from projections.rows import Rows
from projections.schema import TABLES

NAME = "views"
APP = Ledger.name


# Which tables an id can be (the first part of) the key of: by the aggregate an event
# belongs to (its originator) and by the attribute that mentions it. Prefetching each
# table by the ids of its own kind only keeps the key lists short: one list of every
# id for every table made PostgreSQL scan whole tables at a few hundred thousand rows.
BY_AGGREGATE = {
    "User": ("users",),
    "Staff": ("staff",),
    "Company": ("companies",),
    "Order": ("orders", "order_lines"),
    "Invoice": ("invoices", "invoice_lines"),
    "Payment": ("payments",),
    "InvoiceQuery": ("queries",),
    "ErpException": ("erp_exceptions",),
    "Dispatch": ("dispatches",),
    "BankEntry": ("bank_entries",),
}
BY_ATTRIBUTE = {
    "company_id": ("companies",),
    "order_id": ("orders", "order_lines"),
    "invoice_id": ("invoices", "invoice_lines"),
    "payment_id": ("payments",),
    "allocation_id": ("allocations",),
    "query_id": ("queries",),
    "reports_to": ("users",),
    "placed_by": ("users",),
    "ordered_by": ("users",),
}
PREFETCHED = tuple(
    dict.fromkeys(t for ts in (*BY_AGGREGATE.values(), *BY_ATTRIBUTE.values()) for t in ts)
)


def mentioned_ids(events: Any) -> dict[str, set[str]]:
    """Per table, every id a batch of events mentions that may key a row of it.

    An id of a kind not listed here is simply not prefetched: `Rows.get` reads it.
    """
    ids: dict[str, set[str]] = {table: set() for table in PREFETCHED}

    def add(tables: tuple[str, ...], value: Any) -> None:
        if isinstance(value, UUID):
            text = str(value)
            for table in tables:
                ids[table].add(text)

    for event in events:
        add(BY_AGGREGATE.get(type(event).__qualname__.partition(".")[0], ()), event.originator_id)
        for name, value in vars(event).items():
            tables = BY_ATTRIBUTE.get(name)
            if tables is not None:
                add(tables, value)
        header = getattr(event, "header", None)
        if header is not None:
            for name in ("company_id", "order_id", "ordered_by"):
                add(BY_ATTRIBUTE[name], getattr(header, name))
    return ids


# Errors of the database itself (down, busy, another writer tracked first): trying again
# later may succeed, and no event is to blame. Anything else raised while applying an
# event is the event's: the views stop before it (`Stall`).
INFRASTRUCTURE = (OperationalError, InterfaceError, IntegrityError)


@dataclass(frozen=True)
class Stall:
    """The read side stopped before a stored event it cannot apply.

    The log holds the event, so it is a fact: failing to project it is a bug in the views
    (or an event from before a limit was tightened). The views stay at the last good
    position and keep answering reads; `/health` reports the stall; `verify` names it.
    """

    position: int
    topic: str
    reason: str

    def __str__(self) -> str:
        return f"the read models stopped before event {self.position} ({self.topic}): {self.reason}"


class ProjectionStalled(Exception):
    def __init__(self, stall: Stall) -> None:
        super().__init__(str(stall))
        self.stall = stall


class ViewRecorder(TrackingRecorder):
    """Writes a batch of events into the views and tracks it, atomically."""

    dialect = ""
    stall: Stall | None = None  # set once an event could not be applied

    def write_or_stall(self, batch: list[tuple[Any, Tracking]], topics: list[str]) -> None:
        """`write`, and if an event cannot be applied, apply those before it and stall.

        A failed batch is rolled back whole, then replayed an event per transaction to find
        the culprit, so the views end exactly at the last event that could be applied.
        """
        try:
            self.write(batch)
            return
        except INFRASTRUCTURE:
            raise
        except Exception:
            pass
        for (event, tracking), topic in zip(batch, topics, strict=True):
            try:
                self.write([(event, tracking)])
            except INFRASTRUCTURE:
                raise
            except Exception as error:
                reason = f"{type(error).__name__}: {error}"
                self.stall = Stall(tracking.notification_id, topic, reason)
                raise ProjectionStalled(self.stall) from error

    @contextmanager
    def rows(self) -> Iterator[tuple[Rows, Any]]:
        raise NotImplementedError

    def write(self, batch: list[tuple[Any, Tracking]]) -> None:
        if not batch:
            return
        with self.rows() as (rows, cursor):
            if len(batch) > 1:
                rows.prefetch(mentioned_ids(event for event, _ in batch if event is not None))
            for event, tracking in batch:
                if event is not None:  # None: an event no view needs (not even decoded)
                    project(rows, event, tracking.notification_id)
            rows.flush()
            self._insert_tracking(cursor, batch[-1][1])  # type: ignore[attr-defined]

    def reset(self) -> None:
        """Empty every view and forget the position (for a rebuild)."""
        with self.rows() as (rows, cursor):
            # PostgreSQL: TRUNCATE (transactional there) leaves no dead rows behind for
            # the replay to wade through; SQLite turns an unqualified DELETE into one.
            empty = "TRUNCATE" if self.dialect == "postgres" else "DELETE FROM"
            for table in TABLES:
                rows.execute(f"{empty} {table}")
            cursor.execute(
                rows.sql(f"DELETE FROM {self.tracking_table()} WHERE application_name = %(app)s"),
                {"app": APP},
            )  # only our position: eventsourcing keeps a '__migration__' row there too

    def tracking_table(self) -> str:
        raise NotImplementedError

    def analyze(self) -> None:
        """Refresh the planner's statistics of every view table (and, where the
        database allows, clear out dead row versions).

        After a rebuild or a long catch-up the tables are many times the size the
        planner last saw (or it has seen nothing: autovacuum may be off, as on our CI
        machine). Without this, a page of invoice lines was read by scanning the whole
        table on every API request.
        """
        with self.rows() as (rows, _):
            for table in TABLES:
                rows.execute(f"ANALYZE {table}")

    def digest(self) -> dict[str, str]:
        """SHA-256 of every view table's rows in key order (rebuilds must match)."""
        digests = {}
        with self.rows() as (rows, _):
            for table, spec in TABLES.items():
                found = rows.select(f"SELECT * FROM {table} ORDER BY {', '.join(spec.key)}")
                names = [name for name, _ in spec.columns]
                text = "\n".join(repr([row[n] for n in names]) for row in found)
                digests[table] = hashlib.sha256(text.encode()).hexdigest()
        return digests


class SQLiteViews(ViewRecorder, SQLiteTrackingRecorder):
    dialect = "sqlite"

    @contextmanager
    def rows(self) -> Iterator[tuple[Rows, Any]]:
        with self.datastore.transaction(commit=True) as cursor:
            # Take the write lock first (a write that touches nothing): a batch reads
            # before it writes, and a deferred transaction that has read cannot wait for
            # the lock when a command is stored meanwhile (SQLITE_BUSY_SNAPSHOT).
            cursor.execute("DELETE FROM tracking WHERE 0")
            yield Rows(cursor, self.dialect), cursor

    def tracking_table(self) -> str:
        return "tracking"


class PostgresViews(ViewRecorder, PostgresTrackingRecorder):
    dialect = "postgres"

    @contextmanager
    def rows(self) -> Iterator[tuple[Rows, Any]]:
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(f'SET LOCAL search_path TO "{self.datastore.schema}"')
            yield Rows(cursor, self.dialect), cursor

    def tracking_table(self) -> str:
        return f'"{self.datastore.schema}"."{self.tracking_table_name}"'

    def analyze(self) -> None:
        """VACUUM (ANALYZE): a catch-up updates the same rows many times over, and
        without autovacuum the dead versions pile up in the tables and their indexes,
        so every later upsert wades through more of them. VACUUM cannot run inside a
        transaction: this uses a connection of the pool in autocommit mode."""
        with self.datastore.get_connection() as conn:
            conn.autocommit = True
            try:
                conn.execute(f'SET search_path TO "{self.datastore.schema}"')
                for table in TABLES:
                    conn.execute(f"VACUUM (ANALYZE) {table}")
            finally:
                conn.execute("RESET search_path")
                conn.autocommit = False


class LedgerViews(Projection[ViewRecorder]):
    """What `ProjectionRunner` calls for each new event."""

    name = NAME

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        topic = type(domain_event).__qualname__
        self.view.write_or_stall([(domain_event, tracking)], [topic])


class LedgerReader(Ledger):
    """The ledger constructed from an environment, as `ProjectionRunner` does it."""

    name = Ledger.name  # same event table and tracking name as the ledger itself

    def __init__(self, env: Any = None) -> None:
        super().__init__(dict(env or {})["ARLEDGER_DATABASE_URL"])


def view_class(url: str) -> type[ViewRecorder]:
    return SQLiteViews if url.startswith("sqlite") else PostgresViews


def runner_env(url: str) -> dict[str, str]:
    return {**environment(url), "ARLEDGER_DATABASE_URL": url, "CREATE_TABLE": "y"}


def open_views(url: str) -> ViewRecorder:
    """Migrate the view tables (Alembic) and open the tracking recorder."""
    database.upgrade(url)
    factory = InfrastructureFactory[ViewRecorder].construct(env=Environment(NAME, runner_env(url)))
    return factory.tracking_recorder(view_class(url))


# Events per transaction in a catch-up. Bigger pages mean fewer round trips, fewer
# tracking writes and bigger COPY batches: at 1M events a rebuild took 105 s with pages
# of 1,000 and 74 s with 5,000 (bench/projections.py), for 18 MB more peak memory.
PAGE = 5000
# Statistics keep up with tables growing during a catch-up: `analyze` (VACUUM ANALYZE on
# PostgreSQL) runs each time the position has doubled since the last one, from 20,000 on,
# so the planner's idea of a table's size is never off by more than 2x. Each run reads
# whole tables (4 s at 1M events): a 1M rebuild spends 15 s in 8 of them, where running
# every 100,000 events took 11, mostly on bigger tables (bench/projections.py).
ANALYZE_FIRST = 20_000  # position
ANALYZE_AFTER = 5_000  # events: enough new rows to be worth fresh statistics at the end


def catch_up(
    ledger: Ledger,
    views: ViewRecorder,
    *,
    page: int = PAGE,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Apply every event after the tracked position, a page per transaction."""
    with fewer_collections():
        return _catch_up(ledger, views, page, progress)


@contextmanager
def fewer_collections(young: int = 50_000) -> Iterator[None]:
    """Run the cycle collector less often, for the duration of a catch-up.

    A page allocates hundreds of thousands of short-lived objects (decoded events, rows),
    which reference counting frees anyway; at the default threshold (700) the collector
    ran every few events and cost 10-15% of a catch-up (bench/projections.py, 50k events).
    """
    saved = gc.get_threshold()
    gc.set_threshold(young, *saved[1:])
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def _catch_up(
    ledger: Ledger, views: ViewRecorder, page: int, progress: Callable[[int], None] | None
) -> int:
    done = analyzed = 0
    due = max(2 * (views.max_tracking_id(APP) or 0), ANALYZE_FIRST)
    while True:
        start = (views.max_tracking_id(APP) or 0) + 1
        if start > due:
            views.analyze()
            analyzed, due = done, 2 * start
        notifications = ledger.recorder.select_notifications(start, page)
        if not notifications:
            if done - analyzed >= ANALYZE_AFTER:
                views.analyze()
            return done
        views.write_or_stall(
            [
                (
                    ledger.mapper.to_domain_event(n) if handles_topic(n.topic) else None,
                    Tracking(APP, n.id),
                )
                for n in notifications
            ],
            [n.topic for n in notifications],
        )
        done += len(notifications)
        if progress is not None:
            progress(len(notifications))


def rebuild(ledger: Ledger, views: ViewRecorder, **kwargs: Any) -> int:
    """Empty the views and replay from event zero."""
    views.reset()
    return catch_up(ledger, views, **kwargs)


@dataclass(frozen=True)
class Status:
    name: str
    position: int
    head: int

    @property
    def lag(self) -> int:
        return self.head - self.position


def status(ledger: Ledger, views: ViewRecorder) -> Status:
    return Status(NAME, views.max_tracking_id(APP) or 0, ledger.event_count())


def live(url: str) -> ProjectionRunner[LedgerReader, ViewRecorder]:
    """A running `ProjectionRunner` (use as a context manager; `stop()` to end)."""
    open_views(url)  # migrations first
    return ProjectionRunner(
        application_class=LedgerReader,
        projection_class=LedgerViews,
        view_class=view_class(url),
        env=runner_env(url),
    )
