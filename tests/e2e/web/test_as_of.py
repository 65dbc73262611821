"""The auditor's moment: one picker above every page, and each page that can answer as of a
past moment (dashboard, invoices, an invoice, customers, a customer, holds, the event log)
shows the books as they stood then (issue #20: "an as-of picker that shows any
page as it stood at a past moment").

The figures on screen are checked against the API asked as of the same moment, and the
present must come back unchanged after "Now": past answers must never overwrite the
normalised cache's current objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
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
    risk = api(  # the score as it stood: from the books of then, not today's
        "query($id: ID!, $at: DateTime) { company(id: $id, asOf: $at) "
        "{ creditRisk { grade score } } }",
        id=company_id,
        at=at,
    )["data"]["company"]["creditRisk"]
    page.get_by_text(f"{risk['grade']} ({risk['score']})").wait_for()

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


LIST = (
    "query($at: DateTime) { companies(first: 100, asOf: $at) { edges { node { name "
    "balance { amount } creditRisk { grade } creditStatus { onHold } } } } "
    "held: companies(first: 100, onHold: true, asOf: $at) { totalCount } }"
)


def _figure(amount: str) -> str:
    """How the page writes an amount, less its currency sign (en-GB)."""
    return f"{abs(Decimal(amount)):,.2f}"


def _minute(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M")


def _moment_with_a_changed_balance(api: Client) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """(a minute in the demo's history, a company's row then, the same row now) where the
    balance then differs from the balance now."""
    start = api("{ ledgerEvents(first: 1) { edges { node { occurredAt } } } }")
    first = datetime.fromisoformat(start["data"]["ledgerEvents"]["edges"][0]["node"]["occurredAt"])
    moment = _minute(first + timedelta(days=45))
    then = api(LIST, at=f"{moment}:00Z")["data"]
    now = {e["node"]["name"]: e["node"] for e in api(LIST)["data"]["companies"]["edges"]}
    for edge in then["companies"]["edges"]:
        row = edge["node"]
        if _figure(row["balance"]["amount"]) != _figure(now[row["name"]]["balance"]["amount"]):
            return moment, {**row, "held": then["held"]["totalCount"]}, now[row["name"]]
    raise AssertionError("no company's balance changed after the moment")


@pytest.mark.parametrize("width", [1280, 375])
def test_the_customers_list_and_the_holds_show_the_accounts_as_they_stood(
    browser: Any, web: str, width: int
) -> None:
    api = Client(web, AUDITOR)
    moment, then, now = _moment_with_a_changed_balance(api)
    page = _auditor(browser, web, width)
    page.goto("/customers")
    _settle(page)
    row = page.locator(f'[data-testid="customer-row"][data-name="{then["name"]}"]')
    assert _figure(now["balance"]["amount"]) in row.inner_text()
    page.get_by_test_id("as-of").fill(moment)
    page.get_by_test_id("as-of-note").filter(has_text="customers, holds and the log").wait_for()
    row.filter(has_text=_figure(then["balance"]["amount"])).wait_for()
    risk = row.locator('[data-label="Risk"]')
    assert risk.inner_text() == then["creditRisk"]["grade"]
    account = row.locator('[data-label="Account"]').inner_text()
    assert account == ("On hold" if then["creditStatus"]["onHold"] else "In good standing")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_role("link", name="Holds").first.click()  # the moment stays
    _settle(page)
    held = then["held"]
    words = f"{held} on hold" if held else "No customer is on hold."
    page.get_by_test_id("total-count").filter(has_text=words).wait_for()
    assert page.get_by_test_id("hold-row").count() == held
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_event_log_ends_at_the_moment(browser: Any, web: str, width: int) -> None:
    api = Client(web, AUDITOR)
    query = (
        "query($at: DateTime) { ledgerEvents(first: 100, until: $at) "
        "{ pageInfo { hasNextPage } edges { node { position occurredAt } } } }"
    )
    head = api(query)["data"]["ledgerEvents"]["edges"]
    # a minute by which more than a page, and fewer than 100, events had been recorded
    for edge in head:
        moment = _minute(datetime.fromisoformat(edge["node"]["occurredAt"]))
        then = api(query, at=f"{moment}:00Z")["data"]["ledgerEvents"]
        if 25 < len(then["edges"]) < len(head):
            break
    else:
        raise AssertionError("the demo's first 100 events fall in one minute")
    page = _auditor(browser, web, width)
    page.goto("/events")
    _settle(page)
    assert page.get_by_test_id("event-row").count() == 25  # the present: a full first page
    page.get_by_test_id("as-of").fill(moment)
    page.get_by_test_id("events-until").wait_for()
    _settle(page)
    rows, positions = page.get_by_test_id("event-row"), []
    while True:  # page by page to the end of the log as it stood
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        positions += [int(p) for p in rows.locator('[data-label="#"]').all_inner_texts()]
        if not page.get_by_test_id("next-page").count():
            break
        top = rows.first.locator('[data-label="#"]').inner_text()
        page.get_by_test_id("next-page").click()
        page.wait_for_function(
            "top => document.querySelector('[data-testid=event-row] td')?.innerText !== top",
            arg=top,
        )
        _settle(page)
        assert len(positions) < 200, "the log never ends"
    assert positions == [e["node"]["position"] for e in then["edges"]]
    page.get_by_role("button", name="Now").click()
    page.get_by_test_id("next-page").wait_for()  # the present goes on past the moment
    assert page.get_by_test_id("event-row").count() == 25
    page.context.close()
