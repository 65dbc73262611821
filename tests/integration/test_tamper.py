"""`arledger verify` notices any edit to stored history and names the first bad event."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import psycopg
import pytest

from ledger.application import Ledger
from tests.builders import allocate, company, line, payment, web_invoice


def _history(url: str) -> None:
    ledger = Ledger(url)
    buyer = company(ledger)
    invoice_id = web_invoice(ledger, buyer, line("1", "2", "40.00"))
    allocate(ledger, payment(ledger, buyer, "96.80"), invoice_id, "96.80")
    ledger.close()


def _verify(url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "--database", url, "verify", "--quiet"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        check=False,
    )


def _edit_amount(state: bytes) -> bytes:
    """Raise an allocated amount, keeping the journal entry balanced and the JSON valid."""
    doc = json.loads(state)
    doc["amount"]["_data_"] = "1.00"
    return json.dumps(doc, separators=(",", ":")).encode()


def test_untouched_history_verifies(sqlite_url: str) -> None:
    _history(sqlite_url)
    result = _verify(sqlite_url)
    assert result.returncode == 0, result.stderr
    assert "hash chain intact" in result.stdout


def test_edited_event_is_named_on_sqlite(sqlite_url: str) -> None:
    _history(sqlite_url)
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as db:
        rowid, state = db.execute(
            "SELECT rowid, state FROM stored_events WHERE topic LIKE '%Payment.Allocated'"
        ).fetchone()
        db.execute(
            "UPDATE stored_events SET state = ? WHERE rowid = ?", (_edit_amount(state), rowid)
        )
    result = _verify(sqlite_url)
    assert result.returncode == 2
    assert f"event #{rowid}" in result.stderr
    assert "altered" in result.stderr


def test_deleted_event_breaks_the_chain(sqlite_url: str) -> None:
    _history(sqlite_url)
    with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as db:
        db.execute(
            "DELETE FROM stored_events WHERE rowid = "
            "(SELECT rowid FROM stored_events WHERE topic LIKE '%Invoice.Issued')"
        )
    result = _verify(sqlite_url)
    assert result.returncode == 2
    assert "version gap" in result.stderr


@pytest.mark.postgres
def test_edited_event_is_named_on_postgres(pg_url: str) -> None:
    _history(pg_url)
    schema = pg_url.rsplit("schema=", 1)[1]
    table = f'"{schema}".ledger_events'
    with psycopg.connect(pg_url.split("?")[0], autocommit=True) as conn:
        # An attacker with owner rights first has to switch the guard off.
        conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER arledger_immutable")
        position, state = conn.execute(
            f"SELECT notification_id, state FROM {table} WHERE topic LIKE '%Payment.Allocated'"
        ).fetchone()
        conn.execute(
            f"UPDATE {table} SET state = %s WHERE notification_id = %s",
            (_edit_amount(bytes(state)), position),
        )
    result = _verify(pg_url)
    assert result.returncode == 2
    assert f"event #{position}" in result.stderr
