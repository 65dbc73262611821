"""Introspection-driven fuzzing: any query the schema allows gets a clean answer, never a 500
and never an unmasked internal error.

Each person fuzzes with what their roles may do: queries from the schema pruned to the
fields they may read, mutations they may call (`graphql_api/permissions.py`), with ids of
demo invoices, companies, payments and queries, so that most requests get past the
permission check and run; an anonymous caller fuzzes the whole schema. How requests ended
(ok, or refused by error code) is counted per person and printed at the end of the module.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import count
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

from graphql_api import permissions as p
from graphql_api.auth import mint
from graphql_api.schema import schema
from ledger.disputes import REASONS
from ledger.payments import METHODS
from tests.api.test_fastpath import gated
from tests.e2e.conftest import arledger_server
from tests.role_schema import readable_schema

SDL = schema.as_str()
ROLES: dict[str | None, frozenset[str]] = {  # as `auth.load_viewer` gives them (`cli/demo.py`)
    "alice@acme.example": frozenset({p.BUYER, p.BUYER_FINANCE}),
    "ar@seller.example": frozenset({p.AR}),
    "delivery@seller.example": frozenset({p.DELIVERY}),
    "auditor@seller.example": frozenset({p.AUDITOR}),
    "sales@seller.example": frozenset({p.SALES}),
}
PEOPLE: list[str | None] = [*ROLES, None]  # None: no token at all
# Mostly those who may call mutations (they succeed or fail on the books), also the others.
MUTATING: list[str | None] = ["alice@acme.example", "ar@seller.example", *PEOPLE]
# Who may ask about the past (`schema.as_of_moment`).
AS_OF = frozenset({p.AUDITOR, p.AR, p.BUYER, p.SALES, p.CS})
FREE_TEXT = st.text(max_size=12)
SCALARS = {
    "Decimal": st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False, places=4).map(str), FREE_TEXT
    ).map(nodes.String),
    "Date": st.one_of(st.dates().map(str), FREE_TEXT).map(nodes.String),
    "DateTime": st.one_of(st.datetimes().map(str), FREE_TEXT).map(nodes.String),
}
# Arguments and input fields with values the service accepts, mostly.
ARGUMENTS = {
    "first": "PageSize",
    "invoice.id": "InvoiceId",
    "company.id": "CompanyId",
    "invoiceId": "InvoiceId",
    "companyId": "CompanyId",
    "paymentId": "PaymentId",
    "queryId": "QueryId",
    "idempotencyKey": "Key",
    "amount": "Amount",
    "limit": "Amount",
    "creditAmount": "Amount",
    "method": "Method",
    "outcome": "Outcome",
    "RaiseInvoiceQueryInput.reason": "Reason",
    "asOf": "Moment",
    "paidOn": "Day",
    **dict.fromkeys(("reason", "message", "note", "reference", "orderNumber"), "Text"),
}
DROP = frozenset({"after", "lineIds", "currency", "receivedOn"})
CLOSED = {"PAID", "VOID", "WRITTEN_OFF", "CREDITED"}  # mostly refused: fuzz the others
KEYS = count()
OUTCOMES: Counter[tuple[str, str, str]] = Counter()
_STRATEGIES: dict[tuple[str, str | None], st.SearchStrategy[Any]] = {}


def may_mutate(who: str) -> bool:
    return any(ROLES[who] & allowed for allowed in p.MUTATIONS.values())


def demo_ids(base: str, who: str) -> dict[str, list[str]]:
    """Ids of what `who` sees (another company's answers NOT_FOUND); if nothing, all."""
    fields = "id status company { id } " + (
        "queries { id status } " if ROLES[who] & p.QUERIES else ""
    )
    fields += "payments { paymentId }" if ROLES[who] & p.PAYMENTS else ""
    found: list[dict[str, Any]] = []
    for viewer in (who, "ar@seller.example"):
        body = httpx.post(
            f"{base}/graphql",
            json={"query": f"{{ invoices(first: 50) {{ edges {{ node {{ {fields} }} }} }} }}"},
            headers={"Authorization": f"Bearer {mint(viewer)}"},
            timeout=30,
        ).json()
        found = found or [e["node"] for e in body["data"]["invoices"]["edges"]]
    return {
        "InvoiceId": [n["id"] for n in found if n["status"] not in CLOSED]
        or [n["id"] for n in found],
        "CompanyId": sorted({n["company"]["id"] for n in found}),
        "PaymentId": sorted({x["paymentId"] for n in found for x in n.get("payments", [])})
        or ["00000000-0000-0000-0000-000000000000"],
        "QueryId": [q["id"] for n in found for q in n.get("queries", []) if q["status"] == "OPEN"]
        or [q["id"] for n in found for q in n.get("queries", [])]
        or ["00000000-0000-0000-0000-000000000000"],
    }


def fuzzing(kind: str, base: str, who: str | None) -> st.SearchStrategy[Any]:
    """Queries or mutations for `who`, built once per person and kind."""
    if (kind, who) not in _STRATEGIES:
        make = queries if kind == "query" else mutations
        if who is None:  # anonymous: the whole schema, anything goes
            _STRATEGIES[kind, who] = make(SDL, custom_scalars=SCALARS)
        else:
            ids = {k: st.sampled_from(v).map(nodes.String) for k, v in demo_ids(base, who).items()}
            scalars = {
                **SCALARS,
                **ids,
                "PageSize": st.integers(min_value=1, max_value=50).map(nodes.Int),
                # a fresh key each time: a reused one with other input is refused
                "Key": st.builds(lambda: nodes.String(f"fuzz-{next(KEYS)}")),
                "Amount": st.decimals(min_value="0.01", max_value="500", places=2).map(
                    lambda d: nodes.String(str(d))
                ),
                "Method": st.sampled_from(METHODS).map(nodes.String),
                "Outcome": st.sampled_from(["ACCEPTED", "REJECTED"]).map(nodes.String),
                "Reason": st.sampled_from(REASONS).map(nodes.String),
                "Moment": st.just(nodes.String(datetime.now(UTC).isoformat())),
                "Text": st.sampled_from(["mis-posted", "see attached", "REF-1"]).map(nodes.String),
                "Day": st.just(nodes.String("2026-01-01")),
            }
            drop = DROP | (set() if ROLES[who] & AS_OF else {"asOf"}) | gated(ROLES[who])
            # A role that may call no mutation tries AR's, to be refused.
            roles = ROLES[who] if kind == "query" or may_mutate(who) else frozenset({p.AR})
            pruned = readable_schema(roles, ARGUMENTS, frozenset(drop))
            if kind == "query":
                _STRATEGIES[kind, who] = make(pruned, custom_scalars=scalars, allow_x00=False)
            else:  # one mutation a document: one that fails nulls all of `data`
                assert pruned.mutation_type is not None
                _STRATEGIES[kind, who] = st.one_of(
                    [
                        make(pruned, fields=[name], custom_scalars=scalars, allow_x00=False)
                        for name in pruned.mutation_type.fields
                    ]
                )
    return _STRATEGIES[kind, who]


@pytest.fixture(scope="module", autouse=True)
def summary() -> Iterator[None]:
    yield
    for kind, who, outcome in sorted(OUTCOMES):
        print(f"fuzzed {kind} as {who}: {outcome} {OUTCOMES[kind, who, outcome]}")


def post(base: str, who: str | None, document: str, kind: str) -> None:
    response = httpx.post(
        f"{base}/graphql",
        json={"query": document},
        headers={"Authorization": f"Bearer {mint(who)}"} if who else {},
        timeout=30,
    )
    assert response.status_code in (200, 400, 401), response.text
    body: dict[str, Any] = response.json()
    codes = set()
    for error in body.get("errors") or []:
        assert error["message"] != "Unexpected error.", (document, body)
        assert "code" in error.get("extensions", {}) or "path" not in error, (document, error)
        codes.add(error.get("extensions", {}).get("code", "no code"))
    if kind == "mutation" and who is not None:
        kind = f"{kind} {document.split('{')[1].split('(')[0].strip()}"  # by mutation name
        if not may_mutate(who):
            assert codes, (who, document, body)
    outcome = " ".join(sorted(codes)) or "ok"
    if who is not None and kind == "query":
        assert "FORBIDDEN" not in codes, (who, document, body)
    OUTCOMES[kind, who or "anonymous", outcome] += 1
    event(f"{kind}: {outcome}")


SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@SETTINGS
@given(data=st.data())
def test_fuzzed_queries_never_fail_the_server(server_url: str, data: st.DataObject) -> None:
    who = data.draw(st.sampled_from(PEOPLE))
    post(server_url, who, data.draw(fuzzing("query", server_url, who)), "query")


@pytest.fixture(scope="module")
def own_server(pg_server: str) -> Iterator[str]:
    """Mutations that succeed change the books: on a server of their own, not the shared one."""
    with arledger_server(pg_server, "fuzz") as base:
        yield base


@SETTINGS
@given(data=st.data())
def test_fuzzed_mutations_get_a_coded_refusal_never_a_500(
    own_server: str, data: st.DataObject
) -> None:
    """Mutations a role may call, on real ids with plausible amounts: they succeed or are
    refused with a code (over-allocation, a closed invoice, another company's invoice)."""
    who = data.draw(st.sampled_from(MUTATING))
    post(own_server, who, data.draw(fuzzing("mutation", own_server, who)), "mutation")
