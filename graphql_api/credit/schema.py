"""`Query.company` and `Query.arMetrics`."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from graphql_api.core.inputs import as_of_moment, viewer_of
from graphql_api.credit.metrics import ArMetrics
from graphql_api.credit.past import as_of_rows
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
        """With `asOf`, every figure as it stood then, the same as `companies(asOf:)` lists
        it (`credit/past.py`); a company not yet there keeps its present row."""
        when = as_of_moment(info, as_of)
        row = await visible_company(info, id)
        if when is not None:
            row = next(iter(await as_of_rows(info, [row], when)), row)
        return Company(row=row, as_of=when)

    @strawberry.field
    async def ar_metrics(self, info: Info, as_of: datetime | None = None) -> ArMetrics:
        viewer_of(info)
        return ArMetrics(when=as_of_moment(info, as_of))
