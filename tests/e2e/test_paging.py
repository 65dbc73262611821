"""Every list that grows pages as `invoices` does: first/after, totalCount, one limit."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import codes
from tests.e2e.test_api import first_invoice

pytestmark = pytest.mark.postgres

AR = "ar@seller.example"
PERIOD = 'statement(from: "2000-01-01", to: "2100-01-01")'


def acme(as_user: Any) -> str:
    return str(first_invoice(as_user("alice@acme.example"))["company"]["id"])


def walk(client: Any, wrap: str, field: str, inner: str, size: int = 1) -> list[Any]:
    """Every node of the connection `field` inside `wrap` ({} marks the spot), `size` a page."""
    nodes: list[Any] = []
    after = ""
    for _ in range(1000):
        query = wrap.replace(
            "{}", f"{field}(first: {size}{after}) {{ totalCount pageInfo {{ hasNextPage "
            f"endCursor }} edges {{ cursor node {{ {inner} }} }} }}"
        )  # fmt: skip
        body = client(query)
        assert "errors" not in body, body
        found = body["data"]
        while field not in found:
            found = next(iter(found.values()))
            found = found[0]["node"] if isinstance(found, list) else found
        connection = found[field]
        nodes += [e["node"] for e in connection["edges"]]
        assert connection["totalCount"] >= len(nodes)
        if not connection["pageInfo"]["hasNextPage"]:
            assert connection["totalCount"] == len(nodes)
            return nodes
        after = f', after: "{connection["pageInfo"]["endCursor"]}"'
    raise AssertionError("paging never ended")


def test_a_companys_invoices_page_as_invoices_of_that_company(as_user: Any) -> None:
    ar, company = as_user(AR), acme(as_user)
    wrap = f'{{ company(id: "{company}") {{ {{}} }} }}'
    paged = walk(ar, wrap, "invoices", "id", size=7)
    whole = ar(
        f'{{ invoices(first: 100, companyId: "{company}") {{ edges {{ node {{ id }} }} }} }}'
    )
    assert paged == [e["node"] for e in whole["data"]["invoices"]["edges"]]


def test_a_companys_queries_are_every_query_on_its_invoices(as_user: Any) -> None:
    ar, company = as_user(AR), acme(as_user)
    paged = walk(ar, f'{{ company(id: "{company}") {{ {{}} }} }}', "queries", "id reason")
    body = ar(
        f'{{ invoices(first: 100, companyId: "{company}") {{ edges {{ node {{ '
        "queries { id } } } } }"
    )
    expected = {q["id"] for e in body["data"]["invoices"]["edges"] for q in e["node"]["queries"]}
    assert paged and {q["id"] for q in paged} == expected and len(paged) == len(expected)
    carol = as_user("carol@acme.example")  # only the queries on invoices she sees
    hers = walk(carol, f'{{ company(id: "{company}") {{ {{}} }} }}', "queries", "id")
    assert {q["id"] for q in hers} < expected


def test_a_companys_payments_page_newest_first_with_what_each_paid(as_user: Any) -> None:
    ar, company = as_user(AR), acme(as_user)
    paged = walk(
        ar, f'{{ company(id: "{company}") {{ {{}} }} }}', "payments",
        "id amount { amount } appliedTo { invoiceId amount { amount } }", size=3,
    )  # fmt: skip
    assert paged
    body = ar(
        f'{{ invoices(first: 100, companyId: "{company}") {{ edges {{ node {{ id '
        "payments { paymentId } } } } }"
    )
    applied = {
        (p["paymentId"], e["node"]["id"])
        for e in body["data"]["invoices"]["edges"]
        for p in e["node"]["payments"]
    }
    assert applied <= {(p["id"], a["invoiceId"]) for p in paged for a in p["appliedTo"]}


def test_statement_lines_and_a_thread_page_as_their_old_lists(as_user: Any) -> None:
    ar, company = as_user(AR), acme(as_user)
    wrap = f'{{ company(id: "{company}") {{ {PERIOD} {{ {{}} }} }} }}'
    paged = walk(ar, wrap, "linesPage", "document amount { amount } balance { amount }", size=5)
    old = ar(
        f'{{ company(id: "{company}") {{ {PERIOD} {{ lines {{ document amount {{ amount }} '
        "balance { amount } } } } }"
    )
    assert paged == old["data"]["company"]["statement"]["lines"] and len(paged) > 5
    thread = walk(ar, f'{{ company(id: "{company}") {{ queries(first: 1) {{ edges {{ node {{ '
                  "{} } } } } }", "messagesPage", "side body at")  # fmt: skip
    old = ar(f'{{ company(id: "{company}") {{ queries(first: 1) {{ edges {{ node {{ '
             "messages { side body at } } } } } }")  # fmt: skip
    assert thread == old["data"]["company"]["queries"]["edges"][0]["node"]["messages"]


def test_every_new_connection_has_the_invoices_page_limit_and_cursor_check(
    as_user: Any,
) -> None:
    ar, company = as_user(AR), acme(as_user)
    fields = [
        f'company(id: "{company}") {{ %s }}' % f
        for f in ("invoices({}) { totalCount }", "queries({}) { totalCount }",
                  "payments({}) { totalCount }", f"{PERIOD} {{ linesPage({{}}) {{ totalCount }} }}",
                  "queries(first: 1) { edges { node { messagesPage({}) { totalCount } } } }")
    ]  # fmt: skip
    fields += ["companies({}) { totalCount }", "ledgerEvents({}) { pageInfo { hasNextPage } }"]
    for field in fields:
        assert codes(ar("{ " + field.replace("{}", "first: 101") + " }")) == {"BAD_INPUT"}, field
        assert codes(ar("{ " + field.replace("{}", "first: 0") + " }")) == {"BAD_INPUT"}, field
        bad = ar("{ " + field.replace("{}", 'after: "bm90IGEgY3Vyc29y"') + " }")
        assert codes(bad) == {"BAD_INPUT"}, field
        assert "errors" not in ar("{ " + field.replace("{}", "first: 100") + " }"), field


def test_connections_keep_the_fields_permissions(as_user: Any) -> None:
    company = acme(as_user)
    refused = {
        "sales@seller.example": ("payments", "queries"),
        "cs@seller.example": ("payments",),
        "delivery@seller.example": ("payments", "queries"),
        "carol@acme.example": ("payments",),
    }
    for email, fields in refused.items():
        for field in fields:
            body = as_user(email)(f'{{ company(id: "{company}") {{ {field} {{ totalCount }} }} }}')
            assert codes(body) == {"FORBIDDEN"}, (email, field)
    delivery = as_user("delivery@seller.example")
    assert "errors" not in delivery(
        f'{{ company(id: "{company}") {{ invoices {{ totalCount }} }} }}'
    )


def test_nested_connections_count_against_the_cost_budget(as_user: Any) -> None:
    body = as_user(AR)(
        "{ companies(first: 100) { edges { node { queries(first: 100) { edges { node { "
        "messagesPage(first: 100) { edges { node { body } } } } } } } } } }"
    )
    assert codes(body) == {"QUERY_TOO_COSTLY"}
    assert body["errors"][0]["extensions"]["cost"] > body["errors"][0]["extensions"]["budget"]
