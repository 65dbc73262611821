"""Reminder pauses: AR holding the dunning of one invoice, or of a whole company, while
something is sorted out (a reason, and optionally the last day the pause lasts).

A small aggregate of its own, one per invoice or company (its id derives from the
subject's), instead of events on the invoice or the company: a pause says nothing about
what is owed, so it stays out of the aggregates whose events carry the money, and its
topics (`ledger.reminder_pauses:ReminderPause.Paused`) are new, leaving every stored hash
as it was. `adapters.outbox.remind` skips what is paused on the day it runs.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from ledger.chain import ChainedAggregate
from ledger.errors import BadInput, Conflict
from ledger.lines import check_text
from ledger.registry import key_id

INVOICE = "INVOICE"
COMPANY = "COMPANY"


def pause_id(subject_id: UUID) -> UUID:
    """The pause of an invoice or company is found from its id: one per subject."""
    return key_id("reminder-pause", str(subject_id))


class ReminderPause(ChainedAggregate):
    if TYPE_CHECKING:  # state, not dataclass fields: events set it
        subject_kind: str
        subject_id: UUID
        company_id: UUID
        paused: bool
        reason: str
        until: date | None
        by: str

    class Started(ChainedAggregate.Created):
        subject_kind: str  # INVOICE or COMPANY
        subject_id: UUID
        company_id: UUID  # the company itself, or the invoice's

        def apply(self, pause: ReminderPause) -> None:
            pause.subject_kind = self.subject_kind
            pause.subject_id = self.subject_id
            pause.company_id = self.company_id
            pause.paused = False
            pause.reason = ""
            pause.until = None
            pause.by = ""

    class Paused(ChainedAggregate.Event):
        reason: str
        until: date | None  # the last day without reminders; None: until resumed
        paused_by: str  # staff e-mail

        def apply(self, pause: ReminderPause) -> None:
            pause.paused = True
            pause.reason = self.reason
            pause.until = self.until
            pause.by = self.paused_by

    class Resumed(ChainedAggregate.Event):
        reason: str
        resumed_by: str

        def apply(self, pause: ReminderPause) -> None:
            pause.paused = False
            pause.reason = ""
            pause.until = None
            pause.by = self.resumed_by

    @classmethod
    def start(cls, subject_kind: str, subject_id: UUID, company_id: UUID) -> ReminderPause:
        if subject_kind not in (INVOICE, COMPANY):
            raise BadInput(f"reminders pause for an {INVOICE} or a {COMPANY}")
        started: ReminderPause = cls._create(
            cls.Started,
            id=pause_id(subject_id),
            subject_kind=subject_kind,
            subject_id=subject_id,
            company_id=company_id,
        )
        return started

    def paused_on(self, day: date) -> bool:
        """Whether reminders are held on `day` (through `until`, inclusive)."""
        return self.paused and (self.until is None or day <= self.until)

    def pause(self, reason: str, until: date | None, by: str, today: date) -> None:
        if until is not None and until < today:
            raise BadInput(f"until {until} is in the past (today is {today})",
                           until=until.isoformat())  # fmt: skip
        if self.paused_on(today):
            raise Conflict(
                f"reminders are already paused: {self.reason}",
                until=self.until.isoformat() if self.until else "",
            )
        self.trigger_event(self.Paused, reason=check_text(reason, "reason"), until=until,
                           paused_by=by)  # fmt: skip

    def resume(self, reason: str, by: str, today: date) -> None:
        if not self.paused_on(today):
            raise Conflict("reminders are not paused")
        self.trigger_event(self.Resumed, reason=check_text(reason, "reason", required=False),
                           resumed_by=by)  # fmt: skip
