"""Where events are stored: URL parsing and the PostgreSQL guard rails.

`ARLEDGER_DATABASE_URL` picks the eventsourcing persistence module:

    sqlite:///./arledger.db        embedded file (the default; WAL mode)
    postgresql://user@host:5432/db  production and the test suite
    memory://                       plain Python objects, for unit tests

On PostgreSQL two triggers back up the domain: an unbalanced journal entry is
rejected by the database itself, and stored events cannot be updated or
deleted. Both hold even for code that bypasses the domain model.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from eventsourcing.persistence import ApplicationRecorder, ListenNotifySubscription, Subscription
from eventsourcing.sqlite import SQLiteApplicationRecorder
from eventsourcing.utils import get_topic

from ledger.errors import BadInput

DEFAULT_URL = "sqlite:///./arledger.db"


def environment(url: str) -> dict[str, str]:
    """eventsourcing settings for a database URL."""
    parsed = urlparse(url)
    if parsed.scheme == "memory":
        return {"PERSISTENCE_MODULE": "eventsourcing.popo"}
    if parsed.scheme == "sqlite":
        path = unquote(url[len("sqlite:///") :]) if url.startswith("sqlite:///") else ""
        if not path:
            raise BadInput(f"sqlite URL needs a path, e.g. {DEFAULT_URL}")
        return {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": path,
            "SQLITE_LOCK_TIMEOUT": "30",
            "APPLICATION_RECORDER_TOPIC": get_topic(PollingSQLiteRecorder),
        }
    if parsed.scheme in ("postgres", "postgresql"):
        options = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": parsed.path.lstrip("/") or "postgres",
            "POSTGRES_HOST": parsed.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parsed.port or 5432),
            "POSTGRES_USER": unquote(parsed.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parsed.password or ""),
            "POSTGRES_SCHEMA": options.get("schema", ""),
            "POSTGRES_POOL_SIZE": options.get("pool_size", "1"),
            "POSTGRES_MAX_OVERFLOW": options.get("max_overflow", "9"),
            # No table lock per write; readers wait out holes instead (storage/postgres_log.py,
            # loaded by eventsourcing from this topic: the domain never imports it).
            "APPLICATION_RECORDER_TOPIC": "storage.postgres_log:ConcurrentPostgresRecorder",
        }
    raise BadInput(f"unsupported database URL {url!r}: use sqlite:///, postgresql:// or memory://")


class PollingSubscription(ListenNotifySubscription[ApplicationRecorder]):
    """SQLite has no LISTEN/NOTIFY: wake the puller on a short timer instead."""

    interval = 0.05

    def __init__(
        self, recorder: ApplicationRecorder, gt: int | None = None, topics: Sequence[str] = ()
    ) -> None:
        super().__init__(recorder=recorder, gt=gt, topics=topics)
        self._ticker = threading.Thread(target=self._tick, daemon=True)
        self._ticker.start()

    def _tick(self) -> None:
        while not self._has_been_stopped:
            self._has_been_notified.set()
            threading.Event().wait(self.interval)


class PollingSQLiteRecorder(SQLiteApplicationRecorder):
    """The SQLite recorder, plus subscriptions (so projection runners work on SQLite)."""

    def subscribe(
        self, gt: int | None = None, topics: Sequence[str] = ()
    ) -> Subscription[ApplicationRecorder]:
        return PollingSubscription(self, gt=gt, topics=topics)


GUARDS = """
CREATE OR REPLACE FUNCTION "{schema}".arledger_check_balanced() RETURNS trigger AS $$
DECLARE
    doc jsonb;
    bad record;
BEGIN
    doc := convert_from(NEW.state, 'UTF8')::jsonb;
    IF doc ? 'entry' THEN
        FOR bad IN
            SELECT p->>2 AS currency, sum((p->>1)::numeric) AS off
            FROM jsonb_array_elements(doc->'entry'->'_data_') AS p
            GROUP BY p->>2 HAVING sum((p->>1)::numeric) <> 0
        LOOP
            RAISE EXCEPTION 'unbalanced journal entry: % off by % in event % v%',
                bad.currency, bad.off, NEW.originator_id, NEW.originator_version
                USING ERRCODE = 'data_exception';
        END LOOP;
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION "{schema}".arledger_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'stored events are immutable' USING ERRCODE = 'insufficient_privilege';
END $$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS arledger_balanced ON "{schema}"."{table}";
CREATE TRIGGER arledger_balanced BEFORE INSERT ON "{schema}"."{table}"
    FOR EACH ROW EXECUTE FUNCTION "{schema}".arledger_check_balanced();
DROP TRIGGER IF EXISTS arledger_immutable ON "{schema}"."{table}";
CREATE TRIGGER arledger_immutable BEFORE UPDATE OR DELETE ON "{schema}"."{table}"
    FOR EACH ROW EXECUTE FUNCTION "{schema}".arledger_immutable();
"""


def install_guards(recorder: Any) -> None:
    """Create the PostgreSQL triggers on the events table (idempotent)."""
    datastore = getattr(recorder, "datastore", None)
    if datastore is None or not hasattr(datastore, "schema"):
        return  # not PostgreSQL
    sql = GUARDS.format(schema=datastore.schema, table=recorder.events_table_name)
    with datastore.transaction(commit=True) as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(8243101)")
        cursor.execute(sql)
