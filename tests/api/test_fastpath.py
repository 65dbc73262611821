"""The compiled executor answers exactly as graphql-core does, and is really used.

Every query runs twice against the same service on PostgreSQL demo data: once with
`graphql_api.fastpath` on and once with it off (graphql-core's executor). The two
responses must be identical, data and errors alike, for hand-picked queries (the
portal's page, fragments, aliases, nested loaders, errors, `asOf`) and for queries
hypothesis-graphql generates from the schema.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import queries

from graphql_api import fastpath
from graphql_api.app import create_app
from graphql_api.auth import mint
from graphql_api.schema import schema
from tests.demo_store import demo_schema
from tests.servers import serving

pytestmark = pytest.mark.postgres

PEOPLE = [
    "alice@acme.example",  # finance: the whole company
    "bob@acme.example",  # a buyer below her
    "ar@seller.example",
    "sales@seller.example",
    "cs@seller.example",
    "delivery@seller.example",
    "auditor@seller.example",
]

PAGE = """{ invoices(first: 50) { totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id number source status issueDate dueDate currency customerId
    paymentTerms { code netDays } subtotal { amount currency } taxTotal { amount }
    total { amount currency } paid { amount } open { amount currency } disputed { amount }
    company { id name } order { id number placedAt placedBy { email name }
      lines { sku quantity shipped delivered } }
    lines { id sku description quantity unitPrice { amount } net { amount } tax { amount }
      total { amount currency } disputed delivered }
    queries { id reason status lineIds disputed { amount } messages { side body at } }
    payments { paymentId amount { amount currency } at reference method } } } } }"""

# A cursor before the oldest invoice: an empty page, but a total.
PAST_THE_END = base64.urlsafe_b64encode(
    json.dumps(["1970-01-01", "00000000-0000-0000-0000-000000000000"]).encode()
).decode()

# Every field `prebuilt.INVOICE` serialises in SQL, with aliases and type names.
PREBUILT_NODE = """__typename id number source status customerId issueDate dueDate currency
  paymentTerms { __typename code netDays } subtotal { amount currency } taxTotal { amount }
  total { __typename amount currency } paid { currency amount } open { amount }
  disputed { amount } due: dueDate
  lines { __typename id sku description quantity unitPrice { amount currency }
    net { amount } tax { amount } total { amount currency } disputed delivered q: quantity }"""

HAND_PICKED = [
    PAGE,
    "{ viewer { id email roles company { id name } } }",
    """query Page($n: Int!, $s: InvoiceSourceFilter) { invoices(first: $n, source: $s) {
         totalCount edges { node { ...Inv ... on Invoice { status } } } } }
       fragment Inv on Invoice { id number total { amount } lines { __typename sku } }""",
    "{ a: invoices(first: 2) { totalCount } b: invoices(first: 3, source: ERP) { edges { node "
    "{ id x: number y: number } } } }",
    "{ invoices(first: 500) { totalCount } }",  # BAD_INPUT
    "{ invoices(first: 5) { edges { node { id history { position status open { amount } } } } } }",
    '{ invoice(id: "00000000-0000-0000-0000-000000000000") { id } }',  # null: not found
    '{ invoices(first: 5, asOf: "2020-01-01T00:00:00Z") { totalCount } }',
    "{ arMetrics { dso { currency days } valueInDispute { amount currency } "
    "agedDebt { currency current days90Plus } } }",
    "{ __typename viewer { __typename } }",
    "{ __schema { queryType { name } } }",  # introspection: graphql-core's own
    *[  # pages PostgreSQL serialises (`prebuilt.py`), and pages it must leave alone
        "{ invoices(first: 20) { edges { cursor node { " + PREBUILT_NODE + " } } } }",
        "{ invoices(first: 5) { edges { a: node { id } b: node { number } } } }",  # twice
        # serialised, then thrown away: the error sends the whole query to graphql-core
        "{ a: invoices(first: 5) { edges { node { id total { amount } } } } "
        'b: invoice(id: "not an id") { id } }',
        '{ invoices(first: 5, search: "no such invoice") { totalCount edges { node { id } } } }',
        f'{{ invoices(first: 5, after: "{PAST_THE_END}") '
        "{ totalCount edges { node { id } } } }",
    ],
]
VARIABLES = {"n": 7, "s": "WEB"}


@pytest.fixture(scope="module")
def client(pg_server: str) -> Iterator[httpx.Client]:
    with (
        demo_schema(pg_server, "fastpath") as url,
        serving(create_app(url), ready_path="/health") as base,
        httpx.Client(base_url=base, timeout=30) as http,
    ):
        yield http


def ask(client: httpx.Client, who: str, query: str, fast: bool) -> tuple[int, Any, dict[str, int]]:
    fastpath.ENABLED = fast
    before = dict(fastpath.STATS)
    try:
        response = client.post(
            "/graphql",
            json={"query": query, "variables": VARIABLES},
            headers={"Authorization": f"Bearer {mint(who)}"},
        )
    finally:
        fastpath.ENABLED = True
    ran = {k: v - before.get(k, 0) for k, v in fastpath.STATS.items() if v - before.get(k, 0)}
    return response.status_code, response.json(), ran


def same_both_ways(client: httpx.Client, who: str, query: str) -> tuple[Any, dict[str, int]]:
    status, fast, ran = ask(client, who, query, fast=True)
    slow_status, slow, slow_ran = ask(client, who, query, fast=False)
    assert (status, fast) == (slow_status, slow), (who, query)
    assert not slow_ran.get("fast"), "switched off, it must not run"
    return fast, ran


@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("query", HAND_PICKED)
def test_hand_picked_queries_answer_the_same(client: httpx.Client, who: str, query: str) -> None:
    same_both_ways(client, who, query)


def test_the_portal_page_runs_on_the_fast_path(client: httpx.Client) -> None:
    body, ran = same_both_ways(client, "alice@acme.example", PAGE)
    edges = body["data"]["invoices"]["edges"]
    assert len(edges) == 50 and all(e["node"]["lines"] for e in edges)
    assert any(e["node"]["queries"] for e in edges), "demo data has queries on the page"
    assert ran == {"fast": 1}


def test_errors_fall_back_to_graphql_core(client: httpx.Client) -> None:
    body, ran = same_both_ways(
        client, "alice@acme.example", "{ invoices(first: 500) { totalCount } }"
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_INPUT"
    assert ran == {"fallback": 1}


def test_a_field_the_role_may_not_read_never_reaches_execution(client: httpx.Client) -> None:
    body, ran = same_both_ways(
        client,
        "delivery@seller.example",
        "{ invoices(first: 3) { edges { node { total { amount } } } } }",
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN" and ran == {}


def test_introspection_is_left_to_graphql_core(client: httpx.Client) -> None:
    _, ran = same_both_ways(client, "ar@seller.example", "{ __schema { queryType { name } } }")
    assert ran == {"general": 1}


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=queries(schema.as_str()), who=st.sampled_from(PEOPLE))
def test_generated_queries_answer_the_same(client: httpx.Client, query: str, who: str) -> None:
    same_both_ways(client, who, query)


LINES = (
    "lines { id sku description quantity unitPrice { amount } net { amount } "
    "tax { amount } total { amount currency } disputed delivered }"
)


def test_a_pages_preloaded_lines_equal_each_invoices_own(client: httpx.Client) -> None:
    """The page fetches all its lines in one query; one invoice goes through the loaders."""
    page, _ = same_both_ways(
        client,
        "alice@acme.example",
        f"{{ invoices(first: 50) {{ edges {{ node {{ id {LINES} }} }} }} }}",
    )
    nodes = [e["node"] for e in page["data"]["invoices"]["edges"]]
    assert any(ln["delivered"] != "0" for n in nodes for ln in n["lines"]), "some delivered"
    for node in nodes:
        one, _ = same_both_ways(
            client, "alice@acme.example", f'{{ invoice(id: "{node["id"]}") {{ id {LINES} }} }}'
        )
        assert one["data"]["invoice"] == node


def test_a_past_page_is_serialised_by_postgresql_too(client: httpx.Client) -> None:
    """As of a moment, the invoice columns come from their history versions."""
    dates = same_both_ways(client, "ar@seller.example", PAGE)[0]["data"]["invoices"]["edges"]
    moment = min(e["node"]["issueDate"] for e in dates) + "T12:00:00Z"
    query = (
        f'{{ invoices(first: 50, asOf: "{moment}") {{ totalCount edges {{ node {{ '
        f"{PREBUILT_NODE} }} }} }} }}"
    )
    body, ran = same_both_ways(client, "auditor@seller.example", query)
    assert ran == {"fast": 1, "prebuilt": 1}
    assert body["data"]["invoices"]["edges"], "some invoices existed then"


def test_a_page_of_plain_fields_is_serialised_by_postgresql(client: httpx.Client) -> None:
    for who in ("alice@acme.example", "bob@acme.example", "ar@seller.example"):
        query = "{ invoices(first: 50) { totalCount edges { node { " + PREBUILT_NODE + " } } } }"
        body, ran = same_both_ways(client, who, query)
        assert ran == {"fast": 1, "prebuilt": 1}, who
        assert body["data"]["invoices"]["edges"][0]["node"]["lines"], who
