"""`Query.company` and `Query.arMetrics`."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from graphql_api.core.inputs import as_of_moment, fail, uuid, viewer_of
from graphql_api.credit.types import ArMetrics, Company
from graphql_api.visibility import company_filter


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
        viewer = viewer_of(info)
        visible, params = company_filter(viewer)
        found = await info.context["reader"].fetch(
            f"SELECT * FROM companies WHERE company_id = %(id)s AND {visible}",
            {**params, "id": str(uuid(id, f"company {id}"))},
        )
        if not found:
            raise fail(f"company {id} not found", "NOT_FOUND")
        return Company(row=found[0], as_of=as_of_moment(info, as_of))

    @strawberry.field
    async def ar_metrics(self, info: Info, as_of: datetime | None = None) -> ArMetrics:
        viewer_of(info)
        return ArMetrics(when=as_of_moment(info, as_of))
