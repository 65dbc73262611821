"""Buyer companies and their credit control.

The company is the consistency boundary for credit: every change to what a
company owes (an order booked, an invoice booked, a payment allocated, a credit
note, a write-off, a reversal) is recorded on the company in the same
transaction, so the hold decision is always made on exact numbers.

Some 400 lines in one module on purpose: the aggregate's events are nested in it and
their topics (`ledger.companies:Company.PlacedOnHold`) are in every stored hash, so they
cannot move to modules of their own.

    exposure = uninvoiced orders + open invoices
    on hold  when exposure > credit limit, or an open invoice is more than
             `overdue_days` past due on the day of the command

Hold and release are events (`PlacedOnHold`, `HoldReleased`); while on hold the
company cannot place new orders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from ledger.chain import ChainedAggregate
from ledger.errors import BadInput, CompanyOnHold, CurrencyMismatch
from ledger.lines import check_text
from ledger.money import Money, check_currency
from ledger.peppol import PeppolParticipant

EMAIL_AFTER_ORDER = "AFTER_ORDER"
EMAIL_AFTER_DELIVERY = "AFTER_DELIVERY"
DUNNING_STEPS = (-3, 0, 7, 14, 30)  # days from due: a nudge before, then firmer
CHANNELS = ("EMAIL", "PDF", "UBL", "CII", "FACTURX", "AP_PORTAL", "POST")


@dataclass(frozen=True, slots=True)
class DeliveryPreferences:
    channels: tuple[str, ...] = ("EMAIL",)
    email_timing: str = EMAIL_AFTER_ORDER
    email: str = ""
    ap_portal_url: str = ""

    def check(self) -> DeliveryPreferences:
        unknown = [c for c in self.channels if c not in CHANNELS]
        if unknown or not self.channels:
            raise BadInput(f"delivery channels must be some of {CHANNELS}, got {self.channels}")
        if self.email_timing not in (EMAIL_AFTER_ORDER, EMAIL_AFTER_DELIVERY):
            raise BadInput(f"email timing must be {EMAIL_AFTER_ORDER} or {EMAIL_AFTER_DELIVERY}")
        check_text(self.email, "invoice e-mail", required=False)
        check_text(self.ap_portal_url, "AP portal URL", required=False)
        if "AP_PORTAL" in self.channels and not self.ap_portal_url.startswith(
            ("http://", "https://")
        ):
            raise BadInput("AP portal delivery needs an http(s) URL")
        return self


@dataclass(frozen=True, slots=True)
class BillingDetails:
    """Who the buyer is on paper: what an e-invoice, a PDF and a post batch need."""

    legal_name: str = ""
    vat_id: str = ""
    street: str = ""
    city: str = ""
    postcode: str = ""
    country: str = ""  # ISO 3166-1 alpha-2
    email: str = ""

    def check(self) -> BillingDetails:
        for name in ("legal_name", "vat_id", "street", "city", "postcode", "email"):
            check_text(getattr(self, name), name.replace("_", " "), required=False)
        if self.country and not (
            len(self.country) == 2
            and self.country.isascii()
            and self.country.isalpha()
            and self.country.isupper()
        ):
            raise BadInput(f"country must be an ISO 3166 alpha-2 code, got {self.country!r}")
        return self


@dataclass(frozen=True, slots=True)
class PaymentTerms:
    code: str
    net_days: int

    def check(self) -> PaymentTerms:
        check_text(self.code, "payment terms code")
        if not 0 <= self.net_days <= 366:
            raise BadInput("payment terms net days must be between 0 and 366")
        return self


class Company(ChainedAggregate):
    if TYPE_CHECKING:  # state, not dataclass fields: events set it
        name: str
        currency: str
        terms: PaymentTerms
        credit_limit: Decimal
        web_company_id: str
        erp_account: str
        delivery: DeliveryPreferences
        billing: BillingDetails
        peppol: PeppolParticipant | None  # where its e-invoices go
        dunning_steps: tuple[int, ...]
        uninvoiced: dict[str, Decimal]
        receivables: dict[str, tuple[date, Decimal]]
        total_exposure: Decimal
        earliest_due: date | None
        on_hold: bool
        hold_reason: str

    class Registered(ChainedAggregate.Created):
        name: str
        currency: str
        terms: PaymentTerms
        credit_limit: Decimal
        web_company_id: str
        erp_account: str
        delivery: DeliveryPreferences

        def apply(self, company: Company) -> None:
            company.name = self.name
            company.currency = self.currency
            company.terms = self.terms
            company.credit_limit = self.credit_limit
            company.web_company_id = self.web_company_id
            company.erp_account = self.erp_account
            company.delivery = self.delivery
            company.billing = BillingDetails()
            company.peppol = None
            company.dunning_steps = DUNNING_STEPS
            company.uninvoiced = {}
            company.receivables = {}
            company.total_exposure = Decimal(0)
            company.earliest_due = None
            company.on_hold = False
            company.hold_reason = ""

    class CreditLimitSet(ChainedAggregate.Event):
        credit_limit: Decimal

        def apply(self, company: Company) -> None:
            company.credit_limit = self.credit_limit

    class DeliveryPreferencesChanged(ChainedAggregate.Event):
        delivery: DeliveryPreferences

        def apply(self, company: Company) -> None:
            company.delivery = self.delivery

    class BillingDetailsSet(ChainedAggregate.Event):
        billing: BillingDetails

        def apply(self, company: Company) -> None:
            company.billing = self.billing

    class PeppolParticipantSet(ChainedAggregate.Event):
        scheme: str  # plain strings in the event: the value type may grow, facts stay
        identifier: str

        def apply(self, company: Company) -> None:
            company.peppol = PeppolParticipant(self.scheme, self.identifier)

    class DunningStepsSet(ChainedAggregate.Event):
        steps: tuple[int, ...]

        def apply(self, company: Company) -> None:
            company.dunning_steps = tuple(self.steps)

    class OrderBooked(ChainedAggregate.Event):
        order_id: UUID
        amount: Decimal

        def apply(self, company: Company) -> None:
            company.set_uninvoiced(str(self.order_id), self.amount)

    class InvoiceBooked(ChainedAggregate.Event):
        """An invoice moves its order's reserved credit into receivables."""

        invoice_id: UUID
        order_id: UUID
        amount: Decimal
        due_date: date

        def apply(self, company: Company) -> None:
            key = str(self.order_id)
            left = company.uninvoiced.get(key, Decimal(0)) - self.amount
            company.set_uninvoiced(key, left if left > 0 else None)
            company.set_receivable(str(self.invoice_id), (self.due_date, self.amount))

    class CreditFreed(ChainedAggregate.Event):
        """A receivable shrank: allocation, credit note, write-off or void."""

        invoice_id: UUID
        amount: Decimal
        cause: str

        def apply(self, company: Company) -> None:
            key = str(self.invoice_id)
            due, open_amount = company.receivables[key]
            left = open_amount - self.amount
            company.set_receivable(key, (due, left) if left > 0 else None)

    class CreditRetaken(ChainedAggregate.Event):
        """A receivable grew back: a payment allocation was reversed."""

        invoice_id: UUID
        amount: Decimal
        due_date: date
        cause: str

        def apply(self, company: Company) -> None:
            key = str(self.invoice_id)
            _, open_amount = company.receivables.get(key, (self.due_date, Decimal(0)))
            company.set_receivable(key, (self.due_date, open_amount + self.amount))

    class PlacedOnHold(ChainedAggregate.Event):
        reason: str

        def apply(self, company: Company) -> None:
            company.on_hold = True
            company.hold_reason = self.reason

    class HoldReleased(ChainedAggregate.Event):
        reason: str

        def apply(self, company: Company) -> None:
            company.on_hold = False
            company.hold_reason = ""

    @classmethod
    def register(
        cls,
        company_id: UUID,
        *,
        name: str,
        currency: str,
        terms: PaymentTerms,
        credit_limit: Decimal | str,
        web_company_id: str = "",
        erp_account: str = "",
        delivery: DeliveryPreferences,
    ) -> Company:
        """A new buyer company, checked as a whole: whoever registers it (the API, an
        import, the demo) gets the same rules, in this order."""
        currency = check_currency(currency)
        limit = cls.check_credit_limit(Money.of(credit_limit, currency, "credit limit").amount)
        company: Company = cls._create(
            cls.Registered,
            id=company_id,
            name=check_text(name, "company name"),
            currency=currency,
            terms=terms.check(),
            credit_limit=limit,
            web_company_id=check_text(web_company_id, "web company id", required=False),
            erp_account=check_text(erp_account, "ERP account", required=False),
            delivery=delivery.check(),
        )
        return company

    @staticmethod
    def check_credit_limit(limit: Decimal) -> Decimal:
        """A credit limit is zero (cash in advance) or more, never negative."""
        if limit < 0:
            raise BadInput("credit limit must not be negative")
        return limit

    # -- running totals --------------------------------------------------------
    # A big account has thousands of open invoices; the hold review runs on every
    # command, so exposure and the earliest due date are kept up to date as events
    # apply instead of being summed each time.

    def set_uninvoiced(self, key: str, amount: Decimal | None) -> None:
        self.total_exposure -= self.uninvoiced.get(key, Decimal(0))
        if amount is None:
            self.uninvoiced.pop(key, None)
        else:
            self.uninvoiced[key] = amount
            self.total_exposure += amount

    def set_receivable(self, key: str, value: tuple[date, Decimal] | None) -> None:
        old = self.receivables.get(key)
        if old is not None:
            self.total_exposure -= old[1]
        if value is None:
            self.receivables.pop(key, None)
        else:
            self.receivables[key] = value
            self.total_exposure += value[1]
        if value is not None and (self.earliest_due is None or value[0] < self.earliest_due):
            self.earliest_due = value[0]
        elif (
            old is not None
            and old[0] == self.earliest_due
            and (value is None or value[0] != old[0])
        ):
            # the earliest may have gone: look again (rare: only when that one is settled)
            self.earliest_due = min((due for due, _ in self.receivables.values()), default=None)

    def oldest_due(self) -> date | None:
        return self.earliest_due

    # -- reading -------------------------------------------------------------

    def money(self, amount: Decimal) -> Money:
        return Money(amount, self.currency)

    @property
    def exposure(self) -> Money:
        return self.money(self.total_exposure)

    @property
    def available_credit(self) -> Money:
        return self.money(self.credit_limit) - self.exposure

    def check_currency(self, currency: str) -> str:
        """A company deals in one currency: its orders, ERP invoices and payments are in it,
        so every invoice of the company is too (a card payment or an allocation relies on
        that)."""
        if currency != self.currency:
            raise CurrencyMismatch(expected=self.currency, got=currency)
        return currency

    def hold_reasons(self, today: date, overdue_days: int) -> list[str]:
        reasons = []
        exposure = self.exposure.amount
        if exposure > self.credit_limit:
            reasons.append(f"exposure {exposure} exceeds credit limit {self.credit_limit}")
        earliest = self.oldest_due()
        if earliest is not None and (today - earliest).days > overdue_days:
            reasons.append(
                f"an invoice is {(today - earliest).days} days overdue (limit {overdue_days})"
            )
        return reasons

    # -- commands ------------------------------------------------------------

    def set_credit_limit(self, limit: Decimal) -> None:
        self.trigger_event(self.CreditLimitSet, credit_limit=self.check_credit_limit(limit))

    def set_delivery(self, delivery: DeliveryPreferences) -> None:
        self.trigger_event(self.DeliveryPreferencesChanged, delivery=delivery.check())

    def set_billing(self, billing: BillingDetails) -> None:
        if billing.check() != self.billing:
            self.trigger_event(self.BillingDetailsSet, billing=billing)

    def set_peppol(self, participant: PeppolParticipant) -> None:
        if participant.check() != self.peppol:
            self.trigger_event(self.PeppolParticipantSet, scheme=participant.scheme,
                               identifier=participant.identifier)  # fmt: skip

    def set_dunning(self, steps: tuple[int, ...]) -> None:
        if len(steps) > 10 or any(not -60 <= s <= 365 for s in steps):
            raise BadInput("dunning steps: at most 10, each between -60 and 365 days")
        if len(set(steps)) != len(steps):
            raise BadInput("dunning steps must differ")
        self.trigger_event(self.DunningStepsSet, steps=tuple(sorted(steps)))

    def check_can_order(self) -> None:
        if self.on_hold:
            raise CompanyOnHold(
                f"company {self.name} is on hold: {self.hold_reason}",
                company_id=str(self.id),
                reason=self.hold_reason,
            )

    def book_order(self, order_id: UUID, amount: Money) -> None:
        self.check_can_order()
        self.trigger_event(self.OrderBooked, order_id=order_id, amount=amount.amount)

    def book_invoice(self, invoice_id: UUID, order_id: UUID, amount: Money, due: date) -> None:
        self.trigger_event(
            self.InvoiceBooked,
            invoice_id=invoice_id,
            order_id=order_id,
            amount=amount.amount,
            due_date=due,
        )

    def free_credit(self, invoice_id: UUID, amount: Money, cause: str) -> None:
        if amount.is_positive:
            self.trigger_event(
                self.CreditFreed, invoice_id=invoice_id, amount=amount.amount, cause=cause
            )

    def retake_credit(self, invoice_id: UUID, amount: Money, due: date, cause: str) -> None:
        if amount.is_positive:
            self.trigger_event(
                self.CreditRetaken,
                invoice_id=invoice_id,
                amount=amount.amount,
                due_date=due,
                cause=cause,
            )

    def review_hold(self, today: date, overdue_days: int) -> None:
        """Place on hold, update the reason, or release, as the numbers now say."""
        reasons = self.hold_reasons(today, overdue_days)
        reason = "; ".join(reasons)
        if reasons and (not self.on_hold or reason != self.hold_reason):
            self.trigger_event(self.PlacedOnHold, reason=reason)
        elif not reasons and self.on_hold:
            self.trigger_event(
                self.HoldReleased,
                reason=f"exposure {self.exposure.amount} within limit and nothing overdue",
            )
