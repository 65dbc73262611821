"""What `verify` says when a history whose hash chain is intact breaks a rule of the books.

Someone with write access rewrites one event and re-hashes what follows, so every chain
checks out; only the invariants (`ledger/invariants.py`) can still tell. Each case here breaks
one rule, or one half of a rule, and pins the words `verify` prints. Found by the mutation
run (issue 16): the fast tests only ever ran the invariants over good histories, so a rule
that stopped seeing anything went unnoticed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from ledger import commands as c
from ledger import invariants
from ledger.application import Ledger
from ledger.chain import event_digest
from ledger.money import MAX_AMOUNT
from tests.builders import Buyer, allocate, company, key, line, payment, web_invoice


@dataclasses.dataclass
class History:
    buyer: Buyer
    invoice_id: UUID
    payment_id: UUID

    @property
    def ar(self) -> str:
        return f"AR:{self.buyer.company_id}"

    @property
    def unapplied(self) -> str:
        return f"UNAPPLIED:{self.buyer.company_id}"


@pytest.fixture
def history(ledger: Ledger) -> History:
    """Acme's invoice INV-000001 of 96.80, paid in full from a payment of 100.00 (3.20 left)."""
    buyer = company(ledger)
    invoice_id = web_invoice(ledger, buyer, line("1", "2", "40.00"))
    payment_id = payment(ledger, buyer, "100.00")
    allocate(ledger, payment_id, invoice_id, "96.80")
    return History(buyer, invoice_id, payment_id)


def forge(ledger: Ledger, topic: str, change: Callable[[Any], dict[str, Any]]) -> None:
    """Rewrite the only stored event whose topic ends with `topic` (`change` gives the new
    field values), then re-hash it and every later event of its aggregate."""
    records = ledger.recorder._stored_events  # type: ignore[attr-defined]
    [at] = [i for i, r in enumerate(records) if r.topic.endswith(topic)]
    target = records[at].originator_id
    head = None
    for i in range(at, len(records)):
        if records[i].originator_id != target:
            continue
        event = ledger.mapper.to_domain_event(records[i])
        fields = change(event) if i == at else {}
        if head is not None:
            fields["prev_hash"] = head
        for name, value in fields.items():
            object.__setattr__(event, name, value)
        object.__setattr__(event, "hash", event_digest(event))
        head = event.hash
        records[i] = ledger.mapper.to_stored_event(event)


def repost(event: Any, **amounts: str) -> dict[str, Any]:
    """The event's journal entry with new amounts for some accounts."""
    postings = tuple(
        dataclasses.replace(p, amount=Decimal(amounts.get(p.account, p.amount)))
        for p in event.entry.postings
    )
    return {"entry": dataclasses.replace(event.entry, postings=postings)}


def problems(ledger: Ledger) -> list[str]:
    """What `verify` prints for each problem (its structured form: `test_problems.py`)."""
    verification = ledger.verify()
    assert verification.chain.problem is None, "the forgery should keep every chain intact"
    return [str(problem) for problem in verification.problems]


def test_an_untouched_history_breaks_no_rule(ledger: Ledger, history: History) -> None:
    assert problems(ledger) == []
    assert ledger.verify().ok


@pytest.mark.parametrize(("cash", "off"), [("101.00", "1.00"), ("99.00", "-1.00")])
def test_cash_booked_without_its_other_side_leaves_the_books_off_balance(
    ledger: Ledger, history: History, cash: str, off: str
) -> None:
    """Too much cash or too little: the trial balance is off either way."""
    forge(ledger, "Payment.Received", lambda e: repost(e, CASH=cash))
    assert problems(ledger) == [
        f"unbalanced entry: Payment.Received {history.payment_id} v1: "
        f"off by {{'EUR': Decimal('{off}')}}",
        f"trial balance off by {off} EUR",
    ]


def test_a_payment_that_allocated_more_than_it_received_is_named(
    ledger: Ledger, history: History
) -> None:
    forge(ledger, "Payment.Allocated", lambda e: {"amount": Decimal("100.10")})
    found = problems(ledger)
    assert (
        f"payment {history.payment_id} allocated 100.10 EUR and refunded 0 of 100.00 EUR" in found
    )
    assert "invoice INV-000001 shows 96.80 paid but payments allocated 100.10" in found


def test_an_invoice_paid_beyond_its_gross_is_named(ledger: Ledger, history: History) -> None:
    """The invoice's side of the allocation raised to 100.00 of a 96.80 invoice, its journal
    entry raised with it so that the books still balance."""

    def overpaid(event: Any) -> dict[str, Any]:
        parts = tuple(dataclasses.replace(p, amount=Decimal("100.00")) for p in event.parts)
        return {
            "amount": Decimal("100.00"),
            "parts": parts,
            **repost(event, **{history.unapplied: "100.00", history.ar: "-100.00"}),
        }

    forge(ledger, "Invoice.PaymentAllocated", overpaid)
    found = problems(ledger)
    assert [p for p in found if p.startswith("negative open amount: invoice INV-000001 line 1")]
    assert "invoice INV-000001 shows 100.00 paid but payments allocated 96.80" in found
    assert "invoice INV-000001 settled beyond its gross 96.80" in found
    assert not [p for p in found if "trial balance" in p or "unbalanced" in p]


