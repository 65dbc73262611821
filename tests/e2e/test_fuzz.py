"""Introspection-driven fuzzing: any query the schema allows gets a clean answer, never a 500
and never an unmasked internal error."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import queries

from graphql_api.auth import mint
from graphql_api.schema import schema

pytestmark = pytest.mark.postgres

SDL = schema.as_str()
PEOPLE = [
    "alice@acme.example",
    "ar@seller.example",
    "delivery@seller.example",
    "auditor@seller.example",
    "sales@seller.example",
]


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=queries(SDL), who=st.sampled_from(PEOPLE))
def test_fuzzed_queries_never_fail_the_server(server_url: str, query: str, who: str) -> None:
    response = httpx.post(
        f"{server_url}/graphql",
        json={"query": query},
        headers={"Authorization": f"Bearer {mint(who)}"},
        timeout=30,
    )
    assert response.status_code in (200, 400), response.text
    body: dict[str, Any] = response.json()
    for error in body.get("errors") or []:
        assert error["message"] != "Unexpected error.", (query, body)
        assert "code" in error.get("extensions", {}) or "path" not in error, (query, error)
