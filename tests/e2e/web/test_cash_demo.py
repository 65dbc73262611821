"""The demo's cash application screen has work on it, and AR can do all of it.

A fresh demo once showed "No bank entries to apply": every demo payment came with advice
and was applied at once. Yesterday's statement (cli/demo_bank.py) leaves a customer's
lump sum on account and a transfer nobody matches; AR spreads the one and sets the other
aside with a reason, on a phone.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browsers import chromium
from tests.e2e.web.test_browser import as_demo_user, serious_axe_violations

AR = "ar@seller.example"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


def test_the_demo_leaves_a_payment_on_account_and_one_nobody_matches(
    browser: Any, web: str
) -> None:
    page = as_demo_user(browser, web, AR)
    page.goto("/cash")
    on_account = page.get_by_test_id("bank-entry").filter(has_text="Payment on account")
    on_account.get_by_text("Received on account, not applied yet").wait_for()
    assert on_account.get_by_test_id("spread").count() == 1
    stranger = page.get_by_test_id("bank-entry").filter(has_text="Nordwind Logistik")
    assert "Not identified" in stranger.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_axe_violations(page) == []
    page.context.close()


def test_ar_sets_an_unidentified_entry_aside_with_a_reason(browser: Any, web: str) -> None:
    page = as_demo_user(browser, web, AR)
    page.goto("/cash")
    stranger = page.get_by_test_id("bank-entry").filter(has_text="Nordwind Logistik")
    stranger.get_by_test_id("set-aside").click()
    assert stranger.get_by_test_id("dismiss-go").is_disabled()  # no reason, no dismissal
    stranger.get_by_test_id("dismiss-reason").fill("Misdirected: returned to the sender")
    stranger.get_by_test_id("dismiss-go").click()
    stranger.get_by_text("Set aside: Misdirected: returned to the sender").wait_for()
    assert "Dismissed" in stranger.inner_text()
    assert stranger.get_by_test_id("set-aside").count() == 0
    page.context.close()


def test_the_auditor_sees_the_entries_but_cannot_act(browser: Any, web: str) -> None:
    page = as_demo_user(browser, web, "auditor@seller.example")
    page.goto("/cash")
    page.get_by_test_id("bank-entry").first.wait_for()
    assert page.get_by_test_id("set-aside").count() == 0
    assert page.get_by_test_id("spread").count() == 0
    page.context.close()
