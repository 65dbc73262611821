"""One contract, two stores: everything the ledger promises holds on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest

from ledger import commands as c
from ledger.application import Ledger
from ledger.chain import GENESIS, event_digest
from ledger.errors import IdempotencyMismatch, OverAllocation
from ledger.invoices import Invoice
from tests.builders import allocate, company, key, line, payment, web_invoice


def test_events_survive_a_restart_with_their_hashes(store: Ledger, store_url: str) -> None:
    buyer = company(store)
    invoice_id = web_invoice(store, buyer, line("1", "3", "10.00"), line("2", "1", "0.99"))
    store.close()
    reopened = Ledger(store_url)
    invoice = reopened.load(invoice_id)
    assert isinstance(invoice, Invoice)
    assert invoice.totals.gross.amount == Decimal("37.50")
    events = list(reopened.all_events())
    assert all(event_digest(e) == e.hash for e in events)
    assert events[0].prev_hash == GENESIS
    reopened.close()


def test_allocation_is_stored_and_balanced(store: Ledger) -> None:
    buyer = company(store)
    invoice_id = web_invoice(store, buyer, line("1", "2", "50.00"))
    payment_id = payment(store, buyer, "200.00")
    result = allocate(store, payment_id, invoice_id, "121.00")
    assert result["invoice_open"] == "0.00"
    assert result["unapplied"] == "79.00"
    verification = store.verify()
    assert verification.ok, verification.problems
    assert verification.books.balance(f"AR:{buyer.company_id}", "EUR") == Decimal("0.00")
    assert verification.books.balance(f"UNAPPLIED:{buyer.company_id}", "EUR") == Decimal("-79.00")


def test_idempotent_replay_writes_nothing(store: Ledger) -> None:
    buyer = company(store)
    command = c.RecordPayment("pay-once", buyer.company_id, "BANK_TRANSFER", "10.00", "EUR")
    first = store.execute(command)
    count = store.event_count()
    for _ in range(20):
        assert store.execute(command) == first
    assert store.event_count() == count
    with pytest.raises(IdempotencyMismatch):
        store.execute(
            c.RecordPayment("pay-once", buyer.company_id, "BANK_TRANSFER", "11.00", "EUR")
        )


def test_failed_command_leaves_no_trace(store: Ledger) -> None:
    buyer = company(store)
    invoice_id = web_invoice(store, buyer)
    payment_id = payment(store, buyer, "500.00")
    count = store.event_count()
    with pytest.raises(OverAllocation):
        allocate(store, payment_id, invoice_id, "121.01")
    assert store.event_count() == count


def test_notifications_are_in_log_order(store: Ledger) -> None:
    buyer = company(store)
    for _ in range(3):
        web_invoice(store, buyer)
    ids = [n.id for n in store.notifications(page=2)]
    assert ids == sorted(ids) and len(ids) == store.event_count()


def test_order_numbers_are_unique_per_store(store: Ledger) -> None:
    buyer = company(store)
    store.execute(c.PlaceOrder(key(), buyer.company_id, buyer.email, "SO-1", "EUR", (line("1"),)))
    with pytest.raises(Exception) as raised:
        store.execute(
            c.PlaceOrder(key(), buyer.company_id, buyer.email, "SO-1", "EUR", (line("1"),))
        )
    assert getattr(raised.value, "code", None) == "CONFLICT"


def test_erp_invoice_round_trips_exactly(store: Ledger) -> None:
    buyer = company(store)
    given = line("A", "3", "0.335", "0.21")  # 1.005 -> 1.01 net, 0.21 tax
    result = store.execute(
        c.RecordErpInvoice(
            key(),
            buyer.company_id,
            "SI-90001",
            "SO-77",
            date(2026, 1, 5),
            "EUR",
            (given,),
            "1.01",
            "0.21",
            "1.22",
            due_date=date(2026, 2, 1),
        )
    )
    invoice = store.load(UUID(result["invoice_id"]))
    assert isinstance(invoice, Invoice)
    assert invoice.header.number == "SI-90001"
    assert str(invoice.header.due_date) == "2026-02-01"
    assert invoice.lines[0].unit_price == Decimal("0.335")
