"""Commands: what a user or an adapter asks the ledger to do.

Every command carries an idempotency key. Ids of the things a command creates
are derived from that key (`new_id`), never drawn at random, so a client
that retries after a timeout sends the very same command and gets the very
same result. Amounts arrive as decimal strings or `Decimal` and are parsed by
the handlers, which reject floats.

A command is named as the GraphQL mutation that sends it (`recordPayment` sends
`RecordPayment`), its handler is that name in snake_case (`record_payment`), and the
idempotency fingerprint keeps the name a command had when keys were first stored under it
(`stored_name`): see docs/ledger-layout.md, "Names".

Over 400 lines in one module on purpose: it is the one table of what can be asked, plain
frozen dataclasses with no logic, read by the API, the adapters, the demo and the tests
as `commands.X`; grouped by area (as `ledger.handlers` is) it would say nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

from ledger.bank_entries import Suggestion
from ledger.card_payments import CardItem
from ledger.companies import BillingDetails
from ledger.lines import LineInput
from ledger.payments import AdviceItem
from ledger.registry import key_id

Amount = Decimal | str


@dataclass(frozen=True)
class Command:
    idempotency_key: str
    # The name the idempotency fingerprint and record use: the class name, or for a command
    # renamed after keys were stored under it, the name it had then (set in its class body).
    stored_name: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.stored_name = cls.__dict__.get("stored_name", cls.__name__)


def new_id(command: Command, kind: str) -> UUID:
    """The id of something a command creates: stable across retries of the command."""
    return key_id(kind, command.idempotency_key)


@dataclass(frozen=True)
class RegisterCompany(Command):
    name: str
    currency: str
    terms_code: str = "NET30"
    net_days: int = 30
    credit_limit: Amount = "0"
    web_company_id: str = ""
    erp_account: str = ""
    channels: tuple[str, ...] = ("EMAIL",)
    email_timing: str = "AFTER_ORDER"
    invoice_email: str = ""
    ap_portal_url: str = ""
    billing: BillingDetails | None = None


@dataclass(frozen=True)
class SetBillingDetails(Command):
    company_id: UUID
    billing: BillingDetails


@dataclass(frozen=True)
class SetCreditLimit(Command):
    company_id: UUID
    credit_limit: Amount


@dataclass(frozen=True)
class SetDeliveryPreferences(Command):
    company_id: UUID
    channels: tuple[str, ...]
    email_timing: str = "AFTER_ORDER"
    invoice_email: str = ""
    ap_portal_url: str = ""


@dataclass(frozen=True)
class RegisterUser(Command):
    company_id: UUID
    email: str
    name: str
    reports_to: str | None = None  # manager's e-mail
    can_view_all_invoices: bool = False


@dataclass(frozen=True)
class ChangeReportsTo(Command):
    email: str
    reports_to: str | None


@dataclass(frozen=True)
class RegisterStaff(Command):
    email: str
    name: str
    roles: tuple[str, ...]
    companies: tuple[UUID, ...] = ()


@dataclass(frozen=True)
class PlaceOrder(Command):
    company_id: UUID
    placed_by: str  # the buyer's e-mail
    number: str
    currency: str
    lines: tuple[LineInput, ...]
    web_order_id: str = ""  # the web store's own id for the order, when it has one


@dataclass(frozen=True)
class ShipOrderLines(Command):
    """A shipment of several lines at once, all or none; `delivered` when it arrived too."""

    order_id: UUID
    quantities: tuple[tuple[str, Amount], ...]
    delivered: bool = False


@dataclass(frozen=True)
class ShipLine(Command):
    order_id: UUID
    line_id: str
    quantity: Amount


@dataclass(frozen=True)
class DeliverLine(Command):
    order_id: UUID
    line_id: str
    quantity: Amount


@dataclass(frozen=True)
class InvoiceOrder(Command):
    """Issue a web invoice for an order: all uninvoiced quantities, or those given."""

    order_id: UUID
    quantities: tuple[tuple[str, Amount], ...] = ()


@dataclass(frozen=True)
class RecordErpInvoice(Command):
    """An invoice posted in the ERP: its number, lines and totals are checked, not trusted."""

    company_id: UUID
    number: str
    order_number: str
    issue_date: date
    currency: str
    lines: tuple[LineInput, ...]
    net: Amount
    tax: Amount
    gross: Amount
    terms_code: str = ""
    net_days: int | None = None
    due_date: date | None = None
    ordered_by: str | None = None  # buyer e-mail, when the ERP knows it
    resolves: UUID | None = None  # the parked ERP exception this booking settles


@dataclass(frozen=True)
class ParkErpDocument(Command):
    """An ERP document we cannot book as it is: keep it for AR, with the reason."""

    source: str
    number: str
    reason: str
    document: str  # JSON text as received


@dataclass(frozen=True)
class DismissErpException(Command):
    exception_id: UUID
    reason: str
    dismissed_by: str


@dataclass(frozen=True)
class MarkInvoiceDelivered(Command):
    invoice_id: UUID
    channel: str
    reference: str = ""


@dataclass(frozen=True)
class RaiseInvoiceQuery(Command):
    stored_name: ClassVar[str] = "RaiseQuery"  # renamed (issue 17)

    invoice_id: UUID
    raised_by: str  # buyer e-mail
    reason: str
    message: str
    line_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReplyToInvoiceQuery(Command):
    stored_name: ClassVar[str] = "PostQueryMessage"  # renamed (issue 17)

    query_id: UUID
    author: str  # e-mail of a buyer or staff member
    text: str


@dataclass(frozen=True)
class AssignInvoiceQuery(Command):
    stored_name: ClassVar[str] = "AssignQuery"  # renamed (issue 17)

    query_id: UUID
    staff: str


@dataclass(frozen=True)
class ResolveInvoiceQuery(Command):
    stored_name: ClassVar[str] = "ResolveQuery"  # renamed (issue 17)

    query_id: UUID
    resolved_by: str  # staff e-mail
    outcome: str  # ACCEPTED (credit note) or REJECTED
    note: str = ""
    credit_amount: Amount | None = None  # default: what is open on the disputed lines


@dataclass(frozen=True)
class RecordPayment(Command):
    stored_name: ClassVar[str] = "ReceivePayment"  # renamed (issue 17)

    company_id: UUID
    method: str
    amount: Amount
    currency: str
    reference: str = ""
    received_on: date | None = None
    advice: tuple[AdviceItem, ...] = ()


@dataclass(frozen=True)
class RecordErpCredit(Command):
    """An ERP credit note that names no invoice we can tell: a credit on the account."""

    company_id: UUID
    number: str
    amount: Amount
    currency: str
    issued_on: date
    note: str = ""  # what AR should know, e.g. the invoices it may credit


@dataclass(frozen=True)
class RecordRemittanceAdvice(Command):
    payment_id: UUID
    advice: tuple[AdviceItem, ...]


@dataclass(frozen=True)
class AllocatePayment(Command):
    payment_id: UUID
    invoice_id: UUID
    amount: Amount
    line_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Allocation:
    invoice_id: UUID
    amount: Amount
    line_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class AllocatePaymentToInvoices(Command):
    """Several allocations of one payment, all or none."""

    payment_id: UUID
    allocations: tuple[Allocation, ...]


@dataclass(frozen=True)
class SubmitRemittanceAdvice(Command):
    company_id: UUID
    submitted_by: str  # buyer e-mail
    reference: str
    paid_on: date
    items: tuple[AdviceItem, ...]


@dataclass(frozen=True)
class ReverseAllocation(Command):
    payment_id: UUID
    allocation_id: UUID
    reason: str


@dataclass(frozen=True)
class RefundPayment(Command):
    payment_id: UUID
    amount: Amount
    reason: str


@dataclass(frozen=True)
class ReversePayment(Command):
    """The bank returned the payment: undo its allocations, then the cash."""

    payment_id: UUID
    reason: str


@dataclass(frozen=True)
class IssueCreditNote(Command):
    invoice_id: UUID
    reason: str
    amount: Amount | None = None  # gross; default: all that is open on the lines
    line_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class WriteOffInvoice(Command):
    invoice_id: UUID
    reason: str


@dataclass(frozen=True)
class VoidInvoice(Command):
    invoice_id: UUID
    reason: str


@dataclass(frozen=True)
class ReviewCredit(Command):
    """Re-check a company's hold on the command's date (the daily overdue sweep)."""

    company_id: UUID


@dataclass(frozen=True)
class RequestDispatch(Command):
    """Owe someone a message; the same (purpose, subject, transport, detail) is one dispatch."""

    purpose: str
    subject_id: UUID
    transport: str
    recipient: str
    detail: str = ""


@dataclass(frozen=True)
class StartDispatchAttempt(Command):
    dispatch_id: UUID
    attempt: int


@dataclass(frozen=True)
class FinishDispatchAttempt(Command):
    """The outcome of an attempt: delivered (with a reference) or failed (with the error)."""

    dispatch_id: UUID
    attempt: int
    delivered: bool
    detail: str
    max_attempts: int = 5


@dataclass(frozen=True)
class SetDunningSteps(Command):
    """Days from the due date on which reminders go out (negative: before it)."""

    company_id: UUID
    steps: tuple[int, ...]


@dataclass(frozen=True)
class PauseReminders(Command):
    """Hold the reminders of one invoice, or of every invoice of a company: exactly one of
    `invoice_id` and `company_id`. `until` is the last day without reminders (none: until
    resumed)."""

    reason: str
    paused_by: str  # staff e-mail
    until: date | None = None
    invoice_id: UUID | None = None
    company_id: UUID | None = None


@dataclass(frozen=True)
class ResumeReminders(Command):
    reason: str
    resumed_by: str  # staff e-mail
    invoice_id: UUID | None = None
    company_id: UUID | None = None


@dataclass(frozen=True)
class RecordBankEntry(Command):
    """A statement entry: a payment when the payer is known, allocated when `allocations`
    match exactly (all or nothing), else kept with `suggestions` for AR."""

    reference: str
    booked_on: date
    amount: Amount
    currency: str
    payer: str
    payer_account: str
    remittance: str
    company_id: UUID | None = None
    allocations: tuple[Allocation, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()


@dataclass(frozen=True)
class AcceptPaymentSuggestion(Command):
    stored_name: ClassVar[str] = "AcceptBankSuggestion"  # renamed (issue 17)

    entry_id: UUID
    invoice_id: UUID
    accepted_by: str


@dataclass(frozen=True)
class DismissBankEntry(Command):
    entry_id: UUID
    reason: str
    dismissed_by: str


@dataclass(frozen=True)
class RequestCardPayment(Command):
    company_id: UUID
    requested_by: str  # buyer e-mail
    items: tuple[CardItem, ...]
    include_disputed: bool = False


@dataclass(frozen=True)
class AttachPaymentIntent(Command):
    card_payment_id: UUID
    intent_id: str


@dataclass(frozen=True)
class SettleCardPayment(Command):
    """The provider's signed word: succeeded (with the amount taken) or failed."""

    card_payment_id: UUID
    intent_id: str
    succeeded: bool
    amount: Amount
    event_id: str
    reason: str = ""


@dataclass(frozen=True)
class SetPeppolParticipant(Command):
    """Where the company receives e-invoices on Peppol: an EAS scheme and an id."""

    company_id: UUID
    scheme: str
    identifier: str
