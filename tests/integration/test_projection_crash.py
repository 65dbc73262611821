"""Crash recovery of the projection: SIGKILL at random moments, restart, same tables.

About 10k generated events; then the projection runs as a separate OS process and is killed
with SIGKILL at least 20 times at random moments, while this test keeps appending commands
through the `Ledger` (live writes must not disturb it). Kill points are of three kinds:

* during a catch-up with small pages (a driver calling `views.catch_up(..., page=50)`: the
  `arledger projections catch-up` command has no page-size option and writes 1000 events per
  transaction, which gives too few kill points at this size);
* during process start (imports, `Ledger` and view-recorder construction);
* the real `arledger projections catch-up` command (page 1000).

After every kill the tracked position must never go backwards nor past the head, no row may
carry a position beyond it (the rows of a page and its tracking commit together), and every
few kills the tables must equal those of a reference store replayed to exactly that
position. Finally `arledger projections catch-up` runs to the end and every table's SHA-256
must equal a full rebuild into a fresh store holding a byte-for-byte copy of the event log
(copied with SQL, notification ids kept: `generate` cannot reproduce a history, as
`demo.plan` dates it from the wall clock).

Three regression tests pin down bugs this file found (each fixed since): a crash during the
very first migration left SQLite half-migrated for good (b6060bd); on SQLite a command stored
while a view batch was being applied killed the projection with "database is locked"; and a
start after two rebuilds failed for good, as `reset` deleted eventsourcing's migration marker
row (both e297cde).
"""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse
from uuid import UUID

import psycopg
import pytest
from eventsourcing.persistence import Tracking

from cli.generate import generate
from ledger import commands as c
from ledger.application import Ledger
from ledger.lines import LineInput
from projections import recorder, views
from projections.schema import TABLES

ROOT = Path(__file__).resolve().parents[2]
EVENTS = 10_000
KILLS = 20  # at least this many SIGKILLs of a process that still had work to do
PAGE = 50  # events per transaction in the driver
COMPARE_EVERY = 3  # compare with the reference store every this many kills that progressed
SIGKILLED = -signal.SIGKILL
SMALL_POOLS = "&pool_size=2&max_overflow=2"
# A projection process with small pages. Prints "ready" once it is about to read the log,
# and the size of every committed page.
DRIVER = """
import sys
from ledger.application import Ledger
from projections import views

url, page = sys.argv[1], int(sys.argv[2])
ledger = Ledger(url)
view = views.open_views(url)
print("ready", flush=True)
done = views.catch_up(ledger, view, page=page, progress=lambda n: print(n, flush=True))
print("done", done, flush=True)
"""


def _cli(url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "cli.main", "--database", url, "projections", *args]


