"""Money in on a bank statement, and what we made of it.

Each statement entry is recorded once (its id derives from the bank's own
reference). When the payer is known the entry becomes a payment at once; when
its reference and amount match open invoices exactly, it is allocated in the
same transaction. Otherwise it keeps *suggestions* (candidate invoices, each
with why) for AR to accept or dismiss; an entry whose payer we cannot tell is
kept too, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from ledger.chain import ChainedAggregate
from ledger.errors import BadInput, Conflict
from ledger.registry import key_id

ALLOCATED = "ALLOCATED"
SUGGESTED = "SUGGESTED"
UNIDENTIFIED = "UNIDENTIFIED"
SETTLED = "SETTLED"
DISMISSED = "DISMISSED"


def bank_entry_id(reference: str) -> UUID:
    """The bank's own reference names the entry: a statement imported twice records it once."""
    return key_id("bank-entry", reference)


@dataclass(frozen=True, slots=True)
class Suggestion:
    invoice_id: UUID
    number: str
    amount: Decimal  # what to allocate to it
    reason: str


class BankEntry(ChainedAggregate):
    if TYPE_CHECKING:  # state, not dataclass fields: events set it
        reference: str
        amount: Decimal
        currency: str
        company_id: UUID | None
        payment_id: UUID | None
        suggestions: tuple[Suggestion, ...]
        status: str

    class Received(ChainedAggregate.Created):
        reference: str  # statement and entry reference, as the bank gave them
        booked_on: date
        amount: Decimal
        currency: str
        payer: str
        payer_account: str
        remittance: str
        company_id: UUID | None
        payment_id: UUID | None
        allocated: bool
        suggestions: tuple[Suggestion, ...]

        def status_of(self) -> str:
            if self.allocated:
                return ALLOCATED
            return SUGGESTED if self.payment_id is not None else UNIDENTIFIED

        def apply(self, entry: BankEntry) -> None:
            entry.reference = self.reference
            entry.amount = self.amount
            entry.currency = self.currency
            entry.company_id = self.company_id
            entry.payment_id = self.payment_id
            entry.suggestions = tuple(self.suggestions)
            entry.status = self.status_of()

    class SuggestionAccepted(ChainedAggregate.Event):
        invoice_id: UUID
        amount: Decimal
        accepted_by: str

        def apply(self, entry: BankEntry) -> None:
            entry.status = SETTLED

    class Dismissed(ChainedAggregate.Event):
        reason: str
        dismissed_by: str

        def apply(self, entry: BankEntry) -> None:
            entry.status = DISMISSED

    @classmethod
    def receive(cls, entry_id: UUID, **fields: object) -> BankEntry:
        entry: BankEntry = cls._create(cls.Received, id=entry_id, **fields)
        return entry

    def suggestion(self, invoice_id: UUID) -> Suggestion:
        if self.status != SUGGESTED:
            raise Conflict(f"bank entry {self.reference} is {self.status.lower()}")
        for suggestion in self.suggestions:
            if suggestion.invoice_id == invoice_id:
                return suggestion
        raise BadInput(f"invoice {invoice_id} is not a suggestion for {self.reference}")

    def accept(self, suggestion: Suggestion, by: str) -> None:
        self.trigger_event(
            self.SuggestionAccepted,
            invoice_id=suggestion.invoice_id,
            amount=suggestion.amount,
            accepted_by=by,
        )

    def dismiss(self, reason: str, by: str) -> None:
        if self.status not in (SUGGESTED, UNIDENTIFIED):
            raise Conflict(f"bank entry {self.reference} is {self.status.lower()}")
        self.trigger_event(self.Dismissed, reason=reason, dismissed_by=by)
