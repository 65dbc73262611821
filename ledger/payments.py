"""Money received from a buyer company and where it went.

A payment lands in the company's unapplied cash; allocations move it onto
invoices. Whatever is never allocated stays a credit balance for the company
(an overpayment) until it is allocated later or refunded. A bounced payment is
reversed: its allocations are undone first, re-opening the invoices, then the
cash leaves.

The payment records *how much* went to which invoice; the invoice records the
lines and posts the journal entry. Both change in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from ledger import clock, journal
from ledger.chain import ChainedAggregate
from ledger.errors import BadInput, OverAllocation, PaymentReversed
from ledger.journal import JournalEntry
from ledger.lines import check_text
from ledger.money import Money
from ledger.registry import key_id

# PREPAID: settled in the web store before the invoice (gift card, store credit, reward
# points), BT-113 on the invoice; the money is the store's prepaid liability, not cash.
METHODS = ("BANK_TRANSFER", "CARD", "CHEQUE", "PREPAID")
# What a person records as money received (the API's recordPayment). Prepaid amounts
# come only with the web-store document that carries them (adapters.magento_prepaid):
# recorded by hand they would move money into the prepaid liability with no source.
RECORDED_METHODS = ("BANK_TRANSFER", "CARD", "CHEQUE")
# A credit note from the ERP that names no invoice we can tell (Sage's credit notes carry
# only the original invoice's date): a credit on the company's account, allocated by AR
# like cash on account. No money moved, so it is never refunded or reversed here.
ERP_CREDIT = "ERP_CREDIT_NOTE"
# An advice names the invoices of one payment run: a few dozen in practice. The cap keeps
# one event, and the page that shows it, a bounded size.
MAX_ADVICE_ITEMS = 100
# A payment date on an advice is a recent past day, or a day the buyer has scheduled.
ADVICE_PAST = timedelta(days=3653)
ADVICE_AHEAD = timedelta(days=366)


def erp_credit_id(number: str) -> UUID:
    """An ERP credit note booked on the account, by its number: one per note."""
    return key_id("erp-credit", number)


def received_payment_id(key: str) -> UUID:
    """A payment is named by the key of what received it (a command, a bank entry, a card
    intent), so the same news of money, retried, finds the payment it already made."""
    return key_id("payment", key)


@dataclass(frozen=True, slots=True)
class AdviceItem:
    """One line of a remittance advice: what the buyer says this payment covers."""

    invoice_number: str
    amount: Decimal


def parse_advice(items: tuple[AdviceItem, ...], currency: str) -> tuple[AdviceItem, ...]:
    """What a buyer says they paid: money in the payment's currency, at its minor unit.

    An advised amount may exceed what is open on the invoice: it is the buyer's word, not an
    allocation, and AR allocates from it (allocations refuse more than is open).
    """
    if not items:
        raise BadInput("a remittance advice lists at least one invoice")
    if len(items) > MAX_ADVICE_ITEMS:
        raise BadInput(
            f"a remittance advice lists at most {MAX_ADVICE_ITEMS} invoices, not {len(items)}",
            limit=MAX_ADVICE_ITEMS,
        )
    parsed = []
    for item in items:
        amount = Money.of(item.amount, currency, "remittance advice amount")
        if not amount.is_positive:
            raise BadInput("remittance advice amounts must be positive")
        number = check_text(item.invoice_number, "advice invoice number")
        parsed.append(AdviceItem(number, amount.amount))
    return tuple(parsed)


def check_paid_on(paid_on: date) -> date:
    today = clock.today()
    if not today - ADVICE_PAST <= paid_on <= today + ADVICE_AHEAD:
        raise BadInput(
            f"paid on {paid_on} is not a payment date: give a day from "
            f"{today - ADVICE_PAST} to {today + ADVICE_AHEAD}",
            earliest=str(today - ADVICE_PAST),
            latest=str(today + ADVICE_AHEAD),
        )
    return paid_on


class Payment(ChainedAggregate):
    if TYPE_CHECKING:  # state, not dataclass fields: events set it
        company_id: UUID
        method: str
        amount: Decimal
        currency: str
        reference: str
        received_on: date
        allocations: dict[str, tuple[UUID, Decimal]]  # allocation id -> (invoice, amount)
        refunded: Decimal
        advice: tuple[AdviceItem, ...]
        reversed: bool

    class Received(ChainedAggregate.Created):
        company_id: UUID
        method: str
        amount: Decimal
        currency: str
        reference: str
        received_on: date
        entry: JournalEntry

        def apply(self, payment: Payment) -> None:
            payment.company_id = self.company_id
            payment.method = self.method
            payment.amount = self.amount
            payment.currency = self.currency
            payment.reference = self.reference
            payment.received_on = self.received_on
            payment.allocations = {}
            payment.refunded = Decimal(0)
            payment.advice = ()
            payment.reversed = False

    class AdviceReceived(ChainedAggregate.Event):
        items: tuple[AdviceItem, ...]

        def apply(self, payment: Payment) -> None:
            payment.advice = tuple(self.items)

    class Allocated(ChainedAggregate.Event):
        allocation_id: UUID
        invoice_id: UUID
        amount: Decimal

        def apply(self, payment: Payment) -> None:
            payment.allocations[str(self.allocation_id)] = (self.invoice_id, self.amount)

    class AllocationReversed(ChainedAggregate.Event):
        allocation_id: UUID
        invoice_id: UUID
        amount: Decimal

        def apply(self, payment: Payment) -> None:
            del payment.allocations[str(self.allocation_id)]

    class Refunded(ChainedAggregate.Event):
        amount: Decimal
        reason: str
        entry: JournalEntry

        def apply(self, payment: Payment) -> None:
            payment.refunded += self.amount

    class Reversed(ChainedAggregate.Event):
        amount: Decimal
        reason: str
        entry: JournalEntry

        def apply(self, payment: Payment) -> None:
            payment.reversed = True

    @classmethod
    def receive(
        cls,
        payment_id: UUID,
        company_id: UUID,
        method: str,
        amount: Money,
        reference: str,
        received_on: date,
    ) -> Payment:
        if method not in METHODS:
            raise BadInput(f"payment method must be one of {METHODS}", method=method)
        if not amount.is_positive:
            raise BadInput("a payment amount must be positive", amount=str(amount.amount))
        reference = check_text(reference, "payment reference", required=False)
        return cls._received(payment_id, company_id, method, amount, reference, received_on)

    @classmethod
    def credit_on_account(
        cls, payment_id: UUID, company_id: UUID, amount: Money, reference: str, issued_on: date
    ) -> Payment:
        """An ERP credit note booked on the account, not on an invoice (see ERP_CREDIT)."""
        if not amount.is_positive:
            raise BadInput("a credit note amount must be positive", amount=str(amount.amount))
        reference = check_text(reference, "credit note reference")
        return cls._received(payment_id, company_id, ERP_CREDIT, amount, reference, issued_on)

    @classmethod
    def _received(
        cls,
        payment_id: UUID,
        company_id: UUID,
        method: str,
        amount: Money,
        reference: str,
        received_on: date,
    ) -> Payment:
        """The one event both ways of crediting an account write (checked by the caller)."""
        payment: Payment = cls._create(
            cls.Received,
            id=payment_id,
            company_id=company_id,
            method=method,
            amount=amount.amount,
            currency=amount.currency,
            reference=reference,
            received_on=received_on,
            entry=journal.payment_received(company_id, amount, method),
        )
        return payment

    # -- reading -------------------------------------------------------------

    def money(self, amount: Decimal) -> Money:
        return Money(amount, self.currency)

    @property
    def allocated(self) -> Money:
        return self.money(sum((a for _, a in self.allocations.values()), Decimal(0)))

    @property
    def unapplied(self) -> Money:
        if self.reversed:
            return self.money(Decimal(0))
        return self.money(self.amount - self.refunded) - self.allocated

    # -- commands ------------------------------------------------------------

    def _check_live(self) -> None:
        if self.reversed:
            raise PaymentReversed(f"payment {self.reference or self.id} was reversed")

    def _check_money_moved(self, what: str) -> None:
        if self.method == ERP_CREDIT:
            raise BadInput(
                f"{self.reference} is an ERP credit note on the account: no money moved, so it "
                f"is not {what} here; allocate it, or correct it in the ERP"
            )

    def record_advice(self, items: tuple[AdviceItem, ...]) -> None:
        self._check_live()
        self.trigger_event(self.AdviceReceived, items=parse_advice(items, self.currency))

    def allocate(self, allocation_id: UUID, invoice_id: UUID, amount: Money) -> None:
        """Take `amount` out of unapplied cash for an invoice, which checks its side (the
        invoice's currency, what is open: `Invoice.check_within_open`). Money refuses to
        compare the unapplied cash with an amount in another currency."""
        self._check_live()
        if not amount.is_positive:
            raise BadInput("an allocation amount must be positive")
        if amount > self.unapplied:
            raise OverAllocation(
                f"{amount} is more than the {self.unapplied} left on payment "
                f"{self.reference or self.id}",
                unapplied=str(self.unapplied.amount),
                requested=str(amount.amount),
            )
        self.trigger_event(
            self.Allocated, allocation_id=allocation_id, invoice_id=invoice_id, amount=amount.amount
        )

    def reverse_allocation(self, allocation_id: UUID) -> UUID:
        try:
            invoice_id, amount = self.allocations[str(allocation_id)]
        except KeyError:
            raise BadInput(f"payment has no allocation {allocation_id}") from None
        self.trigger_event(
            self.AllocationReversed,
            allocation_id=allocation_id,
            invoice_id=invoice_id,
            amount=amount,
        )
        return invoice_id

    def refund(self, amount: Money, reason: str) -> None:
        self._check_live()
        self._check_money_moved("refunded")
        if not amount.is_positive or amount > self.unapplied:
            raise OverAllocation(
                f"can refund at most the unapplied {self.unapplied}",
                unapplied=str(self.unapplied.amount),
                requested=str(amount.amount),
            )
        self.trigger_event(
            self.Refunded,
            amount=amount.amount,
            reason=check_text(reason, "reason"),
            entry=journal.payment_returned(self.company_id, amount, self.method),
        )

    def reverse(self, reason: str) -> None:
        """The bank returned the payment. Allocations must be reversed first."""
        self._check_live()
        self._check_money_moved("reversed")
        if self.allocations:
            raise BadInput("reverse the payment's allocations before the payment")
        amount = self.money(self.amount - self.refunded)
        self.trigger_event(
            self.Reversed,
            amount=amount.amount,
            reason=check_text(reason, "reason"),
            entry=journal.payment_returned(self.company_id, amount, self.method),
        )


class Remittance(ChainedAggregate):
    """A buyer's remittance advice: what they say they paid, before the bank confirms it."""

    if TYPE_CHECKING:  # state, not dataclass fields: events set it
        company_id: UUID
        submitted_by: UUID
        reference: str
        paid_on: date
        items: tuple[AdviceItem, ...]

    class Submitted(ChainedAggregate.Created):
        company_id: UUID
        submitted_by: UUID
        reference: str
        paid_on: date
        items: tuple[AdviceItem, ...]

        def apply(self, remittance: Remittance) -> None:
            remittance.company_id = self.company_id
            remittance.submitted_by = self.submitted_by
            remittance.reference = self.reference
            remittance.paid_on = self.paid_on
            remittance.items = tuple(self.items)

    @classmethod
    def submit(
        cls,
        remittance_id: UUID,
        company_id: UUID,
        submitted_by: UUID,
        reference: str,
        paid_on: date,
        items: tuple[AdviceItem, ...],
        currency: str,
    ) -> Remittance:
        parsed = parse_advice(items, currency)
        remittance: Remittance = cls._create(
            cls.Submitted,
            id=remittance_id,
            company_id=company_id,
            submitted_by=submitted_by,
            reference=check_text(reference, "payment reference"),
            paid_on=check_paid_on(paid_on),
            items=parsed,
        )
        return remittance
