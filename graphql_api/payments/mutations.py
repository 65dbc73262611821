"""`submitRemittanceAdvice`, `recordPayment`, `allocatePayment` and
`payInvoicesByCard` (two classes: the schema lists card payments after the ERP's
mutations, and the SDL keeps its order)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import strawberry
from strawberry.types import Info

from graphql_api.auth import Viewer as ViewerData
from graphql_api.core.inputs import fail, text, uuid, viewer_of
from graphql_api.core.mutations import key, run
from graphql_api.core.types import MutationResult
from graphql_api.credit.types import visible_company
from graphql_api.invoices.sql import visible_invoice
from graphql_api.services import services_of
from ledger import commands as c
from ledger.card_payments import CardItem
from ledger.payments import RECORDED_METHODS, AdviceItem


@strawberry.input
class RemittanceItemInput:
    invoice_id: strawberry.ID
    amount: Decimal


@strawberry.input
class RemittanceAdviceInput:
    idempotency_key: str
    reference: str
    paid_on: date
    allocations: list[RemittanceItemInput]


@strawberry.input
class RecordPaymentInput:
    idempotency_key: str
    company_id: strawberry.ID
    amount: Decimal
    method: str
    reference: str = ""
    received_on: date | None = None
    currency: str | None = None  # defaults to the company's; another one is refused


@strawberry.input
class AllocationInput:
    invoice_id: strawberry.ID
    amount: Decimal
    line_ids: list[str] = strawberry.field(default_factory=list)


@strawberry.input
class PayInvoicesByCardInput:
    idempotency_key: str
    items: list[AllocationInput]
    include_disputed: bool = False


@strawberry.input
class AllocatePaymentInput:
    idempotency_key: str
    payment_id: strawberry.ID
    allocations: list[AllocationInput]


@strawberry.type
class PaymentMutations:
    """Money received and where it goes."""

    @strawberry.mutation
    async def submit_remittance_advice(
        self,
        info: Info,
        input: RemittanceAdviceInput,
    ) -> MutationResult:
        viewer = viewer_of(info)
        items = []
        company_id = viewer.company_id
        for item in input.allocations:
            row = await visible_invoice(info, item.invoice_id)
            company_id = company_id or row["company_id"]
            items.append(AdviceItem(row["number"], item.amount))
        if company_id is None or not viewer.is_buyer:
            raise fail("remittance advice is sent by a buyer", "FORBIDDEN")
        return await run(
            info,
            "submitRemittanceAdvice",
            lambda v: c.SubmitRemittanceAdvice(
                key(v, input.idempotency_key),
                uuid(company_id, "company"),
                v.email,
                input.reference,
                input.paid_on,
                tuple(items),
            ),
        )

    @strawberry.mutation
    async def record_payment(
        self,
        info: Info,
        input: RecordPaymentInput,
    ) -> MutationResult:
        company = await visible_company(info, input.company_id)

        def received(v: ViewerData) -> c.RecordPayment:
            if input.method not in RECORDED_METHODS:  # after run's role check
                raise fail(
                    f"payment method must be one of {RECORDED_METHODS}; prepaid amounts "
                    "are booked with the web store's invoice that carries them",
                    "BAD_INPUT",
                    method=input.method,
                )
            return c.RecordPayment(
                key(v, input.idempotency_key),
                uuid(input.company_id, "company"),
                input.method,
                input.amount,
                input.currency or company["currency"],
                input.reference,
                input.received_on,
            )

        return await run(info, "recordPayment", received)

    @strawberry.mutation
    async def allocate_payment(
        self,
        info: Info,
        input: AllocatePaymentInput,
    ) -> MutationResult:
        return await run(
            info,
            "allocatePayment",
            lambda v: c.AllocatePaymentToInvoices(
                key(v, input.idempotency_key),
                uuid(input.payment_id, "payment"),
                tuple(
                    c.Allocation(uuid(a.invoice_id, "invoice"), a.amount, tuple(a.line_ids))
                    for a in input.allocations
                ),
            ),
        )


@strawberry.type
class CardPaymentMutations:
    """A buyer pays chosen invoices by card."""

    @strawberry.mutation
    async def pay_invoices_by_card(
        self, info: Info, input: PayInvoicesByCardInput
    ) -> MutationResult:
        """Start a card payment for chosen invoices (and lines); disputed lines are left
        out unless asked for. Answers the provider's intent id and client secret; the
        invoices are paid when the provider confirms (webhook), not before."""
        viewer = viewer_of(info)
        if not input.items or len(input.items) > 50:
            raise fail("pay between 1 and 50 invoices at a time", "BAD_INPUT")
        items = []
        for item in input.items:
            await visible_invoice(info, item.invoice_id)  # NOT_FOUND unless the buyer sees it
            items.append(
                CardItem(
                    uuid(item.invoice_id, "invoice"),
                    item.amount,
                    tuple(text(i, "line id") for i in item.line_ids),
                )
            )

        def perform(ledger: Any, who: ViewerData) -> Any:
            return services_of(info.context).start_card_payment(
                ledger, UUID(str(who.company_id)), who.email,
                tuple(items), input.include_disputed, key(who, input.idempotency_key),
            )  # fmt: skip

        if not viewer.company_id:
            raise fail("only buyers pay by card", "FORBIDDEN")
        return await run(info, "payInvoicesByCard", perform=perform)
