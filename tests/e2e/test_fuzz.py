"""Introspection-driven fuzzing: any query the schema allows gets a clean answer, never a 500
and never an unmasked internal error."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

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


STAFF_AND_BUYER = ["alice@acme.example", "ar@seller.example", "auditor@seller.example"]
SCALARS = {
    "Decimal": st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False, places=4).map(str),
        st.text(max_size=12),
    ).map(nodes.String),
    "Date": st.one_of(st.dates().map(str), st.text(max_size=12)).map(nodes.String),
    "DateTime": st.one_of(st.datetimes().map(str), st.text(max_size=12)).map(nodes.String),
}


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutation=mutations(SDL, custom_scalars=SCALARS), who=st.sampled_from(STAFF_AND_BUYER))
def test_fuzzed_mutations_get_a_coded_refusal_never_a_500(
    server_url: str, mutation: str, who: str
) -> None:
    """Random inputs (random ids, amounts, dates, keys) are refused with a code, or do
    nothing harmful: they can name no real invoice, payment or company."""
    response = httpx.post(
        f"{server_url}/graphql",
        json={"query": mutation},
        headers={"Authorization": f"Bearer {mint(who)}"},
        timeout=30,
    )
    assert response.status_code in (200, 400), response.text
    body: dict[str, Any] = response.json()
    for error in body.get("errors") or []:
        assert error["message"] != "Unexpected error.", (mutation, body)
        assert "code" in error.get("extensions", {}) or "path" not in error, (mutation, error)
