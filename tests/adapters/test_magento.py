"""Magento 2 import: the reference payloads land in the ledger exactly, once."""

from __future__ import annotations

import copy
import json
import time
from decimal import Decimal
from typing import Any
from uuid import UUID

import anyio
import httpx
import pytest

from adapters import magento
from adapters.importing import FAILED, IMPORTED, SKIPPED, UNCHANGED, RecordError, load_json
from adapters.signing import sign
from ledger.application import Ledger
from ledger.companies import Company
from ledger.invoices import Invoice
from ledger.orders import Order, order_id
from ledger.users import User, person_id
from tests.adapters.conftest import sample, sample_bytes


def import_all(ledger: Ledger, options: magento.Options | None = None) -> list[str]:
    statuses = []
    for name in ("companies", "orders", "invoices"):
        summary = magento.import_payload(ledger, sample(f"magento2/{name}.json"), options)
        statuses += [o.status for o in summary.outcomes]
    return statuses


def invoices_of(ledger: Ledger) -> list[Invoice]:
    return [e for e in ledger.all_events() if isinstance(e, Invoice.Issued)]  # type: ignore[misc]


def test_the_samples_import_into_the_store(store: Ledger) -> None:
    assert set(import_all(store)) == {IMPORTED}
    acme_id = magento.claimed(store, "web-company", "7")
    assert acme_id is not None
    acme = store.load(acme_id)
    assert isinstance(acme, Company)
    assert acme.name == "Acme" and acme.billing.vat_id == "NL987654321B01"
    assert (acme.billing.city, acme.billing.country) == ("Utrecht", "NL")
    alice, bob, carol, dave = (
        store.load(person_id(f"{n}@acme.example")) for n in ("alice", "bob", "carol", "dave")
    )
    assert isinstance(carol, User) and isinstance(alice, User)
    assert carol.reports_to == bob.id and bob.reports_to == alice.id and dave.reports_to == alice.id
    assert alice.can_view_all_invoices and not carol.can_view_all_invoices
    first = store.load(order_id("000000123"))
    second = store.load(order_id("000000124"))
    assert isinstance(first, Order) and isinstance(second, Order)
    assert first.totals.gross.amount == Decimal("301.29")
    assert second.totals.gross.amount == Decimal("1379.40")  # after discount, with shipping
    assert second.totals.tax.amount == Decimal("239.40")
    [issued] = [e for e in store.all_events() if type(e).__name__ == "Issued"
                and type(e).__qualname__.startswith("Invoice")]  # fmt: skip
    invoice = store.load(issued.originator_id)
    assert isinstance(invoice, Invoice)
    assert invoice.header.order_number == "000000123"
    assert invoice.totals.gross.amount == Decimal("301.29")


def test_importing_again_writes_nothing(store: Ledger) -> None:
    import_all(store)
    before = store.event_count()
    assert set(import_all(store)) == {UNCHANGED}
    assert store.event_count() == before


def test_the_invoice_can_be_issued_at_order_instead(ledger: Ledger) -> None:
    statuses = import_all(ledger, magento.Options(invoice_timing=magento.AT_ORDER))
    assert statuses.count(SKIPPED) == 1  # the store's own invoice
    issued = [e for e in ledger.all_events() if type(e).__qualname__ == "Invoice.Issued"]
    assert len(issued) == 2  # both orders, in full


def test_shipments_ship_lines_and_can_trigger_the_invoice(ledger: Ledger) -> None:
    options = magento.Options(invoice_timing=magento.AT_SHIPMENT, shipped_is_delivered=True)
    import_all(ledger, options)
    shipments = {"items": [{"entity_id": 41, "increment_id": "000000041", "order_id": 124,
                            "items": [{"order_item_id": 510, "qty": 4}]}]}  # fmt: skip
    summary = magento.import_payload(ledger, shipments, options)
    assert [o.status for o in summary.outcomes] == [IMPORTED]
    order = ledger.load(order_id("000000124"))
    assert isinstance(order, Order)
    assert order.shipped["510"] == 4 and order.delivered["510"] == 4
    [issued] = [e for e in ledger.all_events() if type(e).__qualname__ == "Invoice.Issued"]
    assert [line.quantity for line in issued.lines] == [4]
    assert magento.import_payload(ledger, shipments, options).outcomes[0].status == UNCHANGED


