"""Paused reminders against a real SMTP server: `remind` asks for nothing for a paused
invoice or company, and asks again once the pause is resumed or its last day has passed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from adapters import outbox
from cli.wiring import read_models
from ledger import commands as c
from ledger.application import Ledger
from ledger.invoices import Invoice
from projections import views
from tests.adapters.test_delivery import T0, Smtp, at, invoiced
from tests.builders import key, web_invoice
from tests.unit.support import staff

AR = "ar@seller.example"


@pytest.fixture
def mail_server() -> Iterator[Smtp]:
    server = Smtp()
    server.up()
    yield server
    server.down()


def reminded(ledger: Ledger, view: Any, smtp: Smtp, day: date) -> list[str]:
    """The subjects of the reminders `remind` sends on `day`."""
    before = len(smtp.inbox.messages)
    with at(datetime(day.year, day.month, day.day, 8, tzinfo=UTC)):
        outbox.remind(ledger, view, day)
        outbox.send_due(ledger, view, smtp.transports())
    return smtp.inbox.subjects()[before:]


def reminder_rows(view: Any) -> list[dict[str, Any]]:
    with view.rows() as (rows, _):
        found: list[dict[str, Any]] = rows.select(
            "SELECT subject_id FROM dispatches WHERE purpose = 'REMINDER'"
        )
    return found


def due_date(ledger: Ledger, invoice_id: UUID) -> date:
    invoice = ledger.load(invoice_id)
    assert isinstance(invoice, Invoice)
    return invoice.header.due_date


def test_a_paused_invoice_gets_no_reminder_until_resumed(
    sqlite_url: str, mail_server: Smtp
) -> None:
    ledger = Ledger(sqlite_url)
    view = read_models(ledger, views.open_views(sqlite_url))
    staff(ledger, AR)
    buyer, paused = invoiced(ledger)
    with at(T0):
        other = web_invoice(ledger, buyer)
        outbox.plan(ledger, view)
        ledger.execute(c.PauseReminders(key(), "moving offices", AR, invoice_id=paused))
    due = due_date(ledger, paused)
    sent = reminded(ledger, view, mail_server, due)
    assert len(sent) == 1 and all("is due today" in s for s in sent)
    [row] = reminder_rows(view)
    assert row["subject_id"] == str(other)
    with at(datetime.combine(due, datetime.min.time(), UTC) + timedelta(hours=10)):
        ledger.execute(c.ResumeReminders(key(), "sorted", AR, invoice_id=paused))
    assert reminded(ledger, view, mail_server, due + timedelta(days=7)) and {
        r["subject_id"] for r in reminder_rows(view)
    } == {str(paused), str(other)}
    ledger.close()


def test_a_company_pause_holds_all_its_invoices_through_its_last_day(
    sqlite_url: str, mail_server: Smtp
) -> None:
    ledger = Ledger(sqlite_url)
    view = read_models(ledger, views.open_views(sqlite_url))
    staff(ledger, AR)
    buyer, invoice_id = invoiced(ledger)
    due = due_date(ledger, invoice_id)
    with at(T0):
        outbox.plan(ledger, view)
        ledger.execute(c.PauseReminders(key(), "in administration", AR, due,
                                        company_id=buyer.company_id))  # fmt: skip
    assert reminded(ledger, view, mail_server, due - timedelta(days=3)) == []
    assert reminded(ledger, view, mail_server, due) == []  # `until` is the last day held
    assert reminded(ledger, view, mail_server, due + timedelta(days=7)) != []  # the pause is over
    ledger.close()


DUE = "query($d: Date) { remindersDue(date: $d) { invoiceId step paused willSend } }"


def test_the_api_lists_as_sendable_exactly_what_the_day_s_run_asks_for(sqlite_url: str) -> None:
    """What AR sees on the page is what `remind` sends: the paused invoice is listed, held,
    and gets no dispatch; the other is listed as going out, and gets one."""
    from graphql_api.auth import mint
    from tests.api.test_safe_defaults import calls, graphql

    ledger = Ledger(sqlite_url)
    view = read_models(ledger, views.open_views(sqlite_url))
    staff(ledger, AR)
    buyer, paused = invoiced(ledger)
    with at(T0):
        other = web_invoice(ledger, buyer)
        ledger.execute(c.PauseReminders(key(), "moving offices", AR, invoice_id=paused))
    day = due_date(ledger, paused) + timedelta(days=7)
    query = graphql(DUE, mint(AR))
    query[2]["json"]["variables"] = {"d": day.isoformat()}
    [response] = calls(sqlite_url)(query)
    listed = {UUID(r["invoiceId"]): r for r in response.json()["data"]["remindersDue"]}
    assert set(listed) == {paused, other}
    assert listed[paused]["paused"] and not listed[paused]["willSend"]
    with at(datetime(day.year, day.month, day.day, 8, tzinfo=UTC)):
        assert outbox.remind(ledger, view, day) == 1
    view.catch_up()
    sendable = {i for i, r in listed.items() if r["willSend"]}
    assert {UUID(r["subject_id"]) for r in reminder_rows(view)} == sendable == {other}
    ledger.close()


def test_the_pause_view_is_rebuilt_by_replay_byte_for_byte(sqlite_url: str) -> None:
    ledger = Ledger(sqlite_url)
    view = views.open_views(sqlite_url)
    staff(ledger, AR)
    buyer, invoice_id = invoiced(ledger)
    with at(T0):
        ledger.execute(c.PauseReminders(key(), "moving", AR, date(2026, 12, 1), invoice_id))
        ledger.execute(c.PauseReminders(key(), "audit", AR, company_id=buyer.company_id))
        ledger.execute(c.ResumeReminders(key(), "done", AR, company_id=buyer.company_id))
    views.catch_up(ledger, view)
    with view.rows() as (rows, _):
        shown = rows.select("SELECT subject_kind, paused, reason, paused_until, paused_by "
                            "FROM reminder_pauses ORDER BY subject_kind")  # fmt: skip
    assert shown == [
        {"subject_kind": "COMPANY", "paused": 0, "reason": "", "paused_until": None,
         "paused_by": AR},
        {"subject_kind": "INVOICE", "paused": 1, "reason": "moving",
         "paused_until": "2026-12-01", "paused_by": AR},
    ]  # fmt: skip
    before = view.digest()
    assert views.rebuild(ledger, view) == ledger.event_count()
    assert view.digest() == before
    ledger.close()
