"""`companies`: the customers list AR, sales and service work from, over HTTP."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from graphql_api.permissions import ROLES
from tests.e2e.conftest import codes
from tests.e2e.test_api import COMPANY_PATHS, COMPANY_PEOPLE, assert_fields_follow_the_matrix

pytestmark = pytest.mark.postgres

ROW = "id name balance { amount currency } overdue { amount }"


def names(body: dict[str, Any]) -> list[str]:
    assert "errors" not in body, body
    return [e["node"]["name"] for e in body["data"]["companies"]["edges"]]


def every_page(client: Any, args: str, size: int) -> list[str]:
    """Every row of a listing, read `size` at a time by following the cursors."""
    seen: list[str] = []
    after = ""
    while True:
        body = client(
            f"{{ companies(first: {size}{args}{after}) {{ totalCount "
            "pageInfo { hasNextPage endCursor } edges { node { name } } } }"
        )
        seen += names(body)
        info = body["data"]["companies"]["pageInfo"]
        if not info["hasNextPage"]:
            return seen
        after = f', after: "{info["endCursor"]}"'


def test_ar_pages_through_every_company_sorted_by_name(as_user: Any) -> None:
    ar = as_user("ar@seller.example")
    whole = ar("{ companies(first: 100) { totalCount edges { node { name } } } }")
    listed = names(whole)
    assert len(listed) >= 3
    assert listed == sorted(listed, key=str.lower)
    assert whole["data"]["companies"]["totalCount"] == len(listed)
    assert every_page(ar, "", 2) == listed


def test_the_page_size_is_checked_as_for_invoices(as_user: Any) -> None:
    ar = as_user("ar@seller.example")
    assert codes(ar("{ companies(first: 101) { totalCount } }")) == {"BAD_INPUT"}
    assert codes(ar("{ companies(first: 0) { totalCount } }")) == {"BAD_INPUT"}
    assert codes(ar('{ companies(after: "nonsense") { totalCount } }')) == {"BAD_INPUT"}


def test_a_buyer_lists_only_their_own_company(as_user: Any) -> None:
    for email in ("alice@acme.example", "carol@acme.example"):
        client = as_user(email)
        own = client("{ viewer { company { name } } }")["data"]["viewer"]["company"]["name"]
        assert names(client("{ companies(first: 100) { edges { node { name } } } }")) == [own]


def test_sales_list_only_the_companies_they_look_after(as_user: Any) -> None:
    sales = as_user("sales@seller.example")
    theirs = sales("{ invoices(first: 100) { edges { node { company { name } } } } }")
    expected = {e["node"]["company"]["name"] for e in theirs["data"]["invoices"]["edges"]}
    listed = names(sales("{ companies(first: 100) { edges { node { name } } } }"))
    assert set(listed) >= expected
    for name in listed:  # exactly the companies `company(id:)` answers them for
        found = sales(f'{{ companies(search: "{name}") {{ edges {{ node {{ id }} }} }} }}')
        company_id = found["data"]["companies"]["edges"][0]["node"]["id"]
        assert "errors" not in sales(f'{{ company(id: "{company_id}") {{ name }} }}')
    everyone = as_user("ar@seller.example")("{ companies(first: 100) { edges { node { name } } } }")
    assert len(listed) < len(names(everyone))


def test_search_matches_name_account_number_and_email(as_user: Any) -> None:
    ar = as_user("ar@seller.example")
    assert names(ar('{ companies(search: "acme") { edges { node { name } } } }')) == [
        n for n in names(ar("{ companies(first: 100) { edges { node { name } } } }"))
        if "acme" in n.lower()
    ]  # fmt: skip
    by_email = names(ar('{ companies(search: "@ACME.") { edges { node { name } } } }'))
    assert by_email and all("acme" in n.lower() for n in by_email)
    nothing = ar('{ companies(search: "no such company anywhere") { edges { node { name } } } }')
    assert names(nothing) == []


def test_overdue_and_on_hold_filters_split_the_list(as_user: Any) -> None:
    ar = as_user("ar@seller.example")
    query = (
        "{ companies(first: 100, %s) { edges { node { name overdue { amount } "
        "creditStatus { onHold holdReason } } } } }"
    )

    def rows(args: str) -> list[dict[str, Any]]:
        body = ar(query % args)
        assert "errors" not in body, body
        return [e["node"] for e in body["data"]["companies"]["edges"]]

    late, on_time = rows("overdue: true"), rows("overdue: false")
    assert late, "the demo has companies with invoices past due"
    assert all(Decimal(r["overdue"]["amount"]) > 0 for r in late)
    assert all(Decimal(r["overdue"]["amount"]) == 0 for r in on_time)
    held, free = rows("onHold: true"), rows("onHold: false")
    assert all(r["creditStatus"]["onHold"] for r in held)
    assert not any(r["creditStatus"]["onHold"] for r in free)
    assert len(held) + len(free) == len(late) + len(on_time) == len(rows("sort: NAME"))


def test_sorting_by_balance_overdue_and_risk_puts_the_largest_first(as_user: Any) -> None:
    ar = as_user("ar@seller.example")
    for sort, pick in (
        ("BALANCE", lambda n: Decimal(n["balance"]["amount"])),
        ("OVERDUE", lambda n: Decimal(n["overdue"]["amount"])),
        ("RISK", lambda n: n["creditRisk"]["score"]),
    ):
        body = ar(
            f"{{ companies(first: 100, sort: {sort}) {{ edges {{ node {{ name "
            "balance { amount } overdue { amount } creditRisk { score } } } } }"
        )
        assert "errors" not in body, body
        figures = [pick(e["node"]) for e in body["data"]["companies"]["edges"]]
        assert figures == sorted(figures, reverse=True), sort
        assert len(every_page(ar, f", sort: {sort}", 2)) == len(figures)


def test_sorting_by_exposure_puts_the_largest_exposure_first_for_the_chart(
    as_user: Any,
) -> None:
    """The dashboard's exposure-against-limit chart reads the top ten by `EXPOSURE`."""
    ar = as_user("ar@seller.example")
    query = (
        "{ companies(first: %d, sort: EXPOSURE) { edges { node { name "
        "creditStatus { exposure { amount } limit { amount } } } } } }"
    )
    body = ar(query % 100)
    assert "errors" not in body, body
    rows = [e["node"]["creditStatus"] for e in body["data"]["companies"]["edges"]]
    exposures = [Decimal(r["exposure"]["amount"]) for r in rows]
    assert exposures == sorted(exposures, reverse=True) and exposures[0] > 0
    assert names(ar(query % 2)) == names(body)[:2]
    assert every_page(ar, ", sort: EXPOSURE", 2) == names(body)
    for email in ("cs@seller.example", "delivery@seller.example"):  # no credit status
        assert codes(as_user(email)(query % 10)) == {"FORBIDDEN"}
        assert codes(as_user(email)("{ companies(sort: EXPOSURE) { totalCount } }")) == {
            "FORBIDDEN"
        }


