"""Typed mutation payloads: the changed objects come back with the answer, the old
`{ ok result }` still works, and a refusal stays one coded GraphQL error."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from graphql import GraphQLInterfaceType, GraphQLNonNull, GraphQLObjectType

from graphql_api.permissions import MUTATIONS, PAYLOADS
from graphql_api.schema import schema
from tests.e2e.conftest import codes
from tests.e2e.test_api import first_invoice, key

AR = "ar@seller.example"


def open_invoice(as_user: Any) -> dict[str, Any]:
    return first_invoice(as_user("alice@acme.example"), ", status: [OPEN]")


def test_every_mutation_answers_its_own_payload_implementing_mutation_result() -> None:
    mutation = schema._schema.mutation_type
    assert mutation is not None and set(mutation.fields) == set(MUTATIONS) == set(PAYLOADS)
    interface = schema._schema.type_map["MutationResult"]
    assert isinstance(interface, GraphQLInterfaceType)
    for name, field in mutation.fields.items():
        assert isinstance(field.type, GraphQLNonNull)
        payload = field.type.of_type
        assert isinstance(payload, GraphQLObjectType)
        assert payload.name == name[0].upper() + name[1:] + "Payload"
        assert interface in payload.interfaces
        assert payload.fields["ok"].deprecation_reason
        assert payload.fields["result"].deprecation_reason
        assert not payload.fields["errors"].deprecation_reason
        assert set(payload.fields) == {"ok", "result", "errors", *PAYLOADS[name]}


@pytest.mark.postgres
def test_recording_and_allocating_a_payment_answers_the_changed_objects(as_user: Any) -> None:
    ar = as_user(AR)
    invoice = open_invoice(as_user)
    amount = invoice["lines"][0]["total"]["amount"]
    recorded = ar(
        "mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { ok result errors "
        "{ code } payment { id amount { amount } unapplied { amount } } company { id balance "
        "{ amount } } } }",
        i={"idempotencyKey": key(), "companyId": invoice["company"]["id"], "amount": amount,
           "method": "BANK_TRANSFER"},
    )  # fmt: skip
    assert "errors" not in recorded, recorded
    payload = recorded["data"]["recordPayment"]
    assert payload["ok"] is True and payload["errors"] == []
    assert payload["payment"]["id"] == payload["result"]["payment_id"]
    assert Decimal(payload["payment"]["unapplied"]["amount"]) == Decimal(amount)
    assert payload["company"]["id"] == invoice["company"]["id"]
    allocated = ar(
        "mutation($i: AllocatePaymentInput!) { allocatePayment(input: $i) { ok errors { code } "
        "payment { unapplied { amount } appliedTo { invoiceId } } "
        "invoices { id open { amount } payments { paymentId } } } }",
        i={"idempotencyKey": key(), "paymentId": payload["payment"]["id"],
           "allocations": [{"invoiceId": invoice["id"], "amount": amount}]},
    )  # fmt: skip
    assert "errors" not in allocated, allocated
    done = allocated["data"]["allocatePayment"]
    assert Decimal(done["payment"]["unapplied"]["amount"]) == 0
    assert [a["invoiceId"] for a in done["payment"]["appliedTo"]] == [invoice["id"]]
    (changed,) = done["invoices"]
    again = ar(
        f'{{ invoice(id: "{invoice["id"]}") {{ id open {{ amount }} payments {{ paymentId }} }} }}'
    )
    assert changed == again["data"]["invoice"]  # what the next read shows
    assert Decimal(changed["open"]["amount"]) == Decimal(invoice["total"]["amount"]) - Decimal(
        amount
    )


@pytest.mark.postgres
def test_a_buyer_raising_a_query_gets_the_thread_and_the_disputed_invoice(as_user: Any) -> None:
    alice = as_user("alice@acme.example")
    invoice = open_invoice(as_user)
    raised = alice(
        "mutation($i: RaiseInvoiceQueryInput!) { raiseInvoiceQuery(input: $i) { "
        "query { id reason messagesPage { totalCount edges { node { body } } } } "
        "invoice { id status } } }",
        i={"idempotencyKey": key(), "invoiceId": invoice["id"], "reason": "PRICING",
           "message": "the price is not what we agreed"},
    )  # fmt: skip
    assert "errors" not in raised, raised
    payload = raised["data"]["raiseInvoiceQuery"]
    assert payload["invoice"] == {"id": invoice["id"], "status": "DISPUTED"}
    assert payload["query"]["messagesPage"]["edges"] == [
        {"node": {"body": "the price is not what we agreed"}}
    ]
    replied = as_user("cs@seller.example")(
        "mutation($i: ReplyToInvoiceQueryInput!) { replyToInvoiceQuery(input: $i) { "
        "query { messages { side body } } } }",
        i={"idempotencyKey": key(), "queryId": payload["query"]["id"], "message": "checking"},
    )
    assert [m["body"] for m in replied["data"]["replyToInvoiceQuery"]["query"]["messages"]] == [
        "the price is not what we agreed",
        "checking",
    ]


@pytest.mark.postgres
def test_a_refusal_stays_one_coded_error_and_no_payload(as_user: Any) -> None:
    ar = as_user(AR)
    invoice = open_invoice(as_user)
    dollars = ar(
        "mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { ok errors { code } "
        "payment { id } } }",
        i={"idempotencyKey": key(), "companyId": invoice["company"]["id"], "amount": "10.00",
           "method": "CARD", "currency": "USD"},
    )  # fmt: skip
    assert codes(dollars) == {"CURRENCY_MISMATCH"}
    assert dollars["data"] is None


@pytest.mark.postgres
def test_a_payload_field_the_viewer_may_not_read_refuses_before_anything_is_written(
    as_user: Any,
) -> None:
    alice = as_user("alice@acme.example")
    invoice = open_invoice(as_user)
    count = f'{{ invoice(id: "{invoice["id"]}") {{ queries {{ id }} }} }}'
    before = len(alice(count)["data"]["invoice"]["queries"])
    refused = alice(
        "mutation($i: RaiseInvoiceQueryInput!) { raiseInvoiceQuery(input: $i) { "
        "invoice { history { status } } } }",
        i={"idempotencyKey": key(), "invoiceId": invoice["id"], "reason": "PRICING",
           "message": "never sent"},
    )  # fmt: skip
    assert codes(refused) == {"FORBIDDEN"}
    assert len(alice(count)["data"]["invoice"]["queries"]) == before
