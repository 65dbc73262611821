"""`Viewer` (the caller) and `Person` (who placed an order)."""

from __future__ import annotations

import strawberry

from graphql_api.core.types import perm
from graphql_api.credit.refs import CompanyRef


@strawberry.type
class Viewer:
    id: strawberry.ID = perm("Viewer", "id")
    email: str = perm("Viewer", "email")
    name: str = perm("Viewer", "name")
    roles: list[str] = perm("Viewer", "roles")
    company: CompanyRef | None = perm("Viewer", "company")


@strawberry.type
class Person:
    id: strawberry.ID = perm("Person", "id")
    email: str = perm("Person", "email")
    name: str = perm("Person", "name")
