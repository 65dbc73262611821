"""The query queue's "assign" in the web app: customer service takes a query from the invoice
page on a phone, AR hands it to a colleague, and the buyer's page never asks who."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count
from typing import Any

import pytest

from tests.browsers import chromium
from tests.e2e.conftest import Client

pytestmark = pytest.mark.postgres
_keys = count()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


def _page(browser: Any, web: str, email: str, width: int = 375) -> Any:
    context = browser.new_context(viewport={"width": width, "height": 900}, base_url=web)
    assert context.request.post("/auth/demo", data={"email": email}).ok
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _raised(web: str) -> str:
    """The invoice id of a query alice raises now."""
    alice = Client(web, "alice@acme.example")
    found = alice("{ invoices(first: 1, status: [OPEN]) { edges { node { id } } } }")
    invoice_id = found["data"]["invoices"]["edges"][0]["node"]["id"]
    body = alice(
        "mutation($i: RaiseInvoiceQueryInput!) { raiseInvoiceQuery(input: $i) { query { id } } }",
        i={"idempotencyKey": f"assign-web-{next(_keys)}-{invoice_id}", "invoiceId": invoice_id,
           "reason": "QUANTITY", "message": "We ordered 10, not 12."},
    )  # fmt: skip
    assert "errors" not in body, body
    return str(invoice_id)


def test_customer_service_takes_a_query_and_ar_hands_it_on(browser: Any, web: str) -> None:
    invoice_id = _raised(web)
    page = _page(browser, web, "cs@seller.example")
    page.goto(f"/invoices/{invoice_id}")
    thread = page.get_by_test_id("thread").filter(has_text="We ordered 10, not 12.").last
    thread.get_by_test_id("assignee").filter(has_text="Not assigned yet").wait_for()
    thread.get_by_test_id("assign-me").click()
    thread.get_by_test_id("assignee").filter(has_text="cs@seller.example").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.context.close()

    page = _page(browser, web, "ar@seller.example", 1280)
    page.goto(f"/invoices/{invoice_id}")
    thread = page.get_by_test_id("thread").filter(has_text="We ordered 10, not 12.").last
    thread.get_by_test_id("assignee").filter(has_text="cs@seller.example").wait_for()
    thread.get_by_test_id("assign-email").fill("ar@seller.example")
    thread.get_by_test_id("assign-send").click()
    thread.get_by_test_id("assignee").filter(has_text="ar@seller.example").wait_for()
    page.context.close()


def test_the_buyer_sees_the_thread_and_not_who_works_it(browser: Any, web: str) -> None:
    invoice_id = _raised(web)
    page = _page(browser, web, "alice@acme.example")
    page.goto(f"/invoices/{invoice_id}")
    page.get_by_test_id("thread").first.wait_for()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("assign").count() == 0
    assert page.locator(".error").count() == 0
    page.context.close()
