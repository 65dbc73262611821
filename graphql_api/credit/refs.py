"""`CompanyRef`: a company named on an invoice or the viewer, without its account.

Apart from `types.py` because the invoice and account types name a company, and
`Company` (its invoices are a connection) names invoices."""

from __future__ import annotations

import strawberry

from graphql_api.core.types import perm


@strawberry.type
class CompanyRef:
    id: strawberry.ID = perm("CompanyRef", "id")
    name: str = perm("CompanyRef", "name")