def test_a_risk_grade_filter_keeps_exactly_the_companies_of_that_grade(as_user: Any) -> None:
    ar = as_user("ar@seller.example")
    body = ar("{ companies(first: 100) { edges { node { name creditRisk { grade } } } } }")
    grades = {e["node"]["name"]: e["node"]["creditRisk"]["grade"]
              for e in body["data"]["companies"]["edges"]}  # fmt: skip
    for grade in sorted(set(grades.values())):
        query = (
            f'{{ companies(first: 100, riskGrade: ["{grade}"]) {{ edges {{ node {{ name }} }} }} }}'
        )
        listed = names(ar(query))
        assert sorted(listed) == sorted(n for n, g in grades.items() if g == grade)
    assert codes(ar('{ companies(riskGrade: ["Z"]) { totalCount } }')) == {"BAD_INPUT"}


def test_a_balance_equals_what_the_company_page_shows(as_user: Any) -> None:
    ar = as_user("ar@seller.example")
    body = ar(f"{{ companies(first: 100) {{ edges {{ node {{ {ROW} }} }} }} }}")
    for edge in body["data"]["companies"]["edges"]:
        row = edge["node"]
        alone = ar(f'{{ company(id: "{row["id"]}") {{ {ROW} }} }}')
        assert alone["data"]["company"] == row


def test_who_may_not_read_a_figure_may_not_filter_or_sort_by_it(as_user: Any) -> None:
    delivery, cs = as_user("delivery@seller.example"), as_user("cs@seller.example")
    assert names(delivery("{ companies { edges { node { name } } } }"))
    for args in ("sort: BALANCE", "sort: OVERDUE", "overdue: true", "sort: RISK",
                 'riskGrade: ["A"]', "onHold: true"):  # fmt: skip
        assert codes(delivery(f"{{ companies({args}) {{ totalCount }} }}")) == {"FORBIDDEN"}, args
    assert codes(delivery("{ companies { edges { node { balance { amount } } } } }")) == {
        "FORBIDDEN"
    }
    assert names(cs("{ companies(sort: BALANCE, overdue: true) { edges { node { name } } } }"))
    for args in ("onHold: true", "sort: RISK", 'riskGrade: ["A"]'):
        assert codes(cs(f"{{ companies({args}) {{ totalCount }} }}")) == {"FORBIDDEN"}, args
    assert codes(cs("{ companies { edges { node { creditStatus { limit { amount } } } } } }")) == {
        "FORBIDDEN"
    }


