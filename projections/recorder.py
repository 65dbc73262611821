"""The view recorder: our rows and the tracking position, written in one transaction.

It is an eventsourcing *tracking recorder* (SQLite or PostgreSQL) that also writes
the view rows: for each batch, the rows and the tracking position are committed in
one transaction, and the tracking insert refuses to go backwards. So a crash at any
instant leaves the views exactly at some tracked position, and a restart continues
from there: each event is applied exactly once. An event that cannot be applied
stops the views just before it (`Stall`) instead of being skipped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import (
    IntegrityError,
    InterfaceError,
    OperationalError,
    Tracking,
    TrackingRecorder,
)
from eventsourcing.postgres import PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteTrackingRecorder

from ledger.application import Ledger
from projections.prefetch import mentioned_ids
from projections.projector import project
from projections.rows import Rows
from projections.schema import TABLES

APP = Ledger.name  # the application whose notification log the views track

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

    def close(self) -> None:
        """Give the pool's connections back to the server. PostgreSQL's
        `max_connections` (100 by default) is shared by every process of a deployment,
        and a recorder left to the garbage collector held its pool for as long as the
        process lived."""
        self.datastore.close()

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


def view_class(url: str) -> type[ViewRecorder]:
    return SQLiteViews if url.startswith("sqlite") else PostgresViews
