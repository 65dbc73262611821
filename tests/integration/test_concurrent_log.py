"""Writers commit in parallel (no table lock); readers still see every event once, in order.

Ids are drawn at INSERT, so a transaction can commit id 12 while 11 is still in flight, or
roll back and leave 11 a hole for ever. A reader that followed the log past 11 in the first
case would never see it: these tests drive both cases, by hand and with real concurrent
writers, through `select_notifications`, the call the projections' catch-up, the live
subscription and the outbox all read the log with.
"""

from __future__ import annotations

import threading
import time
import uuid

import psycopg
import pytest

from ledger.application import Ledger
from ledger.errors import LedgerError
from storage.postgres_log import ConcurrentPostgresRecorder
from tests.builders import allocate, company, line, payment, web_invoice

pytestmark = pytest.mark.postgres


def _schema(url: str) -> str:
    return url.rsplit("schema=", 1)[1]


def _hold_one_event(url: str) -> psycopg.Connection[tuple[object, ...]]:
    """A writer mid-transaction: its INSERT has drawn an id and not committed yet. The caller
    commits or rolls back."""
    conn = psycopg.connect(url.split("?")[0])
    conn.execute(f'SET search_path TO "{_schema(url)}"')
    conn.commit()
    conn.execute(
        "INSERT INTO ledger_events (originator_id, originator_version, topic, state) "
        "VALUES (%s, 1, 'tests:Held', '{}')",
        [uuid.uuid4()],
    )
    return conn


def _ids(ledger: Ledger, start: int) -> list[int]:
    return [n.id for n in ledger.recorder.select_notifications(start, 100)]


def test_reader_stops_before_an_event_still_in_flight_and_reads_it_once_it_commits(
    pg_url: str,
) -> None:
    ledger = Ledger(pg_url)
    company(ledger, "Acme")
    assert isinstance(ledger.recorder, ConcurrentPostgresRecorder)
    ledger.recorder.gap_timeout = 0.3
    before = ledger.event_count()
    held = _hold_one_event(pg_url)  # draws before + 1
    company(ledger, "Globex")  # commits before + 2 ...
    later = ledger.event_count()
    assert later > before + 1

    try:
        # The reader does not pass the event in flight: it stops just below it.
        assert _ids(ledger, 1) == list(range(1, before + 1))
        assert _ids(ledger, before + 1) == []
        held.commit()
        assert _ids(ledger, before + 1) == list(range(before + 1, later + 1))
    finally:
        held.close()
        ledger.close()


def test_a_rolled_back_write_leaves_a_hole_the_reader_passes(pg_url: str) -> None:
    ledger = Ledger(pg_url)
    company(ledger, "Acme")
    before = ledger.event_count()
    held = _hold_one_event(pg_url)
    company(ledger, "Globex")
    later = ledger.event_count()
    threading.Timer(0.2, held.rollback).start()  # the reader waits for it, then moves on

    try:
        assert _ids(ledger, 1) == [*range(1, before + 1), *range(before + 2, later + 1)]
    finally:
        held.close()
        ledger.close()


def test_a_reader_following_eight_concurrent_writers_sees_every_event_once_in_order(
    pg_url: str,
) -> None:
    """Eight writers issue invoices and allocate payments, two of them to one shared invoice
    so they collide and retry (rolled-back writes: holes in the ids), while a reader with its
    own connections follows the log page by page from where it left off, as catch-up does."""
    setup = Ledger(pg_url)
    buyers = [company(setup, f"Buyer {n}") for n in range(6)]
    shared = company(setup, "Shared")
    shared_invoice = web_invoice(setup, shared, line("1", "1", "100000.00", "0"))
    shared_payment = payment(setup, shared, "100000.00")
    setup.close()

    writers = [Ledger(pg_url + "&pool_size=1&max_overflow=1") for _ in range(8)]
    reader = Ledger(pg_url)
    done = threading.Event()
    seen: list[int] = []
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            for i in range(25):
                if n < 6:
                    web_invoice(writers[n], buyers[n], line("1", "1", f"{i + 1}.00", "0"))
                else:
                    allocate(writers[n], shared_payment, shared_invoice, "1.00")
        except (LedgerError, psycopg.Error) as error:  # pragma: no cover - reported below
            errors.append(error)

    def follow() -> None:
        position = 0
        while True:
            finished = done.is_set()
            page = reader.recorder.select_notifications(position + 1, 7)
            seen.extend(n.id for n in page)
            if page:
                position = page[-1].id
            elif finished:
                return
            else:
                time.sleep(0.001)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    follower = threading.Thread(target=follow)
    follower.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    follower.join()

    assert not errors
    log = [n.id for n in reader.notifications()]
    assert seen == log  # every event, once, in log order, nothing after the fact
    assert len(set(seen)) == len(seen)
    with psycopg.connect(pg_url.split("?")[0]) as conn:
        row = conn.execute(
            f'SELECT count(*), max(notification_id) FROM "{_schema(pg_url)}".ledger_events'
        ).fetchone()
    assert row is not None and row[0] == len(log)
    assert reader.verify().ok
    for ledger in (*writers, reader):
        ledger.close()
