"""`node(id:)`: any main object refetched by its id, seen exactly as its own query sees it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import codes
from tests.e2e.test_api import first_invoice

pytestmark = pytest.mark.postgres

AR, AUDITOR = "ar@seller.example", "auditor@seller.example"
NOBODY = "00000000-0000-0000-0000-000000000000"


@pytest.fixture(scope="module")
def ids(as_user: Any) -> dict[str, str]:
    """One id of each type, all of them Acme's (but the bank entry)."""
    ar = as_user(AR)
    body = ar(
        "{ invoices(first: 100, status: [DISPUTED, PARTIALLY_PAID, PAID]) { edges { node { "
        "id company { id name } order { id } queries { id } payments { paymentId } } } } "
        "paymentSuggestions(first: 1) { id } }"
    )
    for edge in body["data"]["invoices"]["edges"]:
        node = edge["node"]
        if node["company"]["name"].startswith("Acme") and node["queries"] and node["payments"]:
            found = {
                "Invoice": node["id"],
                "Company": node["company"]["id"],
                "Order": node["order"]["id"],
                "InvoiceQuery": node["queries"][0]["id"],
                "Payment": node["payments"][0]["paymentId"],
            }
            entries = body["data"]["paymentSuggestions"]
            if entries:
                found["BankEntry"] = entries[0]["id"]
            return found
    raise AssertionError("demo data has no Acme invoice with a query and a payment")


def node(client: Any, id: str, inner: str = "") -> dict[str, Any]:
    return client(f'{{ node(id: "{id}") {{ __typename id {inner} }} }}')  # type: ignore[no-any-return]


def test_ar_refetches_every_main_object_by_its_id(as_user: Any, ids: dict[str, str]) -> None:
    assert {"Invoice", "Company", "Order", "InvoiceQuery", "Payment"} <= set(ids)
    for client in (as_user(AR), as_user(AUDITOR)):
        for type_name, id in ids.items():
            body = node(client, id)
            assert body.get("data", {}) == {"node": {"__typename": type_name, "id": id}}, body


def test_a_node_answers_what_the_types_own_query_answers(as_user: Any, ids: dict[str, str]) -> None:
    ar = as_user(AR)
    fields = "number total { amount } lines { sku } queries { id }"
    own = ar(f'{{ invoice(id: "{ids["Invoice"]}") {{ {fields} }} }}')["data"]["invoice"]
    via = node(ar, ids["Invoice"], f"... on Invoice {{ {fields} }}")["data"]["node"]
    assert {k: via[k] for k in own} == own
    fields = "name balance { amount } creditStatus { limit { amount } onHold }"
    own = ar(f'{{ company(id: "{ids["Company"]}") {{ {fields} }} }}')["data"]["company"]
    via = node(ar, ids["Company"], f"... on Company {{ {fields} }}")["data"]["node"]
    assert {k: via[k] for k in own} == own
    payment = node(
        ar, ids["Payment"], "... on Payment { amount { amount } appliedTo { invoiceId } }"
    )
    assert ids["Invoice"] in {a["invoiceId"] for a in payment["data"]["node"]["appliedTo"]}
    thread = node(ar, ids["InvoiceQuery"], "... on InvoiceQuery { reason messages { body } }")
    assert thread["data"]["node"]["messages"]


def test_another_companys_objects_are_not_found_exactly_as_missing_ones(
    as_user: Any, ids: dict[str, str]
) -> None:
    grace = as_user("grace@globex.example")
    missing = node(grace, NOBODY)
    assert codes(missing) == {"NOT_FOUND"}
    for type_name, id in ids.items():
        body = node(grace, id)
        assert codes(body) == {"NOT_FOUND"}, type_name
        assert body["errors"][0]["message"].replace(id, NOBODY) == missing["errors"][0]["message"]
        assert body["data"] is None
    assert codes(node(grace, "not-a-uuid")) == {"NOT_FOUND"}


def test_a_role_that_may_not_reach_a_type_gets_not_found(as_user: Any, ids: dict[str, str]) -> None:
    """Delivery reads no query threads, payments or bank entries; a buyer who sees only
    their own orders' invoices no company-wide payments; sales no payment details."""
    refused = {
        "delivery@seller.example": ("InvoiceQuery", "Payment", "BankEntry"),
        "sales@seller.example": ("InvoiceQuery", "Payment", "BankEntry"),
        "cs@seller.example": ("Payment", "BankEntry"),
        "carol@acme.example": ("Payment", "BankEntry"),
        "alice@acme.example": ("BankEntry",),
    }
    for email, types in refused.items():
        client = as_user(email)
        for type_name in types:
            if type_name in ids:
                assert codes(node(client, ids[type_name])) == {"NOT_FOUND"}, (email, type_name)
    alice = as_user("alice@acme.example")
    for type_name in ("Invoice", "Company", "Order", "InvoiceQuery", "Payment"):
        assert "errors" not in node(alice, ids[type_name]), type_name


def test_the_field_matrix_applies_inside_a_node(as_user: Any, ids: dict[str, str]) -> None:
    delivery = as_user("delivery@seller.example")
    acme_invoice = first_invoice(as_user("alice@acme.example"))["id"]
    assert "errors" not in node(delivery, acme_invoice, "... on Invoice { number }")
    priced = node(delivery, acme_invoice, "... on Invoice { total { amount } }")
    assert codes(priced) == {"FORBIDDEN"}
    cs = as_user("cs@seller.example")
    limit = node(cs, ids["Company"], "... on Company { creditStatus { limit { amount } } }")
    assert codes(limit) == {"FORBIDDEN"}


def test_node_costs_count_against_the_budget(as_user: Any, ids: dict[str, str]) -> None:
    ar = as_user(AR)
    aliases = " ".join(
        f'n{i}: node(id: "{ids["Company"]}") {{ ... on Company {{ '
        'invoices: statement(from: "2000-01-01") { lines { amount { amount } } } } }'
        for i in range(60)
    )
    assert codes(ar(f"{{ {aliases} }}")) == {"QUERY_TOO_COSTLY"}
