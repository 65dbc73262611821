"""The staff customer page shows the customer's payments, queries and timeline, each only to
the roles that may read it (issue #20: "a customer page (statement, aging, credit status and
the risk score's reasons, invoices, payments, queries, a timeline of its events)")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browsers import chromium
from tests.e2e.conftest import Client

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


def _page(browser: Any, web: str, email: str, width: int) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, base_url=web)
    assert context.request.post("/auth/demo", data={"email": email}).ok
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _acme(web: str) -> tuple[str, dict[str, Any]]:
    company = Client(web, "alice@acme.example")("{ viewer { company { id } } }")["data"]
    company_id = company["viewer"]["company"]["id"]
    counts = Client(web, "ar@seller.example")(
        "query($id: ID!) { company(id: $id) { payments(first: 1) { totalCount } "
        "queries(first: 1) { totalCount } } }",
        id=company_id,
    )["data"]["company"]
    return company_id, counts


def test_ar_sees_payments_queries_and_a_timeline_on_a_phone(browser: Any, web: str) -> None:
    company_id, counts = _acme(web)
    assert counts["payments"]["totalCount"] > 0 and counts["queries"]["totalCount"] > 0
    page = _page(browser, web, "ar@seller.example", 375)
    page.goto(f"/customers/{company_id}")
    payments = page.get_by_test_id("customer-payments")
    payments.get_by_role("heading", name=f"Payments ({counts['payments']['totalCount']})").wait_for()
    queries = page.get_by_test_id("customer-queries")
    queries.get_by_role("heading", name=f"Queries ({counts['queries']['totalCount']})").wait_for()
    page.get_by_test_id("customer-timeline").wait_for()
    page.wait_for_load_state("networkidle")
    assert payments.locator("tbody tr").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.context.close()


def test_customer_service_sees_queries_and_no_payment_details(browser: Any, web: str) -> None:
    company_id, counts = _acme(web)
    page = _page(browser, web, "cs@seller.example", 1280)
    page.goto(f"/customers/{company_id}")
    page.get_by_test_id("customer-queries").wait_for()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("customer-payments").count() == 0
    assert page.get_by_test_id("customer-timeline").count() == 0
    page.context.close()
