"""The API over HTTP against a running server on PostgreSQL."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest

from graphql_api.permissions import ROLES
from ledger.application import Ledger
from tests.e2e.conftest import codes
from tests.oracles.access import ACCESS

pytestmark = pytest.mark.postgres

PEOPLE = {  # one person per role; HELD says which roles each person holds
    "BUYER": "alice@acme.example",
    "BUYER_FINANCE": "alice@acme.example",
    "AR_MANAGER": "ar@seller.example",
    "SALES": "sales@seller.example",
    "CUSTOMER_SERVICE": "cs@seller.example",
    "DELIVERY": "delivery@seller.example",
    "AUDITOR": "auditor@seller.example",
}
HELD = {
    "alice@acme.example": {"BUYER", "BUYER_FINANCE"},  # may view all of Acme's invoices
    "carol@acme.example": {"BUYER"},  # at the bottom of Acme's hierarchy
    **{email: {role} for role, email in PEOPLE.items() if not role.startswith("BUYER")},
}
_keys = itertools.count()

INVOICE_FIELDS = """
  id number source status customerId issueDate dueDate currency
  order { id number placedAt placedBy { id email name } lines { id sku description quantity
          shipped delivered } }
  company { id name }
  paymentTerms { code netDays }
  lines { id sku description quantity unitPrice { amount currency } net { amount currency }
          tax { amount currency } total { amount currency } disputed delivered }
  subtotal { amount currency } taxTotal { amount currency } total { amount currency }
  paid { amount currency } open { amount currency } disputed { amount currency }
  queries { id reason status outcome lineIds disputed { amount currency }
            messages { side author body at } }
  payments { paymentId amount { amount currency } at reference method }
  history { position at open { amount currency } paid { amount currency } status }
