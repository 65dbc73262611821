"""The invoice list filtered by issue date (issue #20: "filters (status, dates)"): exactly the
invoices issued in the period, counted and paged alike, and a period that ends before it
starts is one coded error."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.e2e.conftest import codes

PAGE = (
    "query($from: Date, $to: Date, $after: String) { invoices(first: 100, after: $after, "
    "issuedFrom: $from, issuedTo: $to) { totalCount pageInfo { hasNextPage endCursor } "
    "edges { node { id issueDate } } } }"
)


def every(client: Any, **period: Any) -> tuple[int, list[dict[str, Any]]]:
    found: list[dict[str, Any]] = []
    after, total = None, -1
    while True:
        body = client(PAGE, after=after, **period)
        assert "errors" not in body, body
        page = body["data"]["invoices"]
        total = page["totalCount"]
        found += [e["node"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return total, found
        after = page["pageInfo"]["endCursor"]


@pytest.mark.postgres
def test_the_list_holds_exactly_the_invoices_issued_in_the_period(as_user: Any) -> None:
    ar = as_user("ar@seller.example")
    _, everything = every(ar)
    days = sorted(date.fromisoformat(n["issueDate"]) for n in everything)
    start, end = days[len(days) // 4], days[len(days) // 2]
    total, found = every(ar, **{"from": start.isoformat(), "to": end.isoformat()})
    expected = {n["id"] for n in everything if start <= date.fromisoformat(n["issueDate"]) <= end}
    assert {n["id"] for n in found} == expected and total == len(expected)
    assert 0 < total < len(everything)
    since, _ = every(ar, **{"from": end.isoformat()})
    assert since == sum(1 for d in days if d >= end)


@pytest.mark.postgres
def test_a_period_that_ends_before_it_starts_is_refused(as_user: Any) -> None:
    body = as_user("alice@acme.example")(PAGE, **{"from": "2026-06-02", "to": "2026-06-01"})
    assert codes(body) == {"BAD_INPUT"}, body
    assert body["errors"][0]["extensions"]["issuedFrom"] == "2026-06-02"
