"""Buyer queries and disputes on an invoice or some of its lines.

A query is its own aggregate, not part of the invoice, so a long message thread
never has to be loaded to allocate a payment. The invoice only learns that a
dispute opened or closed (which lines are held back from automatic allocation).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from ledger.chain import ChainedAggregate
from ledger.errors import BadInput, InvoiceClosed
from ledger.lines import check_text

REASONS = ("PRICING", "QUANTITY", "DAMAGED", "NOT_DELIVERED", "DUPLICATE", "OTHER")
ACCEPTED = "ACCEPTED"
REJECTED = "REJECTED"
BUYER = "BUYER"
SELLER = "SELLER"


class InvoiceQuery(ChainedAggregate):
    if TYPE_CHECKING:  # state, not dataclass fields: events set it
        invoice_id: UUID
        company_id: UUID
        raised_by: UUID
        reason: str
        line_ids: tuple[str, ...]
        disputed_amount: Decimal
        messages: list[tuple[str, UUID, str, datetime]]  # side, author, text, when
        assigned_to: UUID | None
        outcome: str | None

    class Raised(ChainedAggregate.Created):
        invoice_id: UUID
        company_id: UUID
        raised_by: UUID
        reason: str
        line_ids: tuple[str, ...]
        disputed_amount: Decimal
        message: str

        def apply(self, query: InvoiceQuery) -> None:
            query.invoice_id = self.invoice_id
            query.company_id = self.company_id
            query.raised_by = self.raised_by
            query.reason = self.reason
            query.line_ids = tuple(self.line_ids)
            query.disputed_amount = self.disputed_amount
            query.messages = [(BUYER, self.raised_by, self.message, self.timestamp)]
            query.assigned_to = None
            query.outcome = None

    class MessagePosted(ChainedAggregate.Event):
        side: str
        author: UUID
        text: str

        def apply(self, query: InvoiceQuery) -> None:
            query.messages.append((self.side, self.author, self.text, self.timestamp))

    class Assigned(ChainedAggregate.Event):
        staff_id: UUID

        def apply(self, query: InvoiceQuery) -> None:
            query.assigned_to = self.staff_id

    class Resolved(ChainedAggregate.Event):
        outcome: str
        note: str
        resolved_by: UUID
        credited: Decimal

        def apply(self, query: InvoiceQuery) -> None:
            query.outcome = self.outcome

    @classmethod
    def raise_query(
        cls,
        query_id: UUID,
        invoice_id: UUID,
        company_id: UUID,
        raised_by: UUID,
        reason: str,
        line_ids: tuple[str, ...],
        disputed_amount: Decimal,
        message: str,
    ) -> InvoiceQuery:
        if reason not in REASONS:
            raise BadInput(f"query reason must be one of {REASONS}", reason=reason)
        query: InvoiceQuery = cls._create(
            cls.Raised,
            id=query_id,
            invoice_id=invoice_id,
            company_id=company_id,
            raised_by=raised_by,
            reason=reason,
            line_ids=tuple(line_ids),
            disputed_amount=disputed_amount,
            message=check_text(message, "message"),
        )
        return query

    @property
    def is_open(self) -> bool:
        return self.outcome is None

    def _check_open(self) -> None:
        if not self.is_open:
            raise InvoiceClosed(f"query is already resolved ({self.outcome})")

    def post(self, side: str, author: UUID, text: str) -> None:
        self._check_open()
        if side not in (BUYER, SELLER):
            raise BadInput("message side must be BUYER or SELLER")
        self.trigger_event(
            self.MessagePosted, side=side, author=author, text=check_text(text, "message")
        )

    def assign(self, staff_id: UUID) -> None:
        self._check_open()
        self.trigger_event(self.Assigned, staff_id=staff_id)

    def resolve(self, outcome: str, note: str, resolved_by: UUID, credited: Decimal) -> None:
        self._check_open()
        if outcome not in (ACCEPTED, REJECTED):
            raise BadInput("outcome must be ACCEPTED or REJECTED")
        self.trigger_event(
            self.Resolved,
            outcome=outcome,
            note=check_text(note, "note", required=False),
            resolved_by=resolved_by,
            credited=credited,
        )
