"""`Query.erpExceptions`."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graphql_api.core.inputs import finance_list
from graphql_api.erp.types import ErpException, ErpExceptionStatus


@strawberry.type
class ErpQueries:
    """AR's queue of parked ERP documents."""

    @strawberry.field
    async def erp_exceptions(
        self, info: Info, status: ErpExceptionStatus | None = None, first: int = 50
    ) -> list[ErpException]:
        """ERP documents that could not be booked as they came (AR and auditors)."""
        rows = await finance_list(
            info, "erp_exceptions", "parked_at", "exception_id", status, first
        )
        return [ErpException.of(row) for row in rows]
