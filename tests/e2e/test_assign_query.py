"""Assigning a query to a staff member over HTTP (issue #20: the query queue's "assign"):
customer service takes one, AR hands one to a colleague, the assignee shows on the query for
staff and never for the buyer, bad input is one coded error with nothing written."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import codes
from tests.e2e.test_api import first_invoice, key

AR, CS = "ar@seller.example", "cs@seller.example"
ASSIGN = (
    "mutation($i: AssignInvoiceQueryInput!) { assignInvoiceQuery(input: $i) { "
    "query { id status assignedTo { email name } } } }"
)


def open_query(as_user: Any) -> tuple[str, str]:
    """(query id, invoice id) of a query alice raises now on one of her open invoices."""
    alice = as_user("alice@acme.example")
    invoice = first_invoice(alice, ", status: [OPEN]")
    body = alice(
        "mutation($i: RaiseInvoiceQueryInput!) { raiseInvoiceQuery(input: $i) { query { id } } }",
        i={"idempotencyKey": key(), "invoiceId": invoice["id"], "reason": "PRICING",
           "message": "The price is not what we agreed."},
    )  # fmt: skip
    assert "errors" not in body, body
    return body["data"]["raiseInvoiceQuery"]["query"]["id"], invoice["id"]


def assignee(client: Any, invoice_id: str, query_id: str) -> str | None:
    body = client(
        "query($id: ID!) { invoice(id: $id) { queries { id assignedTo { email } } } }",
        id=invoice_id,
    )
    assert "errors" not in body, body
    found = next(q for q in body["data"]["invoice"]["queries"] if q["id"] == query_id)
    return found["assignedTo"]["email"] if found["assignedTo"] else None


@pytest.mark.postgres
def test_customer_service_takes_a_query_and_ar_hands_it_on(as_user: Any) -> None:
    cs, ar = as_user(CS), as_user(AR)
    query_id, invoice_id = open_query(as_user)
    taken = cs(ASSIGN, i={"idempotencyKey": key(), "queryId": query_id})
    assert "errors" not in taken, taken
    assert taken["data"]["assignInvoiceQuery"]["query"]["assignedTo"]["email"] == CS
    assert assignee(ar, invoice_id, query_id) == CS

    again = {"idempotencyKey": key(), "queryId": query_id, "staff": AR}
    handed = ar(ASSIGN, i=again)
    assert handed["data"]["assignInvoiceQuery"]["query"]["assignedTo"]["email"] == AR
    assert ar(ASSIGN, i=again) == handed  # the same key answers the same, writes nothing
    assert assignee(cs, invoice_id, query_id) == AR


@pytest.mark.postgres
def test_bad_assignments_are_refused_with_a_code_and_change_nothing(as_user: Any) -> None:
    ar = as_user(AR)
    query_id, invoice_id = open_query(as_user)
    before = assignee(ar, invoice_id, query_id)
    nobody = ar(ASSIGN, i={"idempotencyKey": key(), "queryId": query_id, "staff": "no@one.example"})
    assert codes(nobody) == {"FORBIDDEN"}, nobody  # "no@one.example is not seller staff"
    assert nobody["errors"][0]["extensions"]["email"] == "no@one.example"
    buyer = ar(  # a buyer is not seller's staff
        ASSIGN, i={"idempotencyKey": key(), "queryId": query_id, "staff": "alice@acme.example"}
    )
    assert codes(buyer) & {"NOT_FOUND", "BAD_INPUT", "FORBIDDEN"}, buyer
    assert assignee(ar, invoice_id, query_id) == before


@pytest.mark.postgres
def test_only_ar_and_customer_service_assign_and_the_buyer_never_sees_who(as_user: Any) -> None:
    query_id, _ = open_query(as_user)
    for email in ("sales@seller.example", "auditor@seller.example", "alice@acme.example"):
        body = as_user(email)(ASSIGN, i={"idempotencyKey": key(), "queryId": query_id})
        assert codes(body) & {"FORBIDDEN", "NOT_FOUND"}, (email, body)
    body = as_user("alice@acme.example")(
        "{ invoices(first: 50) { edges { node { queries { assignedTo { email } } } } } }"
    )
    assert "FORBIDDEN" in codes(body), body
