"""One leader per job: a PostgreSQL session advisory lock on a connection of its own.

Any number of processes may run a job (`projections`, `outbox`); the one holding the
job's advisory lock leads, the others retry every `RETRY` seconds. The lock belongs
to the database session, so it frees the moment the leader's connection drops (the
process died, the network went): a standby takes over within `RETRY` plus the time
PostgreSQL needs to notice a dead peer (immediately for a killed process, TCP
keepalive for a vanished host). The connection is opened here, outside every pool:
a pooled or PgBouncer (transaction mode) connection would hand the lock to whoever
borrows it next.

Each new leader bumps the job's epoch (`leader_epochs`); work that must never be done
twice (sending a message) is claimed with that epoch, so a leader that lost its lock
without noticing is fenced out by the first claim it tries (`claim`).

On SQLite there is one process by design (`arledger serve` refuses `--workers` above
1), so `SoloLeader` always leads and only keeps the epoch.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import sqlite3
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import parse_qs, urlparse

import psycopg

RETRY = 0.5  # seconds between a standby's attempts to take the lock
EPOCH_SQL = (
    "INSERT INTO leader_epochs (job, epoch, holder, since) VALUES (%(job)s, 1, %(holder)s, "
    "%(since)s) ON CONFLICT (job) DO UPDATE SET epoch = leader_epochs.epoch + 1, "
    "holder = excluded.holder, since = excluded.since RETURNING epoch"
)


def holder_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Leadership(Protocol):
    job: str
    epoch: int | None

    def try_lead(self) -> bool: ...

    def still_leading(self) -> bool: ...

    def release(self) -> None: ...


def schema_of(url: str) -> str:
    return parse_qs(urlparse(url).query).get("schema", ["public"])[-1]


def plain_url(url: str) -> str:
    """Our URL without `?schema=` (psycopg does not know that parameter)."""
    return urlparse(url)._replace(query="").geturl()


def lock_key(url: str, job: str) -> int:
    """A signed 64-bit key per (schema, job): two stores in one database never share one."""
    digest = hashlib.sha256(f"arledger:{schema_of(url)}:{job}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def connect(url: str, name: str = "arledger", **kwargs: Any) -> psycopg.Connection[Any]:
    return psycopg.connect(
        plain_url(url),
        autocommit=True,
        options=f"-c search_path={schema_of(url)}",
        connect_timeout=5,
        application_name=name,
        **kwargs,
    )


class PostgresLeader:
    """The lock of one job, on a dedicated connection."""

    def __init__(self, url: str, job: str) -> None:
        self.url = url
        self.job = job
        self.key = lock_key(url, job)
        self.epoch: int | None = None
        self.conn: psycopg.Connection[Any] | None = None

    def try_lead(self) -> bool:
        """Take the lock if it is free; a new leader bumps the epoch. Never blocks long."""
        if self.epoch is not None:
            return self.still_leading()
        try:
            if self.conn is None or self.conn.closed:
                # TCP keepalives: a leader whose host vanishes is noticed by PostgreSQL
                # within ~10 s, and its lock freed, instead of the kernel's 2 hours.
                # Named for pg_stat_activity: who stands by for which job.
                self.conn = connect(self.url, f"arledger-{self.job}-{os.getpid()}",
                                    keepalives_idle=5, keepalives_interval=2,
                                    keepalives_count=2)  # fmt: skip
            got = self.conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()
            if not (got and got[0]):
                return False
            now = datetime.now(UTC).isoformat()
            stamp = {"job": self.job, "holder": holder_name(), "since": now}
            row = self.conn.execute(EPOCH_SQL, stamp).fetchone()
            assert row is not None
            self.epoch = int(row[0])
            return True
        except psycopg.Error:
            self._drop()
            return False

    def still_leading(self) -> bool:
        """The connection answers, so the session (and its lock) is still ours."""
        if self.conn is None or self.epoch is None:
            return False
        try:
            self.conn.execute("SELECT 1")
            return True
        except psycopg.Error:
            self._drop()
            return False

    def release(self) -> None:
        """Give the lock back at once (graceful shutdown): a standby need not wait."""
        if self.conn is not None and not self.conn.closed and self.epoch is not None:
            with contextlib.suppress(psycopg.Error):
                self.conn.execute("SELECT pg_advisory_unlock(%s)", (self.key,))
        self._drop()

    def _drop(self) -> None:
        self.epoch = None
        if self.conn is not None:
            with contextlib.suppress(psycopg.Error):
                self.conn.close()
        self.conn = None


class SoloLeader:
    """SQLite: the one process leads every job; the epoch is still bumped and checked."""

    def __init__(self, url: str, job: str) -> None:
        self.path = url[len("sqlite:///") :]
        self.job = job
        self.epoch: int | None = None

    def try_lead(self) -> bool:
        if self.epoch is None:
            with sqlite3.connect(self.path, timeout=30) as db:
                sql = EPOCH_SQL.replace("%(job)s", ":job").replace("%(holder)s", ":holder")
                row = db.execute(sql.replace("%(since)s", ":since"), {
                    "job": self.job, "holder": holder_name(),
                    "since": datetime.now(UTC).isoformat()}).fetchone()  # fmt: skip
            self.epoch = int(row[0])
        return True

    def still_leading(self) -> bool:
        return self.epoch is not None

    def release(self) -> None:
        self.epoch = None


def leader(url: str, job: str) -> Leadership:
    return SoloLeader(url, job) if url.startswith("sqlite") else PostgresLeader(url, job)


def leaders(url: str) -> dict[str, dict[str, Any]]:
    """Who leads each job, as recorded, and whether its lock is held right now (PostgreSQL)."""
    if url.startswith("sqlite"):
        with sqlite3.connect(url[len("sqlite:///") :], timeout=30) as db:
            rows = db.execute("SELECT job, epoch, holder FROM leader_epochs").fetchall()
        return {job: {"epoch": e, "holder": h, "held": True} for job, e, h in rows}
    found: dict[str, dict[str, Any]] = {}
    with connect(url) as conn:
        recorded = conn.execute("SELECT job, epoch, holder FROM leader_epochs").fetchall()
        for job, epoch, holder in recorded:
            key = lock_key(url, job) & 0xFFFFFFFFFFFFFFFF
            held = conn.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                "AND objsubid = 1 AND classid = %s::bigint::oid AND objid = %s::bigint::oid",
                (key >> 32, key & 0xFFFFFFFF),
            ).fetchone()
            found[job] = {"epoch": epoch, "holder": holder, "held": bool(held and held[0])}
    return found