def bad_orders() -> dict[str, Any]:
    good = sample("magento2/orders.json")
    orders = {o["increment_id"]: o for o in good["items"]}
    unknown_currency = copy.deepcopy(orders["000000123"])
    unknown_currency.update(increment_id="000000201", entity_id=201, order_currency_code="XXX")
    wrong_total = copy.deepcopy(orders["000000123"])
    wrong_total.update(increment_id="000000202", entity_id=202, grand_total=Decimal("301.30"))
    negative = copy.deepcopy(orders["000000123"])
    negative.update(increment_id="000000203", entity_id=203)
    negative["items"][0]["qty_ordered"] = -4
    stranger = copy.deepcopy(orders["000000123"])
    stranger.update(increment_id="000000204", entity_id=204, customer_email="eve@evil.example")
    duplicate = copy.deepcopy(orders["000000124"])
    duplicate.update(entity_id=205)  # the same number for another order
    return {"items": [orders["000000123"], unknown_currency, wrong_total, negative, stranger,
                      duplicate, orders["000000124"]]}  # fmt: skip


def test_bad_records_fail_one_by_one_naming_their_increment_id(ledger: Ledger) -> None:
    magento.import_payload(ledger, sample("magento2/companies.json"))
    summary = magento.import_payload(ledger, bad_orders())
    by_source = {o.source: o for o in summary.outcomes}
    assert by_source["magento order 000000123"].status == IMPORTED
    failures = {o.source: o.detail for o in summary.outcomes if o.status == FAILED}
    assert "XXX" in failures["magento order 000000201"]
    assert "do not add up" in failures["magento order 000000202"]
    assert "positive" in failures["magento order 000000203"]
    assert "FORBIDDEN" in failures["magento order 000000204"]
    # the duplicate comes first, so it is booked; the real one is refused as a duplicate
    assert summary.counts == {IMPORTED: 2, FAILED: 5}
    assert "IDEMPOTENCY_MISMATCH" in failures["magento order 000000124"]
    assert not summary.ok


def test_a_failed_record_leaves_nothing_behind(ledger: Ledger) -> None:
    magento.import_payload(ledger, sample("magento2/companies.json"))
    before = ledger.event_count()
    order = copy.deepcopy(sample("magento2/orders.json")["items"][0])
    order["grand_total"] = Decimal("1.00")
    assert magento.import_payload(ledger, {"items": [order]}).outcomes[0].status == FAILED
    assert ledger.event_count() == before


def test_floats_are_refused_and_malformed_json_is_named() -> None:
    with pytest.raises(RecordError, match="not valid JSON"):
        load_json(b'{"items": [', "orders.json")
    floats = json.loads(sample_bytes("magento2/orders.json"))  # floats, as a careless reader
    summary = magento.import_payload(Ledger("memory://"), floats)
    assert len(summary.outcomes) == len(floats["items"]) > 0
    assert all(o.status == FAILED and "exact number" in o.detail for o in summary.outcomes)


def test_an_invoice_for_an_unknown_order_is_refused(ledger: Ledger) -> None:
    summary = magento.import_payload(ledger, sample("magento2/invoices.json"))
    assert summary.outcomes[0].status == FAILED
    assert "unknown order 123" in summary.outcomes[0].detail


# -- the webhook, over HTTP -----------------------------------------------------------


SECRET = "test-webhook-secret"


def post_webhook(url: str, body: bytes, headers: dict[str, str]) -> list[httpx.Response]:
    """Start the real app (service and all), post, and answer what came back."""
    from graphql_api.app import create_app

    async def run() -> list[httpx.Response]:
        app = create_app(url)
        await app.state.service.start()
        try:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                return [
                    await client.post("/webhooks/magento", content=body, headers=headers)
                    for _ in range(2)
                ]
        finally:
            await app.state.service.stop()

    return anyio.run(run)


def signed(body: bytes, secret: str = SECRET, at: float | None = None) -> dict[str, str]:
    stamp = int(time.time() if at is None else at)
    return {
        "X-Arledger-Timestamp": str(stamp),
        "X-Arledger-Signature": sign(secret, stamp, body),
        "Content-Type": "application/json",
    }


