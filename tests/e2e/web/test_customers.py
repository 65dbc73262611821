"""The workbench's customers list and holds screen in Debian's chromium (Playwright).

AR searches, sorts and pages the customers (the demo has four: the test imports thirty
more from a Magento companies file, as a store would send them) and opens one; the
holds screen shows why a held company is held and links to its credit-limit change;
both fit a phone as stacked cards; delivery sees names only, never an amount.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Client
from tests.e2e.web.test_browser import (
    AMOUNT,
    DESK,
    PHONE,
    as_demo_user,
    browser,
    serious_axe_violations,
    settle,
    shot,
)

pytestmark = pytest.mark.postgres
__all__ = ["browser"]  # the module's browser fixture, shared

AR = "ar@seller.example"
IMPORTED = 30


def magento_companies(n: int) -> dict[str, Any]:
    return {
        "companies": [
            {
                "id": 9100 + i,
                "company_name": f"Paging Customer {i:02d}",
                "legal_name": f"Paging Customer {i:02d} BV",
                "company_email": f"ap@paging{i}.example",
                "status": 1,
                "street": ["Kade 1"],
                "city": "Utrecht",
                "postcode": "3511 ED",
                "country_id": "NL",
            }
            for i in range(n)
        ],
        "customers": [],
        "hierarchy": {},
    }


def names(api: Client, args: str = "") -> list[str]:
    body = api(f"{{ companies(first: 100{args}) {{ edges {{ node {{ name }} }} }} }}")
    assert "errors" not in body, body
    return [e["node"]["name"] for e in body["data"]["companies"]["edges"]]


@pytest.fixture(scope="module")
def many_customers(web: str, web_store: str, tmp_path_factory: Any) -> list[str]:
    """The demo's companies and thirty imported ones, once the API lists them all."""
    api = Client(web, AR)
    if len(names(api)) < IMPORTED:
        file = Path(tmp_path_factory.mktemp("magento")) / "companies.json"
        file.write_text(json.dumps(magento_companies(IMPORTED)), encoding="utf-8")
        subprocess.run(
            [sys.executable, "-m", "cli.main", "--database", web_store, "import", "magento",
             str(file)],
            check=True, capture_output=True,
        )  # fmt: skip
    deadline = time.monotonic() + 20
    while len(names(api)) < IMPORTED + 4 and time.monotonic() < deadline:
        time.sleep(0.3)
    listed = names(api)
    assert len(listed) >= IMPORTED + 4
    return listed


def shown(page: Any) -> list[str]:
    rows = page.get_by_test_id("customer-row")
    return [rows.nth(i).get_attribute("data-name") for i in range(rows.count())]


def wait_for_rows(page: Any, expected: list[str]) -> None:
    """Until the list shows exactly these companies, in this order (a new sort or filter
    first shows the old rows, then none while loading)."""
    page.wait_for_function(
        """names => JSON.stringify([...document.querySelectorAll('[data-testid=customer-row]')]
             .map(r => r.dataset.name)) === JSON.stringify(names)""",
        arg=expected,
    )


def test_ar_searches_sorts_and_pages_the_customers_and_opens_one(
    browser: Any, web: str, many_customers: list[str]
) -> None:
    api = Client(web, AR)
    page = as_demo_user(browser, web, AR, DESK)
    page.goto("/")
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Customers").click()
    page.get_by_test_id("customer-row").first.wait_for()
    assert shown(page) == many_customers[:25]  # A to Z, one page
    page.get_by_test_id("more").click()
    page.wait_for_function("document.querySelectorAll('[data-testid=customer-row]').length > 25")
    assert shown(page) == many_customers
    assert page.get_by_test_id("more").count() == 0
    assert page.get_by_test_id("total-count").inner_text() == f"{len(many_customers)} customers"
    shot(page, "ar-customers-1280")

    by_overdue = names(api, ", sort: OVERDUE")
    page.get_by_test_id("customer-sort").select_option("OVERDUE")
    wait_for_rows(page, by_overdue[:25])
    assert "sort=OVERDUE" in page.url

    page.get_by_test_id("customer-search").fill("initech")
    page.get_by_test_id("customer-search").press("Enter")
    wait_for_rows(page, ["Initech SARL"])
    page.get_by_role("link", name="Initech SARL").click()
    page.get_by_role("heading", name="Initech SARL").wait_for()
    assert "/customers/" in page.url
    page.go_back()  # the filters live in the address
    wait_for_rows(page, ["Initech SARL"])
    assert page.get_by_test_id("customer-sort").input_value() == "OVERDUE"
    page.context.close()


