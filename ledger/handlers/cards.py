"""Card payments from the buyer portal: the buyer's choice, the provider's intent, and
the provider's confirmation, which records the money and places it where it is still
open (see `ledger.card_payments` for why money received is never refused).
"""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from ledger import commands as c
from ledger.card_payments import AlreadySettled, CardItem, CardPayment, card_intent_payment_key
from ledger.commands import new_id
from ledger.companies import Company
from ledger.errors import BadInput, NotFound
from ledger.handlers.lookups import buyer
from ledger.handlers.money_in import allocate_each, receive
from ledger.handlers.table import Result, handles
from ledger.invoices import Invoice
from ledger.lines import check_text
from ledger.money import Money, round_to
from ledger.payments import Payment, received_payment_id
from ledger.registry import derived_key
from ledger.session import Session


@handles(c.RequestCardPayment)
def request_card_payment(session: Session, cmd: c.RequestCardPayment) -> Result:
    company = session.get(Company, cmd.company_id)
    user = buyer(session, cmd.requested_by, company.id)
    seen: set[UUID] = set()
    items = []
    for item in cmd.items:
        if item.invoice_id in seen:
            raise BadInput("each invoice may be named once")
        seen.add(item.invoice_id)
        invoice = session.get(Invoice, item.invoice_id)
        if invoice.company_id != company.id:
            raise NotFound(f"invoice {item.invoice_id} not found")
        amount = Money.of(item.amount, invoice.currency)  # the company's: checked at issue
        lines = tuple(item.line_ids)
        if not lines and not cmd.include_disputed:  # disputed lines stay open
            disputed = invoice.disputed_line_ids
            lines = tuple(ln.line_id for ln in invoice.lines if ln.line_id not in disputed)
            if not lines:
                raise BadInput(f"all of invoice {invoice.number} is disputed")
        invoice.check_within_open(amount, lines or None)
        items.append(CardItem(invoice.id, amount.amount, lines))
    card = CardPayment.request(
        new_id(cmd, "card-payment"), company.id, user.id, company.currency, tuple(items)
    )
    session.add(card)
    return {"card_payment_id": str(card.id), "amount": str(card.amount), "currency": card.currency}


@handles(c.AttachPaymentIntent)
def attach_payment_intent(session: Session, cmd: c.AttachPaymentIntent) -> Result:
    card = session.get(CardPayment, cmd.card_payment_id)
    card.attach_intent(check_text(cmd.intent_id, "payment intent id"))
    return {"card_payment_id": str(card.id), "intent_id": card.intent_id}


def _still_open(invoice: Invoice, item: CardItem) -> Decimal:
    """What a card item may still take: the open amount of its lines (or invoice), now."""
    if invoice.voided or invoice.written_off:
        return Decimal(0)
    return invoice.open_on(item.line_ids).amount


@handles(c.SettleCardPayment)
def settle_card_payment(session: Session, cmd: c.SettleCardPayment) -> Result:
    """Record what the provider received, allocate it where it is still open, keep the
    rest unapplied: money received is never refused (see `ledger.card_payments`).

    The payment is keyed by the intent, so a second success for the same intent (under
    another event id) finds it and changes nothing. An intent the card payment never
    had attached (`start` stopped half-way) is attached now; a second intent for a card
    payment that already succeeded (the provider forgot its idempotency key) is money
    too: it is recorded and placed like the first, leaving the card payment as it was.
    """
    card = session.get(CardPayment, cmd.card_payment_id)
    intent_id = check_text(cmd.intent_id, "payment intent id")
    if not card.intent_id:
        card.attach_intent(intent_id)
    if not cmd.succeeded:
        card.fail(intent_id, cmd.reason or "declined", cmd.event_id)
        return {"card_payment_id": str(card.id), "status": card.status}
    taken = Money.of(cmd.amount, card.currency)
    payment_key = card_intent_payment_key(intent_id)
    if session.find(Payment, received_payment_id(payment_key)) is not None:
        raise AlreadySettled(f"payment intent {intent_id} is already recorded")
    payment = receive(session, payment_key, card.company_id, "CARD", taken.amount,
                      card.currency, f"card {intent_id}", None)  # fmt: skip
    if intent_id == card.intent_id:
        card.succeed(intent_id, payment.id, cmd.event_id)
    chosen, left = [], taken.amount
    for item in card.items:
        amount = min(item.amount, _still_open(session.get(Invoice, item.invoice_id), item), left)
        if amount > 0:
            chosen.append(c.Allocation(item.invoice_id, amount, item.line_ids))
            left -= amount
    allocations = (
        allocate_each(
            session, payment.id, tuple(chosen), derived_key("allocate", cmd.idempotency_key)
        )
        if chosen
        else []
    )
    company = session.get(Company, card.company_id)
    return {
        "card_payment_id": str(card.id),
        "status": card.status,
        "payment_id": str(payment.id),
        "received": str(taken.amount),
        "allocations": allocations,
        "allocated": str(round_to(payment.allocated.amount, card.currency)),
        "unapplied": str(round_to(payment.unapplied.amount, card.currency)),
        "on_hold": company.on_hold,
    }