@pytest.fixture
def webhook_store(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("ARLEDGER_MAGENTO_WEBHOOK_SECRET", SECRET)
    ledger = Ledger(sqlite_url)
    magento.import_payload(ledger, sample("magento2/companies.json"))
    ledger.close()
    return sqlite_url


def events(url: str) -> int:
    ledger = Ledger(url)
    try:
        return ledger.event_count()
    finally:
        ledger.close()


def test_a_signed_webhook_imports_once_and_a_replay_changes_nothing(webhook_store: str) -> None:
    body = sample_bytes("magento2/orders.json")
    first, replay = post_webhook(webhook_store, body, signed(body))
    assert first.status_code == 200, first.text
    assert first.json()["counts"] == {IMPORTED: 2}
    assert replay.status_code == 200 and replay.json()["counts"] == {UNCHANGED: 2}
    ledger = Ledger(webhook_store)
    assert isinstance(ledger.load(order_id("000000124")), Order)
    ledger.close()


@pytest.mark.parametrize(
    "headers",
    [
        lambda body: signed(body, secret="wrong"),
        lambda body: signed(body, at=time.time() - 3600),  # stale
        lambda body: {**signed(body), "X-Arledger-Signature": "00" * 32},
        lambda body: {"Content-Type": "application/json"},  # unsigned
        lambda body: signed(body + b" "),  # signed another body
    ],
    ids=["wrong-secret", "stale", "bad-signature", "unsigned", "other-body"],
)
def test_a_wrong_or_stale_signature_gets_401_and_writes_nothing(
    webhook_store: str, headers: Any
) -> None:
    body = sample_bytes("magento2/orders.json")
    before = events(webhook_store)
    responses = post_webhook(webhook_store, body, headers(body))
    assert [r.status_code for r in responses] == [401, 401]
    assert events(webhook_store) == before


def test_a_webhook_with_a_bad_record_answers_422_naming_it(webhook_store: str) -> None:
    order = sample("magento2/orders.json")["items"][0]
    order["grand_total"] = "999.99"
    body = json.dumps({"items": [order]}, default=str).encode()
    first, _ = post_webhook(webhook_store, body, signed(body))
    assert first.status_code == 422
    [record] = first.json()["records"]
    assert record["source"] == "magento order 000000123" and "do not add up" in record["detail"]


def test_company_ids_come_from_the_web_store_claim(ledger: Ledger) -> None:
    magento.import_payload(ledger, sample("magento2/companies.json"))
    acme = magento.claimed(ledger, "web-company", "7")
    assert isinstance(acme, UUID)
    assert magento.claimed(ledger, "web-company", "404") is None


def test_concurrent_imports_of_one_file_count_each_record_once(store_url: str) -> None:
    """Three imports of the same files at once (as three `arledger import` processes):
    a record counts as imported only in the run that wrote it; the others find it
    already in (idempotency) and count it unchanged. Before, a run counted any record
    during which the log grew, whoever wrote, so the runs' "imported" summed to several
    times the records."""
    import threading

    runs = 3
    # Opened one after the other: creating the tables (PostgreSQL: CREATE OR REPLACE
    # FUNCTION) is not safe to race, and it is not what this test is about.
    ledgers = [Ledger(store_url) for _ in range(runs)]
    barrier = threading.Barrier(runs)
    results: list[list[list[str]]] = [[] for _ in range(runs)]
    errors: list[BaseException] = []

    def one_run(n: int) -> None:
        ledger = ledgers[n]
        try:
            for name in ("companies", "orders", "invoices"):
                payload = sample(f"magento2/{name}.json")
                barrier.wait(timeout=60)  # each file imported by all runs at once
                summary = magento.import_payload(ledger, payload)
                results[n].append([o.status for o in summary.outcomes])
        except BaseException as error:
            errors.append(error)
            barrier.abort()
        finally:
            ledger.close()

    threads = [threading.Thread(target=one_run, args=(n,)) for n in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    for f, name in enumerate(("companies", "orders", "invoices")):
        records = len(results[0][f])
        assert records and all(len(r[f]) == records for r in results)
        assert {s for r in results for s in r[f]} <= {IMPORTED, UNCHANGED}, name
        imported = sum(r[f].count(IMPORTED) for r in results)
        assert imported == records, (name, [r[f] for r in results])