def test_the_on_hold_filter_and_the_holds_screen_show_why_a_company_is_held(
    browser: Any, web: str
) -> None:
    body = Client(web, AR)(
        "{ companies(onHold: true, first: 100) { edges { node { id name "
        "creditStatus { holdReason } } } } }"
    )
    held = [e["node"] for e in body["data"]["companies"]["edges"]]
    assert [h["name"] for h in held] == ["Initech SARL"]  # the demo's company on hold
    (initech,) = held
    assert initech["creditStatus"]["holdReason"]
    page = as_demo_user(browser, web, AR, DESK)
    page.goto("/customers")
    page.get_by_test_id("customer-row").first.wait_for()
    page.get_by_test_id("on-hold").check()
    wait_for_rows(page, ["Initech SARL"])
    assert "On hold" in page.get_by_test_id("customer-row").inner_text()

    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Holds").click()
    row = page.get_by_test_id("hold-row").filter(has_text="Initech SARL")
    row.wait_for()
    assert row.get_by_test_id("hold-reason").inner_text() == initech["creditStatus"]["holdReason"]
    assert row.locator("td[data-label=Exposure]").inner_text().startswith("€")
    assert row.locator("td[data-label='Credit limit']").inner_text().startswith("€")
    shot(page, "ar-holds-1280")
    row.get_by_test_id("change-limit").click()
    page.get_by_test_id("new-limit").wait_for()
    assert page.url.endswith(f"/customers/{initech['id']}#credit-limit")
    page.wait_for_function("document.activeElement?.dataset.testid === 'new-limit'")
    page.context.close()


@pytest.mark.parametrize("path", ["/customers", "/customers?sort=OVERDUE", "/holds"])
def test_the_customers_pages_are_cards_on_a_phone(
    browser: Any, web: str, many_customers: list[str], path: str
) -> None:
    page = as_demo_user(browser, web, AR, PHONE)
    page.goto(path)
    settle(page)
    rows = page.locator("[data-testid=customer-row], [data-testid=hold-row]")
    rows.first.wait_for()
    assert rows.first.evaluate("tr => getComputedStyle(tr).display") == "grid"  # a card
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_axe_violations(page) == []
    shot(page, "ar" + path.split("?")[0].replace("/", "-") + "-375")
    page.context.close()


def test_delivery_sees_customers_names_and_no_amount(browser: Any, web: str) -> None:
    page = as_demo_user(browser, web, "delivery@seller.example", DESK)
    page.goto("/")
    settle(page)
    nav = page.get_by_role("navigation", name="Sections")
    assert nav.get_by_role("link", name="Customers").count() == 0
    assert nav.get_by_role("link", name="Holds").count() == 0
    page.goto("/customers?sort=BALANCE&hold=1")  # a hand-made address: the plain list
    page.get_by_test_id("customer-row").first.wait_for()
    settle(page)
    text = page.locator("main").inner_text()
    assert not AMOUNT.search(text), AMOUNT.search(text)
    assert "Initech SARL" in text and "On hold" not in text
    assert page.get_by_test_id("customer-rows").get_by_role("link").count() == 0
    assert page.get_by_test_id("on-hold").count() == 0
    sorts = page.get_by_test_id("customer-sort").locator("option").all_inner_texts()
    assert sorts == ["Name (A to Z)"]
    page.goto("/holds")
    settle(page)
    assert not AMOUNT.search(page.locator("main").inner_text())
    assert page.get_by_test_id("hold-row").count() == 0
    page.context.close()


def test_customer_service_sees_balances_but_no_credit_on_the_customers_page(
    browser: Any, web: str
) -> None:
    page = as_demo_user(browser, web, "cs@seller.example", PHONE)
    page.goto("/customers")
    page.get_by_test_id("customer-row").first.wait_for()
    settle(page)
    first = page.get_by_test_id("customer-row").first
    labels = first.locator("td").evaluate_all("tds => tds.map(td => td.dataset.label)")
    assert labels == ["Customer", "Balance", "Overdue"]
    assert AMOUNT.search(first.inner_text())
    assert page.get_by_test_id("on-hold").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.context.close()


def test_the_auditor_sees_the_holds_read_only(browser: Any, web: str) -> None:
    page = as_demo_user(browser, web, "auditor@seller.example", PHONE)
    page.goto("/holds")
    row = page.get_by_test_id("hold-row").filter(has_text="Initech SARL")
    row.wait_for()
    assert row.get_by_test_id("hold-reason").inner_text()
    assert page.get_by_test_id("change-limit").count() == 0
    labels = row.locator("td").evaluate_all("tds => tds.map(td => td.dataset.label)")
    assert labels == ["Customer", "Why", "Exposure", "Credit limit", "Available"]
    page.context.close()
