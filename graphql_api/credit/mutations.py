"""`setCreditLimit`, `setPeppolParticipant`."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from strawberry.types import Info

from graphql_api.core.inputs import uuid
from graphql_api.core.mutations import key, run
from graphql_api.payloads import payload
from ledger import commands as c

SetCreditLimitPayload = payload("setCreditLimit")
SetPeppolParticipantPayload = payload("setPeppolParticipant")


@strawberry.input
class SetCreditLimitInput:
    idempotency_key: str
    company_id: strawberry.ID
    limit: Decimal


@strawberry.input
class SetPeppolParticipantInput:
    """Where the company receives e-invoices: an EAS scheme (0088 GLN, 0208, 9930 VAT
    number, ...) and its id there."""

    idempotency_key: str
    company_id: strawberry.ID
    scheme: str
    identifier: str


@strawberry.type
class CreditMutations:
    """AR's decisions on credit."""

    @strawberry.mutation
    async def set_credit_limit(
        self,
        info: Info,
        input: SetCreditLimitInput,
    ) -> SetCreditLimitPayload:
        return await run(
            info,
            "setCreditLimit",
            lambda v: c.SetCreditLimit(
                key(v, input.idempotency_key), uuid(input.company_id, "company"), input.limit
            ),
        )

    @strawberry.mutation
    async def set_peppol_participant(
        self,
        info: Info,
        input: SetPeppolParticipantInput,
    ) -> SetPeppolParticipantPayload:
        return await run(
            info,
            "setPeppolParticipant",
            lambda v: c.SetPeppolParticipant(
                key(v, input.idempotency_key),
                uuid(input.company_id, "company"),
                input.scheme,
                input.identifier,
            ),
        )
