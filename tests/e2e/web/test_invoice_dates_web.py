"""The buyer filters the invoice list by issue date on a phone, and the count shown is the
API's for the same period."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browsers import chromium
from tests.e2e.conftest import Client

pytestmark = pytest.mark.postgres
ALICE = "alice@acme.example"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


def test_a_buyer_narrows_the_list_to_a_period(browser: Any, web: str) -> None:
    api = Client(web, ALICE)
    days = sorted(
        e["node"]["issueDate"]
        for e in api("{ invoices(first: 100) { edges { node { issueDate } } } }")["data"][
            "invoices"
        ]["edges"]
    )
    start, end = days[len(days) // 4], days[len(days) // 2]
    expected = api(
        "query($f: Date, $t: Date) { invoices(first: 1, issuedFrom: $f, issuedTo: $t) "
        "{ totalCount } }",
        f=start,
        t=end,
    )["data"]["invoices"]["totalCount"]
    context = browser.new_context(viewport={"width": 375, "height": 812}, base_url=web)
    assert context.request.post("/auth/demo", data={"email": ALICE}).ok
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/")
    page.get_by_test_id("total-count").wait_for()
    page.get_by_test_id("issued-from").fill(start)
    page.get_by_test_id("issued-to").fill(end)
    page.get_by_test_id("total-count").filter(has_text=f"{expected} invoices").wait_for()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
