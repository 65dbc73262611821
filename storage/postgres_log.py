"""A PostgreSQL event log that lets writers commit in parallel and readers never skip.

eventsourcing's PostgreSQL recorder takes `LOCK TABLE ... IN EXCLUSIVE MODE` in every write,
so that notification ids are handed out in commit order and a reader following the log
never passes a hole that a slower transaction fills later. The price is that every append,
its commit and its WAL flush included, waits for the one before it: at 16 writers the stock
recorder appended fewer events than the raw INSERT+COMMIT floor did at 4 (bench/writers.py,
docs/scaling.md).

Here writers take no table lock. Two writers of the same aggregate still collide on the
unique (originator_id, originator_version) key, as before, so optimistic concurrency is
unchanged. Ids still come from the table's sequence at INSERT, so they are no longer in
commit order: a reader can see id 12 committed while 11 is in flight. The reader makes that
safe instead of the writer:

* A page with no hole (ids from `start`, each one more than the last) is final: nothing can
  appear below its last id later. The common case costs nothing more.
* A hole below the page's last committed id `v` was drawn before `v`, so by a transaction
  that already held ROW EXCLUSIVE on the table when the page was read (PostgreSQL takes it
  before the INSERT draws ids, and keeps it to the end of the transaction). Right after the
  read, the reader notes every transaction holding that lock (`pg_locks`), waits until each
  of them has ended (its virtual transaction id is gone), and reads the page again up to
  `v`: a hole still there now was left by a rollback (an optimistic-concurrency conflict or
  a refused write) and stays a hole for ever. Long transactions on other tables are not
  waited for.
* If that wait takes longer than `gap_timeout` (a writer stuck mid-transaction), the reader
  returns only the ids below the first hole: late, never lost.

Requirement: the sequence keeps its default CACHE 1, so ids are drawn in increasing order
server-wide. Writers with the stock recorder may share the table (their lock only slows
them).

No NOTIFY either. PostgreSQL serialises the commits of every transaction that issued one
(a single lock, held through the WAL flush), so a NOTIFY per write was a second table lock:
it halved appends at 16 writers (docs/scaling.md). Nothing across processes listened anyway
(workers and the API poll the log and the tracking position), and a subscriber in the
writing process is woken by the write itself, plus a short poll for other processes' writes.

Read checks: a command may decide on an aggregate it read from this process's cache without
asking the database whether it moved (ledger.session), or on an id it assumed was never
written. It passes those reads as `expected=[(id, version or None), ...]` to the write, which
checks them in the same transaction and round trip as the INSERT and refuses the whole write
as a unique violation (eventsourcing's IntegrityError, the same "someone wrote first" the
version key raises) if any stream's head is not the version read. The caller then reads
afresh and tries again. That saves a read per aggregate per command (docs/scaling.md).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    ApplicationRecorder,
    InterfaceError,
    ListenNotifySubscription,
    Notification,
    OperationalError,
    StoredEvent,
    Subscription,
)
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

EXPECT_HEADS = """
CREATE OR REPLACE FUNCTION {schema}.{function}(ids uuid[], versions bigint[]) RETURNS boolean
STABLE AS $$
DECLARE
    moved record;
BEGIN
    SELECT e.id, e.v, (SELECT max(originator_version) FROM {schema}.{table}
                       WHERE originator_id = e.id) AS head
    INTO moved FROM unnest(ids, versions) AS e(id, v)
    WHERE e.v IS DISTINCT FROM (SELECT max(originator_version) FROM {schema}.{table}
                                WHERE originator_id = e.id)
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'stream % moved since it was read: read at %, now at %',
            moved.id, coalesce(moved.v::text, 'none'), coalesce(moved.head::text, 'none')
            USING ERRCODE = 'unique_violation';
    END IF;
    RETURN true;
