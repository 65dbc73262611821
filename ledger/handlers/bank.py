"""Bank statements: each entry recorded once, made a payment when the payer is known,
allocated when its reference matches, else kept with suggestions for AR.
"""

from __future__ import annotations

from ledger import commands as c
from ledger.bank_entries import BankEntry, bank_entry_id
from ledger.commands import new_id
from ledger.errors import BadInput, Conflict
from ledger.handlers.money_in import allocate, receive_and_allocate
from ledger.handlers.table import Result, handles
from ledger.invoices import Invoice
from ledger.lines import check_text
from ledger.money import Money
from ledger.payments import Payment
from ledger.session import Session


@handles(c.RecordBankEntry)
def record_bank_entry(session: Session, cmd: c.RecordBankEntry) -> Result:
    reference = check_text(cmd.reference, "bank reference")
    entry_id = bank_entry_id(reference)
    if session.find(BankEntry, entry_id):
        raise Conflict(f"bank entry {reference} is already recorded", reference=reference)
    amount = Money.of(cmd.amount, cmd.currency)
    if not amount.is_positive:
        raise BadInput("a bank entry to record must be money in")
    payment_id = None
    if cmd.company_id is not None:
        payment, _ = receive_and_allocate(
            session,
            cmd.idempotency_key,
            cmd.company_id,
            "BANK_TRANSFER",
            amount,
            reference,
            cmd.booked_on,
            tuple(cmd.allocations),
        )
        payment_id = payment.id
    elif cmd.allocations:
        raise BadInput("allocations need the payer's company")
    session.add(
        BankEntry.receive(
            entry_id,
            reference=reference,
            booked_on=cmd.booked_on,
            amount=amount.amount,
            currency=amount.currency,
            payer=check_text(cmd.payer, "payer", required=False),
            payer_account=check_text(cmd.payer_account, "payer account", required=False),
            remittance=check_text(cmd.remittance, "remittance", required=False),
            company_id=cmd.company_id,
            payment_id=payment_id,
            allocated=bool(cmd.allocations),
            suggestions=tuple(cmd.suggestions),
        )
    )
    return {"entry_id": str(entry_id), "payment_id": str(payment_id) if payment_id else None}


@handles(c.AcceptPaymentSuggestion)
def accept_payment_suggestion(session: Session, cmd: c.AcceptPaymentSuggestion) -> Result:
    entry = session.get(BankEntry, cmd.entry_id)
    suggestion = entry.suggestion(cmd.invoice_id)
    assert entry.payment_id is not None
    payment = session.get(Payment, entry.payment_id)
    invoice = session.get(Invoice, suggestion.invoice_id)
    amount = min(suggestion.amount, payment.unapplied.amount, invoice.open_amount.amount)
    result = allocate(
        session, payment, suggestion.invoice_id, amount, (), new_id(cmd, "allocation")
    )
    entry.accept(suggestion, cmd.accepted_by)
    return result


@handles(c.DismissBankEntry)
def dismiss_bank_entry(session: Session, cmd: c.DismissBankEntry) -> Result:
    entry = session.get(BankEntry, cmd.entry_id)
    entry.dismiss(check_text(cmd.reason, "reason"), cmd.dismissed_by)
    return {"entry_id": str(entry.id)}
