"""The web app's document links and the demo's branding, in Debian's chromium (Playwright).

Against `serve --demo` on PostgreSQL: an invoice page lists its credit notes by number,
each with its downloads; the buyer's Account page and the staff Customer page link the
statement PDF for the period chosen; the demo shows the seller's logo (an image that
loaded, not a broken one) and the promotion. Links are followed with the page's own
session cookie, as a click sends it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from tests.browsers import chromium
from tests.e2e.web.test_browser import DESK, PHONE, as_demo_user, settle, shot
from tests.e2e.web.test_credit_note_documents import credited_invoice
from tests.e2e.web.test_statement_pdf import acme

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


def downloads(page: Any, link: Any) -> bytes:
    answer = page.context.request.get(link.get_attribute("href"))  # with the session cookie
    assert answer.status == 200, answer.text()
    assert answer.headers["content-type"] == "application/pdf"
    body: bytes = answer.body()
    return body


def test_the_invoice_page_lists_its_credit_notes_with_their_downloads(
    browser: Any, web: str
) -> None:
    buyer = "alice@acme.example"
    invoice = credited_invoice(web, buyer)
    note = invoice["creditNotes"][0]["number"]
    page = as_demo_user(browser, web, buyer, PHONE)
    page.goto(f"/invoices/{invoice['id']}")
    settle(page)
    listed = page.get_by_test_id("credit-notes")
    assert note in listed.inner_text()
    pdf = listed.get_by_test_id(f"credit-note-pdf-{note}")
    assert pdf.get_attribute("href") == f"/documents/credit-notes/{note}.pdf"
    assert listed.get_by_test_id(f"credit-note-ubl-{note}").get_attribute("href") == (
        f"/documents/credit-notes/{note}.xml"
    )
    assert downloads(page, pdf).startswith(b"%PDF")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shot(page, "alice-invoice-credit-notes-375")
    page.context.close()


def test_the_account_page_links_the_statement_pdf_for_the_chosen_period(
    browser: Any, web: str
) -> None:
    page = as_demo_user(browser, web, "alice@acme.example", PHONE)
    page.goto("/account")
    settle(page)
    page.get_by_label("From").fill("2026-01-01")
    link = page.get_by_test_id("statement-pdf")
    company, today = acme(web), date.today().isoformat()
    page.wait_for_function(
        "document.querySelector('[data-testid=statement-pdf]').href.includes('from=2026-01-01')"
    )
    assert link.get_attribute("href") == (
        f"/documents/statements/{company}.pdf?from=2026-01-01&to={today}"
    )
    assert downloads(page, link).startswith(b"%PDF")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.context.close()


def test_the_staff_customer_page_links_the_statement_pdf(browser: Any, web: str) -> None:
    page = as_demo_user(browser, web, "ar@seller.example", DESK)
    company = acme(web)
    page.goto(f"/customers/{company}")
    settle(page)
    link = page.get_by_test_id("statement-pdf")
    href = link.get_attribute("href", timeout=15_000)
    assert href.startswith(f"/documents/statements/{company}.pdf")
    assert downloads(page, link).startswith(b"%PDF")
    page.context.close()
    sales = as_demo_user(browser, web, "sales@seller.example", DESK)  # Statement is not theirs
    sales.goto(f"/customers/{company}")
    settle(sales)
    assert sales.get_by_test_id("statement-pdf").count() == 0
    sales.context.close()


def test_the_demo_shows_the_sellers_logo_and_the_promotion(browser: Any, web: str) -> None:
    page = as_demo_user(browser, web, "alice@acme.example", PHONE)
    page.goto("/")
    settle(page)
    logo = page.locator("header .brand img")
    logo.wait_for()
    page.wait_for_function("document.querySelector('header .brand img').complete")
    assert page.evaluate("document.querySelector('header .brand img').naturalWidth") > 0
    assert logo.get_attribute("src") == "/auth/logo"
    assert page.get_by_test_id("promotion").inner_text().strip()
    answer = page.context.request.get("/auth/logo")
    assert answer.status == 200 and answer.headers["content-type"] == "image/png"
    shot(page, "alice-logo-375")
    page.context.close()
