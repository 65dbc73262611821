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

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import InfrastructureFactory, Tracking, TrackingRecorder
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.projection import Projection, ProjectionRunner
from eventsourcing.sqlite import SQLiteTrackingRecorder
from eventsourcing.utils import Environment

from ledger.application import Ledger
from ledger.store import environment
from projections import database
from projections.projector import project
from projections.rows import Rows
from projections.schema import TABLES

NAME = "views"
APP = Ledger.name


# Tables a batch reads rows of, keyed first by an id that events mention.
PREFETCHED = (
    "users",
    "companies",
    "orders",
    "order_lines",
    "invoices",
    "invoice_lines",
    "payments",
    "allocations",
    "queries",
)


def mentioned_ids(events: Any) -> set[str]:
    """Every id a batch of events mentions: their streams and any `*_id` attribute."""
    ids: set[str] = set()
    for event in events:
        ids.add(str(event.originator_id))
        for name, value in vars(event).items():
            if name.endswith("_id") and isinstance(value, UUID):
                ids.add(str(value))
        header = getattr(event, "header", None)
        if header is not None:
            ids.update(
                str(v)
                for v in (header.company_id, header.order_id, header.ordered_by)
                if v is not None
            )
        for name in ("reports_to", "placed_by"):
            value = getattr(event, name, None)
            if isinstance(value, UUID):
                ids.add(str(value))
    return ids


class ViewRecorder(TrackingRecorder):
    """Writes a batch of events into the views and tracks it, atomically."""

    dialect = ""

    @contextmanager
    def rows(self) -> Iterator[tuple[Rows, Any]]:
        raise NotImplementedError

    def write(self, batch: list[tuple[Any, Tracking]]) -> None:
        if not batch:
            return
        with self.rows() as (rows, cursor):
            if len(batch) > 1:
                rows.prefetch(PREFETCHED, mentioned_ids(event for event, _ in batch))
            for event, tracking in batch:
                project(rows, event, tracking.notification_id)
            rows.flush()
            self._insert_tracking(cursor, batch[-1][1])  # type: ignore[attr-defined]

    def reset(self) -> None:
        """Empty every view and forget the position (for a rebuild)."""
        with self.rows() as (rows, cursor):
            for table in TABLES:
                rows.execute(f"DELETE FROM {table}")
            cursor.execute(
                rows.sql(f"DELETE FROM {self.tracking_table()} WHERE application_name = %(app)s"),
                {"app": APP},
            )  # only our position: eventsourcing keeps a '__migration__' row there too

    def tracking_table(self) -> str:
        raise NotImplementedError

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


class LedgerViews(Projection[ViewRecorder]):
    """What `ProjectionRunner` calls for each new event."""

    name = NAME

    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.write([(domain_event, tracking)])


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


def catch_up(
    ledger: Ledger,
    views: ViewRecorder,
    *,
    page: int = 1000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Apply every event after the tracked position, a page per transaction."""
    done = 0
    while True:
        start = (views.max_tracking_id(APP) or 0) + 1
        notifications = ledger.recorder.select_notifications(start, page)
        if not notifications:
            return done
        views.write(
            [(ledger.mapper.to_domain_event(n), Tracking(APP, n.id)) for n in notifications]
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
