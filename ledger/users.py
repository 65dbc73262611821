"""People: buyer company users (with their reporting hierarchy) and seller staff.

A person's id is derived from their e-mail (`person_id`), so an address can be
registered once, as a buyer or as staff, and the store itself enforces it: a
second registration collides with the first event of the same stream.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from uuid import UUID, uuid5

from ledger.chain import ChainedAggregate
from ledger.errors import BadInput
from ledger.lines import check_text

PEOPLE = UUID("6c1d7f3e-2f4b-4c39-9a41-0b7f6a2f2a11")
ROLES = ("AR_MANAGER", "SALES", "CUSTOMER_SERVICE", "DELIVERY", "AUDITOR")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_email(email: str) -> str:
    email = check_text(email, "email").strip().lower()
    if not _EMAIL.match(email) or len(email) > 254:
        raise BadInput(f"not an e-mail address: {email!r}")
    return email


def person_id(email: str) -> UUID:
    return uuid5(PEOPLE, normalise_email(email))


class User(ChainedAggregate):
    """A buyer company's user; `reports_to` builds the company hierarchy."""

    if TYPE_CHECKING:  # state, not dataclass fields: events set it
        company_id: UUID
        email: str
        name: str
        reports_to: UUID | None
        can_view_all_invoices: bool

    class Registered(ChainedAggregate.Created):
        company_id: UUID
        email: str
        name: str
        reports_to: UUID | None
        can_view_all_invoices: bool

        def apply(self, user: User) -> None:
            user.company_id = self.company_id
            user.email = self.email
            user.name = self.name
            user.reports_to = self.reports_to
            user.can_view_all_invoices = self.can_view_all_invoices

    class ReportsToChanged(ChainedAggregate.Event):
        reports_to: UUID | None

        def apply(self, user: User) -> None:
            user.reports_to = self.reports_to

    class ViewAllChanged(ChainedAggregate.Event):
        can_view_all_invoices: bool

        def apply(self, user: User) -> None:
            user.can_view_all_invoices = self.can_view_all_invoices

    @classmethod
    def register(
        cls, company_id: UUID, email: str, name: str, reports_to: UUID | None, view_all: bool
    ) -> User:
        email = normalise_email(email)
        user: User = cls._create(
            cls.Registered,
            id=person_id(email),
            company_id=company_id,
            email=email,
            name=check_text(name, "name"),
            reports_to=reports_to,
            can_view_all_invoices=view_all,
        )
        return user

    def report_to(self, manager: UUID | None) -> None:
        if manager != self.reports_to:
            self.trigger_event(self.ReportsToChanged, reports_to=manager)

    def allow_view_all(self, flag: bool) -> None:
        if flag != self.can_view_all_invoices:
            self.trigger_event(self.ViewAllChanged, can_view_all_invoices=flag)


class Staff(ChainedAggregate):
    """A seller employee; roles decide what the API shows them."""

    if TYPE_CHECKING:  # state, not dataclass fields: events set it
        email: str
        name: str
        roles: tuple[str, ...]
        companies: tuple[UUID, ...]

    class Registered(ChainedAggregate.Created):
        email: str
        name: str
        roles: tuple[str, ...]
        companies: tuple[UUID, ...]

        def apply(self, staff: Staff) -> None:
            staff.email = self.email
            staff.name = self.name
            staff.roles = tuple(self.roles)
            staff.companies = tuple(self.companies)

    class AccountsAssigned(ChainedAggregate.Event):
        companies: tuple[UUID, ...]

        def apply(self, staff: Staff) -> None:
            staff.companies = tuple(self.companies)

    @classmethod
    def register(
        cls, email: str, name: str, roles: tuple[str, ...], companies: tuple[UUID, ...]
    ) -> Staff:
        unknown = [r for r in roles if r not in ROLES]
        if unknown or not roles:
            raise BadInput(f"staff roles must be some of {ROLES}, got {list(roles)}")
        email = normalise_email(email)
        staff: Staff = cls._create(
            cls.Registered,
            id=person_id(email),
            email=email,
            name=check_text(name, "name"),
            roles=tuple(roles),
            companies=tuple(companies),
        )
        return staff

    def assign_accounts(self, companies: tuple[UUID, ...]) -> None:
        self.trigger_event(self.AccountsAssigned, companies=tuple(companies))
