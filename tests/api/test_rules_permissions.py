"""Who may read which field, asked of the real app in this process, against the reviewed
table in `tests/oracles/access.py` (not against MATRIX, the code under test).

Found by the mutation run over `graphql_api/permissions.py` (issue 16): the role x field
checks ran only end to end, outside the fast selection. Each person below has one role, as
`auth.load_viewer` gives it; the buyer who may view all has BUYER and BUYER_FINANCE.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from graphql_api import permissions
from graphql_api.auth import mint
from graphql_api.permissions import MATRIX, field_permissions
from ledger import commands as c
from ledger.application import Ledger
from tests.api.test_safe_defaults import calls, graphql
from tests.builders import company, key, line, web_invoice
from tests.oracles.access import ACCESS

STAFF = {
    "AR_MANAGER": "ar@seller.example",
    "SALES": "sales@seller.example",
    "CUSTOMER_SERVICE": "cs@seller.example",
    "DELIVERY": "delivery@seller.example",
    "AUDITOR": "auditor@seller.example",
}
BUYER = "buyer@acme.example"
FINANCE = "finance@acme.example"
PEOPLE = {
    BUYER: frozenset({"BUYER"}),
    FINANCE: frozenset({"BUYER", "BUYER_FINANCE"}),
    **{email: frozenset({role}) for role, email in STAFF.items()},
}

# (the type.field pairs a selection reads, the selection), from an invoice or its company
PROBES = [
    (["Invoice.number"], "invoice(id: $invoice) { number }"),
    (["Invoice.total", "Money.amount"], "invoice(id: $invoice) { total { amount } }"),
    (["Invoice.payments", "InvoicePayment.reference"],
     "invoice(id: $invoice) { payments { reference } }"),
    (["Invoice.queries", "InvoiceQuery.id"], "invoice(id: $invoice) { queries { id } }"),
    (["Invoice.history", "InvoiceVersion.position"],
     "invoice(id: $invoice) { history { position } }"),
    (["Invoice.lines", "InvoiceLine.unitPrice", "Money.amount"],
     "invoice(id: $invoice) { lines { unitPrice { amount } } }"),
    (["Invoice.lines", "InvoiceLine.delivered"], "invoice(id: $invoice) { lines { delivered } }"),
    (["Company.creditStatus", "CreditStatus.onHold"],
     "company(id: $company) { creditStatus { onHold } }"),
    (["Company.aging", "AgedDebt.currency"], "company(id: $company) { aging { currency } }"),
    (["Company.statement", "Statement.lines", "StatementLine.kind"],
     "company(id: $company) { statement { lines { kind } } }"),
    (["Company.creditRisk", "CreditRisk.grade"], "company(id: $company) { creditRisk { grade } }"),
]  # fmt: skip


def may_read(roles: frozenset[str], pair: str) -> bool:
    type_name, field = pair.split(".")
    return bool(roles & ACCESS[type_name][field])


@pytest.fixture(autouse=True)
def judged_afresh() -> None:
    """Each test judges its queries anew, as a freshly started server would: the check is
    remembered per query text and roles (`permissions._CHECKED`), and an answer remembered
    from an earlier test (or an earlier process, when the mutation run forks) would hide
    what the check now does."""
    permissions._CHECKED.clear()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('perm')) / 'ledger.db'}"
    ledger = Ledger(url)
    buyer = company(ledger, "Acme", email=BUYER)
    ledger.execute(
        c.RegisterUser(key(), buyer.company_id, FINANCE, "Fin", can_view_all_invoices=True)
    )
    invoice = web_invoice(ledger, buyer, line("1", "2", "40.00"))
    for role, email in STAFF.items():
        assigned: tuple[UUID, ...] = (buyer.company_id,) if role == "SALES" else ()
        ledger.execute(c.RegisterStaff(key(), email, role.title(), (role,), assigned))
    ledger.close()
    yield url, {"invoice": str(invoice), "company": str(buyer.company_id)}


def ask(world: tuple[str, dict[str, str]], *queries: tuple[str, str]) -> list[dict[str, Any]]:
    """(person, query) pairs, in order, against one running app; the JSON bodies."""
    url, ids = world
    requests = []
    for email, query in queries:
        request = graphql(query, mint(email))
        request[2]["json"]["variables"] = {k: v for k, v in ids.items() if f"${k}" in query}
        requests.append(request)
    return [r.json() for r in calls(url)(*requests)]


def query_of(selection: str) -> str:
    name = "company" if "$company" in selection else "invoice"
    return f"query(${name}: ID!) {{ {selection} }}"


def forbidden_fields(body: dict[str, Any]) -> list[str]:
    return sorted(
        e["message"] for e in body.get("errors", []) if e["extensions"]["code"] == "FORBIDDEN"
    )


def test_each_person_reads_exactly_the_fields_the_reviewed_table_gives_their_role(
    world: tuple[str, dict[str, str]],
) -> None:
    pairs = [(email, probe) for email in PEOPLE for probe in PROBES]
    bodies = ask(world, *((email, query_of(p[1])) for email, p in pairs))
    wrong = []
    for (email, (reads, _)), body in zip(pairs, bodies, strict=True):
        want = sorted(
            {f"your role may not read {r}" for r in reads if not may_read(PEOPLE[email], r)}
        )
        if forbidden_fields(body) != want:
            wrong.append(f"{email} reading {reads}: refused {forbidden_fields(body)}, not {want}")
        if want and body.get("data") is not None:
            wrong.append(f"{email} got data with a refusal: {body}")
        if not want and "errors" in body:
            wrong.append(f"{email} reading {reads}: {body}")
    assert sum(not may_read(PEOPLE[e], p[0][0]) for e, p in pairs) > 10  # refusals were tried
    assert wrong == []


def test_a_query_asking_two_forbidden_fields_gets_one_refusal_for_each_and_no_data(
    world: tuple[str, dict[str, str]],
) -> None:
    selection = "invoice(id: $invoice) { number total { amount } lines { net { amount } } }"
    [body] = ask(world, (STAFF["DELIVERY"], query_of(selection)))
    assert forbidden_fields(body) == [
        "your role may not read Invoice.total",
        "your role may not read InvoiceLine.net",
    ]
    assert body.get("data") is None


def test_anyone_may_ask_what_type_a_thing_is(world: tuple[str, dict[str, str]]) -> None:
    selection = "invoice(id: $invoice) { __typename number lines { __typename } }"
    [body] = ask(world, (STAFF["DELIVERY"], query_of(selection)))
    assert body == {
        "data": {"invoice": {"__typename": "Invoice", "number": "INV-000001",
                             "lines": [{"__typename": "InvoiceLine"}]}}
    }  # fmt: skip


def test_the_same_query_is_judged_for_each_person_who_sends_it(
    world: tuple[str, dict[str, str]],
) -> None:
    """The check is remembered per query text and roles: one person's answer is never
    another's, in either order."""
    query = query_of("invoice(id: $invoice) { payments { reference } }")
    auditor, sales, auditor_again, sales_again = ask(
        world,
        (STAFF["AUDITOR"], query),
        (STAFF["SALES"], query),
        (STAFF["AUDITOR"], query),
        (STAFF["SALES"], query),
    )
    assert forbidden_fields(auditor) == forbidden_fields(auditor_again) == []
    assert (
        forbidden_fields(sales)
        == forbidden_fields(sales_again)
        == [
            "your role may not read Invoice.payments",
            "your role may not read InvoicePayment.reference",
        ]
    )


