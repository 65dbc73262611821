"""A broken rule comes back as data (rule, aggregate, figures, words), not only as a sentence:
a tool sorts and counts by rule without parsing what `verify` prints."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from ledger import invariants
from ledger.application import Ledger
from ledger.problems import Problem
from tests.unit.test_rules_invariants import History, forge, history, repost

__all__ = ["history"]  # the fixture, shared with the wording tests


def test_a_payment_that_allocated_more_than_it_received_names_rule_payment_and_figures(
    ledger: Ledger, history: History
) -> None:
    forge(ledger, "Payment.Allocated", lambda e: {"amount": Decimal("100.10")})
    found = ledger.verify().problems
    [payment] = [p for p in found if p.rule == "allocations_within_payment"]
    assert payment.aggregate == f"payment {history.payment_id}"
    assert dict(payment.figures) == {
        "allocated": "100.10",
        "refunded": "0",
        "received": "100.00",
        "currency": "EUR",
    }
    assert str(payment) == payment.message
    [invoice] = [p for p in found if p.rule == "allocations_within_invoice"]
    assert invoice.aggregate == "invoice INV-000001"
    assert dict(invoice.figures) == {"paid": "96.80", "allocated": "100.10"}


def test_an_unbalanced_entry_names_its_event_and_what_it_is_off_by(
    ledger: Ledger, history: History
) -> None:
    forge(ledger, "Payment.Received", lambda e: repost(e, CASH="101.00"))
    entry, trial = ledger.verify().problems
    assert (entry.rule, trial.rule) == ("journal_balances", "journal_balances")
    assert entry.aggregate == f"payment {history.payment_id}"
    assert dict(entry.figures) == {"event": "Payment.Received", "version": "1", "EUR": "1.00"}
    assert trial.aggregate == invariants.BOOKS
    assert dict(trial.figures) == {"currency": "EUR", "off": "1.00"}


def test_every_rule_returns_problems_that_name_it(ledger: Ledger, history: History) -> None:
    """One forgery breaks several rules; each problem carries the name of the rule that
    found it, and that rule is one of `RULES`."""
    forge(ledger, "Payment.Allocated", lambda e: {"amount": Decimal("100.10")})
    books = ledger.verify().books
    names = {rule.__name__ for rule in invariants.RULES}
    for rule in invariants.RULES:
        for problem in rule(books):
            assert isinstance(problem, Problem)
            assert problem.rule == rule.__name__ in names


def test_a_problem_is_a_frozen_value_that_serialises_to_json() -> None:
    figures = {"paid": "1.00"}
    problem = Problem("allocations_within_invoice", "invoice INV-1", figures, "words")
    figures["paid"] = "2.00"  # the caller's dict is not the problem's
    assert problem.figures["paid"] == "1.00"
    with pytest.raises(TypeError):
        problem.figures["paid"] = "3.00"  # type: ignore[index]
    assert json.loads(json.dumps(problem.as_dict())) == {
        "rule": "allocations_within_invoice",
        "aggregate": "invoice INV-1",
        "figures": {"paid": "1.00"},
        "message": "words",
    }
