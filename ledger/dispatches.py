"""Dispatches: every message we owe someone, and every attempt to deliver it.

An invoice notice, a reminder, a thank-you, a query notification: each is a
`Dispatch` whose id derives from what it is about (purpose, subject, channel,
step), so asking for the same message twice finds the first. Its events are
the outbox and its audit trail: requested, then per attempt attempted and
delivered or failed, and dead-lettered after too many failures.

An attempt is recorded *before* the message leaves, with its number: two
senders racing for the same dispatch collide on that event (optimistic
concurrency) and only one sends. A sender that dies between sending and
recording leaves an attempt without an outcome; it is retried after
`STALE_ATTEMPT` with the same message id, so the receiver can tell (at least
once, never silently lost).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from ledger.chain import ChainedAggregate
from ledger.errors import BadInput, Conflict
from ledger.lines import check_text
from ledger.registry import key_id

PURPOSES = ("INVOICE", "REMINDER", "THANK_YOU", "QUERY_RAISED", "QUERY_MESSAGE")
TRANSPORTS = ("EMAIL", "AP_PORTAL")
PENDING = "PENDING"
SENDING = "SENDING"
DELIVERED = "DELIVERED"
DEAD = "DEAD"
MAX_ATTEMPTS = 5
STALE_ATTEMPT = timedelta(minutes=10)


def dispatch_id(purpose: str, subject_id: UUID, transport: str, detail: str) -> UUID:
    """What a message is about names it: asking twice for the same reminder step of the
    same invoice by the same transport finds the first request."""
    return key_id("dispatch", f"{purpose}:{subject_id}:{transport}:{detail}")


def backoff(attempt: int) -> timedelta:
    """1, 2, 4, 8 ... minutes, at most an hour."""
    return timedelta(minutes=min(2 ** (attempt - 1), 60))


class Dispatch(ChainedAggregate):
    if TYPE_CHECKING:  # state, not dataclass fields: events set it
        purpose: str
        subject_id: UUID
        transport: str
        recipient: str
        detail: str
        status: str
        attempts: int
        next_at: datetime
        reference: str

    class Requested(ChainedAggregate.Created):
        purpose: str
        subject_id: UUID  # the invoice or query it is about
        transport: str
        recipient: str  # e-mail address or URL
        detail: str  # e.g. the reminder step

        def apply(self, dispatch: Dispatch) -> None:
            dispatch.purpose = self.purpose
            dispatch.subject_id = self.subject_id
            dispatch.transport = self.transport
            dispatch.recipient = self.recipient
            dispatch.detail = self.detail
            dispatch.status = PENDING
            dispatch.attempts = 0
            dispatch.next_at = self.timestamp
            dispatch.reference = ""

    class Attempted(ChainedAggregate.Event):
        attempt: int

        def apply(self, dispatch: Dispatch) -> None:
            dispatch.attempts = self.attempt
            dispatch.status = SENDING
            dispatch.next_at = self.timestamp + STALE_ATTEMPT

    class Delivered(ChainedAggregate.Event):
        attempt: int
        reference: str  # message id, HTTP status, ...

        def apply(self, dispatch: Dispatch) -> None:
            dispatch.status = DELIVERED
            dispatch.reference = self.reference

    class Failed(ChainedAggregate.Event):
        attempt: int
        error: str
        retry_at: datetime

        def apply(self, dispatch: Dispatch) -> None:
            dispatch.status = PENDING
            dispatch.next_at = self.retry_at

    class DeadLettered(ChainedAggregate.Event):
        reason: str

        def apply(self, dispatch: Dispatch) -> None:
            dispatch.status = DEAD

    @classmethod
    def request(
        cls,
        dispatch_id: UUID,
        purpose: str,
        subject_id: UUID,
        transport: str,
        recipient: str,
        detail: str,
    ) -> Dispatch:
        if purpose not in PURPOSES:
            raise BadInput(f"dispatch purpose must be one of {PURPOSES}")
        if transport not in TRANSPORTS:
            raise BadInput(f"dispatch transport must be one of {TRANSPORTS}")
        dispatch: Dispatch = cls._create(
            cls.Requested,
            id=dispatch_id,
            purpose=purpose,
            subject_id=subject_id,
            transport=transport,
            recipient=check_text(recipient, "recipient"),
            detail=check_text(detail, "detail", required=False),
        )
        return dispatch

    def attempt(self, number: int, now: datetime) -> None:
        if self.status in (DELIVERED, DEAD):
            raise Conflict(f"dispatch is already {self.status.lower()}", status=self.status)
        if number != self.attempts + 1:
            raise Conflict(f"attempt {number} is not the next one ({self.attempts + 1})")
        if self.next_at > now:
            raise Conflict("this dispatch is not due yet", due=self.next_at.isoformat())
        self.trigger_event(self.Attempted, attempt=number)

    def delivered(self, number: int, reference: str) -> None:
        self._check_current(number)
        self.trigger_event(self.Delivered, attempt=number, reference=reference[:500])

    def failed(self, number: int, error: str, now: datetime, max_attempts: int) -> None:
        self._check_current(number)
        self.trigger_event(
            self.Failed, attempt=number, error=error[:1000], retry_at=now + backoff(number)
        )
        if number >= max_attempts:
            self.trigger_event(self.DeadLettered, reason=f"{number} failed attempts: {error[:500]}")

    def _check_current(self, number: int) -> None:
        if self.status != SENDING or number != self.attempts:
            raise Conflict(f"attempt {number} is not the one in flight")
