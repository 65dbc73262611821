"""How domain values are written into stored events (JSON).

Value objects are frozen dataclasses, stored as a dict of their fields and
rebuilt with their constructor. A journal entry is stored as a plain list of
`[account, "amount", currency]` triples so the database can check that it
balances without knowing Python (see `ledger.store`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from eventsourcing.persistence import Transcoding

from ledger.bank_entries import Suggestion
from ledger.card_payments import CardItem
from ledger.chain import stored_fields
from ledger.companies import BillingDetails, DeliveryPreferences, PaymentTerms
from ledger.invoices import InvoiceHeader
from ledger.journal import JournalEntry, Posting
from ledger.lines import Line, LineAmount
from ledger.payments import AdviceItem


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class JournalEntryAsTriples(Transcoding):
    type = JournalEntry
    name = "journal_entry"

    def encode(self, obj: JournalEntry) -> list[list[str]]:
        return [[p.account, str(p.amount), p.currency] for p in obj.postings]

    def decode(self, data: list[list[str]]) -> JournalEntry:
        return JournalEntry(tuple(Posting(a, Decimal(m), c) for a, m, c in data))


class DataclassAsDict(Transcoding):
    """Any frozen value dataclass, by field name."""

    def __init__(self, cls: type[Any]) -> None:
        self.type = cls
        self.name = cls.__name__

    def encode(self, obj: Any) -> dict[str, Any]:
        return stored_fields(obj)

    def decode(self, data: dict[str, Any]) -> Any:
        return self.type(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


VALUE_TYPES = (
    Line,
    LineAmount,
    PaymentTerms,
    DeliveryPreferences,
    BillingDetails,
    InvoiceHeader,
    AdviceItem,
    Suggestion,
    CardItem,
)


def transcodings() -> list[Transcoding]:
    return [DateAsISO(), JournalEntryAsTriples(), *(DataclassAsDict(t) for t in VALUE_TYPES)]
