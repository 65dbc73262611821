"""`pauseReminders`, `resumeReminders`: AR holds or releases the reminders of one invoice
or of a whole company (exactly one of `invoiceId` and `companyId`)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import strawberry
from strawberry.types import Info

from graphql_api.core.inputs import uuid
from graphql_api.core.mutations import key, run
from graphql_api.payloads import payload
from ledger import commands as c

PauseRemindersPayload = payload("pauseReminders")
ResumeRemindersPayload = payload("resumeReminders")


@strawberry.input
class PauseRemindersInput:
    idempotency_key: str
    reason: str
    invoice_id: strawberry.ID | None = None
    company_id: strawberry.ID | None = None
    until: date | None = strawberry.field(
        default=None, description="the last day without reminders; none: until resumed"
    )


@strawberry.input
class ResumeRemindersInput:
    idempotency_key: str
    invoice_id: strawberry.ID | None = None
    company_id: strawberry.ID | None = None
    reason: str = ""


def optional(value: strawberry.ID | None, what: str) -> UUID | None:
    return None if value is None else uuid(value, what)


@strawberry.type
class ReminderMutations:
    """AR's pauses of reminders."""

    @strawberry.mutation
    async def pause_reminders(
        self, info: Info, input: PauseRemindersInput
    ) -> PauseRemindersPayload:
        return await run(
            info,
            "pauseReminders",
            lambda v: c.PauseReminders(
                key(v, input.idempotency_key),
                input.reason,
                v.email,
                input.until,
                optional(input.invoice_id, "invoice"),
                optional(input.company_id, "company"),
            ),
        )

    @strawberry.mutation
    async def resume_reminders(
        self, info: Info, input: ResumeRemindersInput
    ) -> ResumeRemindersPayload:
        return await run(
            info,
            "resumeReminders",
            lambda v: c.ResumeReminders(
                key(v, input.idempotency_key),
                input.reason,
                v.email,
                optional(input.invoice_id, "invoice"),
                optional(input.company_id, "company"),
            ),
        )
