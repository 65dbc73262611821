"""PostgreSQL-only guarantees: concurrency, the balance trigger, immutability."""

from __future__ import annotations

import json
import threading
from decimal import Decimal

import psycopg
import pytest

from ledger.application import Ledger
from ledger.errors import LedgerError, OverAllocation
from tests.builders import allocate, company, line, payment, web_invoice

pytestmark = pytest.mark.postgres


def _schema(url: str) -> str:
    return url.rsplit("schema=", 1)[1]


def test_fifty_concurrent_allocations_never_over_allocate(pg_url: str) -> None:
    setup = Ledger(pg_url)
    buyer = company(setup)
    invoice_id = web_invoice(setup, buyer, line("1", "1", "1000.00", "0"))
    pool = payment(setup, buyer, "5000.00")
    setup.close()

    writers = [Ledger(pg_url + "&pool_size=2&max_overflow=0") for _ in range(10)]
    start = threading.Barrier(50)
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        start.wait()
        try:
            allocate(writers[n % 10], pool, invoice_id, "30.00")
            outcome = "ok"
        except OverAllocation:
            outcome = "over"
        except LedgerError as error:
            outcome = error.code
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for writer in writers:
        writer.close()

    assert outcomes.count("ok") == 33  # 33 x 30.00 = 990.00 of 1000.00
    assert outcomes.count("over") == 17
    check = Ledger(pg_url)
    verification = check.verify()
    assert verification.ok, verification.problems
    invoice = check.load(invoice_id)
    assert invoice.open_amount.amount == Decimal("10.00")  # type: ignore[attr-defined]
    check.close()


def test_database_rejects_an_unbalanced_entry(pg_url: str) -> None:
    ledger = Ledger(pg_url)
    buyer = company(ledger)
    web_invoice(ledger, buyer)
    ledger.close()
    schema = _schema(pg_url)
    with psycopg.connect(pg_url.split("?")[0], autocommit=True) as conn:
        row = conn.execute(
            f'SELECT originator_id, originator_version, topic, state FROM "{schema}".ledger_events '
            "WHERE convert_from(state, 'UTF8')::jsonb ? 'entry' LIMIT 1"
        ).fetchone()
        assert row is not None
        state = json.loads(bytes(row[3]))
        state["entry"]["_data_"][0][1] = "999.99"  # debit no longer equals credits
        with pytest.raises(psycopg.errors.DataException, match="unbalanced journal entry"):
            conn.execute(
                f'INSERT INTO "{schema}".ledger_events '
                "(originator_id, originator_version, topic, state) VALUES (%s, %s, %s, %s)",
                (row[0], row[1] + 100, row[2], json.dumps(state).encode()),
            )


def test_stored_events_cannot_be_updated_or_deleted(pg_url: str) -> None:
    ledger = Ledger(pg_url)
    company(ledger)
    ledger.close()
    schema = _schema(pg_url)
    with psycopg.connect(pg_url.split("?")[0], autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f'UPDATE "{schema}".ledger_events SET topic = topic')
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f'DELETE FROM "{schema}".ledger_events')
