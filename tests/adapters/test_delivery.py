"""The outbox against real peers: an SMTP server (aiosmtpd) and an HTTP receiver."""

from __future__ import annotations

import email
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from uuid import UUID

import pytest
from aiosmtpd.controller import Controller

from adapters import mail, outbox
from adapters.ap_portal import ApPortalTransport
from adapters.read_models import ReadModels
from adapters.signing import verify
from adapters.transports import Transports
from cli.wiring import read_models
from ledger import clock
from ledger import commands as c
from ledger.application import Ledger
from ledger.companies import BillingDetails
from ledger.dispatches import Dispatch, dispatch_id
from ledger.invoices import Invoice
from projections import views
from tests.builders import allocate, company, key, line, payment, web_invoice

BILLING = BillingDetails("Acme Trading B.V.", "NL987654321B01", "Stationsplein 10", "Utrecht",
                         "3511 ED", "NL", "ap@acme.example")  # fmt: skip
T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def subjects(self) -> list[str]:
        return [str(m["Subject"]) for m in self.messages]


class Smtp:
    """A real SMTP server on a fixed port that can be taken down and brought back."""

    def __init__(self) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def up(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def down(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def transports(self) -> Transports:
        settings = mail.SmtpSettings(host="127.0.0.1", port=self.port, timeout=3)
        return Transports(email=mail.SmtpTransport(settings))


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    server = Smtp()
    server.up()
    yield server
    server.down()


@pytest.fixture
def world(store_url: str) -> Iterator[tuple[Ledger, ReadModels]]:
    ledger = Ledger(store_url)
    yield ledger, read_models(ledger, views.open_views(store_url))
    ledger.close()


def at(moment: datetime) -> Any:
    return clock.frozen_at(moment)


def run_outbox(ledger: Ledger, view: ReadModels, smtp: Smtp, when: datetime) -> Any:
    with at(when):
        outbox.plan(ledger, view, from_start=True)
        return outbox.send_due(ledger, view, smtp.transports())


def invoiced(ledger: Ledger, **kwargs: Any) -> tuple[Any, UUID]:
    with at(T0):
        buyer = company(ledger, "Acme", billing=BILLING, **kwargs)
        return buyer, web_invoice(ledger, buyer, line("1", "2", "50.00"))


def test_an_invoice_notice_goes_once_with_the_pdf_and_both_parts(world: Any, smtp: Smtp) -> None:
    ledger, view = world
    _, invoice_id = invoiced(ledger)
    assert run_outbox(ledger, view, smtp, T0)["delivered"] == 1
    assert run_outbox(ledger, view, smtp, T0 + timedelta(hours=1)) == {}
    [message] = smtp.inbox.messages
    assert message["To"] == "ap@acme.example" and "INV-" in message["Subject"]
    types = [part.get_content_type() for part in message.walk()]
    assert {"text/plain", "text/html", "application/pdf"} <= set(types)
    assert message["Message-ID"] == mail.message_id(dispatch_id("INVOICE", invoice_id, "EMAIL", ""))
    invoice = ledger.load(invoice_id)
    assert isinstance(invoice, Invoice) and invoice.delivered_by == ["EMAIL"]


def test_after_delivery_timing_waits_for_the_goods(sqlite_url: str, smtp: Smtp) -> None:
    ledger = Ledger(sqlite_url)
    view = read_models(ledger, views.open_views(sqlite_url))
    with at(T0):
        buyer = company(ledger, "Acme", billing=BILLING, email_timing="AFTER_DELIVERY")
        order = ledger.execute(c.PlaceOrder(key(), buyer.company_id, buyer.email, "PO-1", "EUR",
                                            (line("1", "2", "50.00"),)))  # fmt: skip
        order_id = UUID(order["order_id"])
        ledger.execute(c.InvoiceOrder(key(), order_id))
    run_outbox(ledger, view, smtp, T0)
    assert smtp.inbox.messages == []  # invoiced, not delivered yet
    with at(T0 + timedelta(days=1)):
        ledger.execute(c.ShipOrderLines(key(), order_id, (("1", "2"),), delivered=True))
    run_outbox(ledger, view, smtp, T0 + timedelta(days=1))
    assert len(smtp.inbox.messages) == 1
    ledger.close()


def test_smtp_down_then_up_sends_each_invoice_exactly_once(world: Any, smtp: Smtp) -> None:
    ledger, view = world
    with at(T0):
        buyer = company(ledger, "Acme", billing=BILLING)
        for n in range(3):
            web_invoice(ledger, buyer, line("1", "1", f"{10 + n}.00"))
    smtp.down()
    first = run_outbox(ledger, view, smtp, T0)
    assert first == {"failed": 3}
    assert run_outbox(ledger, view, smtp, T0 + timedelta(seconds=30)) == {}  # backing off
    smtp.up()
    assert run_outbox(ledger, view, smtp, T0 + timedelta(minutes=2)) == {"delivered": 3}
    assert run_outbox(ledger, view, smtp, T0 + timedelta(hours=2)) == {}
    assert len(smtp.inbox.messages) == 3
    assert len({m["Message-ID"] for m in smtp.inbox.messages}) == 3
    failures = [e for e in ledger.all_events() if isinstance(e, Dispatch.Failed)]
    assert len(failures) == 3 and all("Connect" in e.error or "refused" in e.error.lower()
                                      for e in failures)  # fmt: skip


def test_a_sender_killed_mid_send_retries_later_with_the_same_message_id(
    sqlite_url: str, smtp: Smtp
) -> None:
    ledger = Ledger(sqlite_url)
    view = read_models(ledger, views.open_views(sqlite_url))
    invoiced(ledger)

    class DiesAfterSending(mail.SmtpTransport):
        def send(self, message: Any) -> str:
            super().send(message)
            raise KeyboardInterrupt  # the process dies before recording the outcome

    transports = Transports(email=DiesAfterSending(smtp.transports().email.settings))
    with at(T0), pytest.raises(KeyboardInterrupt):
        outbox.plan(ledger, view, from_start=True)
        outbox.send_due(ledger, view, transports)
    assert run_outbox(ledger, view, smtp, T0 + timedelta(minutes=5)) == {}  # still in flight
    assert run_outbox(ledger, view, smtp, T0 + timedelta(minutes=11))["delivered"] == 1
    first, second = smtp.inbox.messages
    assert first["Message-ID"] == second["Message-ID"]  # the receiver can tell
    ledger.close()


class Receiver(BaseHTTPRequestHandler):
    script: ClassVar[list[int]] = []
    seen: ClassVar[list[tuple[dict[str, str], bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).seen.append((dict(self.headers), body))
        code = type(self).script.pop(0) if type(self).script else 200
        self.send_response(code)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    Receiver.script, Receiver.seen = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/invoices"
    server.shutdown()
    server.server_close()


def ap_world(sqlite_url: str, url: str) -> tuple[Ledger, ReadModels]:
    ledger = Ledger(sqlite_url)
    with at(T0):
        buyer = company(ledger, "Acme", billing=BILLING, channels=("AP_PORTAL",),
                        ap_portal_url=url)  # fmt: skip
        web_invoice(ledger, buyer)
    return ledger, read_models(ledger, views.open_views(sqlite_url))


def send_ap(ledger: Ledger, view: ReadModels, when: datetime, **kwargs: Any) -> Any:
    transports = Transports(ap_portal=ApPortalTransport("portal-secret", timeout=2))
    with at(when):
        outbox.plan(ledger, view, from_start=True)
        return outbox.send_due(ledger, view, transports, **kwargs)


def test_the_ap_portal_gets_a_signed_post_after_retries(sqlite_url: str, receiver: str) -> None:
    ledger, view = ap_world(sqlite_url, receiver)
    Receiver.script = [500, 503]
    assert send_ap(ledger, view, T0) == {"failed": 1}
    assert send_ap(ledger, view, T0 + timedelta(minutes=1)) == {"failed": 1}
    assert send_ap(ledger, view, T0 + timedelta(minutes=3)) == {"delivered": 1}
    assert send_ap(ledger, view, T0 + timedelta(hours=1)) == {}
    headers, body = Receiver.seen[-1]
    assert verify("portal-secret", headers["X-Arledger-Timestamp"],
                  headers["X-Arledger-Signature"], body) is None  # fmt: skip
    assert len({h["Idempotency-Key"] for h, _ in Receiver.seen}) == 1
    assert json.loads(body)["invoice"]["number"].startswith("INV-")
    ledger.close()


def test_the_ap_portal_dead_letters_after_n_failures(sqlite_url: str, receiver: str) -> None:
    ledger, view = ap_world(sqlite_url, receiver)
    Receiver.script = [500] * 10
    when = T0
    for _ in range(3):
        send_ap(ledger, view, when, max_attempts=3)
        when += timedelta(hours=1)
    assert len(Receiver.seen) == 3
    assert send_ap(ledger, view, when + timedelta(days=1), max_attempts=3) == {}
    assert outbox.status(ledger, view)["by_status"] == {"DEAD": 1}
    ledger.close()


def test_queries_notify_the_other_side_both_ways(sqlite_url: str, smtp: Smtp) -> None:
    ledger = Ledger(sqlite_url)
    view = read_models(ledger, views.open_views(sqlite_url))
    buyer, invoice_id = invoiced(ledger)
    with at(T0):
        ledger.execute(c.RegisterStaff(key(), "cs@seller.example", "CS", ("CUSTOMER_SERVICE",)))
        raised = ledger.execute(c.RaiseInvoiceQuery(key(), invoice_id, buyer.email, "PRICING",
                                             "The unit price is wrong"))  # fmt: skip
        query_id = UUID(raised["query_id"])
    run_outbox(ledger, view, smtp, T0)
    with at(T0 + timedelta(hours=1)):
        ledger.execute(c.ReplyToInvoiceQuery(key(), query_id, "cs@seller.example", "Checking it"))
    run_outbox(ledger, view, smtp, T0 + timedelta(hours=1))
    to = {str(m["Subject"]).split(" on ")[0]: m["To"] for m in smtp.inbox.messages}
    assert to["New query"] == "ar@seller.example"
    assert to["New reply"] == buyer.email
    ledger.close()


def test_reminders_follow_the_steps_once_a_day_and_stop_when_paid(
    sqlite_url: str, smtp: Smtp
) -> None:
    ledger = Ledger(sqlite_url)
    view = read_models(ledger, views.open_views(sqlite_url))
    buyer, invoice_id = invoiced(ledger)  # due 30 days after T0
    invoice = ledger.load(invoice_id)
    assert isinstance(invoice, Invoice)
    due = invoice.header.due_date
    with at(T0):
        outbox.plan(ledger, view)  # start the outbox: the notice itself is not under test

    def remind(day: date) -> list[str]:
        before = len(smtp.inbox.messages)
        moment = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
        with at(moment):
            outbox.remind(ledger, view, day)
            outbox.send_due(ledger, view, smtp.transports())
        return smtp.inbox.subjects()[before:]

    assert remind(due - timedelta(days=5)) == []
    assert remind(due - timedelta(days=3)) == [f"A friendly note: invoice {invoice.header.number}"
                                               f" is due on {due}"]  # fmt: skip
    assert remind(due - timedelta(days=3)) == []  # the same day again: nothing
    assert remind(due) == [f"Invoice {invoice.header.number} is due today"]
    assert remind(due + timedelta(days=8)) == [f"Invoice {invoice.header.number} is 7 days overdue"]
    with at(datetime.combine(due + timedelta(days=9), datetime.min.time(), UTC)):
        allocate(ledger, payment(ledger, buyer, "121.00"), invoice_id, "121.00")
        outbox.plan(ledger, view)
        outbox.send_due(ledger, view, smtp.transports())
    assert smtp.inbox.subjects()[-1] == f"Thank you for paying {invoice.header.number}"
    assert remind(due + timedelta(days=14)) == []  # paid: no more reminders
    ledger.close()


def test_a_fully_disputed_invoice_gets_no_reminder(sqlite_url: str, smtp: Smtp) -> None:
    ledger = Ledger(sqlite_url)
    view = read_models(ledger, views.open_views(sqlite_url))
    buyer, invoice_id = invoiced(ledger)
    with at(T0):
        ledger.execute(c.RaiseInvoiceQuery(key(), invoice_id, buyer.email, "DAMAGED", "All broken"))
    invoice = ledger.load(invoice_id)
    assert isinstance(invoice, Invoice)
    with at(datetime.combine(invoice.header.due_date, datetime.min.time(), UTC)):
        assert outbox.remind(ledger, view, invoice.header.due_date) == 0
    ledger.close()


def test_the_cli_runs_once_and_reports_status(sqlite_url: str, smtp: Smtp) -> None:
    ledger = Ledger(sqlite_url)
    invoiced(ledger)
    ledger.close()
    env = {"ARLEDGER_SMTP_HOST": "127.0.0.1", "ARLEDGER_SMTP_PORT": str(smtp.port)}
    run = [sys.executable, "-m", "cli.main", "--database", sqlite_url, "deliveries"]
    done = subprocess.run([*run, "run", "--once", "--from-start"], capture_output=True,
                          text=True, env={**os.environ, **env})  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"requested": 1, "delivered": 1}
    status = subprocess.run([*run, "status"], capture_output=True, text=True, check=True)
    assert json.loads(status.stdout)["by_status"] == {"DELIVERED": 1}
    assert len(smtp.inbox.messages) == 1


def test_the_service_runs_the_outbox_on_its_own(
    sqlite_url: str, smtp: Smtp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ARLEDGER_OUTBOX=1`: the GraphQL service plans and sends in the background."""
    import time as clock_time

    import anyio

    from graphql_api.app import create_app

    monkeypatch.setenv("ARLEDGER_OUTBOX", "1")
    monkeypatch.setenv("ARLEDGER_OUTBOX_INTERVAL", "0.2")
    monkeypatch.setenv("ARLEDGER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("ARLEDGER_SMTP_PORT", str(smtp.port))

    async def run() -> None:
        app = create_app(sqlite_url)
        await app.state.service.start()
        try:
            await anyio.sleep(0.5)  # the outbox starts at the head: history is not mailed
            ledger = Ledger(sqlite_url)
            buyer = company(ledger, "Acme", billing=BILLING)
            web_invoice(ledger, buyer)
            ledger.close()
            deadline = clock_time.monotonic() + 15
            while not smtp.inbox.messages and clock_time.monotonic() < deadline:
                await anyio.sleep(0.2)
        finally:
            await app.state.service.stop()

    anyio.run(run)
    assert [m["To"] for m in smtp.inbox.messages] == ["ap@acme.example"]


def test_stopping_the_service_waits_for_a_running_outbox_round(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A round runs in a worker thread; `stop` must not close the ledger under it (that
    crashed the process with SIGSEGV inside SQLite)."""
    import anyio

    from graphql_api.app import create_app

    monkeypatch.setenv("ARLEDGER_OUTBOX", "1")
    started, seen = threading.Event(), []

    def slow_send_due(ledger: Ledger, view: Any) -> None:
        started.set()
        threading.Event().wait(0.5)
        seen.append(ledger.event_count())  # fails if the ledger was closed meanwhile

    monkeypatch.setattr(outbox, "send_due", slow_send_due)

    async def run() -> None:
        app = create_app(sqlite_url)
        await app.state.service.start()
        while not started.is_set():
            await anyio.sleep(0.05)
        await app.state.service.stop()
        seen.append("stopped")

    anyio.run(run)
    assert len(seen) == 2 and seen[1] == "stopped", seen