def _spawn(argv: list[str], **kwargs: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(argv, cwd=ROOT, text=True, **kwargs)


# -- the reference store: a verbatim copy of the event log, replayed from zero --------------


def _copy_events(source: Ledger, target: Ledger, after: int, upto: int) -> None:
    """Copy stored events (after, upto] byte for byte, keeping their notification ids."""
    table = source.recorder.events_table_name  # type: ignore[attr-defined]
    if source.url.startswith("sqlite"):
        conn = sqlite3.connect(target.url[len("sqlite:///") :])
        try:
            with conn:
                conn.execute("ATTACH DATABASE ? AS src", (source.url[len("sqlite:///") :],))
                conn.execute(
                    f"INSERT INTO {table} (rowid, originator_id, originator_version, topic, "
                    f"state) SELECT rowid, originator_id, originator_version, topic, state "
                    f"FROM src.{table} WHERE rowid > ? AND rowid <= ? ORDER BY rowid",
                    (after, upto),
                )
        finally:
            conn.close()
        return
    server, src, dst = source.url.partition("?")[0], _schema(source.url), _schema(target.url)
    with psycopg.connect(server, autocommit=True) as pg:
        pg.execute(
            f'INSERT INTO "{dst}".{table} '
            "(originator_id, originator_version, topic, state, notification_id) "
            "SELECT originator_id, originator_version, topic, state, notification_id "
            f'FROM "{src}".{table} WHERE notification_id > %s AND notification_id <= %s '
            "ORDER BY notification_id",
            (after, upto),
        )


def _schema(url: str) -> str:
    return parse_qs(urlparse(url).query)["schema"][-1]


class Reference:
    """A fresh store that receives a copy of the log and is replayed to chosen positions."""

    def __init__(self, source: Ledger, url: str) -> None:
        self.source = source
        self.ledger = Ledger(url)
        self.view = views.open_views(url)
        self.copied = 0

    def digest_at(self, position: int) -> dict[str, str]:
        """The tables after replaying exactly events 1..position (pages of 1000)."""
        head = self.source.event_count()
        if head > self.copied:
            _copy_events(self.source, self.ledger, self.copied, head)
            self.copied = head
        while True:
            at = self.view.max_tracking_id(views.APP) or 0
            if at >= position:
                break
            batch = self.ledger.recorder.select_notifications(at + 1, 1000, stop=position)
            assert batch, f"reference has no events after {at} (wanted {position})"
            self.view.write(
                [(self.ledger.mapper.to_domain_event(n), Tracking(views.APP, n.id)) for n in batch]
            )
        assert (self.view.max_tracking_id(views.APP) or 0) == position
        return self.view.digest()

    def full_rebuild(self) -> dict[str, str]:
        head = self.source.event_count()
        _copy_events(self.source, self.ledger, self.copied, head)
        self.copied = head
        assert self.ledger.event_count() == head
        views.rebuild(self.ledger, self.view)
        return self.view.digest()

    def close(self) -> None:
        self.ledger.close()


# -- live appends --------------------------------------------------------------------------


def _append_live(ledger: Ledger, n: int) -> int:
    """A small, complete story for a new company; returns how many commands ran."""
    k = f"crash-live-{n}"
    company = ledger.execute(
        c.RegisterCompany(f"{k}-co", f"Live {n} Ltd", "EUR", credit_limit="1000000")
    )
    company_id = UUID(company["company_id"])
    boss, buyer = f"boss@live{n}.example", f"buyer@live{n}.example"
    ledger.execute(c.RegisterUser(f"{k}-boss", company_id, boss, f"Boss {n}"))
    ledger.execute(c.RegisterUser(f"{k}-buyer", company_id, buyer, f"Buyer {n}", reports_to=boss))
    line = LineInput("1", "SKU-1", "widget", Decimal("2"), Decimal("50.00"), Decimal("0.21"))
    order = ledger.execute(
        c.PlaceOrder(f"{k}-order", company_id, buyer, f"LIVE-{n}", "EUR", (line,))
    )
    invoice = ledger.execute(c.InvoiceOrder(f"{k}-invoice", UUID(order["order_id"])))
    payment = ledger.execute(c.RecordPayment(f"{k}-pay", company_id, "BANK_TRANSFER", "60", "EUR"))
    ledger.execute(
        c.AllocatePayment(
            f"{k}-alloc", UUID(payment["payment_id"]), UUID(invoice["invoice_id"]), "60"
        )
    )
    ledger.execute(c.ChangeReportsTo(f"{k}-move", buyer, None))
    return 8


# -- checks after a kill -------------------------------------------------------------------


def _highest_positions(view: views.ViewRecorder) -> dict[str, int]:
    """The highest log position any view row refers to, per table and column."""
    found: dict[str, int] = {}
    with view.rows() as (rows, _):
        for table, spec in TABLES.items():
            names = {name for name, _ in spec.columns}
            for column in ("position", "valid_from", "valid_to"):
                if column in names:
                    value = rows.select(f"SELECT MAX({column}) AS m FROM {table}")[0]["m"]
                    found[f"{table}.{column}"] = int(value or 0)
    return found


def _settle(view: views.ViewRecorder) -> None:
    """Wait out a commit the killed process may have left in flight.

    On PostgreSQL a client killed just after sending COMMIT leaves its server backend to
    finish that commit on its own: reading the position, then the rows, could see the page
    land in between (rows "beyond" the position read a moment earlier). A page's
    transaction holds a lock on the tracking table from its tracking insert to its end, and
    SHARE mode waits for it; a page that had not reached its tracking insert can never
    commit, as its client is gone.
    """
    if view.dialect != "postgres":
        return  # SQLite commits inside the killed process: nothing is left in flight
    with view.rows() as (_, cursor):
        cursor.execute(f"LOCK TABLE {view.tracking_table()} IN SHARE MODE")


def _readline(proc: subprocess.Popen[str], timeout: float = 60.0) -> str:
    assert proc.stdout is not None
    timer = threading.Timer(timeout, proc.kill)
    timer.start()
    try:
        return proc.stdout.readline()
    finally:
        timer.cancel()


def _crash_and_recover(url: str, reference_url: str, seed: int) -> None:
    rng = random.Random(seed)
    ledger = Ledger(url)
    started = time.perf_counter()
    generated = generate(ledger, EVENTS, seed=seed)
    assert generated["events"] >= EVENTS * 0.99
    generation_s = time.perf_counter() - started
    # Migrate first: a crash during the very first migration is the other test's subject.
    view = views.open_views(url)
    reference = Reference(ledger, reference_url)
    try:
        assert views.status(ledger, view).position == 0

        position, head = 0, ledger.event_count()
        kills = effective = progressed = compared = live = 0
        rate = 5000.0  # events/s while running, re-estimated from what the kills observe
        busy = moved = 0.0
        startup = 1.0  # process start until "ready", re-estimated too
        log: list[str] = []
        while effective < KILLS:
            assert kills < 4 * KILLS, f"too few effective kills: {log}"
            while position >= head:  # caught up too soon (a fast machine): more live work
                for _ in range(5):
                    live += _append_live(ledger, live)
                head = ledger.event_count()
            kind = rng.choices(["driver", "startup", "cli"], weights=[8, 2, 1])[0]
            t0 = time.perf_counter()
            ran = 0.0
            if kind == "driver":
                proc = _spawn(
                    [sys.executable, "-c", DRIVER, url, str(PAGE)],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                )
                line = _readline(proc)
                if line != "ready\n":
                    _, err = proc.communicate(timeout=60)
                    pytest.fail(f"driver died on start ({proc.returncode}): {line}{err[-3000:]}")
                ready = time.perf_counter()
                startup = 0.7 * startup + 0.3 * (ready - t0)
                if rng.random() < 0.4:  # a live write while the projection runs
                    live += _append_live(ledger, live)
                budget = (head - position) / rate / (max(KILLS - effective, 1) + 4)
                time.sleep(rng.uniform(0, 2 * budget))
                ran = time.perf_counter() - ready
            elif kind == "startup":  # imports, Ledger(), open_views()
                proc = _spawn(
                    [sys.executable, "-c", DRIVER, url, str(PAGE)],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
                time.sleep(rng.uniform(0, startup))
            else:  # the real command, 1000 events per transaction
                proc = _spawn(
                    _cli(url, "catch-up"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
                )
                time.sleep(startup * rng.uniform(0.8, 1.2))
            proc.send_signal(signal.SIGKILL)
            _, err = proc.communicate(timeout=60)
            kills += 1
            # Killed, or (rarely) finished first; anything else is a failure of the projection.
            assert proc.returncode in (SIGKILLED, 0), f"{kind} failed:\n{err[-3000:]}"

            before, head = position, ledger.event_count()
            _settle(view)
            position = views.status(ledger, view).position
            assert position >= before, f"position went backwards: {before} -> {position}"
            assert position <= head, f"position {position} is beyond the head {head}"
            beyond = {k: v for k, v in _highest_positions(view).items() if v > position}
            assert not beyond, f"rows beyond the tracked position {position}: {beyond}"
            if proc.returncode == SIGKILLED and before < head:
                effective += 1
            progressed += position > before
            if ran:
                busy, moved = busy + ran, moved + position - before
                rate = max(200.0, moved / busy)
            log.append(f"{kind}:{proc.returncode}:{before}->{position}/{head}")
            if position > before and progressed % COMPARE_EVERY == 1:
                assert view.digest() == reference.digest_at(position), (
                    f"tables after a crash at {position} differ from a replay to {position}"
                )
                compared += 1

        assert position > 0 and progressed >= 5, log  # it did advance overall
        assert live > 0 and compared > 0, log

        # Restart until it finishes: the real command, to the end.
        done = subprocess.run(
            _cli(url, "catch-up"), cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        state = subprocess.run(
            _cli(url, "status"), cwd=ROOT, capture_output=True, text=True, timeout=60
        )
        assert state.returncode == 0, state.stderr
        status = json.loads(state.stdout)
        assert status["lag"] == 0 and status["position"] == ledger.event_count()
        assert status["position"] >= position

        recovered = view.digest()
        assert recovered == reference.full_rebuild()
        print(
            f"{url.split(':')[0]}: {generated['events']} generated in {generation_s:.1f}s, "
            f"{live} live commands, {kills} kills ({effective} effective, {progressed} with "
            f"progress, {compared} compared with a replay); "
            f"final position {status['position']}"
        )
    finally:
        reference.close()
        ledger.close()


# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def second_pg_url(pg_server: str) -> Iterator[str]:
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield f"{pg_server}?schema={schema}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.mark.slow
def test_sigkill_and_restart_gives_identical_tables_sqlite(sqlite_url: str, tmp_path: Path) -> None:
    _crash_and_recover(sqlite_url, f"sqlite:///{tmp_path / 'reference.db'}", seed=11)


@pytest.mark.slow
@pytest.mark.postgres
def test_sigkill_and_restart_gives_identical_tables_postgres(
    pg_url: str, second_pg_url: str
) -> None:
    # Small pools: each process opens its pools eagerly (10 connections per pool by default),
    # and the server's max_connections is shared with the rest of the suite.
    _crash_and_recover(f"{pg_url}{SMALL_POOLS}", f"{second_pg_url}{SMALL_POOLS}", seed=12)


# -- a crash during the first migration ----------------------------------------------------

# SIGKILL this very process right after the third CREATE TABLE of the first migration.
MIGRATION_CRASH = """
import os, signal, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine
from projections import views

created = []

@event.listens_for(Engine, "after_cursor_execute")
def crash(conn, cursor, statement, *args):
    if statement.lstrip().upper().startswith("CREATE TABLE"):
        created.append(statement)
        if len(created) == 3:
            os.kill(os.getpid(), signal.SIGKILL)

views.open_views(sys.argv[1])
print("migrated without crashing", flush=True)
"""


@pytest.mark.slow
def test_a_crash_during_the_first_migration_is_recoverable(store_url: str) -> None:
    """Regression: on SQLite this left half the tables and no alembic_version (fixed in
    b6060bd, transactional DDL in projections/migrations/env.py)."""
    ledger = Ledger(store_url)
    try:
        _append_live(ledger, 0)
        crashed = subprocess.run(
            [sys.executable, "-c", MIGRATION_CRASH, store_url],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert crashed.returncode == SIGKILLED, crashed.stdout + crashed.stderr
        # The next start migrates and catches up.
        restarted = subprocess.run(
            _cli(store_url, "catch-up"), cwd=ROOT, capture_output=True, text=True, timeout=60
        )
        assert restarted.returncode == 0, restarted.stderr[-2000:]
        view = views.open_views(store_url)
        assert views.status(ledger, view).lag == 0
    finally:
        ledger.close()


# -- a command stored while a batch is being applied ---------------------------------------


def test_a_command_stored_during_a_batch_does_not_break_the_projection(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: on SQLite the batch's deferred transaction had read, so the command's commit
    made its first write fail at once with SQLITE_BUSY_SNAPSHOT ("database is locked")."""
    ledger, writer = Ledger(store_url), Ledger(store_url)
    try:
        _append_live(ledger, 0)
        view = views.open_views(store_url)
        applied: list[int] = []
        writers: list[threading.Thread] = []
        project = recorder.project  # what the recorder applies to each event of a batch

        def project_then_write(rows: Any, event: Any, position: int) -> None:
            project(rows, event, position)
            applied.append(position)
            if len(applied) == 10:  # mid-batch, after the batch has read rows
                thread = threading.Thread(target=_append_live, args=(writer, 1))
                thread.start()
                writers.append(thread)
                thread.join(timeout=2)  # a store that serialises writers holds it back

        monkeypatch.setattr(recorder, "project", project_then_write)
        views.catch_up(ledger, view, page=1000)
        writers[0].join(timeout=60)
        views.catch_up(ledger, view, page=1000)
        assert views.status(ledger, view).lag == 0
        caught_up = view.digest()
        views.rebuild(ledger, view)
        assert view.digest() == caught_up
    finally:
        writer.close()
        ledger.close()


# -- restarts after rebuilds ---------------------------------------------------------------


def test_the_views_open_after_repeated_rebuilds(store_url: str) -> None:
    """`arledger projections rebuild` twice, then any start (each open_views is a start).

    Regression: `reset` deleted eventsourcing's '__migration__' tracking row, so the next
    start renamed the tracking table (bkup1_views_tracking / old1_tracking) and the start after
    a second rebuild failed for good ("relation ... already exists").
    """
    ledger = Ledger(store_url)
    try:
        _append_live(ledger, 0)
        for _ in range(3):
            view = views.open_views(store_url)
            assert views.rebuild(ledger, view) == ledger.event_count()
        assert views.status(ledger, views.open_views(store_url)).lag == 0
    finally:
        ledger.close()
