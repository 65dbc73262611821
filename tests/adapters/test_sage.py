"""Sage import: ERP invoices land once, matched to web orders; the rest wait for AR."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from eventsourcing.application import AggregateNotFoundError

from adapters import magento, sage
from adapters.importing import FAILED, IMPORTED, PARKED, UNCHANGED, RecordError
from graphql_api.auth import mint
from ledger import commands as c
from ledger.application import Ledger
from ledger.erp_exceptions import ErpException, erp_exception_id
from ledger.errors import BadInput, Conflict
from ledger.invoices import Invoice, erp_invoice_id
from ledger.orders import Order, order_id
from tests.adapters.conftest import SAMPLES, sample, sample_bytes


def web_world(ledger: Ledger) -> None:
    for name in ("companies", "orders"):
        magento.import_payload(ledger, sample(f"magento2/{name}.json"))


def statuses(summary: Any) -> dict[str, str]:
    return {o.source: o.status for o in summary.outcomes}


def invoice_state(ledger: Ledger, number: str) -> tuple[Any, ...]:
    invoice = ledger.load(erp_invoice_id(number))
    assert isinstance(invoice, Invoice)
    return (
        invoice.header.company_id,
        invoice.header.order_number,
        invoice.header.due_date,
        invoice.totals.gross.amount,
        tuple((ln.line_id, ln.quantity, ln.net, ln.tax) for ln in invoice.lines),
    )


@pytest.mark.parametrize("name", ["sales_invoices.json", "sales_invoices.csv"])
def test_each_export_books_the_matched_invoice_and_parks_the_other(
    store: Ledger, name: str
) -> None:
    web_world(store)
    summary = sage.import_file(store, sample_bytes(f"sage/{name}"), name)
    assert statuses(summary) == {"sage invoice SI-4501": IMPORTED, "sage invoice SI-4502": PARKED}
    company, order_number, due, gross, lines = invoice_state(store, "SI-4501")
    order = store.load(order_id("000000124"))
    assert isinstance(order, Order)
    assert (company, order_number, str(due), gross) == (
        order.company_id, "000000124", "2026-12-05", Decimal("1379.40"),
    )  # fmt: skip
    # matched to the web order's lines, so the order counts them as invoiced
    assert [line[0] for line in lines] == ["510", "shipping"]
    assert order.uninvoiced_quantities() == {}
    with pytest.raises(BadInput, match="fully invoiced"):
        store.execute(c.InvoiceOrder("web-invoice-after-erp", order.id))
    parked = store.load(erp_exception_id("sage", "SI-4502"))
    assert isinstance(parked, ErpException) and parked.status == "OPEN"
    assert "no web order" in parked.reason and "PHONE-ORDER-17" in parked.document


def test_json_and_csv_describe_the_same_invoices(ledger: Ledger) -> None:
    web_world(ledger)
    sage.import_file(ledger, sample_bytes("sage/sales_invoices.json"), "json")
    before = ledger.event_count()
    summary = sage.import_file(ledger, sample_bytes("sage/sales_invoices.csv"), "csv")
    assert set(statuses(summary).values()) == {UNCHANGED}
    assert ledger.event_count() == before


def test_importing_again_writes_nothing(store: Ledger) -> None:
    web_world(store)
    sage.import_file(store, sample_bytes("sage/sales_invoices.json"), "json")
    before = store.event_count()
    summary = sage.import_file(store, sample_bytes("sage/sales_invoices.json"), "json")
    assert set(statuses(summary).values()) == {UNCHANGED}
    assert store.event_count() == before


def test_an_erp_account_matches_an_invoice_without_a_web_order(ledger: Ledger) -> None:
    web_world(ledger)
    ledger.execute(c.RegisterCompany("initech", "Initech", "EUR", erp_account="INIT01"))
    summary = sage.import_file(ledger, sample_bytes("sage/sales_invoices.json"), "json")
    assert statuses(summary)["sage invoice SI-4502"] == IMPORTED
    assert invoice_state(ledger, "SI-4502")[1] == "PHONE-ORDER-17"


def test_a_document_changed_after_booking_is_parked_not_rebooked(ledger: Ledger) -> None:
    web_world(ledger)
    sage.import_file(ledger, sample_bytes("sage/sales_invoices.json"), "json")
    page = sample("sage/sales_invoices.json")
    page["$items"][0]["due_date"] = "2027-01-05"
    summary = sage.import_file(ledger, json.dumps(page, default=str).encode(), "changed")
    assert statuses(summary)["sage invoice SI-4501"] == PARKED
    assert "changed" in summary.outcomes[0].detail
    assert str(invoice_state(ledger, "SI-4501")[2]) == "2026-12-05"  # as first booked


def bad_page() -> dict[str, Any]:
    page = sample("sage/sales_invoices.json")
    good = page["$items"][0]
    currency = copy.deepcopy(good)
    currency.update(invoice_number="SI-9001", currency={"id": "XXX"})
    totals = copy.deepcopy(good)
    totals.update(invoice_number="SI-9002", total_amount="1379.41")
    negative = copy.deepcopy(good)
    negative.update(invoice_number="SI-9003")
    negative["invoice_lines"][0]["quantity"] = "-10.0"
    no_lines = copy.deepcopy(good)
    no_lines.update(invoice_number="SI-9004", invoice_lines=[])
    return {"$items": [currency, totals, negative, no_lines, good]}


def test_bad_records_fail_one_by_one_naming_their_number(ledger: Ledger) -> None:
    web_world(ledger)
    summary = sage.import_file(ledger, json.dumps(bad_page(), default=str).encode(), "bad.json")
    outcome = {o.source: o for o in summary.outcomes}
    assert outcome["sage invoice SI-4501"].status == IMPORTED  # the good one still goes in
    assert "XXX" in outcome["sage invoice SI-9001"].detail
    assert "total" in outcome["sage invoice SI-9002"].detail
    assert "positive" in outcome["sage invoice SI-9003"].detail
    assert "no lines" in outcome["sage invoice SI-9004"].detail
    assert summary.counts == {FAILED: 4, IMPORTED: 1}
    for number in ("SI-9001", "SI-9002", "SI-9003", "SI-9004"):
        with pytest.raises(AggregateNotFoundError):
            ledger.load(erp_invoice_id(number))


def test_malformed_files_are_refused_with_their_name() -> None:
    with pytest.raises(RecordError, match=r"broken\.json"):
        sage.documents(b'{"$items": [', "broken.json")
    with pytest.raises(RecordError, match="missing columns"):
        sage.documents(b"Invoice Number,Date\nSI-1,2026-11-05\n", "short.csv")


def test_a_credit_note_credits_the_invoice_it_names(ledger: Ledger) -> None:
    web_world(ledger)
    sage.import_file(ledger, sample_bytes("sage/sales_invoices.json"), "json")
    note = {"$items": [{"credit_note_number": "SCN-7", "original_invoice_number": "SI-4501",
                        "total_amount": "18.15", "date": "2026-11-08"}]}  # fmt: skip
    summary = sage.import_file(ledger, json.dumps(note).encode(), "notes.json")
    assert statuses(summary) == {"sage credit note SCN-7": IMPORTED}
    invoice = ledger.load(erp_invoice_id("SI-4501"))
    assert isinstance(invoice, Invoice)
    assert invoice.open_amount.amount == Decimal("1361.25")
    again = sage.import_file(ledger, json.dumps(note).encode(), "notes.json")
    assert statuses(again) == {"sage credit note SCN-7": UNCHANGED}


def test_resolving_a_parked_invoice_books_it_exactly_once(ledger: Ledger) -> None:
    web_world(ledger)
    sage.import_file(ledger, sample_bytes("sage/sales_invoices.json"), "json")
    globex = magento.claimed(ledger, "web-company", "9")
    assert globex is not None
    exception_id = erp_exception_id("sage", "SI-4502")
    first = sage.resolve(ledger, exception_id, globex, "", "resolve-1")
    assert first == sage.resolve(ledger, exception_id, globex, "", "resolve-1")  # replay
    assert invoice_state(ledger, "SI-4502")[0] == globex
    parked = ledger.load(exception_id)
    assert isinstance(parked, ErpException) and parked.status == "RESOLVED"
    with pytest.raises(Conflict, match="already"):
        sage.resolve(ledger, exception_id, globex, "", "resolve-2")


def test_the_cli_prints_a_summary_and_fails_when_a_record_fails(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    run = [sys.executable, "-m", "cli.main", "--database", url, "import"]
    for name in ("companies", "orders"):
        subprocess.run([*run, "magento", str(SAMPLES / f"magento2/{name}.json")], check=True)
    done = subprocess.run([*run, "sage", str(SAMPLES / "sage/sales_invoices.csv")],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "1 imported, 0 unchanged, 1 parked" in done.stdout
    assert "SI-4502: no web order" in done.stdout
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bad_page(), default=str))
    done = subprocess.run([*run, "sage", str(bad)], capture_output=True, text=True)
    assert done.returncode == 1
    assert "failed    sage invoice SI-9002" in done.stdout


# -- AR sees and settles exceptions through the API -----------------------------------


def graphql(url: str, calls: list[tuple[str, str, dict[str, Any]]]) -> list[dict[str, Any]]:
    from graphql_api.app import create_app

    async def run() -> list[dict[str, Any]]:
        app = create_app(url)
        await app.state.service.start()
        try:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                answers = []
                for who, query, variables in calls:
                    response = await client.post(
                        "/graphql",
                        json={"query": query, "variables": variables},
                        headers={"Authorization": f"Bearer {mint(who)}"},
                    )
                    answers.append(response.json())
                return answers
        finally:
            await app.state.service.stop()

    return anyio.run(run)


LIST = (
    "query($s: ErpExceptionStatus) { erpExceptions(status: $s) { id number status reason note } }"
)
RESOLVE = (
    """mutation($i: ResolveErpExceptionInput!) { resolveErpException(input: $i) { ok result } }"""
)
DISMISS = """mutation($i: DismissErpExceptionInput!) { dismissErpException(input: $i) { ok } }"""


def test_ar_lists_and_resolves_exceptions_buyers_cannot(store_url: str) -> None:
    ledger = Ledger(store_url)
    web_world(ledger)
    ledger.execute(c.RegisterStaff("ar", "ar@seller.example", "AR", ("AR_MANAGER",)))
    sage.import_file(ledger, sample_bytes("sage/sales_invoices.json"), "json")
    globex = str(magento.claimed(ledger, "web-company", "9"))
    ledger.close()
    exception_id = str(erp_exception_id("sage", "SI-4502"))
    resolve = {"i": {"idempotencyKey": "r1", "exceptionId": exception_id, "companyId": globex}}
    answers = graphql(
        store_url,
        [
            ("ar@seller.example", LIST, {"s": "OPEN"}),
            ("grace@globex.example", LIST, {}),
            ("grace@globex.example", RESOLVE, resolve),
            ("ar@seller.example", RESOLVE, resolve),
            ("ar@seller.example", RESOLVE, resolve),  # replayed key: same answer
            ("ar@seller.example", LIST, {"s": "RESOLVED"}),
            ("ar@seller.example", DISMISS, {"i": {"idempotencyKey": "d1",
                                                  "exceptionId": exception_id, "reason": "x"}}),
        ],
    )  # fmt: skip
    listed, buyer_list, buyer_resolve, resolved, replay, after, dismiss = answers
    assert [e["number"] for e in listed["data"]["erpExceptions"]] == ["SI-4502"]
    assert buyer_list["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert buyer_resolve["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert resolved["data"]["resolveErpException"]["ok"] is True
    assert replay == resolved
    assert [e["status"] for e in after["data"]["erpExceptions"]] == ["RESOLVED"]
    assert dismiss["errors"][0]["extensions"]["code"] == "CONFLICT"
    ledger = Ledger(store_url)
    assert invoice_state(ledger, "SI-4502")[3] == Decimal("96.80")
    ledger.close()
