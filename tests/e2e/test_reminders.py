"""Reminders over HTTP: `remindersDue` lists what a day's run would send, AR pauses and
resumes an invoice or a company, bad input is one coded error, and only AR acts."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.e2e.conftest import codes
from tests.e2e.test_api import first_invoice, key

AR = "ar@seller.example"
AUDITOR = "auditor@seller.example"

DUE = (
    "query($d: Date) { remindersDue(date: $d) { invoiceId number company { id name } dueDate "
    "step channel amountDue { amount currency } paused pausedFor pauseReason pausedUntil "
    "willSend } }"
)
PAUSE = (
    "mutation($i: PauseRemindersInput!) { pauseReminders(input: $i) { ok errors { code } "
    "invoice { id number } company { id name } } }"
)
RESUME = (
    "mutation($i: ResumeRemindersInput!) { resumeReminders(input: $i) { ok "
    "invoice { id } company { id } } }"
)
PAUSES = "{ reminderPauses { kind subjectId company { id } invoiceNumber reason until pausedBy } }"


def open_invoice(as_user: Any) -> dict[str, Any]:
    found = first_invoice(as_user(AR), ", status: [OPEN]")
    body = as_user(AR)(f'{{ invoice(id: "{found["id"]}") {{ dueDate }} }}')
    return {**found, "dueDate": body["data"]["invoice"]["dueDate"]}


def due_on(client: Any, day: str, invoice_id: str) -> dict[str, Any] | None:
    body = client(DUE, d=day)
    assert "errors" not in body, body
    return next((r for r in body["data"]["remindersDue"] if r["invoiceId"] == invoice_id), None)


@pytest.mark.postgres
def test_ar_pauses_an_invoice_and_the_list_shows_it_paused_then_resumed(as_user: Any) -> None:
    ar, invoice = as_user(AR), open_invoice(as_user)
    day = (date.fromisoformat(invoice["dueDate"]) + timedelta(days=7)).isoformat()
    before = due_on(ar, day, invoice["id"])
    assert before is not None and before["step"] == 7 and before["channel"] == "EMAIL"
    assert before["paused"] is False and before["pauseReason"] is None
    assert before["company"]["id"] == invoice["company"]["id"]
    assert float(before["amountDue"]["amount"]) > 0
    until = (date.today() + timedelta(days=400)).isoformat()
    reason = "waiting for the signed delivery note"
    paused = ar(PAUSE, i={"idempotencyKey": key(), "invoiceId": invoice["id"], "reason": reason,
                          "until": until})  # fmt: skip
    assert "errors" not in paused, paused
    payload = paused["data"]["pauseReminders"]
    assert payload["ok"] and payload["errors"] == [] and payload["invoice"]["id"] == invoice["id"]
    assert payload["company"]["id"] == invoice["company"]["id"]
    after = due_on(ar, day, invoice["id"])
    assert after is not None and after["paused"] is True and after["willSend"] is False
    assert after["pausedFor"] == "INVOICE" and after["pausedUntil"] == until
    assert after["pauseReason"] == "waiting for the signed delivery note"
    assert due_on(as_user(AUDITOR), day, invoice["id"]) == after  # auditors read it too
    listed = as_user(AUDITOR)(PAUSES)["data"]["reminderPauses"]
    assert {"kind": "INVOICE", "subjectId": invoice["id"], "company": invoice["company"],
            "invoiceNumber": invoice["number"], "reason": "waiting for the signed delivery note",
            "until": until, "pausedBy": AR} in listed  # fmt: skip
    again = ar(PAUSE, i={"idempotencyKey": key(), "invoiceId": invoice["id"], "reason": "twice"})
    assert codes(again) == {"CONFLICT"} and again["data"] is None
    resumed = ar(RESUME, i={"idempotencyKey": key(), "invoiceId": invoice["id"]})
    assert "errors" not in resumed, resumed
    assert due_on(ar, day, invoice["id"]) == before


@pytest.mark.postgres
def test_a_company_pause_holds_each_of_its_invoices(as_user: Any) -> None:
    ar, invoice = as_user(AR), open_invoice(as_user)
    day = (date.fromisoformat(invoice["dueDate"]) + timedelta(days=14)).isoformat()
    company_id = invoice["company"]["id"]
    paused = ar(PAUSE, i={"idempotencyKey": key(), "companyId": company_id,
                          "reason": "in administration"})  # fmt: skip
    assert "errors" not in paused, paused
    assert paused["data"]["pauseReminders"]["invoice"] is None
    rows = [r for r in ar(DUE, d=day)["data"]["remindersDue"] if r["company"]["id"] == company_id]
    assert rows and all(r["paused"] and r["pausedFor"] == "COMPANY" for r in rows)
    ar(RESUME, i={"idempotencyKey": key(), "companyId": company_id, "reason": "settled"})
    assert not any(r["paused"] for r in ar(DUE, d=day)["data"]["remindersDue"])


@pytest.mark.postgres
def test_bad_input_is_one_coded_error_and_nothing_is_written(as_user: Any) -> None:
    ar, invoice = as_user(AR), open_invoice(as_user)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    cases = [
        ({"invoiceId": invoice["id"], "companyId": invoice["company"]["id"], "reason": "x"},
         "BAD_INPUT"),
        ({"reason": "neither"}, "BAD_INPUT"),
        ({"invoiceId": invoice["id"], "reason": "x", "until": yesterday}, "BAD_INPUT"),
        ({"invoiceId": invoice["id"], "reason": " "}, "BAD_INPUT"),
        ({"invoiceId": "00000000-0000-0000-0000-000000000001", "reason": "x"}, "NOT_FOUND"),
        ({"invoiceId": "not-an-id", "reason": "x"}, "NOT_FOUND"),
        ({"invoiceId": invoice["id"], "reason": "x", "until": "someday"}, "BAD_INPUT"),
    ]  # fmt: skip
    for given, code in cases:
        body = ar(PAUSE, i={"idempotencyKey": key(), **given})
        assert codes(body) == {code}, (given, body)
        assert body.get("data") is None or body["data"]["pauseReminders"] is None
    assert as_user(AR)(PAUSES)["data"]["reminderPauses"] == []
    not_paused = ar(RESUME, i={"idempotencyKey": key(), "invoiceId": invoice["id"]})
    assert codes(not_paused) == {"CONFLICT"}


@pytest.mark.postgres
@pytest.mark.parametrize(
    "email", ["alice@acme.example", "sales@seller.example", "cs@seller.example",
              "delivery@seller.example", AUDITOR],
)  # fmt: skip
def test_only_ar_pauses_and_only_ar_and_auditors_read(as_user: Any, email: str) -> None:
    invoice = open_invoice(as_user)
    client = as_user(email)
    body = client(PAUSE, i={"idempotencyKey": key(), "invoiceId": invoice["id"], "reason": "x"})
    assert codes(body) == {"FORBIDDEN"}
    listed = client(DUE, d=invoice["dueDate"])
    assert codes(listed) == (set() if email == AUDITOR else {"FORBIDDEN"})
