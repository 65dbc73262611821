"""Invoices from the web store and the ERP, and everything that changes what is open.

What is open is tracked *per line*, gross: a payment, credit note or write-off
lands on named lines, so a buyer can pay for what arrived and leave a disputed
or undelivered line open. Every event that changes the open amount carries the
balanced journal entry it posts; the invoice is the one place an allocation is
posted, so it can never be posted twice.

Over 400 lines in one module on purpose: the aggregate's events are nested in it, and an
event's topic (`ledger.invoices:Invoice.PaymentAllocated`) is in its stored hash, so the
events cannot move to modules of their own; what is not the aggregate's own already
lives elsewhere (line arithmetic in `ledger.lines`, money in `ledger.money`).

Status is derived, never stored, so "overdue" needs no scheduler: the rule is
`ledger.status`, which the read side renders as SQL, so a list filtered by status and
the aggregate agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from ledger import journal
from ledger.chain import ChainedAggregate
from ledger.companies import CHANNELS, PaymentTerms
from ledger.errors import BadInput, CurrencyMismatch, InvoiceClosed, OverAllocation
from ledger.journal import JournalEntry
from ledger.lines import Line, LineAmount, Totals, check_text, spread, totals
from ledger.money import Money, round_to
from ledger.registry import key_id
from ledger.status import InvoiceFacts, status_of

WEB = "WEB"
ERP = "ERP"
SOURCES = (WEB, ERP)


def erp_invoice_id(number: str) -> UUID:
    """ERP invoices keep the ERP's number, so the number is their identity: an export
    read twice, or a document that comes back changed, finds the invoice already booked."""
    return key_id("invoice", f"{ERP}:{number}")


@dataclass(frozen=True, slots=True)
class InvoiceHeader:
    """Everything an invoice states about itself when it is issued."""

    source: str
    number: str
    order_id: UUID
    order_number: str
    ordered_by: UUID | None
    company_id: UUID
    issue_date: date
    due_date: date
    terms: PaymentTerms
    currency: str


class Invoice(ChainedAggregate):
    if TYPE_CHECKING:  # state, not dataclass fields: events set it
        header: InvoiceHeader
        lines: tuple[Line, ...]
        settled: dict[str, Decimal]  # line id -> gross paid, credited or written off
        paid: Decimal
        credited: Decimal
        written_off_amount: Decimal
        allocations: dict[str, tuple[UUID, tuple[LineAmount, ...]]]
        disputes: dict[str, tuple[str, ...]]  # query id -> disputed line ids (all if empty)
        delivered_by: list[str]
        voided: bool
        written_off: bool

    class Issued(ChainedAggregate.Created):
        header: InvoiceHeader
        lines: tuple[Line, ...]
        net: Decimal
        tax: Decimal
        gross: Decimal
        entry: JournalEntry

        def apply(self, invoice: Invoice) -> None:
            invoice.header = self.header
            invoice.lines = tuple(self.lines)
            invoice.settled = {}
            invoice.paid = Decimal(0)
            invoice.credited = Decimal(0)
            invoice.written_off_amount = Decimal(0)
            invoice.allocations = {}
            invoice.disputes = {}
            invoice.delivered_by = []
            invoice.voided = False
            invoice.written_off = False

    class Delivered(ChainedAggregate.Event):
        channel: str
        reference: str

        def apply(self, invoice: Invoice) -> None:
            invoice.delivered_by.append(self.channel)

    class PaymentAllocated(ChainedAggregate.Event):
        payment_id: UUID
        allocation_id: UUID
        parts: tuple[LineAmount, ...]
        amount: Decimal
        entry: JournalEntry

        def apply(self, invoice: Invoice) -> None:
            invoice._settle(self.parts, +1)
            invoice.paid += self.amount
            invoice.allocations[str(self.allocation_id)] = (self.payment_id, tuple(self.parts))

    class AllocationReversed(ChainedAggregate.Event):
        payment_id: UUID
        allocation_id: UUID
        parts: tuple[LineAmount, ...]
        amount: Decimal
        reason: str
        entry: JournalEntry

        def apply(self, invoice: Invoice) -> None:
            invoice._settle(self.parts, -1)
            invoice.paid -= self.amount
            del invoice.allocations[str(self.allocation_id)]

    class CreditNoteIssued(ChainedAggregate.Event):
        credit_note_number: str
        parts: tuple[LineAmount, ...]
        net: Decimal
        tax: Decimal
        amount: Decimal
        reason: str
        query_id: UUID | None
        entry: JournalEntry

        def apply(self, invoice: Invoice) -> None:
            invoice._settle(self.parts, +1)
            invoice.credited += self.amount

    class WrittenOff(ChainedAggregate.Event):
        parts: tuple[LineAmount, ...]
        amount: Decimal
        reason: str
        entry: JournalEntry

        def apply(self, invoice: Invoice) -> None:
            invoice._settle(self.parts, +1)
            invoice.written_off_amount += self.amount
            invoice.written_off = True

    class Voided(ChainedAggregate.Event):
        reason: str
        entry: JournalEntry

        def apply(self, invoice: Invoice) -> None:
            invoice.voided = True

    class DisputeOpened(ChainedAggregate.Event):
        query_id: UUID
        line_ids: tuple[str, ...]

        def apply(self, invoice: Invoice) -> None:
            invoice.disputes[str(self.query_id)] = tuple(self.line_ids)

    class DisputeClosed(ChainedAggregate.Event):
        query_id: UUID
        outcome: str

        def apply(self, invoice: Invoice) -> None:
            invoice.disputes.pop(str(self.query_id), None)

    def _settle(self, parts: tuple[LineAmount, ...], sign: int) -> None:
        for part in parts:
            self.settled[part.line_id] = self.settled.get(part.line_id, Decimal(0)) + sign * (
                part.amount
            )

    # -- issuing -------------------------------------------------------------

    @classmethod
    def issue(cls, invoice_id: UUID, header: InvoiceHeader, lines: tuple[Line, ...]) -> Invoice:
        if header.source not in SOURCES:
            raise BadInput(f"invoice source must be one of {SOURCES}")
        check_text(header.number, "invoice number")
        if header.due_date < header.issue_date:
            raise BadInput("due date must not be before the issue date")
        sums = totals(lines, header.currency)
        invoice: Invoice = cls._create(
            cls.Issued,
            id=invoice_id,
            header=header,
            lines=lines,
            net=sums.net.amount,
            tax=sums.tax.amount,
            gross=sums.gross.amount,
            entry=journal.invoice_issued(header.company_id, sums.net, sums.tax),
        )
        return invoice

    # -- reading -------------------------------------------------------------

    @property
    def currency(self) -> str:
        return self.header.currency

    @property
    def company_id(self) -> UUID:
        return self.header.company_id

    @property
    def number(self) -> str:
        return self.header.number

    def money(self, amount: Decimal) -> Money:
        return Money(amount, self.currency)

    @property
    def totals(self) -> Totals:
        return totals(self.lines, self.currency)

    def line(self, line_id: str) -> Line:
        for line in self.lines:
            if line.line_id == line_id:
                return line
        raise BadInput(f"invoice {self.number} has no line {line_id!r}", line_id=line_id)

    def line_open(self, line_id: str) -> Decimal:
        if self.voided:
            return Decimal(0)
        return self.line(line_id).gross - self.settled.get(line_id, Decimal(0))

    def open_on(self, line_ids: tuple[str, ...] | None = None) -> Money:
        """What is open on the named lines, or on every line when none are named."""
        ids = line_ids or tuple(line.line_id for line in self.lines)
        return self.money(sum((self.line_open(i) for i in ids), Decimal(0)))

    @property
    def open_amount(self) -> Money:
        return self.open_on()

    @property
    def disputed_line_ids(self) -> set[str]:
        ids: set[str] = set()
        for line_ids in self.disputes.values():
            ids.update(line_ids or [line.line_id for line in self.lines])
        return ids

    @property
    def disputed_amount(self) -> Money:
        return self.money(sum((self.line_open(i) for i in self.disputed_line_ids), Decimal(0)))

    def facts(self, today: date) -> InvoiceFacts:
        return InvoiceFacts(
            voided=self.voided,
            written_off=self.written_off,
            settled=self.open_amount.is_zero,
            paid=self.paid > 0,
            credited=self.credited > 0,
            disputed=bool(self.disputes),
            overdue=today > self.header.due_date,
        )

    def status(self, today: date) -> str:
        return status_of(self.facts(today))

    # -- guards --------------------------------------------------------------

    def _check_open(self, action: str) -> None:
        if self.voided or self.written_off:
            state = "void" if self.voided else "written off"
            raise InvoiceClosed(f"invoice {self.number} is {state}: cannot {action}")

    def check_currency(self, currency: str) -> None:
        """Whatever lands on an invoice (a payment, a credit) is in the invoice's currency."""
        if currency != self.currency:
            raise CurrencyMismatch(expected=self.currency, got=currency)

    def check_within_open(self, amount: Money, line_ids: tuple[str, ...] | None = None) -> None:
        """An allocation, a credit note or a card payment never takes more than is open on
        the lines it names (or on the whole invoice): a positive amount in the invoice's
        currency, at most what those lines still owe."""
        self.check_currency(amount.currency)
        if not amount.is_positive:
            raise BadInput("amount must be positive", amount=str(amount.amount))
        named = tuple(dict.fromkeys(line_ids)) if line_ids else None
        for line_id in named or ():
            self.line(line_id)
        available = self.open_on(named).amount
        if amount.amount > available:
            raise OverAllocation(
                f"{amount} is more than the {available} {self.currency} open on invoice "
                f"{self.number}" + (f" lines {', '.join(named)}" if named else ""),
                invoice=self.number,
                open=str(available),
                requested=str(amount.amount),
            )

    def plan(self, amount: Money, line_ids: tuple[str, ...] | None) -> tuple[LineAmount, ...]:
        """Which lines an amount lands on, once `check_within_open` allows it: the named
        lines in the order named, else undisputed lines first, so a payment for what
        arrived leaves a disputed line open."""
        self.check_within_open(amount, line_ids)
        if line_ids:
            order = list(dict.fromkeys(line_ids))
        else:
            disputed = self.disputed_line_ids
            ids = [line.line_id for line in self.lines]
            order = [i for i in ids if i not in disputed] + [i for i in ids if i in disputed]
        return spread(amount.amount, [(i, self.line_open(i)) for i in order])

    # -- commands ------------------------------------------------------------

    def mark_delivered(self, channel: str, reference: str) -> None:
        if channel not in CHANNELS:
            raise BadInput(f"delivery channel must be one of {CHANNELS}")
        self.trigger_event(self.Delivered, channel=channel, reference=reference)

    def allocate(
        self,
        payment_id: UUID,
        allocation_id: UUID,
        amount: Money,
        line_ids: tuple[str, ...] | None = None,
    ) -> tuple[LineAmount, ...]:
        self._check_open("take a payment")
        parts = self.plan(amount, line_ids)
        self.trigger_event(
            self.PaymentAllocated,
            payment_id=payment_id,
            allocation_id=allocation_id,
            parts=parts,
            amount=amount.amount,
            entry=journal.allocated(self.company_id, amount),
        )
        return parts

    def reverse_allocation(self, allocation_id: UUID, reason: str) -> Money:
        """Undo one allocation (a bounced payment, a mis-allocation); returns the amount."""
        try:
            payment_id, parts = self.allocations[str(allocation_id)]
        except KeyError:
            raise BadInput(f"invoice {self.number} has no allocation {allocation_id}") from None
        amount = self.money(sum((p.amount for p in parts), Decimal(0)))
        self.trigger_event(
            self.AllocationReversed,
            payment_id=payment_id,
            allocation_id=allocation_id,
            parts=parts,
            amount=amount.amount,
            reason=reason,
            entry=journal.allocation_reversed(self.company_id, amount),
        )
        return amount

    def net_of(self, part: LineAmount) -> Decimal:
        """The net in a gross amount credited on one line, in the line's own net/gross
        proportion, rounded once: a credit note's net is the sum of these, its tax the
        rest (and its e-invoice shows each line's net and tax as booked)."""
        line = self.line(part.line_id)
        share = part.amount * line.net / line.gross if line.gross else part.amount
        return round_to(share, self.currency)

    def issue_credit_note(
        self,
        number: str,
        amount: Money | None,
        line_ids: tuple[str, ...] | None,
        reason: str,
        query_id: UUID | None = None,
    ) -> Money:
        """Credit `amount` (gross), or everything open on the named lines or invoice."""
        self._check_open("credit it")
        if amount is None:
            amount = self.open_on(line_ids)
        parts = self.plan(amount, line_ids)
        net = sum((self.net_of(part) for part in parts), Decimal(0))
        tax = amount.amount - net
        self.trigger_event(
            self.CreditNoteIssued,
            credit_note_number=check_text(number, "credit note number"),
            parts=parts,
            net=net,
            tax=tax,
            amount=amount.amount,
            reason=check_text(reason, "reason"),
            query_id=query_id,
            entry=journal.credit_note(self.company_id, self.money(net), self.money(tax)),
        )
        return amount

    def write_off(self, reason: str) -> Money:
        self._check_open("write it off")
        amount = self.open_amount
        if amount.is_zero:
            raise InvoiceClosed(f"invoice {self.number} has nothing open to write off")
        parts = tuple(
            LineAmount(line.line_id, self.line_open(line.line_id))
            for line in self.lines
            if self.line_open(line.line_id) > 0
        )
        self.trigger_event(
            self.WrittenOff,
            parts=parts,
            amount=amount.amount,
            reason=check_text(reason, "reason"),
            entry=journal.written_off(self.company_id, amount),
        )
        return amount

    def void(self, reason: str) -> Money:
        self._check_open("void it")
        if self.paid or self.credited or self.allocations:
            raise InvoiceClosed(
                f"invoice {self.number} has payments or credits: issue a credit note instead"
            )
        sums = self.totals
        self.trigger_event(
            self.Voided,
            reason=check_text(reason, "reason"),
            entry=journal.invoice_voided(self.company_id, sums.net, sums.tax),
        )
        return sums.gross

    def open_dispute(self, query_id: UUID, line_ids: tuple[str, ...]) -> None:
        self._check_open("dispute it")
        for line_id in line_ids:
            self.line(line_id)
        self.trigger_event(self.DisputeOpened, query_id=query_id, line_ids=tuple(line_ids))

    def close_dispute(self, query_id: UUID, outcome: str) -> None:
        if str(query_id) in self.disputes:
            self.trigger_event(self.DisputeClosed, query_id=query_id, outcome=outcome)
