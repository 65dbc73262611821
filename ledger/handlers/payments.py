"""Payments: money received, remittance advice, allocations to invoices, refunds and
reversals.

A payment and the invoices it is allocated to must belong to the same company (the one
cross-aggregate rule here); each side checks its own rules (`Payment.allocate`,
`Invoice.allocate`), and the company's credit follows in the same transaction.
"""

from __future__ import annotations

from uuid import UUID

from ledger import clock
from ledger import commands as c
from ledger.commands import new_id
from ledger.companies import Company
from ledger.errors import BadInput, CurrencyMismatch, Forbidden
from ledger.handlers.credit import review
from ledger.handlers.lookups import buyer
from ledger.handlers.table import Result, handles
from ledger.invoices import Invoice
from ledger.lines import check_text
from ledger.money import Money
from ledger.payments import Payment, Remittance
from ledger.session import Session


@handles(c.ReceivePayment)
def receive_payment(session: Session, cmd: c.ReceivePayment) -> Result:
    company = session.get(Company, cmd.company_id)
    amount = Money.of(cmd.amount, cmd.currency)
    if amount.currency != company.currency:
        raise CurrencyMismatch(expected=company.currency, got=amount.currency)
    payment_id = new_id(cmd, "payment")
    payment = Payment.receive(
        payment_id,
        company.id,
        cmd.method,
        amount,
        cmd.reference,
        cmd.received_on or clock.today(),
    )
    if cmd.advice:
        payment.record_advice(tuple(cmd.advice))
    session.add(payment)
    return {"payment_id": str(payment_id)}


@handles(c.RecordRemittanceAdvice)
def record_advice(session: Session, cmd: c.RecordRemittanceAdvice) -> Result:
    payment = session.get(Payment, cmd.payment_id)
    payment.record_advice(tuple(cmd.advice))
    return {"payment_id": str(payment.id)}


def _allocate(
    session: Session,
    payment: Payment,
    invoice_id: UUID,
    amount_given: object,
    line_ids: tuple[str, ...],
    allocation_id: UUID,
) -> Result:
    invoice = session.get(Invoice, invoice_id)
    if invoice.company_id != payment.company_id:
        raise Forbidden(
            f"invoice {invoice.number} belongs to another company than the payment",
            invoice=invoice.number,
        )
    if invoice.currency != payment.currency:
        raise CurrencyMismatch(expected=invoice.currency, got=payment.currency)
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


@handles(c.AllocatePayment)
def allocate_payment(session: Session, cmd: c.AllocatePayment) -> Result:
    payment = session.get(Payment, cmd.payment_id)
    return _allocate(
        session, payment, cmd.invoice_id, cmd.amount, cmd.line_ids, new_id(cmd, "allocation")
    )


@handles(c.AllocatePaymentToInvoices)
def allocate_to_invoices(session: Session, cmd: c.AllocatePaymentToInvoices) -> Result:
    if not cmd.allocations:
        raise BadInput("give at least one allocation")
    payment = session.get(Payment, cmd.payment_id)
    results = [
        _allocate(
            session, payment, a.invoice_id, a.amount, a.line_ids, new_id(cmd, f"allocation-{n}")
        )
        for n, a in enumerate(cmd.allocations)
    ]
    return {"allocations": results, "unapplied": str(payment.unapplied.amount)}


@handles(c.SubmitRemittanceAdvice)
def submit_remittance(session: Session, cmd: c.SubmitRemittanceAdvice) -> Result:
    company = session.get(Company, cmd.company_id)
    user = buyer(session, cmd.submitted_by, company.id)
    remittance_id = new_id(cmd, "remittance")
    session.add(
        Remittance.submit(
            remittance_id,
            company.id,
            user.id,
            cmd.reference,
            cmd.paid_on,
            tuple(cmd.items),
            company.currency,
        )
    )
    return {"remittance_id": str(remittance_id)}


def _undo_allocation(session: Session, payment: Payment, allocation_id: UUID, reason: str) -> None:
    invoice_id = payment.reverse_allocation(allocation_id)
    invoice = session.get(Invoice, invoice_id)
    amount = invoice.reverse_allocation(allocation_id, reason)
    company = session.get(Company, invoice.company_id)
    company.retake_credit(invoice.id, amount, invoice.header.due_date, reason)


@handles(c.ReverseAllocation)
def reverse_allocation(session: Session, cmd: c.ReverseAllocation) -> Result:
    payment = session.get(Payment, cmd.payment_id)
    _undo_allocation(session, payment, cmd.allocation_id, check_text(cmd.reason, "reason"))
    review(session, session.get(Company, payment.company_id))
    return {"payment_id": str(payment.id), "unapplied": str(payment.unapplied.amount)}


@handles(c.RefundPayment)
def refund_payment(session: Session, cmd: c.RefundPayment) -> Result:
    payment = session.get(Payment, cmd.payment_id)
    payment.refund(Money.of(cmd.amount, payment.currency), cmd.reason)
    return {"payment_id": str(payment.id), "unapplied": str(payment.unapplied.amount)}


@handles(c.ReversePayment)
def reverse_payment(session: Session, cmd: c.ReversePayment) -> Result:
    payment = session.get(Payment, cmd.payment_id)
    reason = check_text(cmd.reason, "reason")
    reopened = [str(invoice_id) for invoice_id, _ in payment.allocations.values()]
    for allocation_id in list(payment.allocations):
        _undo_allocation(session, payment, UUID(allocation_id), reason)
    payment.reverse(reason)
    review(session, session.get(Company, payment.company_id))
    return {"payment_id": str(payment.id), "reopened": reopened}
