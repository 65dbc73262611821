"""`Query.company` and `Query.arMetrics`."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from graphql_api.core.inputs import as_of_moment, viewer_of
from graphql_api.credit.metrics import ArMetrics
from graphql_api.credit.types import Company, visible_company


@strawberry.type
class CreditQueries:
    """A company's account and AR's figures."""

    @strawberry.field
    async def company(
        self,
        info: Info,
        id: strawberry.ID,
        as_of: datetime | None = None,
    ) -> Company | None:
        return Company(row=await visible_company(info, id), as_of=as_of_moment(info, as_of))

    @strawberry.field
    async def ar_metrics(self, info: Info, as_of: datetime | None = None) -> ArMetrics:
        viewer_of(info)
        return ArMetrics(when=as_of_moment(info, as_of))
