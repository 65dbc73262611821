"""`Query.viewer`."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graphql_api.account.types import Viewer
from graphql_api.core.inputs import viewer_of
from graphql_api.credit.refs import CompanyRef


@strawberry.type
class AccountQueries:
    """The caller and their company."""

    @strawberry.field
    async def viewer(self, info: Info) -> Viewer:
        viewer = viewer_of(info)
        company = None
        if viewer.company_id:
            row = await info.context["loaders"].company.load(viewer.company_id)
            company = CompanyRef(id=strawberry.ID(viewer.company_id), name=row["name"])
        return Viewer(
            id=strawberry.ID(viewer.id),
            email=viewer.email,
            name=viewer.name,
            roles=sorted(viewer.roles),
            company=company,
        )
