"""`issueCreditNote` and `writeOffInvoice`."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from strawberry.types import Info

from graphql_api.core.inputs import uuid
from graphql_api.core.mutations import key, run
from graphql_api.payloads import payload
from ledger import commands as c

IssueCreditNotePayload = payload("issueCreditNote")
WriteOffInvoicePayload = payload("writeOffInvoice")


@strawberry.input
class IssueCreditNoteInput:
    idempotency_key: str
    invoice_id: strawberry.ID
    reason: str
    amount: Decimal | None = None
    line_ids: list[str] = strawberry.field(default_factory=list)


@strawberry.input
class WriteOffInvoiceInput:
    idempotency_key: str
    invoice_id: strawberry.ID
    reason: str


@strawberry.type
class InvoiceMutations:
    """Changes to an invoice's amount owed."""

    @strawberry.mutation
    async def issue_credit_note(
        self,
        info: Info,
        input: IssueCreditNoteInput,
    ) -> IssueCreditNotePayload:
        return await run(
            info,
            "issueCreditNote",
            lambda v: c.IssueCreditNote(
                key(v, input.idempotency_key),
                uuid(input.invoice_id, "invoice"),
                input.reason,
                input.amount,
                tuple(input.line_ids),
            ),
            ids={"invoice_id": input.invoice_id},
        )

    @strawberry.mutation
    async def write_off_invoice(
        self,
        info: Info,
        input: WriteOffInvoiceInput,
    ) -> WriteOffInvoicePayload:
        return await run(
            info,
            "writeOffInvoice",
            lambda v: c.WriteOffInvoice(
                key(v, input.idempotency_key), uuid(input.invoice_id, "invoice"), input.reason
            ),
            ids={"invoice_id": input.invoice_id},
        )
