"""The web app in Debian's chromium (Playwright), at 375x812 and 1280x900, for every role.

Against `serve --demo` on PostgreSQL with the stand-in card provider: sign-in by
an e-mailed link, a buyer paying two invoices in one card payment, every page
fitting a phone, the delivery role seeing no amount, and axe-core finding no
serious or critical problem. Screenshots land in $TMPDIR/arledger-web.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.browsers import chromium
from tests.e2e.conftest import Client
from tests.e2e.web.conftest import Inbox

AXE = Path(__file__).resolve().parents[3] / "web" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(tempfile.gettempdir()) / "arledger-web"
PHONE = {"width": 375, "height": 812}
DESK = {"width": 1280, "height": 900}
pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


def as_demo_user(browser: Any, web: str, email: str, viewport: dict[str, int] = PHONE) -> Any:
    context = browser.new_context(viewport=viewport, locale="en-GB", base_url=web)
    answer = context.request.post("/auth/demo", data={"email": email})
    assert answer.ok, answer.text()
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def serious_axe_violations(page: Any) -> list[str]:
    if not AXE.exists():
        pytest.fail(f"axe-core missing: run `npm ci` in web/ ({AXE})")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def settle(page: Any) -> None:
    page.wait_for_load_state("networkidle")
    page.locator("main").first.wait_for()
    page.wait_for_function("!document.body.innerText.includes('Loading')")


def test_a_buyer_signs_in_by_the_link_in_the_email(browser: Any, web: str, mailbox: Inbox) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-GB", base_url=web)
    page = context.new_page()
    page.goto("/")
    before = len(mailbox.to("judy@globex.example"))
    page.get_by_label("Your e-mail address").fill("judy@globex.example")
    page.get_by_test_id("send-link").click()
    page.get_by_test_id("link-sent").wait_for()
    page.goto(mailbox.link_for("judy@globex.example", before))
    page.get_by_test_id("invoice-row").first.wait_for()
    assert "Judy de Vries" in page.locator("header").inner_text()
    shot(page, "signed-in-by-link-375")
    page.get_by_test_id("sign-out").click()
    page.get_by_test_id("send-link").wait_for()
    context.close()


INVOICES = """query { invoices(source: ALL, status: [OPEN, OVERDUE], first: 100) {
  edges { node { id number open { amount } disputed { amount } } } } }"""
CREDIT = """query($id: ID!) { company(id: $id) { creditStatus { available { amount } } } }"""


def available(api: Client, company: str) -> Decimal:
    body = api(CREDIT, id=company)
    return Decimal(body["data"]["company"]["creditStatus"]["available"]["amount"])


def test_a_buyer_pays_two_invoices_in_one_card_payment_and_sees_credit_freed(
    browser: Any, web: str
) -> None:
    buyer = "henry@globex.example"
    api = Client(web, buyer)
    company = api("{ viewer { company { id } } }")["data"]["viewer"]["company"]["id"]
    edges = api(INVOICES)["data"]["invoices"]["edges"]
    two = [e["node"] for e in edges if Decimal(e["node"]["disputed"]["amount"]) == 0][:2]
    assert len(two) == 2
    paying = sum(Decimal(n["open"]["amount"]) for n in two)
    before = available(api, company)
    page = as_demo_user(browser, web, buyer)
    page.goto("/account")
    page.get_by_test_id("credit-available").wait_for()
    shown_before = page.get_by_test_id("credit-available").inner_text()
    page.goto("/")
    for n in two:
        page.get_by_label("Search").fill(n["number"])
        page.get_by_label("Search").press("Enter")
        page.get_by_test_id(f"choose-{n['number']}").check()
    page.get_by_test_id("pay").click()
    shot(page, "buyer-pay-two-375")
    page.get_by_test_id("confirm-card").click()
    page.wait_for_function(
        "document.querySelector('[data-testid=pay-message]').textContent.includes('received')"
    )
    deadline = time.monotonic() + 20  # the provider's webhook books the payment
    while available(api, company) == before and time.monotonic() < deadline:
        time.sleep(0.3)
    assert available(api, company) == before + paying
    page.goto("/account")
    page.get_by_test_id("credit-available").wait_for()
    page.wait_for_function(
        f"document.querySelector('[data-testid=credit-available]').textContent != {shown_before!r}"
    )
    shot(page, "buyer-account-after-paying-375")


def first_invoice(web: str, email: str) -> str:
    body = Client(web, email)("{ invoices(first: 1) { edges { node { id } } } }")
    return str(body["data"]["invoices"]["edges"][0]["node"]["id"])


def first_company(web: str, email: str) -> str:
    body = Client(web, email)("{ invoices(first: 1) { edges { node { company { id } } } } }")
    return str(body["data"]["invoices"]["edges"][0]["node"]["company"]["id"])


PAGES = {  # role's demo user: the pages it has
    "henry@globex.example": ["/", "/invoices/{invoice}", "/account"],
    "grace@globex.example": ["/", "/invoices/{invoice}"],
    "ar@seller.example": [
        "/",
        "/invoices",
        "/invoices/{invoice}",
        "/queries",
        "/cash",
        "/erp",
        "/reminders",
        "/events",
        "/customers",
        "/holds",
        "/customers/{company}",
    ],
    "sales@seller.example": [
        "/",
        "/invoices/{invoice}",
        "/customers",
        "/holds",
        "/customers/{company}",
    ],
    "cs@seller.example": [
        "/",
        "/invoices/{invoice}",
        "/queries",
        "/customers",
        "/customers/{company}",
    ],
    "delivery@seller.example": ["/", "/invoices/{invoice}"],
    "auditor@seller.example": ["/", "/invoices", "/cash", "/reminders", "/events", "/customers", "/holds"],
}


@pytest.mark.parametrize("email", list(PAGES))
def test_every_page_fits_a_phone_and_passes_axe_for(browser: Any, web: str, email: str) -> None:
    invoice, company = first_invoice(web, email), first_company(web, email)
    problems: list[str] = []
    for viewport in (PHONE, DESK):
        page = as_demo_user(browser, web, email, viewport)
        for path in PAGES[email]:
            page.goto(path.format(invoice=invoice, company=company))
            settle(page)
            assert page.locator(".error").count() == 0, page.locator(".error").first.inner_text()
            name = email.split("@")[0] + path.replace("/", "-").replace("{", "").replace("}", "")
            shot(page, f"{name}-{viewport['width']}")
            if viewport is PHONE:
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > 375:
                    problems.append(f"{path} is {width}px wide at 375")
            problems += [f"{path} @{viewport['width']}: {v}" for v in serious_axe_violations(page)]
        page.context.close()
    assert problems == []


AMOUNT = re.compile(r"[€£$]\s?\d|\d\s?[€£$]|\b(EUR|GBP|USD)\b")


def test_the_delivery_role_sees_no_amount_anywhere(browser: Any, web: str) -> None:
    email = "delivery@seller.example"
    page = as_demo_user(browser, web, email, DESK)
    for path in PAGES[email]:
        page.goto(path.format(invoice=first_invoice(web, email)))
        settle(page)
        text = page.locator("body").inner_text()
        assert page.get_by_test_id("order").count() or "Invoice" in text
        assert not AMOUNT.search(text), AMOUNT.search(text)
        assert page.get_by_test_id("download-pdf").count() == 0  # documents show amounts
    page.context.close()


def test_the_invoice_page_links_to_its_pdf_and_ubl_and_the_pdf_link_downloads(
    browser: Any, web: str
) -> None:
    buyer = "alice@acme.example"
    invoice = first_invoice(web, buyer)
    page = as_demo_user(browser, web, buyer, DESK)
    page.goto(f"/invoices/{invoice}")
    pdf, ubl = page.get_by_test_id("download-pdf"), page.get_by_test_id("download-ubl")
    pdf.wait_for()
    assert pdf.inner_text() == "Download PDF" and ubl.inner_text() == "Download UBL"
    assert ubl.get_attribute("href") == f"/documents/invoices/{invoice}.xml"
    answer = page.context.request.get(pdf.get_attribute("href"))  # with the session cookie
    assert answer.status == 200, answer.text()
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.body().startswith(b"%PDF")
    page.context.close()


def test_a_buyers_question_is_answered_by_ar_in_the_workbench_and_the_buyer_sees_it(
    browser: Any, web: str
) -> None:
    buyer = "oliver@umbrella.example"
    invoice = first_invoice(web, buyer)
    page = as_demo_user(browser, web, buyer)
    page.goto(f"/invoices/{invoice}")
    page.get_by_test_id("query-message").fill("Two helmets arrived cracked")
    page.get_by_test_id("query-reason").select_option("DAMAGED")
    page.get_by_test_id("raise-query").click()
    page.get_by_test_id("thread").filter(has_text="Two helmets arrived cracked").wait_for()
    ar = as_demo_user(browser, web, "ar@seller.example", DESK)
    ar.goto("/queries")
    settle(ar)
    ar.goto(f"/invoices/{invoice}")
    thread = ar.get_by_test_id("thread").filter(has_text="Two helmets arrived cracked")
    thread.get_by_test_id("reply-text").fill("Sorry: new helmets are on their way")
    thread.get_by_test_id("reply-send").click()
    thread.locator(".message", has_text="new helmets are on their way").wait_for()
    shot(ar, "ar-answers-query-1280")
    page.reload()
    page.locator(".message", has_text="new helmets are on their way").wait_for()
    assert "Seller" in page.get_by_test_id("thread").first.inner_text()
    shot(page, "buyer-sees-reply-375")
    ar.context.close()
    page.context.close()


STATEMENT = """:20:STMT-WEB-{n}
:25:NL91ABNA0417164300
:28C:00001/1
:60F:C261201EUR0,00
:61:2612011201C30,00NTRFNONREF//WEB-{n}
:86:/TRTP/SEPA OVERBOEKING/IBAN/NL02RABO0123456789/NAME/GLOBEX TRADING BV/REMI/THREE/EREF/NONE
:62F:C261201EUR30,00
"""
OPEN_OF = """query($c: ID!) { invoices(companyId: $c, status: [OPEN, OVERDUE, PARTIALLY_PAID],
  first: 50) { edges { node { id number paid { amount } open { amount } } } } }"""


def test_ar_applies_one_bank_payment_across_three_invoices(
    browser: Any, web: str, web_store: str, tmp_path: Path
) -> None:
    ar = Client(web, "ar@seller.example")
    globex = Client(web, "henry@globex.example")("{ viewer { company { id } } }")
    company = globex["data"]["viewer"]["company"]["id"]
    statement = tmp_path / "statement.mt940"
    statement.write_text(STATEMENT.format(n=int(time.time())), encoding="ascii")
    subprocess.run(
        [sys.executable, "-m", "cli.main", "--database", web_store, "import", "bank",
         str(statement)],
        check=True, capture_output=True,
    )  # fmt: skip
    three = [e["node"] for e in ar(OPEN_OF, c=company)["data"]["invoices"]["edges"]
             if Decimal(e["node"]["open"]["amount"]) >= 10][:3]  # fmt: skip
    assert len(three) == 3
    page = as_demo_user(browser, web, "ar@seller.example")
    page.goto("/cash")
    entry = page.get_by_test_id("bank-entry").filter(has_text="GLOBEX TRADING BV")
    entry.get_by_test_id("spread").click()
    for n in three:
        entry.get_by_test_id(f"apply-{n['number']}").fill("10.00")
    shot(page, "ar-cash-three-375")
    entry.get_by_test_id("allocate-go").click()
    page.get_by_test_id("allocate").wait_for(state="detached")
    after = {
        e["node"]["id"]: e["node"] for e in ar(OPEN_OF, c=company)["data"]["invoices"]["edges"]
    }
    for n in three:
        was, now = Decimal(n["paid"]["amount"]), after.get(n["id"])
        assert now is None or Decimal(now["paid"]["amount"]) == was + 10
    page.context.close()


def test_a_buyer_sends_remittance_advice_for_two_invoices(browser: Any, web: str) -> None:
    buyer = "paul@initech.example"
    edges = Client(web, buyer)(INVOICES)["data"]["invoices"]["edges"]
    two = [e["node"]["number"] for e in edges][:2]
    assert len(two) == 2
    page = as_demo_user(browser, web, buyer)
    page.goto("/")
    for number in two:
        page.get_by_label("Search").fill(number)
        page.get_by_label("Search").press("Enter")
        page.get_by_test_id(f"choose-{number}").check()
    page.get_by_text("Send remittance advice").click()
    page.get_by_test_id("ra-reference").fill("TRANSFER-0042")
    page.get_by_test_id("ra-send").click()
    page.get_by_test_id("ra-message").filter(has_text="Thank you").wait_for()
    shot(page, "buyer-remittance-375")
    page.context.close()


def test_the_auditor_sees_the_books_as_they_stood_at_a_past_moment(browser: Any, web: str) -> None:
    page = as_demo_user(browser, web, "auditor@seller.example", DESK)
    page.goto("/")
    settle(page)
    now = page.get_by_test_id("aging-chart").first.inner_text()
    first = Client(web, "auditor@seller.example")(
        "{ ledgerEvents(first: 1) { edges { node { occurredAt } } } }"
    )["data"]["ledgerEvents"]["edges"][0]["node"]["occurredAt"]
    moment = (datetime.fromisoformat(first) + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_test_id("as-of").fill(moment)
    page.wait_for_function(
        "t => document.querySelector('[data-testid=aging-chart]')?.innerText !== t", arg=now
    )
    settle(page)
    assert page.get_by_test_id("aging-chart").first.inner_text() != now
    assert page.get_by_role("button", name="Pay by card").count() == 0  # read-only
    shot(page, "auditor-as-of-1280")
    page.context.close()


def test_a_buyer_pages_through_every_invoice_and_web_plus_erp_make_all(
    browser: Any, web: str
) -> None:
    buyer = "alice@acme.example"
    total = Client(web, buyer)("{ invoices(first: 1) { totalCount } }")["data"]["invoices"]
    page = as_demo_user(browser, web, buyer)
    page.goto("/")
    page.get_by_test_id("total-count").wait_for()
    while page.get_by_test_id("more").count():
        shown = page.get_by_test_id("invoice-row").count()
        page.get_by_test_id("more").click()
        page.wait_for_function(
            f"document.querySelectorAll('[data-testid=invoice-row]').length > {shown}"
        )
    assert page.get_by_test_id("invoice-row").count() == total["totalCount"] > 25
    counts = {}
    for source in ("ALL", "WEB", "ERP"):
        tab = page.get_by_test_id(f"tab-{source}")
        page.wait_for_function(
            f"/\\d/.test(document.querySelector('[data-testid=tab-{source}] span').textContent)"
        )
        counts[source] = int(tab.inner_text().split("(")[1].rstrip(")"))
    assert counts["ALL"] == counts["WEB"] + counts["ERP"] == total["totalCount"]
    page.context.close()


def test_ar_changes_a_customers_credit_limit_and_sees_the_new_figures(
    browser: Any, web: str
) -> None:
    company = first_company(web, "mia@initech.example")
    page = as_demo_user(browser, web, "ar@seller.example", DESK)
    page.goto(f"/customers/{company}")
    page.get_by_test_id("new-limit").fill("4321.00")
    page.get_by_test_id("set-limit").click()
    page.get_by_text("Credit limit changed.").wait_for()
    page.get_by_text("€4,321.00").first.wait_for()
    page.context.close()
