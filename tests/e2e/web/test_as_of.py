"""The auditor's moment: one picker above every page, and each page that can answer as of a
past moment shows the books as they stood then (issue #20: "an as-of picker that shows any
page as it stood at a past moment").

The figures on screen are checked against the API asked as of the same moment, and the
present must come back unchanged after "Now": past answers must never overwrite the
normalised cache's current objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.browsers import chromium
from tests.e2e.conftest import Client

pytestmark = pytest.mark.postgres

AUDITOR = "auditor@seller.example"
WORDS = {"OPEN": "Open", "PARTIALLY_PAID": "Partly paid", "PAID": "Paid", "OVERDUE": "Overdue",
         "DISPUTED": "In query", "VOID": "Void", "WRITTEN_OFF": "Written off",
         "CREDITED": "Credited"}  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


def _auditor(browser: Any, web: str, width: int = 1280) -> Any:
    # UTC, so the picker's wall-clock value is the instant the test asks the API about
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="en-GB", timezone_id="UTC", base_url=web
    )
    assert context.request.post("/auth/demo", data={"email": AUDITOR}).ok
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def _settle(page: Any) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_function("!document.body.innerText.includes('Loading')")


def _paid_invoice_and_a_moment_before(api: Client) -> tuple[str, str, str]:
    """(invoice id, company id, a minute while it was still unpaid)."""
    found = api(
        "{ invoices(status: [PAID], first: 20) { edges { node { id company { id } "
        "history { at invoiceStatus } } } } }"
    )["data"]["invoices"]["edges"]
    for edge in found:
        versions = edge["node"]["history"]
        first, paid = (datetime.fromisoformat(v["at"]) for v in (versions[0], versions[-1]))
        moment = (first + (paid - first) / 2).replace(second=0, microsecond=0)
        if first < moment < paid and versions[0]["invoiceStatus"] != "PAID":
            node = edge["node"]
            return node["id"], node["company"]["id"], moment.strftime("%Y-%m-%dT%H:%M")
    raise AssertionError("the demo has no invoice paid a while after it was issued")


def test_the_auditor_sees_an_invoice_its_list_and_its_customer_as_they_stood(
    browser: Any, web: str
) -> None:
    api = Client(web, AUDITOR)
    invoice_id, company_id, moment = _paid_invoice_and_a_moment_before(api)
    at = f"{moment}:00Z"
    then = api(
        "query($id: ID!, $at: DateTime) { invoice(id: $id, asOf: $at) { status } "
        "all: invoices(first: 1, asOf: $at) { totalCount } }",
        id=invoice_id,
        at=at,
    )["data"]
    now_count = api("{ invoices(first: 1) { totalCount } }")["data"]["invoices"]["totalCount"]

    page = _auditor(browser, web)
    page.goto(f"/invoices/{invoice_id}")
    _settle(page)
    assert page.get_by_test_id("invoice-status").inner_text() == "Paid"
    page.get_by_test_id("as-of").fill(moment)
    page.get_by_test_id("as-of-note").wait_for()
    status = page.get_by_test_id("invoice-status")
    status.filter(has_text=WORDS[then["invoice"]["status"]]).wait_for()
    assert status.inner_text() != "Paid"

    page.get_by_role("link", name="Invoices").first.click()  # the moment stays as one moves on
    _settle(page)
    assert page.get_by_test_id("as-of").input_value() == moment
    count = page.get_by_test_id("total-count")
    count.filter(has_text=f"{then['all']['totalCount']} invoices").wait_for()
    assert then["all"]["totalCount"] < now_count  # the demo kept invoicing after that minute

    page.goto(f"/customers/{company_id}")  # a fresh page load: the present again
    _settle(page)
    page.get_by_test_id("as-of").fill(moment)
    page.get_by_test_id("as-of-note").wait_for()
    _settle(page)
    assert page.get_by_text("Risk").count() == 0  # the score is today's only: not shown then

    page.goto(f"/invoices/{invoice_id}")
    _settle(page)
    page.get_by_test_id("as-of").fill(moment)
    status.filter(has_text=WORDS[then["invoice"]["status"]]).wait_for()
    page.get_by_role("button", name="Now").click()  # the present, from its own cache, unharmed
    status.filter(has_text="Paid").wait_for()
    assert page.get_by_test_id("as-of-note").count() == 0
    page.context.close()


def test_no_one_but_the_auditor_gets_the_picker(browser: Any, web: str) -> None:
    for email in ("ar@seller.example", "alice@acme.example"):
        context = browser.new_context(viewport={"width": 375, "height": 812}, base_url=web)
        assert context.request.post("/auth/demo", data={"email": email}).ok
        page = context.new_page()
        page.goto("/")
        _settle(page)
        assert page.get_by_test_id("as-of").count() == 0, email
        context.close()


def test_the_picker_fits_a_phone(browser: Any, web: str) -> None:
    page = _auditor(browser, web, width=375)
    page.goto("/")
    _settle(page)
    page.get_by_test_id("as-of").fill("2026-01-01T00:00")
    page.get_by_test_id("as-of-note").wait_for()
    _settle(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.context.close()