def test_a_field_with_no_entry_in_the_matrix_cannot_be_served() -> None:
    """Adding a field to the schema without deciding who may read it fails at once."""
    assert field_permissions("Invoice", "total") == []
    assert "internalNote" not in MATRIX["Invoice"]
    with pytest.raises(KeyError):
        field_permissions("Invoice", "internalNote")


INTROSPECT = "{ __schema { queryType { name } } }"


def test_introspection_opened_in_one_app_is_not_remembered_as_open_in_another(
    world: tuple[str, dict[str, str]],
) -> None:
    """The same anonymous introspection query: answered by a demo server (open), then refused
    by a production one (closed), though the text and the (no) roles are the same."""
    url, _ = world
    [opened] = calls(url, demo_mode=True)(graphql(INTROSPECT))
    [closed] = calls(url)(graphql(INTROSPECT))
    assert opened.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
    assert "introspection" in closed.json()["errors"][0]["message"].lower()


def test_an_anonymous_query_is_refused_as_unauthenticated_not_as_a_crash(
    world: tuple[str, dict[str, str]],
) -> None:
    url, ids = world
    request = graphql(query_of("invoice(id: $invoice) { number }"))
    request[2]["json"]["variables"] = {"invoice": ids["invoice"]}
    [response] = calls(url)(request)
    body = response.json()
    assert {e["extensions"]["code"] for e in body["errors"]} == {"UNAUTHENTICATED"}, body


def test_a_query_that_does_not_parse_is_named_as_such(world: tuple[str, dict[str, str]]) -> None:
    [body] = ask(world, (STAFF["AR_MANAGER"], "{ invoices(first: "))
    assert {e["extensions"]["code"] for e in body["errors"]} == {"GRAPHQL_PARSE_FAILED"}, body


def test_a_field_the_schema_does_not_have_is_a_validation_error(
    world: tuple[str, dict[str, str]],
) -> None:
    [body] = ask(world, (STAFF["AR_MANAGER"], query_of("invoice(id: $invoice) { secret }")))
    assert {e["extensions"]["code"] for e in body["errors"]} == {"GRAPHQL_VALIDATION_FAILED"}
    assert body.get("data") is None


def test_a_refusal_points_at_the_field_it_refuses(world: tuple[str, dict[str, str]]) -> None:
    query = (
        "query($invoice: ID!) {\n  invoice(id: $invoice) {\n"
        "    number\n    total { amount }\n  }\n}"
    )
    [body] = ask(world, (STAFF["DELIVERY"], query))
    [refusal] = body["errors"]
    assert refusal["message"] == "your role may not read Invoice.total"
    assert refusal["locations"] == [{"line": 4, "column": 5}]


def test_a_server_that_has_judged_many_different_queries_keeps_answering(
    world: tuple[str, dict[str, str]],
) -> None:
    """The remembered checks are bounded (oldest out first); past the bound, the next
    different query is judged and answered like any other."""
    queries = [(STAFF["AR_MANAGER"], f"{{ q{n}: __typename }}") for n in range(600)]
    bodies = ask(world, *queries)
    assert [b.get("errors") for b in bodies] == [None] * 600
    assert bodies[-1] == {"data": {"q599": "Query"}}
    assert len(permissions._CHECKED) <= permissions.CHECKED_MAX
