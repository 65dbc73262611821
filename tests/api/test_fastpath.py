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
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes, queries

from graphql_api import fastpath, permissions
from graphql_api.app import create_app
from graphql_api.auth import mint
from tests.demo_store import demo_schema
from tests.role_schema import readable_schema
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


ROLES = {  # as `auth.load_viewer` gives them for the demo data (`cli/demo.py`)
    "alice@acme.example": frozenset({permissions.BUYER, permissions.BUYER_FINANCE}),
    "bob@acme.example": frozenset({permissions.BUYER}),
    "ar@seller.example": frozenset({permissions.AR}),
    "sales@seller.example": frozenset({permissions.SALES}),
    "cs@seller.example": frozenset({permissions.CS}),
    "delivery@seller.example": frozenset({permissions.DELIVERY}),
    "auditor@seller.example": frozenset({permissions.AUDITOR}),
}
# Arguments get values the service accepts: page sizes within bounds, ids of demo
# invoices and companies, moments around the demo data; no cursors (random ones are
# refused). Refusals and errors have their own hand-picked cases above.
ARGUMENTS = {
    "first": "PageSize",
    "invoice.id": "InvoiceId",
    "company.id": "CompanyId",
    "companyId": "CompanyId",
    "asOf": "Moment",
}
# Who may ask about the past (`schema.as_of_moment`; delivery may not).
AS_OF = frozenset(
    {permissions.AUDITOR, permissions.AR, permissions.BUYER, permissions.SALES, permissions.CS}
)
GENERATED: Counter[str] = Counter()
_STRATEGIES: dict[str, st.SearchStrategy[str]] = {}


def gated(roles: frozenset[str]) -> set[str]:
    """`companies`' filters and sorts on figures the roles may not read (FORBIDDEN)."""
    from graphql_api.credit.companies import REVEALS

    return {
        what if isinstance(what, str) else "sort"
        for what, field in REVEALS.items()
        if not roles & permissions.MATRIX["Company"][field]
    }


def readable_queries(client: httpx.Client, who: str) -> st.SearchStrategy[str]:
    """Queries `who` may run, built once per person from the schema pruned to their roles."""
    if who not in _STRATEGIES:
        # Ids of what `who` sees (another company's id is NOT_FOUND), else all; moments after
        # the latest issue date they see, so those invoices and companies existed.
        seen = "{ invoices(first: 50) { edges { node { id issueDate company { id } } } } }"
        page = same_both_ways(client, who, seen)[0]["data"]["invoices"]["edges"]
        page = (
            page
            or same_both_ways(client, "ar@seller.example", seen)[0]["data"]["invoices"]["edges"]
        )
        latest_issue = datetime.fromisoformat(max(e["node"]["issueDate"] for e in page))
        latest_issue += timedelta(days=1)
        scalars = {
            "PageSize": st.integers(min_value=1, max_value=50).map(nodes.Int),
            "InvoiceId": st.sampled_from([e["node"]["id"] for e in page]).map(nodes.String),
            "CompanyId": st.sampled_from(sorted({e["node"]["company"]["id"] for e in page})).map(
                nodes.String
            ),
            "Moment": st.datetimes(min_value=latest_issue, max_value=datetime(2027, 1, 1)).map(
                lambda t: nodes.String(t.isoformat() + "Z")
            ),
        }
        drop = {"after"} | (set() if ROLES[who] & AS_OF else {"asOf"}) | gated(ROLES[who])
        pruned = readable_schema(ROLES[who], ARGUMENTS, drop=frozenset(drop))
        _STRATEGIES[who] = queries(pruned, custom_scalars=scalars, allow_x00=False)
    return _STRATEGIES[who]


@pytest.fixture(scope="module")
def generated_summary() -> Iterator[Counter[str]]:
    yield GENERATED
    print("generated queries:", dict(GENERATED))


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_generated_queries_answer_the_same(
    client: httpx.Client, generated_summary: Counter[str], data: st.DataObject
) -> None:
    """Queries the viewer may run, so that what is exercised is the fast path itself."""
    who = data.draw(st.sampled_from(PEOPLE))
    query = data.draw(readable_queries(client, who))
    body, ran = same_both_ways(client, who, query)
    codes = {e.get("extensions", {}).get("code") for e in body.get("errors") or []}
    assert "FORBIDDEN" not in codes, (who, query, body)
    how = "fast" if ran.get("fast") else next(iter(ran), "refused")
    GENERATED["of which prebuilt"] += bool(ran.get("prebuilt"))
    GENERATED[how] += 1
    event(f"ran: {how}")
    for code in codes:
        GENERATED[f"error {code}"] += 1


def test_generated_queries_mostly_run_on_the_fast_path(generated_summary: Counter[str]) -> None:
    """After the generated queries (pytest runs this file in order): most ran fast."""
    if GENERATED["fast"] + GENERATED["fallback"] + GENERATED["refused"] < 50:
        pytest.skip("run with test_generated_queries_answer_the_same")
    ran = sum(n for how, n in GENERATED.items() if how in ("fast", "fallback", "refused"))
    assert GENERATED["fast"] >= 0.8 * ran, dict(GENERATED)


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
