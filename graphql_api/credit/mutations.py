"""`setCreditLimit`."""

from __future__ import annotations

from decimal import Decimal

import strawberry
from strawberry.types import Info

from graphql_api.core.inputs import uuid
from graphql_api.core.mutations import key, run
from graphql_api.core.types import MutationResult
from ledger import commands as c


@strawberry.input
class SetCreditLimitInput:
    idempotency_key: str
    company_id: strawberry.ID
    limit: Decimal


@strawberry.type
class CreditMutations:
    """AR's decisions on credit."""

    @strawberry.mutation
    async def set_credit_limit(
        self,
        info: Info,
        input: SetCreditLimitInput,
    ) -> MutationResult:
        return await run(
            info,
            "setCreditLimit",
            lambda v: c.SetCreditLimit(
                key(v, input.idempotency_key), uuid(input.company_id, "company"), input.limit
            ),
        )
