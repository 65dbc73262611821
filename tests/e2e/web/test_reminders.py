"""AR's reminders page in chromium: today's reminders, one invoice paused from the page
(shown paused, with its reason), and the day's reminder run then asks for no reminder for
it while the others it lists still go out; at 375 px the page fits the phone."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest

from adapters import outbox
from cli.roles import waiting_read_models
from ledger import clock
from ledger.application import Ledger
from ledger.dispatches import Dispatch, dispatch_id
from projections import views
from tests.e2e.conftest import Client
from tests.e2e.web.test_browser import (  # noqa: F401 (browser is a fixture)
    PHONE,
    as_demo_user,
    browser,
    serious_axe_violations,
    settle,
    shot,
)

pytestmark = pytest.mark.postgres
AR = "ar@seller.example"
DUE = "{ remindersDue { invoiceId number step paused willSend } }"


def requested(ledger: Ledger, row: dict[str, Any]) -> bool:
    """Whether the run asked for this reminder (its dispatch id names invoice and step)."""
    found = dispatch_id("REMINDER", UUID(row["invoiceId"]), "EMAIL", f"step {row['step']}")
    return isinstance(ledger.find(found), Dispatch)


def test_ar_pauses_an_invoice_and_the_reminder_run_leaves_it_out(
    browser: Any,  # noqa: F811
    web: str,
    web_store: str,
) -> None:
    due = [r for r in Client(web, AR)(DUE)["data"]["remindersDue"] if r["willSend"]]
    assert len(due) >= 2, "the demo data has reminders due today"
    paused, other = due[0], due[1]
    page = as_demo_user(browser, web, AR, PHONE)
    page.goto("/reminders")
    settle(page)
    row = page.get_by_test_id(f"reminder-{paused['number']}")
    row.get_by_test_id("pause-invoice").click()
    shot(page, "ar-reminders-pause-form-375")
    page.get_by_test_id("pause-reason").fill("Waiting for the signed delivery note")
    page.get_by_test_id("pause-confirm").click()
    row.get_by_test_id("resume").wait_for()
    assert (
        "Paused: Waiting for the signed delivery note"
        in row.get_by_test_id("reminder-state").inner_text()
    )
    assert paused["number"] in page.get_by_test_id("pauses").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_axe_violations(page) == []
    shot(page, "ar-reminders-paused-375")
    page.context.close()

    ledger = Ledger(web_store)  # what `arledger reminders run` does, on the server's store
    try:
        view = waiting_read_models(ledger, views.open_views(web_store), None)
        assert outbox.remind(ledger, view, clock.today()) >= 1
        assert not requested(ledger, paused)
        assert requested(ledger, other)
    finally:
        ledger.close()
