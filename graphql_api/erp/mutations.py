"""`resolveErpException` (through the Sage adapter, handed in as a service) and
`dismissErpException`."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from graphql_api.auth import Viewer as ViewerData
from graphql_api.core.inputs import text, uuid
from graphql_api.core.mutations import key, run
from graphql_api.payloads import payload
from graphql_api.services import services_of
from ledger import commands as c

ResolveErpExceptionPayload = payload("resolveErpException")
DismissErpExceptionPayload = payload("dismissErpException")


@strawberry.input
class ResolveErpExceptionInput:
    idempotency_key: str
    exception_id: strawberry.ID
    company_id: strawberry.ID
    order_number: str | None = None


@strawberry.input
class DismissErpExceptionInput:
    idempotency_key: str
    exception_id: strawberry.ID
    reason: str


@strawberry.type
class ErpMutations:
    """AR's answer to a parked ERP document."""

    @strawberry.mutation
    async def resolve_erp_exception(
        self, info: Info, input: ResolveErpExceptionInput
    ) -> ResolveErpExceptionPayload:
        """Book a parked ERP invoice against the company AR chose (all or nothing)."""
        exception_id = uuid(input.exception_id, "ERP exception")
        company_id = uuid(input.company_id, "company")
        number = text(input.order_number or "", "order number")

        def perform(ledger: Any, viewer: ViewerData) -> Any:
            return services_of(info.context).resolve_erp_exception(
                ledger, exception_id, company_id, number, key(viewer, input.idempotency_key)
            )

        return await run(
            info, "resolveErpException", perform=perform, ids={"company_id": input.company_id}
        )

    @strawberry.mutation
    async def dismiss_erp_exception(
        self, info: Info, input: DismissErpExceptionInput
    ) -> DismissErpExceptionPayload:
        return await run(
            info,
            "dismissErpException",
            lambda v: c.DismissErpException(
                key(v, input.idempotency_key),
                uuid(input.exception_id, "ERP exception"),
                text(input.reason, "reason"),
                v.email,
            ),
        )