@pytest.mark.parametrize(
    ("settle", "topic"),
    [
        (lambda i: c.WriteOffInvoice(key(), i, "buyer insolvent"), "Invoice.WrittenOff"),
        (lambda i: c.IssueCreditNote(key(), i, "damaged"), "Invoice.CreditNoteIssued"),
    ],
    ids=["written-off", "credited"],
)
def test_an_invoice_settled_beyond_what_was_left_unpaid_is_named(
    ledger: Ledger, settle: Callable[[UUID], Any], topic: str
) -> None:
    """Half paid, the rest written off or credited; that rest forged up from 46.80 to
    50.00: what was paid, credited and written off together passes the gross."""
    buyer = company(ledger)
    invoice_id = web_invoice(ledger, buyer, line("1", "2", "40.00"))
    allocate(ledger, payment(ledger, buyer, "50.00"), invoice_id, "50.00")
    ledger.execute(settle(invoice_id))

    def more(event: Any) -> dict[str, Any]:
        assert event.amount == Decimal("46.80")
        parts = tuple(dataclasses.replace(p, amount=Decimal("50.00")) for p in event.parts)
        return {"amount": Decimal("50.00"), "parts": parts}

    forge(ledger, topic, more)
    assert "invoice INV-000001 settled beyond its gross 96.80" in problems(ledger)


def test_receivables_that_disagree_with_the_open_invoices_are_named(
    ledger: Ledger, history: History
) -> None:
    """The invoice booked 90.00 to AR (and 6.80 more revenue): AR no longer matches what is
    open, while unapplied cash still does."""
    forge(
        ledger, "Invoice.Issued", lambda e: repost(e, **{history.ar: "90.00", "REVENUE": "-73.20"})
    )
    assert problems(ledger) == [
        "company Acme: AR account -6.80 vs open invoices 0.00; "
        "unapplied account 3.20 vs unapplied payments 3.20"
    ]


def test_unapplied_cash_that_disagrees_with_the_payments_is_named(
    ledger: Ledger, history: History
) -> None:
    """The payment booked only 90.00 as unapplied cash: AR still matches, the unapplied
    account does not."""
    forge(
        ledger,
        "Payment.Received",
        lambda e: repost(e, CASH="90.00", **{history.unapplied: "-90.00"}),
    )
    assert problems(ledger) == [
        "company Acme: AR account 0.00 vs open invoices 0.00; "
        "unapplied account -6.80 vs unapplied payments 3.20"
    ]


def test_credit_control_that_sees_an_invoice_open_that_is_paid_is_named(
    ledger: Ledger, history: History
) -> None:
    forge(ledger, "Company.CreditFreed", lambda e: {"amount": Decimal("50.00")})
    assert problems(ledger) == ["company Acme: credit control sees 46.80 open, invoices say 0.00"]


def test_running_exposure_or_earliest_due_that_drifted_from_a_recount_is_named(
    ledger: Ledger, history: History
) -> None:
    """The running totals are kept as events apply (for speed); the rule recounts them. Each
    half of the check on its own: the exposure, then the earliest due date."""
    books = ledger.verify().books
    acme = books.aggregates[history.buyer.company_id]
    assert invariants.exposure_matches_invoices(books) == []

    acme.total_exposure += Decimal("1.00")
    assert [str(p) for p in invariants.exposure_matches_invoices(books)] == [
        "company Acme: running exposure 1.00 / earliest due None differ from a recount (0 / None)"
    ]
    acme.total_exposure -= Decimal("1.00")
    acme.earliest_due = date(2025, 1, 31)
    assert [str(p) for p in invariants.exposure_matches_invoices(books)] == [
        "company Acme: running exposure 0.00 / earliest due 2025-01-31 differ from a recount "
        "(0 / None)"
    ]
    assert invariants.check_all(books) == invariants.exposure_matches_invoices(books)


def test_an_amount_beyond_what_the_read_models_hold_is_named(
    ledger: Ledger, history: History
) -> None:
    forge(ledger, "Company.OrderBooked", lambda e: {"amount": MAX_AMOUNT})
    found = problems(ledger)
    assert [p for p in found if f"amount {MAX_AMOUNT} is beyond the limit" in p], found


def test_every_rule_is_checked(ledger: Ledger, history: History) -> None:
    assert set(invariants.RULES) == {
        invariants.journal_balances,
        invariants.open_amount_never_negative,
        invariants.allocations_within_payment,
        invariants.allocations_within_invoice,
        invariants.control_account_matches_subledger,
        invariants.exposure_matches_invoices,
        invariants.numbers_within_limits,
    }


def test_an_invoice_paid_by_no_payment_at_all_is_named(ledger: Ledger, history: History) -> None:
    """The payment's allocation forged onto another invoice id: the invoice still shows it
    paid, and no payment says it allocated anything to it."""
    forge(ledger, "Payment.Allocated", lambda e: {"invoice_id": UUID(int=1)})
    assert "invoice INV-000001 shows 96.80 paid but payments allocated 0" in problems(ledger)
