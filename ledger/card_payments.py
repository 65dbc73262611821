"""Card payments: what a buyer chose to pay, and what the card provider said.

The buyer picks invoices (and lines) and amounts; disputed lines are left out
unless asked for. The choice is recorded first (`Requested`), then the
provider's payment intent is attached; nothing is owed or allocated yet. Only
the provider's signed confirmation settles it, in one transaction.

Money received is a fact, so a settlement always records it. The payment is
for what the provider says it received (`amount_received`), not for what was
chosen; it is then allocated to each chosen invoice (and lines) only as far
as that is still open *now*, never more, and whatever is left stays the
company's unapplied cash: a credit balance AR can allocate or refund. So two
card payments for the same open amount, forty concurrent ones over one
invoice, a short or long capture, or an invoice voided or credited between
the choice and the confirmation all end with every captured cent in the
ledger and no invoice over-allocated. The settlement's result says what was
allocated and what stayed unapplied.

Why not reserve the open amount when the intent is created, so a second
intent is refused up front? A reservation needs an expiry (buyers abandon
checkouts, and an abandoned one must not block the invoice forever), and
expiry brings back the race it was meant to prevent: the provider can still
capture after the reservation lapsed, capture twice, or capture another
amount. The provider, not the ledger, decides that money moved; the ledger
can only record it faithfully and put it where it fits.

There is one payment per captured intent (its key names the intent), so news
of a capture is recorded once whichever event or retry brings it. An intent
the card payment never had attached (`start` stopped half-way) is attached
when its event comes; a second intent captured for a card payment that
already succeeded (a provider that forgot its idempotency key) is recorded
and placed like the first.

`payment_intent.payment_failed` is not final (the buyer may try another card
on the same intent), so a failed card payment can still succeed; a success
is final, and any later event for it is acknowledged and changes nothing
(`AlreadySettled`). A failed or abandoned card payment leaves no payment and
no allocation behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from ledger.chain import ChainedAggregate
from ledger.errors import BadInput, Conflict
from ledger.registry import derived_key

REQUESTED = "REQUESTED"
SUCCEEDED = "SUCCEEDED"
FAILED = "FAILED"


def card_intent_payment_key(intent_id: str) -> str:
    """One payment per captured intent, whichever event (or retry) brings the news."""
    return derived_key("payment", f"card-intent:{intent_id}")


class AlreadySettled(Conflict):
    """The provider already confirmed this card payment: a later event changes nothing."""


@dataclass(frozen=True, slots=True)
class CardItem:
    invoice_id: UUID
    amount: Decimal
    line_ids: tuple[str, ...] = ()


class CardPayment(ChainedAggregate):
    if TYPE_CHECKING:  # state, not dataclass fields: events set it
        company_id: UUID
        requested_by: UUID
        amount: Decimal
        currency: str
        items: tuple[CardItem, ...]
        intent_id: str
        status: str
        payment_id: UUID | None

    class Requested(ChainedAggregate.Created):
        company_id: UUID
        requested_by: UUID
        amount: Decimal
        currency: str
        items: tuple[CardItem, ...]

        def apply(self, card: CardPayment) -> None:
            card.company_id = self.company_id
            card.requested_by = self.requested_by
            card.amount = self.amount
            card.currency = self.currency
            card.items = tuple(self.items)
            card.intent_id = ""
            card.status = REQUESTED
            card.payment_id = None

    class IntentAttached(ChainedAggregate.Event):
        intent_id: str

        def apply(self, card: CardPayment) -> None:
            card.intent_id = self.intent_id

    class Succeeded(ChainedAggregate.Event):
        payment_id: UUID
        provider_event: str

        def apply(self, card: CardPayment) -> None:
            card.status = SUCCEEDED
            card.payment_id = self.payment_id

    class Failed(ChainedAggregate.Event):
        reason: str
        provider_event: str

        def apply(self, card: CardPayment) -> None:
            card.status = FAILED

    @classmethod
    def request(
        cls,
        card_id: UUID,
        company_id: UUID,
        requested_by: UUID,
        currency: str,
        items: tuple[CardItem, ...],
    ) -> CardPayment:
        if not items:
            raise BadInput("choose at least one invoice to pay")
        total = sum((item.amount for item in items), Decimal(0))
        card: CardPayment = cls._create(
            cls.Requested,
            id=card_id,
            company_id=company_id,
            requested_by=requested_by,
            amount=total,
            currency=currency,
            items=items,
        )
        return card

    def attach_intent(self, intent_id: str) -> None:
        if self.intent_id and self.intent_id != intent_id:
            raise Conflict("this card payment already has another payment intent")
        if not self.intent_id:
            self.trigger_event(self.IntentAttached, intent_id=intent_id)

    def _check_open(self, intent_id: str) -> None:
        if self.status == SUCCEEDED:
            raise AlreadySettled("card payment is already succeeded", status=self.status)
        if intent_id != self.intent_id:
            raise BadInput("the confirmation names another payment intent")

    def succeed(self, intent_id: str, payment_id: UUID, event_id: str) -> None:
        """The provider took the money (after earlier declines, perhaps): final."""
        self._check_open(intent_id)
        self.trigger_event(self.Succeeded, payment_id=payment_id, provider_event=event_id)

    def fail(self, intent_id: str, reason: str, event_id: str) -> None:
        """A declined attempt; the buyer may still pay this intent with another card."""
        self._check_open(intent_id)
        self.trigger_event(self.Failed, reason=reason[:500], provider_event=event_id)