END $$ LANGUAGE plpgsql
"""
CREATE_LOCK = 8243101  # the advisory lock ledger.store's guards take too: DDL one at a time


class ConcurrentPostgresRecorder(PostgresApplicationRecorder):
    """eventsourcing's PostgreSQL application recorder without the table lock or NOTIFY,
    with read checks (see the module docstring)."""

    gap_timeout = 5.0  # seconds a reader waits for in-flight writers before returning less
    gap_poll = 0.002
    checks_reads = True  # ledger.session looks for this before deciding on cached reads

    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        self._page_statement = SQL(
            "SELECT notification_id, "
            "originator_id, originator_version, topic, state FROM {schema}.{table} "
            "WHERE notification_id >= %s AND notification_id <= %s "
            "ORDER BY notification_id LIMIT %s"
        ).format(schema=Identifier(self.datastore.schema), table=Identifier(self.events_table_name))
        self._writers_statement = SQL(
            "SELECT coalesce(array_agg(DISTINCT virtualtransaction), '{}') AS vxids "
            "FROM pg_locks WHERE locktype = 'relation' AND relation = %s::regclass "
            "AND mode = 'RowExclusiveLock' AND granted"
        )
        self._running_statement = SQL(
            "SELECT count(*) AS n FROM pg_locks "
            "WHERE locktype = 'virtualxid' AND virtualxid = ANY(%s::text[])"
        )
        self._table = f'"{self.datastore.schema}"."{self.events_table_name}"'
        function = Identifier(f"{self.events_table_name}_expect_heads")
        names = {
            "schema": Identifier(self.datastore.schema),
            "table": Identifier(self.events_table_name),
        }
        self._create_expect = SQL(EXPECT_HEADS).format(function=function, **names)
        # The INSERT itself checks, in a WHERE without columns: PostgreSQL evaluates it once,
        # before any row is made, so a refused write draws no id (leaves no hole), and the
        # write stays one statement. (A check as a statement of its own before the INSERT, in
        # one pipeline, also aborted the INSERT's first PREPARE and left psycopg's statement
        # cache naming a statement the server never made.)
        # Columns as four arrays, not an array of eventsourcing's composite type: psycopg
        # dumps those as text, a third of an append's client CPU.
        insert = (
            "INSERT INTO {schema}.{table} (originator_id, originator_version, topic, state) "
            "SELECT * FROM unnest(%s::uuid[], %s::bigint[], %s::text[], %s::bytea[]) "
        )
        returning = "RETURNING notification_id"
        self._insert = SQL(insert + returning).format(**names)
        self._checked_insert = SQL(
            insert + "WHERE {schema}.{function}(%s::uuid[], %s::bigint[]) " + returning
        ).format(function=function, **names)
        self._woken = _wakers(self._table)

    def _create_table(self, curs: Cursor[DictRow]) -> None:
        curs.execute(SQL("SELECT pg_advisory_xact_lock({0})").format(CREATE_LOCK))
        super()._create_table(curs)
        curs.execute(self._create_expect)

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self,
        stored_events: Sequence[StoredEvent],
        *,
        expected: Sequence[tuple[UUID, int | None]] = (),
        **kwargs: Any,
    ) -> Sequence[int] | None:
        """One INSERT, on its own an atomic transaction (the pool's connections autocommit):
        with no table lock and no NOTIFY to go with it, the stock recorder's pipeline and
        explicit transaction only cost CPU (bench/writers.py, docs/scaling.md). The caller's
        reads (`expected`), if any, are checked in it."""
        if kwargs.get("tracking") is not None:
            raise NotImplementedError("this recorder writes events only, no tracking records")
        if not stored_events:
            return []
        columns: tuple[Any, ...] = (
            [e.originator_id for e in stored_events],
            [e.originator_version for e in stored_events],
            [e.topic for e in stored_events],
            [e.state for e in stored_events],
        )
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            if expected:
                ids, versions = zip(*expected, strict=True)
                curs.execute(
                    self._checked_insert, (*columns, list(ids), list(versions)), prepare=True
                )
            else:
                curs.execute(self._insert, columns, prepare=True)
            notification_ids = [row["notification_id"] for row in curs.fetchall()]
        for woken in list(self._woken):
            woken.set()  # subscribers in this process: the write is committed
        return notification_ids

    def subscribe(
        self, gt: int | None = None, topics: Sequence[str] = ()
    ) -> Subscription[ApplicationRecorder]:
        return WokenSubscription(self, gt=gt, topics=topics)

    def select_notifications(
        self,
        start: int | None,
        limit: int,
        stop: int | None = None,
        topics: Sequence[str] = (),
        *,
        inclusive_of_start: bool = True,
    ) -> Sequence[Notification]:
        """The stock contract (ids from `start`, at most `limit`, up to `stop`, of `topics`),
        returning only ids below which no transaction can still commit anything."""
        low = 1 if start is None else start if inclusive_of_start else start + 1
        high = stop if stop is not None else 2**63 - 1
        wanted = set(topics)
        found: list[Notification] = []
        while len(found) < limit and low <= high:
            page, complete = self._final_page(low, high, limit if not wanted else max(limit, 500))
            if not page:
                break
            found += [n for n in page if not wanted or n.topic in wanted]
            low = page[-1].id + 1
            if not complete:
                break
        return found[:limit]

    def _final_page(self, low: int, high: int, limit: int) -> tuple[list[Notification], bool]:
        """(a page that no late commit can change, whether the log may go on after it)."""
        rows = self._read(low, high, limit)
        if not rows or _contiguous(low, rows):
            return rows, len(rows) == limit
        horizon = rows[-1].id  # committed: every hole below it was drawn before this read
        if not self._wait_for_writers():
            return _prefix(low, rows), False
        return self._read(low, horizon, limit), True  # holes left now are rollbacks: final

    def _read(self, low: int, high: int, limit: int) -> list[Notification]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self._page_statement, (low, high, limit), prepare=True)
            fetched: list[dict[str, Any]] = curs.fetchall()
        return [
            Notification(
                id=row["notification_id"],
                originator_id=row["originator_id"],
                originator_version=row["originator_version"],
                topic=row["topic"],
                state=bytes(row["state"]),
            )
            for row in fetched
        ]

    def _wait_for_writers(self) -> bool:
        """Wait until every transaction writing to the table now has ended; False on timeout."""
        deadline = time.monotonic() + self.gap_timeout
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self._writers_statement, (self._table,), prepare=True)
            row = curs.fetchone()
            writers = list(row["vxids"]) if row else []
            while writers:
                curs.execute(self._running_statement, (writers,), prepare=True)
                row = curs.fetchone()
                if row is None or row["n"] == 0:
                    return True
                if time.monotonic() > deadline:
                    return False
                time.sleep(self.gap_poll)
        return True


def _contiguous(low: int, rows: Sequence[Notification]) -> bool:
    return rows[0].id == low and rows[-1].id - low == len(rows) - 1


def _prefix(low: int, rows: list[Notification]) -> list[Notification]:
    """The rows before the first hole."""
    for index, row in enumerate(rows):
        if row.id != low + index:
            return rows[:index]
    return rows


_WAKERS: dict[str, set[threading.Event]] = {}


def _wakers(table: str) -> set[threading.Event]:
    """The subscriptions of this process to one events table, woken by its writes."""
    return _WAKERS.setdefault(table, set())


class WokenSubscription(ListenNotifySubscription[ApplicationRecorder]):
    """Pulls when this process wrote, and every `interval` for other processes' writes."""

    interval = 0.02  # as often as a worker looks at the log (cli.jobs.POLL)

    def __init__(
        self,
        recorder: ConcurrentPostgresRecorder,
        gt: int | None = None,
        topics: Sequence[str] = (),
    ) -> None:
        super().__init__(recorder=recorder, gt=gt, topics=topics)
        self._woken = recorder._woken
        self._woken.add(self._has_been_notified)
        self._ticker = threading.Thread(target=self._tick, daemon=True)
        self._ticker.start()

    def _tick(self) -> None:
        while not self._has_been_stopped:
            self._has_been_notified.set()
            time.sleep(self.interval)
        self._woken.discard(self._has_been_notified)

    def stop(self) -> None:
        self._woken.discard(self._has_been_notified)
        super().stop()
