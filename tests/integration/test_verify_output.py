"""What `arledger verify` prints when a rule of the books is broken: the same lines as ever
for people, and with `--json` the structured problems for tools; the exit code is 3 both ways."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal

import pytest

from cli.main import main
from ledger.application import Ledger
from ledger.chain import event_digest
from tests.builders import allocate, company, line, payment, web_invoice


def _overallocated(url: str) -> str:
    """A paid invoice whose payment's allocation was rewritten to 100.10 of a payment of
    100.00, re-hashed so that the chain still holds: only the invariants can tell."""
    ledger = Ledger(url)
    buyer = company(ledger)
    invoice_id = web_invoice(ledger, buyer, line("1", "2", "40.00"))
    payment_id = payment(ledger, buyer, "100.00")
    allocate(ledger, payment_id, invoice_id, "96.80")
    [(position, event)] = [
        (n.id, ledger.mapper.to_domain_event(n))
        for n in ledger.notifications()
        if n.topic.endswith("Payment.Allocated")
    ]
    object.__setattr__(event, "amount", Decimal("100.10"))
    object.__setattr__(event, "hash", event_digest(event))
    state = ledger.mapper.to_stored_event(event).state
    ledger.close()
    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        db.execute("UPDATE stored_events SET state = ? WHERE rowid = ?", (state, position))
    return str(payment_id)


def test_a_broken_rule_prints_its_words_and_exits_3(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    payment_id = _overallocated(sqlite_url)
    assert main(["--database", sqlite_url, "verify", "--quiet"]) == 3
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.splitlines() == [
        f"INVARIANT BROKEN: payment {payment_id} allocated 100.10 EUR and refunded 0 of 100.00 EUR",
        "INVARIANT BROKEN: invoice INV-000001 shows 96.80 paid but payments allocated 100.10",
        "INVARIANT BROKEN: company Acme: AR account 0.00 vs open invoices 0.00; "
        "unapplied account 3.20 vs unapplied payments -0.10",
    ]


def test_verify_json_gives_each_problem_with_its_rule_aggregate_and_figures(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    payment_id = _overallocated(sqlite_url)
    assert main(["--database", sqlite_url, "verify", "--json"]) == 3
    out = capsys.readouterr()
    assert out.err == ""
    report = json.loads(out.out)
    assert report["ok"] is False
    assert report["tampered"] is None
    assert [(p["rule"], p["aggregate"]) for p in report["problems"]] == [
        ("allocations_within_payment", f"payment {payment_id}"),
        ("allocations_within_invoice", "invoice INV-000001"),
        ("control_account_matches_subledger", "company Acme"),
    ]
    assert report["problems"][1]["figures"] == {"paid": "96.80", "allocated": "100.10"}


def test_verify_json_of_sound_books_says_ok_and_exits_0(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger = Ledger(sqlite_url)
    company(ledger)
    ledger.close()
    assert main(["--database", sqlite_url, "verify", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["problems"] == []
    assert report["events"] >= 1
