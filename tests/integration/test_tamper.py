"""`arledger verify` notices any edit to stored history and names the first bad event."""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest

from ledger.application import Ledger
from ledger.chain import GENESIS, event_digest
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


# A rewrite by someone who knows the hashing: change a payment's amount, then recompute
# every later hash, so each chain is intact again. Only a seal written down earlier, and
# signed where the store cannot reach, tells.

OLD, NEW = Decimal("96.80"), Decimal("150.00")


def _swap(value: Any) -> Any:
    """The payment's amount, everywhere in an event (its journal postings too, so the
    books still balance and every invariant still holds)."""
    if isinstance(value, Decimal):
        return NEW.copy_sign(value) if abs(value) == OLD else value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(
            value, **{f.name: _swap(getattr(value, f.name)) for f in dataclasses.fields(value)}
        )
    if isinstance(value, tuple):
        return tuple(_swap(v) for v in value)
    if isinstance(value, list):
        return [_swap(v) for v in value]
    if isinstance(value, dict):
        return {k: _swap(v) for k, v in value.items()}
    return value


def _rewritten(url: str) -> list[tuple[int, bytes]]:
    """(position, new state) for every event from the payment's receipt on, re-hashed."""
    ledger = Ledger(url)
    heads: dict[UUID, str] = {}  # aggregate -> its rewritten head hash
    changed = []
    for notification in ledger.notifications():
        event = ledger.mapper.to_domain_event(notification)
        name = type(event).__qualname__
        if name == "Payment.Received" or heads:
            fields = dict(vars(event))
            if name == "Payment.Received":
                fields = {k: _swap(v) for k, v in fields.items()}
            if event.originator_id in heads:
                fields["prev_hash"] = heads[event.originator_id]
            for k, v in fields.items():
                object.__setattr__(event, k, v)
            object.__setattr__(event, "hash", event_digest(event))
            heads[event.originator_id] = event.hash
            changed.append((notification.id, ledger.mapper.to_stored_event(event).state))
    ledger.close()
    assert changed
    return changed


def _rewrite(url: str) -> None:
    _store(url, _rewritten(url))  # first: opening a Ledger re-installs the guard


def _store(url: str, changed: list[tuple[int, bytes]]) -> None:
    """Overwrite stored states in place, as an attacker with write access to the store."""
    if url.startswith("sqlite"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            db.executemany(
                "UPDATE stored_events SET state = ? WHERE rowid = ?",
                [(state, position) for position, state in changed],
            )
        return
    schema = url.rsplit("schema=", 1)[1]
    table = f'"{schema}".ledger_events'
    with psycopg.connect(url.split("?")[0], autocommit=True) as conn:
        conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER arledger_immutable")
        for position, state in changed:
            conn.execute(
                f"UPDATE {table} SET state = %s WHERE notification_id = %s", (state, position)
            )


@pytest.mark.parametrize(
    ("topic", "forged_link"),
    [
        # The invoice's first event claims a predecessor: the company's registration.
        ("Invoice.Issued", "Company.Registered"),
        # The allocation drops its link to the payment's receipt, as if it began a chain.
        ("Payment.Allocated", "GENESIS"),
    ],
)
def test_an_event_relinked_with_a_correct_own_hash_breaks_the_chain(
    store_url: str, topic: str, forged_link: str
) -> None:
    _history(store_url)
    ledger = Ledger(store_url)
    events = [(n.id, ledger.mapper.to_domain_event(n)) for n in ledger.notifications()]
    hashes = {type(e).__qualname__: e.hash for _, e in events}
    [(position, event)] = [(p, e) for p, e in events if type(e).__qualname__ == topic]
    fake = GENESIS if forged_link == "GENESIS" else hashes[forged_link]
    assert fake != event.prev_hash
    object.__setattr__(event, "prev_hash", fake)
    object.__setattr__(event, "hash", event_digest(event))  # its own hash is right again
    state = ledger.mapper.to_stored_event(event).state
    ledger.close()
    _store(store_url, [(position, state)])

    result = _verify(store_url)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"event #{position}" in result.stderr
    assert "chain broken" in result.stderr


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})},
        check=False,
    )


def test_a_rewritten_history_passes_verify_but_not_its_signed_checkpoint(
    store_url: str, tmp_path: Path
) -> None:
    _history(store_url)
    key, public, anchor = (str(tmp_path / n) for n in ("key.pem", "key.pub", "checkpoint.json"))
    assert _cli("checkpoint", "keygen", "--key", key, "--public-key", public).returncode == 0
    signed = _cli("--database", store_url, "checkpoint", "sign", "--key", key, "-o", anchor)
    assert signed.returncode == 0, signed.stderr
    doc = json.loads(Path(anchor).read_text())
    assert set(doc) >= {"position", "seal", "signature", "key"}
    against = ("--checkpoint", anchor, "--public-key", public)
    before = _cli("--database", store_url, "verify", "--quiet", *against)
    assert before.returncode == 0, before.stderr
    assert "matches" in before.stdout

    _rewrite(store_url)
    ledger = Ledger(store_url)
    [received] = [e for e in ledger.all_events() if type(e).__qualname__ == "Payment.Received"]
    assert received.amount == NEW  # the rewrite took
    ledger.close()
    plain = _verify(store_url)
    assert plain.returncode == 0, plain.stderr  # chains and invariants: all fine
    assert doc["seal"] not in plain.stdout  # only the seal moved
    anchored = _cli("--database", store_url, "verify", "--quiet", *against)
    assert anchored.returncode == 2, anchored.stdout + anchored.stderr
    assert "TAMPERED" in anchored.stderr and "differs from the signed checkpoint" in anchored.stderr
    # The public key can also come from the environment.
    by_env = _cli("--database", store_url, "verify", "--quiet", "--checkpoint", anchor,
                  env={"ARLEDGER_CHECKPOINT_PUBLIC_KEY": public})  # fmt: skip
    assert by_env.returncode == 2 and "differs" in by_env.stderr


def test_a_checkpoint_with_a_forged_signature_or_another_key_fails(
    sqlite_url: str, tmp_path: Path
) -> None:
    _history(sqlite_url)
    key, public, other, anchor = (
        str(tmp_path / n) for n in ("key.pem", "key.pub", "other.pem", "checkpoint.json")
    )
    _cli("checkpoint", "keygen", "--key", key, "--public-key", public)
    _cli("checkpoint", "keygen", "--key", other)
    assert _cli("--database", sqlite_url, "checkpoint", "sign", "--key", key, "-o", anchor)
    doc = json.loads(Path(anchor).read_text())
    # Whoever rewrote the store rewrites the checkpoint's seal too: the signature says no.
    Path(anchor).write_text(json.dumps({**doc, "seal": "0" * 64}))
    forged = _cli("--database", sqlite_url, "verify", "--quiet", "--checkpoint", anchor,
                  "--public-key", public)  # fmt: skip
    assert forged.returncode == 4 and "bad signature" in forged.stderr
    # ...or signs with a key of their own: not the one the verifier holds.
    Path(anchor).unlink()
    _cli("--database", sqlite_url, "checkpoint", "sign", "--key", other, "-o", anchor)
    foreign = _cli("--database", sqlite_url, "verify", "--quiet", "--checkpoint", anchor,
                   "--public-key", public)  # fmt: skip
    assert foreign.returncode == 4 and "not by the given public key" in foreign.stderr
    missing = _cli("--database", sqlite_url, "verify", "--checkpoint", anchor)
    assert missing.returncode == 1 and "--public-key" in missing.stderr