"""


def key() -> str:
    return f"e2e-{next(_keys)}"


def first_invoice(client: Any, extra: str = "") -> dict[str, Any]:
    body = client(
        f"{{ invoices(first: 1{extra}) {{ edges {{ node {{ id number company {{ id }} "
        "lines { id total { amount } } total { amount } } } } }"
    )
    return body["data"]["invoices"]["edges"][0]["node"]


PATHS = {  # how to reach each type from an invoice: (prefix, suffix)
    "Invoice": ("", ""),
    "Money": ("total { ", " }"),
    "PaymentTerms": ("paymentTerms { ", " }"),
    "InvoiceLine": ("lines { ", " }"),
    "Order": ("order { ", " }"),
    "OrderLine": ("order { lines { ", " } }"),
    "Person": ("order { placedBy { ", " } }"),
    "CompanyRef": ("company { ", " }"),
    "InvoiceQuery": ("queries { ", " }"),
    "QueryMessage": ("queries { messages { ", " } }"),
    "InvoicePayment": ("payments { ", " }"),
    "InvoiceVersion": ("history { ", " }"),
}
PARENTS = {  # the fields a path passes through, which must be readable too
    "Money": [("Invoice", "total")],
    "PaymentTerms": [("Invoice", "paymentTerms")],
    "InvoiceLine": [("Invoice", "lines")],
    "Order": [("Invoice", "order")],
    "OrderLine": [("Invoice", "order"), ("Order", "lines")],
    "Person": [("Invoice", "order"), ("Order", "placedBy")],
    "CompanyRef": [("Invoice", "company")],
    "InvoiceQuery": [("Invoice", "queries")],
    "QueryMessage": [("Invoice", "queries"), ("InvoiceQuery", "messages")],
    "InvoicePayment": [("Invoice", "payments")],
    "InvoiceVersion": [("Invoice", "history")],
}


def selection(type_name: str, field: str) -> str:
    """The field, with a minimal sub-selection when it is an object."""
    from graphql import get_named_type

    from graphql_api.schema import schema

    gql_type = schema._schema.type_map[type_name]
    named = get_named_type(gql_type.fields[field].type)  # type: ignore[attr-defined]
    if hasattr(named, "fields"):
        fields = named.fields.items()
        leaves = [n for n, f in fields if not hasattr(get_named_type(f.type), "fields")]
        inner = leaves[0] if leaves else selection(named.name, next(iter(named.fields)))
        return f"{field} {{ {inner} }}"
    return field


@pytest.fixture(scope="module")
def rich_invoice(as_user: Any) -> str:
    """An Acme invoice with a query and a payment, so every nested field is resolved."""
    body = as_user("ar@seller.example")(
        "{ invoices(first: 100, status: [DISPUTED, PARTIALLY_PAID, PAID]) { edges { node { id "
        "company { name } queries { id } payments { paymentId } } } } }"
    )
    for edge in body["data"]["invoices"]["edges"]:
        node = edge["node"]
        if node["company"]["name"].startswith("Acme") and node["queries"] and node["payments"]:
            return str(node["id"])
    raise AssertionError("demo data has no Acme invoice with both a query and a payment")


def assert_fields_follow_the_matrix(
    client: Any, email: str, root: str, paths: dict[str, tuple[str, str, list[Any]]]
) -> None:
    """Each field of each type, reached from `root` by its path, is answered exactly when
    the person holds a role the reviewed access table (`tests/oracles/access.py`, not
    MATRIX) allows for it and for every field on the way."""
    held = HELD[email]
    leaks, wrongly_refused = [], []
    for type_name, (prefix, suffix, parents) in paths.items():
        for field, roles in ACCESS[type_name].items():
            allowed = bool(held & roles) and all(held & ACCESS[t][f] for t, f in parents)
            body = client(f"{{ {root} {{ {prefix}{selection(type_name, field)}{suffix} }} }}")
            refused = codes(body) == {"FORBIDDEN"}
            if allowed and body.get("errors"):
                wrongly_refused.append((f"{type_name}.{field}", body["errors"]))
            if not allowed and not refused:
                leaks.append((f"{type_name}.{field}", body))
    assert leaks == []
    assert wrongly_refused == []


@pytest.mark.parametrize("role", ROLES)
def test_every_invoice_field_follows_the_matrix(as_user: Any, role: str, rich_invoice: str) -> None:
    email = PEOPLE[role]
    paths = {t: (pre, suf, PARENTS.get(t, [])) for t, (pre, suf) in PATHS.items()}
    assert_fields_follow_the_matrix(as_user(email), email, f'invoice(id: "{rich_invoice}")', paths)


COMPANY_PATHS = {  # every type reached from a company, and the fields on the way
    "Company": ("", "", []),
    "CreditStatus": ("creditStatus { ", " }", [("Company", "creditStatus")]),
    "AgedDebt": ("aging { ", " }", [("Company", "aging")]),
    "Statement": (
        'statement(from: "2000-01-01", to: "2100-01-01") { ',
        " }",
        [("Company", "statement")],
    ),
    "StatementLine": (
        'statement(from: "2000-01-01", to: "2100-01-01") { lines { ',
        " } }",
        [("Company", "statement"), ("Statement", "lines")],
    ),
    "CreditRisk": ("creditRisk { ", " }", [("Company", "creditRisk")]),
}
COMPANY_PEOPLE = {**PEOPLE, "BUYER": "carol@acme.example"}


@pytest.mark.parametrize("role", ROLES)
def test_every_company_field_follows_the_matrix(as_user: Any, role: str) -> None:
    """Nested and derived fields too: statement lines carry payments, aging and credit
    status sum the whole company."""
    email = COMPANY_PEOPLE[role]
    acme = first_invoice(as_user("alice@acme.example"))["company"]["id"]
    assert_fields_follow_the_matrix(as_user(email), email, f'company(id: "{acme}")', COMPANY_PATHS)


def test_company_wide_figures_are_for_who_may_see_the_whole_company(as_user: Any) -> None:
    """Written out by hand, not computed from MATRIX: carol (bottom of Acme's hierarchy)
    would read figures summing bob's invoices, which she gets NOT_FOUND for."""
    acme = first_invoice(as_user("alice@acme.example"))["company"]["id"]
    figures = {
        "statement": 'statement(from: "2000-01-01") { lines { amount { amount } } }',
        "aging": "aging { current }",
        "creditStatus": "creditStatus { exposure { amount } }",
    }
    expected = {
        "carol@acme.example": {"statement": False, "aging": False, "creditStatus": False},
        "bob@acme.example": {"statement": False, "aging": False, "creditStatus": False},
        "alice@acme.example": {"statement": True, "aging": True, "creditStatus": True},
        "sales@seller.example": {"statement": False, "aging": True, "creditStatus": True},
        "cs@seller.example": {"statement": False, "aging": True, "creditStatus": False},
        "ar@seller.example": {"statement": True, "aging": True, "creditStatus": True},
        "auditor@seller.example": {"statement": True, "aging": True, "creditStatus": True},
        "delivery@seller.example": {"statement": False, "aging": False, "creditStatus": False},
    }
    seen = {
        email: {
            name: "errors" not in as_user(email)(f'{{ company(id: "{acme}") {{ {sel} }} }}')
            for name, sel in figures.items()
        }
        for email in expected
    }
    assert seen == expected


def test_other_companies_are_not_found(as_user: Any) -> None:
    acme = first_invoice(as_user("alice@acme.example"))
    grace = as_user("grace@globex.example")
    assert codes(grace(f'{{ invoice(id: "{acme["id"]}") {{ number }} }}')) == {"NOT_FOUND"}
    assert codes(grace('{ invoice(id: "00000000-0000-0000-0000-000000000000") { number } }')) == {
        "NOT_FOUND"
    }
    assert codes(grace(f'{{ company(id: "{acme["company"]["id"]}") {{ name }} }}')) == {"NOT_FOUND"}
    mine = grace("{ invoices(first: 100) { edges { node { company { name } } } } }")
    names = {e["node"]["company"]["name"] for e in mine["data"]["invoices"]["edges"]}
    assert names == {"Globex Trading BV"}


def test_hierarchy_decides_what_a_buyer_sees(as_user: Any) -> None:
    def numbers(email: str) -> set[str]:
        body = as_user(email)(
            "{ invoices(first: 100) { totalCount edges { node { number "
            "order { placedBy { email } } } } } }"
        )
        return {e["node"]["number"] for e in body["data"]["invoices"]["edges"]}

    def placed_by(email: str) -> set[str]:
        body = as_user(email)(
            "{ invoices(first: 100) { edges { node { order { placedBy { email } } } } } }"
        )
        return {
            e["node"]["order"]["placedBy"]["email"]
            for e in body["data"]["invoices"]["edges"]
            if e["node"]["order"]["placedBy"]
        }

    assert placed_by("carol@acme.example") <= {"carol@acme.example"}
    assert placed_by("bob@acme.example") <= {"bob@acme.example", "carol@acme.example"}
    assert "carol@acme.example" not in placed_by("dave@acme.example")
    assert (
        numbers("carol@acme.example")
        <= numbers("bob@acme.example")
        <= numbers("alice@acme.example")
    )


def test_web_erp_and_all_counts_add_up(as_user: Any) -> None:
    client = as_user("ar@seller.example")

    def count(source: str) -> int:
        body = client(f"{{ invoices(source: {source}, first: 1) {{ totalCount }} }}")
        return int(body["data"]["invoices"]["totalCount"])

    assert count("WEB") > 0 and count("ERP") > 0
    assert count("WEB") + count("ERP") == count("ALL")


def test_sales_sees_exactly_the_invoices_of_their_assigned_company(as_user: Any) -> None:
    # The demo assigns sales@seller.example one account, Acme Industrial GmbH (cli/demo.py).
    query = (
        "{ invoices(first: 100%s) { totalCount edges { node { number company { id name } } } } }"
    )
    acme = first_invoice(as_user("alice@acme.example"))["company"]["id"]

    def invoices(email: str, extra: str = "") -> tuple[int, list[dict[str, Any]]]:
        body = as_user(email)(query % extra)
        found = body["data"]["invoices"]
        return int(found["totalCount"]), [edge["node"] for edge in found["edges"]]

    sales_count, sales_seen = invoices("sales@seller.example")
    acme_count, acme_seen = invoices("ar@seller.example", f', companyId: "{acme}"')
    ar_count, ar_seen = invoices("ar@seller.example")  # the first page of more than 100
    assert len(sales_seen) == sales_count and len(acme_seen) == acme_count  # one page each

    assert {node["company"]["name"] for node in sales_seen} == {"Acme Industrial GmbH"}
    assert sales_count == acme_count > 0
    assert sorted(n["number"] for n in sales_seen) == sorted(n["number"] for n in acme_seen)
    # AR sees the other buyers' invoices too; sales must not.
    assert len({node["company"]["id"] for node in ar_seen}) > 1
    assert sales_count < ar_count


def test_partial_payment_leaves_the_disputed_line_open(as_user: Any) -> None:
    alice, ar = as_user("alice@acme.example"), as_user("ar@seller.example")
    body = alice(
        "{ invoices(first: 100, status: [OPEN]) { edges { node { id "
        "company { id } lines { id total { amount } } total { amount } } } } }"
    )
    invoice = next(
        e["node"] for e in body["data"]["invoices"]["edges"] if len(e["node"]["lines"]) >= 2
    )
    first, second = invoice["lines"][0], invoice["lines"][1]
    raised = alice(
        "mutation($i: RaiseInvoiceQueryInput!) { raiseInvoiceQuery(input: $i) { ok } }",
        i={
            "idempotencyKey": key(),
            "invoiceId": invoice["id"],
            "lineIds": [second["id"]],
            "reason": "DAMAGED",
            "message": "arrived broken",
        },
    )
    assert raised["data"]["raiseInvoiceQuery"]["ok"], raised
    paid = ar(
        "mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { result } }",
        i={
            "idempotencyKey": key(),
            "companyId": invoice["company"]["id"],
            "amount": first["total"]["amount"],
            "method": "BANK_TRANSFER",
        },
    )
    payment_id = paid["data"]["recordPayment"]["result"]["payment_id"]
    allocated = ar(
        "mutation($i: AllocatePaymentInput!) { allocatePayment(input: $i) { ok } }",
        i={
            "idempotencyKey": key(),
            "paymentId": payment_id,
            "allocations": [{"invoiceId": invoice["id"], "amount": first["total"]["amount"]}],
        },
    )
    assert allocated["data"]["allocatePayment"]["ok"], allocated
    after = alice(
        f'{{ invoice(id: "{invoice["id"]}") {{ status open {{ amount }} disputed {{ amount }} }} }}'
    )["data"]["invoice"]
    assert Decimal(after["open"]["amount"]) == Decimal(second["total"]["amount"]) + sum(
        Decimal(ln["total"]["amount"]) for ln in invoice["lines"][2:]
    )
    assert after["status"] == "DISPUTED"
    assert Decimal(after["disputed"]["amount"]) == Decimal(second["total"]["amount"])


def test_over_allocation_and_currency_mismatch_codes(as_user: Any) -> None:
    ar = as_user("ar@seller.example")
    invoice = first_invoice(as_user("alice@acme.example"), ", status: [OPEN]")
    paid = ar(
        "mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { result } }",
        i={
            "idempotencyKey": key(),
            "companyId": invoice["company"]["id"],
            "amount": "1000000.00",
            "method": "BANK_TRANSFER",
        },
    )
    payment_id = paid["data"]["recordPayment"]["result"]["payment_id"]
    too_much = str(Decimal(invoice["total"]["amount"]) + Decimal("0.01"))
    over = ar(
        "mutation($i: AllocatePaymentInput!) { allocatePayment(input: $i) { ok } }",
        i={
            "idempotencyKey": key(),
            "paymentId": payment_id,
            "allocations": [{"invoiceId": invoice["id"], "amount": too_much}],
        },
    )
    assert codes(over) == {"OVER_ALLOCATION"}
    dollars = ar(
        "mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { ok } }",
        i={
            "idempotencyKey": key(),
            "companyId": invoice["company"]["id"],
            "amount": "10.00",
            "method": "CARD",
            "currency": "USD",
        },
    )
    assert codes(dollars) == {"CURRENCY_MISMATCH"}


def test_prepaid_money_cannot_be_recorded_by_hand_and_nothing_is_written(
    as_user: Any, demo_store_url: str
) -> None:
    """Gift cards and store credit come with the web store's invoice (BT-113); recorded by
    hand they would fill the prepaid liability with no document behind them."""
    ar = as_user("ar@seller.example")
    invoice = first_invoice(as_user("alice@acme.example"))
    store = Ledger(demo_store_url)
    before = store.event_count()
    refused = ar(
        "mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { ok } }",
        i={
            "idempotencyKey": key(),
            "companyId": invoice["company"]["id"],
            "amount": "10.00",
            "method": "PREPAID",
        },
    )
    assert codes(refused) == {"BAD_INPUT"}
    error = refused["errors"][0]
    assert error["extensions"]["method"] == "PREPAID"
    assert "BANK_TRANSFER" in error["message"]
    assert store.event_count() == before
    store.close()


def test_replayed_mutation_gives_an_identical_response(as_user: Any) -> None:
    ar = as_user("ar@seller.example")
    invoice = first_invoice(as_user("alice@acme.example"))
    variables = {
        "idempotencyKey": key(),
        "companyId": invoice["company"]["id"],
        "amount": "12.34",
        "method": "CHEQUE",
        "reference": "CHQ 1",
    }
    query = "mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { ok result } }"
    first = ar(query, i=variables)
    assert first == ar(query, i=variables)
    changed = ar(query, i={**variables, "amount": "12.35"})
    assert codes(changed) == {"IDEMPOTENCY_MISMATCH"}


def test_as_of_returns_the_past(as_user: Any) -> None:
    auditor = as_user("auditor@seller.example")
    body = auditor(
        "{ invoices(first: 50, status: [PAID]) { edges { node { id history "
        "{ at open { amount } } } } } }"
    )
    node = next(
        e["node"] for e in body["data"]["invoices"]["edges"] if len(e["node"]["history"]) >= 2
    )
    issued = node["history"][0]
    past = auditor(
        f'{{ invoice(id: "{node["id"]}", asOf: "{issued["at"]}") {{ open {{ amount }} status }} }}'
    )["data"]["invoice"]
    assert past["open"]["amount"] == issued["open"]["amount"]
    assert Decimal(past["open"]["amount"]) > 0


def test_ar_sets_a_buyers_peppol_id_once_and_peppol_refuses_an_e_mail_scheme(
    as_user: Any,
) -> None:
    ar = as_user("ar@seller.example")
    invoice = first_invoice(as_user("alice@acme.example"))
    query = (
        "mutation($i: SetPeppolParticipantInput!) { setPeppolParticipant(input: $i) { ok result } }"
    )
    given = {"idempotencyKey": key(), "companyId": invoice["company"]["id"],
             "scheme": "0088", "identifier": "5790000435951"}  # fmt: skip
    first = ar(query, i=given)
    assert first["data"]["setPeppolParticipant"]["result"]["peppol_id"] == "0088:5790000435951"
    assert ar(query, i=given) == first
    assert codes(ar(query, i={**given, "identifier": "5790000435968"})) == {"IDEMPOTENCY_MISMATCH"}
    e_mail = ar(query, i={**given, "idempotencyKey": key(), "scheme": "EM",
                          "identifier": "ap@acme.example"})  # fmt: skip
    assert codes(e_mail) == {"BAD_INPUT"}
    assert codes(as_user("alice@acme.example")(query, i={**given, "idempotencyKey": key()})) == {
        "FORBIDDEN"
    }


def test_roles_that_may_not_mutate_are_refused(as_user: Any) -> None:
    invoice = first_invoice(as_user("alice@acme.example"))
    for email in (
        "auditor@seller.example",
        "sales@seller.example",
        "delivery@seller.example",
        "alice@acme.example",
    ):
        body = as_user(email)(
            "mutation($i: WriteOffInvoiceInput!) { writeOffInvoice(input: $i) { ok } }",
            i={"idempotencyKey": key(), "invoiceId": invoice["id"], "reason": "test"},
        )
        assert codes(body) == {"FORBIDDEN"}, email


def test_anonymous_and_bad_tokens_are_unauthenticated(as_user: Any, server_url: str) -> None:
    from tests.e2e.conftest import Client

    assert codes(Client(server_url, None)("{ viewer { email } }")) == {"UNAUTHENTICATED"}
    stranger = Client(server_url, "nobody@nowhere.example")
    assert codes(stranger("{ invoices { totalCount } }")) == {"UNAUTHENTICATED"}


def test_limits(as_user: Any, server_url: str) -> None:
    import httpx

    ar = as_user("ar@seller.example")
    assert codes(ar("{ invoices(first: 101) { totalCount } }")) == {"BAD_INPUT"}
    assert "errors" not in ar("{ invoices(first: 100) { totalCount } }")
    deep = (
        "{ invoices { edges { node { order { lines { id } placedBy { id } } "
        "queries { messages { body } } } } } }"
    )
    assert "errors" not in ar(deep)
    big = httpx.post(
        f"{server_url}/graphql",
        content=b"x" * 300_000,
        headers={"content-type": "application/json"},
    )
    assert big.status_code == 413
