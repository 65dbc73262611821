"""Card payments: what a buyer chose to pay, and what the card provider said.

The buyer picks invoices (and lines) and amounts; disputed lines are left out
unless asked for. The choice is recorded first (`Requested`), then the
provider's payment intent is attached; nothing is owed or allocated yet. Only
the provider's signed confirmation settles it: the payment is received and
allocated exactly as chosen, all or nothing, in one transaction, which frees
the company's credit (and can lift a hold). A failed or abandoned card payment
leaves no payment and no allocation behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from ledger.chain import ChainedAggregate
from ledger.errors import BadInput, Conflict

REQUESTED = "REQUESTED"
SUCCEEDED = "SUCCEEDED"
FAILED = "FAILED"


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
        if self.status != REQUESTED:
            raise Conflict(f"card payment is already {self.status.lower()}", status=self.status)
        if intent_id != self.intent_id:
            raise BadInput("the confirmation names another payment intent")

    def succeed(self, intent_id: str, amount: Decimal, payment_id: UUID, event_id: str) -> None:
        self._check_open(intent_id)
        if amount != self.amount:
            raise BadInput(f"the provider took {amount}, the buyer chose {self.amount}")
        self.trigger_event(self.Succeeded, payment_id=payment_id, provider_event=event_id)

    def fail(self, intent_id: str, reason: str, event_id: str) -> None:
        self._check_open(intent_id)
        self.trigger_event(self.Failed, reason=reason[:500], provider_event=event_id)
