"""Payments: money received, remittance advice, allocations to invoices, refunds and
reversals.

A payment and the invoices it is allocated to must belong to the same company (the one
cross-aggregate rule here); each side checks its own rules (`Payment.allocate`,
`Invoice.allocate`), and the company's credit follows in the same transaction. The
steps themselves are in `ledger.handlers.money_in`, which bank entries and card
settlements take too.
"""

from __future__ import annotations

from uuid import UUID

from ledger import commands as c
from ledger.commands import new_id
from ledger.companies import Company
from ledger.handlers.credit import review
from ledger.handlers.lookups import buyer
from ledger.handlers.money_in import allocate, allocate_each, receive, undo_allocation
from ledger.handlers.table import Result, handles
from ledger.lines import check_text
from ledger.money import Money
from ledger.payments import Payment, Remittance, erp_credit_id
from ledger.session import Session


@handles(c.RecordPayment)
def record_payment(session: Session, cmd: c.RecordPayment) -> Result:
    payment = receive(
        session,
        cmd.idempotency_key,
        cmd.company_id,
        cmd.method,
        cmd.amount,
        cmd.currency,
        cmd.reference,
        cmd.received_on,
        tuple(cmd.advice),
    )
    return {"payment_id": str(payment.id)}


@handles(c.RecordErpCredit)
def record_erp_credit(session: Session, cmd: c.RecordErpCredit) -> Result:
    """An ERP credit note no invoice can be told for: a credit on the account (ERP_CREDIT)."""
    company = session.get(Company, cmd.company_id)
    amount = Money.of(cmd.amount, company.check_currency(cmd.currency), "credit note amount")
    number = check_text(cmd.number, "credit note number")
    reference = f"{number}: {cmd.note}" if cmd.note else number
    payment = Payment.credit_on_account(
        erp_credit_id(number), company.id, amount, reference, cmd.issued_on
    )
    session.add(payment)
    return {"payment_id": str(payment.id)}


@handles(c.RecordRemittanceAdvice)
def record_remittance_advice(session: Session, cmd: c.RecordRemittanceAdvice) -> Result:
    payment = session.get(Payment, cmd.payment_id)
    payment.record_advice(tuple(cmd.advice))
    return {"payment_id": str(payment.id)}


@handles(c.AllocatePayment)
def allocate_payment(session: Session, cmd: c.AllocatePayment) -> Result:
    payment = session.get(Payment, cmd.payment_id)
    return allocate(
        session, payment, cmd.invoice_id, cmd.amount, cmd.line_ids, new_id(cmd, "allocation")
    )


@handles(c.AllocatePaymentToInvoices)
def allocate_payment_to_invoices(session: Session, cmd: c.AllocatePaymentToInvoices) -> Result:
    results = allocate_each(session, cmd.payment_id, tuple(cmd.allocations), cmd.idempotency_key)
    payment = session.get(Payment, cmd.payment_id)
    return {"allocations": results, "unapplied": str(payment.unapplied.amount)}


@handles(c.SubmitRemittanceAdvice)
def submit_remittance_advice(session: Session, cmd: c.SubmitRemittanceAdvice) -> Result:
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


@handles(c.ReverseAllocation)
def reverse_allocation(session: Session, cmd: c.ReverseAllocation) -> Result:
    payment = session.get(Payment, cmd.payment_id)
    undo_allocation(session, payment, cmd.allocation_id, check_text(cmd.reason, "reason"))
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
        undo_allocation(session, payment, UUID(allocation_id), reason)
    payment.reverse(reason)
    review(session, session.get(Company, payment.company_id))
    return {"payment_id": str(payment.id), "reopened": reopened}
