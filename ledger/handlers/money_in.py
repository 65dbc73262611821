"""How money comes in, whichever way it arrives: the steps AR's payments, bank statement
entries and card settlements share.

Money is received as a payment in the company's unapplied cash (`receive`), then moved
onto invoices (`allocate`, `allocate_each`), or both at once (`receive_and_allocate`);
an allocation is undone by `undo_allocation`. These are steps, not handlers: a handler
runs one command, and a command that needs a payment (a bank entry, a card settlement)
takes these steps itself, in its own transaction, instead of calling another handler.
The ids they create derive from the key they are given, so a retried command makes
the very same payment and allocations.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from ledger import clock
from ledger import commands as c
from ledger.companies import Company
from ledger.errors import BadInput, Forbidden
from ledger.handlers.credit import review
from ledger.handlers.table import Result
from ledger.invoices import Invoice
from ledger.money import Money
from ledger.payments import AdviceItem, Payment, received_payment_id
from ledger.registry import derived_key, key_id
from ledger.session import Session


def receive(
    session: Session,
    key: str,
    company_id: UUID,
    method: str,
    amount_given: object,
    currency: str,
    reference: str,
    received_on: date | None,
    advice: tuple[AdviceItem, ...] = (),
) -> Payment:
    """Money from a buyer company, in the company's currency, as unapplied cash."""
    company = session.get(Company, company_id)
    amount = Money.of(amount_given, currency)  # an unknown code is BAD_INPUT first
    company.check_currency(amount.currency)
    payment = Payment.receive(
        received_payment_id(key),
        company.id,
        method,
        amount,
        reference,
        received_on or clock.today(),
    )
    if advice:
        payment.record_advice(tuple(advice))
    session.add(payment)
    return payment


def allocate(
    session: Session,
    payment: Payment,
    invoice_id: UUID,
    amount_given: object,
    line_ids: tuple[str, ...],
    allocation_id: UUID,
) -> Result:
    """Move part of a payment onto an invoice of the same company, and free that credit."""
    invoice = session.get(Invoice, invoice_id)
    if invoice.company_id != payment.company_id:
        raise Forbidden(
            f"invoice {invoice.number} belongs to another company than the payment",
            invoice=invoice.number,
        )
    invoice.check_currency(payment.currency)
    company = session.get(Company, invoice.company_id)
    amount = Money.of(amount_given, payment.currency)
    payment.allocate(allocation_id, invoice.id, amount)
    invoice.allocate(payment.id, allocation_id, amount, tuple(line_ids) or None)
    company.free_credit(invoice.id, amount, "payment")
    review(session, company)
    return {
        "allocation_id": str(allocation_id),
        "invoice_open": str(invoice.open_amount.amount),
        "unapplied": str(payment.unapplied.amount),
        "on_hold": company.on_hold,
    }


def allocate_each(
    session: Session, payment_id: UUID, allocations: tuple[c.Allocation, ...], key: str
) -> list[Result]:
    """Several allocations of one payment, all or none; the n-th is named by `key` and n."""
    if not allocations:
        raise BadInput("give at least one allocation")
    payment = session.get(Payment, payment_id)
    return [
        allocate(
            session, payment, a.invoice_id, a.amount, a.line_ids, key_id(f"allocation-{n}", key)
        )
        for n, a in enumerate(allocations)
    ]


def receive_and_allocate(
    session: Session,
    key: str,
    company_id: UUID,
    method: str,
    amount: Money,
    reference: str,
    received_on: date | None,
    allocations: tuple[c.Allocation, ...],
) -> tuple[Payment, list[Result]]:
    """Money in that already says where it goes (a bank entry matched to its invoices).

    Both steps are taken on behalf of the command whose key is `key`, each under its own
    derived key (`derived:payment:…`, `derived:allocate:…`), so the ids never collide
    with those of a command a caller could send.
    """
    payment = receive(
        session,
        derived_key("payment", key),
        company_id,
        method,
        amount.amount,
        amount.currency,
        reference,
        received_on,
    )
    placed = (
        allocate_each(session, payment.id, allocations, derived_key("allocate", key))
        if allocations
        else []
    )
    return payment, placed


def undo_allocation(session: Session, payment: Payment, allocation_id: UUID, reason: str) -> None:
    """Take one allocation back: the invoice re-opens and the company's credit is retaken."""
    invoice_id = payment.reverse_allocation(allocation_id)
    invoice = session.get(Invoice, invoice_id)
    amount = invoice.reverse_allocation(allocation_id, reason)
    company = session.get(Company, invoice.company_id)
    company.retake_credit(invoice.id, amount, invoice.header.due_date, reason)
