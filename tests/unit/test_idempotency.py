"""Idempotency: a command repeated under its key runs once; a key reused for another
request is refused."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from ledger import commands as c
from ledger.application import Ledger
from ledger.errors import IdempotencyMismatch
from ledger.invoices import Invoice
from tests.builders import company, key, line, payment, web_invoice
from tests.unit.support import (
    assert_verified,
    events,
    load_invoice,
    load_payment,
    order,
    refused,
)


def test_register_company_100_times_registers_once(ledger: Ledger) -> None:
    command = c.RegisterCompany("register-acme", "Acme", "EUR", credit_limit="500")
    first = ledger.execute(command)
    after_first = ledger.event_count()
    results = [ledger.execute(command) for _ in range(99)]
    assert ledger.event_count() == after_first
    assert all(result == first for result in results)
    assert set(first) == {"company_id"}
    assert_verified(ledger)


def test_allocation_100_times_allocates_once(ledger: Ledger) -> None:
    buyer = company(ledger)
    invoice_id = web_invoice(ledger, buyer, line("1", "2"))  # 242.00
    payment_id = payment(ledger, buyer, "300.00")
    command = c.AllocatePayment("alloc-1", payment_id, invoice_id, "100.00")
    first = ledger.execute(command)
    after_first = ledger.event_count()
    for _ in range(99):
        assert ledger.execute(command) == first
    assert ledger.event_count() == after_first
    assert first["invoice_open"] == "142.00"
    assert first["unapplied"] == "200.00"
    assert load_invoice(ledger, invoice_id).paid == Decimal("100.00")
    assert load_payment(ledger, payment_id).unapplied.amount == Decimal("200.00")
    assert len(events(ledger, Invoice.PaymentAllocated, invoice_id)) == 1
    assert_verified(ledger)


def test_repeated_invoice_command_takes_one_number(ledger: Ledger) -> None:
    buyer = company(ledger)
    first_order = order(ledger, buyer, line("1"))
    command = c.InvoiceOrder("invoice-order-1", first_order)
    results = [ledger.execute(command) for _ in range(100)]
    assert {r["number"] for r in results} == {"INV-000001"}
    assert len({r["invoice_id"] for r in results}) == 1
    second = load_invoice(ledger, web_invoice(ledger, buyer))
    assert second.number == "INV-000002"


def test_same_key_with_another_payload_is_refused(ledger: Ledger) -> None:
    buyer = company(ledger)
    ledger.execute(c.RecordPayment("pay-1", buyer.company_id, "BANK_TRANSFER", "10.00", "EUR"))
    with refused(ledger, "IDEMPOTENCY_MISMATCH", IdempotencyMismatch) as info:
        ledger.execute(c.RecordPayment("pay-1", buyer.company_id, "BANK_TRANSFER", "10.01", "EUR"))
    assert info.value.key == "pay-1" and not info.value.details
    assert "pay-1" not in info.value.message  # the ledger's key is internal: not shown


def test_same_key_for_another_command_type_is_refused(ledger: Ledger) -> None:
    buyer = company(ledger)
    invoice_id = web_invoice(ledger, buyer)
    ledger.execute(c.VoidInvoice("close-1", invoice_id, "wrong"))
    with refused(ledger, "IDEMPOTENCY_MISMATCH", IdempotencyMismatch):
        ledger.execute(c.WriteOffInvoice("close-1", invoice_id, "wrong"))


def test_key_of_a_refused_command_can_be_used_for_the_corrected_one(ledger: Ledger) -> None:
    buyer = company(ledger)
    with refused(ledger, "BAD_INPUT"):
        ledger.execute(c.RecordPayment("pay-2", buyer.company_id, "CARD", "-10.00", "EUR"))
    result = ledger.execute(c.RecordPayment("pay-2", buyer.company_id, "CARD", "10.00", "EUR"))
    assert load_payment(ledger, UUID(result["payment_id"])).amount == Decimal("10.00")


def test_repeat_returns_the_first_result_even_when_state_moved_on(ledger: Ledger) -> None:
    buyer = company(ledger)
    invoice_id = web_invoice(ledger, buyer)
    payment_id = payment(ledger, buyer, "121.00")
    command = c.AllocatePayment("alloc-2", payment_id, invoice_id, "21.00")
    first = ledger.execute(command)
    ledger.execute(c.AllocatePayment(key(), payment_id, invoice_id, "100.00"))
    count = ledger.event_count()
    assert (
        ledger.execute(command)
        == first
        == {
            "allocation_id": first["allocation_id"],
            "invoice_open": "100.00",
            "unapplied": "100.00",
            "on_hold": False,
        }
    )
    assert ledger.event_count() == count