LIST_PATHS = {
    name: ("edges { node { " + prefix, suffix + " } }", parents)
    for name, (prefix, suffix, parents) in COMPANY_PATHS.items()
}


@pytest.mark.parametrize("role", ROLES)
def test_every_field_of_a_listed_company_follows_the_matrix(as_user: Any, role: str) -> None:
    email = COMPANY_PEOPLE[role]
    assert_fields_follow_the_matrix(as_user(email), email, "companies(first: 1)", LIST_PATHS)


def test_the_list_as_of_a_past_moment_shows_each_company_as_its_own_page_did(
    as_user: Any,
) -> None:
    """The auditor's as-of picker applies to the dashboard's exposure chart too."""
    auditor = as_user("auditor@seller.example")
    first = auditor("{ ledgerEvents(first: 1) { edges { node { occurredAt } } } }")
    start = datetime.fromisoformat(first["data"]["ledgerEvents"]["edges"][0]["node"]["occurredAt"])
    at = (start + timedelta(days=60)).isoformat()
    figures = "balance { amount } creditStatus { exposure { amount } limit { amount } onHold }"
    body = auditor(
        "query($at: DateTime) { companies(first: 100, sort: EXPOSURE, asOf: $at) "
        f"{{ edges {{ node {{ id name {figures} }} }} }} }}",
        at=at,
    )
    assert "errors" not in body, body
    rows = [e["node"] for e in body["data"]["companies"]["edges"]]
    now = names(auditor("{ companies(first: 100, sort: EXPOSURE) { edges { node { name } } } }"))
    assert 0 < len(rows) <= len(now)
    exposures = [Decimal(r["creditStatus"]["exposure"]["amount"]) for r in rows]
    assert exposures == sorted(exposures, reverse=True)
    for row in rows:
        alone = auditor(
            f'query($at: DateTime) {{ company(id: "{row["id"]}", asOf: $at) {{ id name '
            f"{figures} }} }}",
            at=at,
        )
        assert alone["data"]["company"]["creditStatus"] == row["creditStatus"], row["name"]
    today = auditor(f"{{ companies(first: 100) {{ edges {{ node {{ name {figures} }} }} }} }}")
    current = {e["node"]["name"]: e["node"] for e in today["data"]["companies"]["edges"]}
    assert any(current[r["name"]]["creditStatus"] != r["creditStatus"] for r in rows)
    delivery = as_user("delivery@seller.example")
    asked = delivery("query($at: DateTime) { companies(asOf: $at) { totalCount } }", at=at)
    assert codes(asked) == {"FORBIDDEN"}


def test_risk_and_hold_in_the_list_as_of_a_moment_are_as_they_stood_then(as_user: Any) -> None:
    """Every figure the customers list shows (balance, overdue, risk grade, hold and its
    reason) follows the auditor's moment, as the company's own page answers it then."""
    auditor = as_user("auditor@seller.example")
    first = auditor("{ ledgerEvents(first: 1) { edges { node { occurredAt } } } }")
    start = datetime.fromisoformat(first["data"]["ledgerEvents"]["edges"][0]["node"]["occurredAt"])
    at = (start + timedelta(days=45)).isoformat()
    shown = (
        "balance { amount } overdue { amount } creditRisk { score grade } "
        "creditStatus { onHold holdReason }"
    )
    then = auditor(
        f"query($at: DateTime) {{ companies(first: 100, asOf: $at) {{ edges {{ node {{ id name "
        f"{shown} }} }} }} }}",
        at=at,
    )
    assert "errors" not in then, then
    rows = {e["node"]["name"]: e["node"] for e in then["data"]["companies"]["edges"]}
    for row in rows.values():
        alone = auditor(
            f'query($at: DateTime) {{ company(id: "{row["id"]}", asOf: $at) '
            f"{{ id name {shown} }} }}",
            at=at,
        )
        assert alone["data"]["company"] == row, row["name"]
    now = auditor(f"{{ companies(first: 100) {{ edges {{ node {{ id name {shown} }} }} }} }}")
    today = {e["node"]["name"]: e["node"] for e in now["data"]["companies"]["edges"]}
    assert any(today[n]["creditRisk"] != r["creditRisk"] for n, r in rows.items())
    assert any(today[n]["balance"] != r["balance"] for n, r in rows.items())
    for grade in {r["creditRisk"]["grade"] for r in rows.values()}:
        kept = auditor(
            "query($at: DateTime, $g: [String!]) { companies(first: 100, asOf: $at, "
            "riskGrade: $g) { edges { node { name } } } }",
            at=at,
            g=[grade],
        )
        expected = sorted(
            (n for n, r in rows.items() if r["creditRisk"]["grade"] == grade), key=str.lower
        )
        assert names(kept) == expected, grade
