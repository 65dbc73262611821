"""Bank statements: exact matches allocated, the rest suggested, nothing twice."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from adapters import bank, magento, sage
from adapters.importing import IMPORTED, UNCHANGED, RecordError
from cli.wiring import read_models
from ledger import commands as c
from ledger.application import Ledger
from ledger.bank_entries import BankEntry, bank_entry_id
from ledger.errors import Conflict
from ledger.invoices import Invoice, erp_invoice_id
from tests.adapters.conftest import SAMPLES, sample, sample_bytes
from tests.adapters.test_sage import graphql


def the_world(ledger: Ledger) -> None:
    """The samples' world: Acme's web order 123 invoiced, Globex's SI-4501 from the ERP."""
    for name in ("companies", "orders", "invoices"):
        magento.import_payload(ledger, sample(f"magento2/{name}.json"))
    sage.import_file(ledger, sample_bytes("sage/sales_invoices.json"), "sage.json")


def web_invoice_of(ledger: Ledger, number: str) -> Invoice:
    for event in ledger.all_events():
        if type(event).__qualname__ == "Invoice.Issued" and event.header.order_number == number:
            invoice = ledger.load(event.originator_id)
            assert isinstance(invoice, Invoice)
            return invoice
    raise AssertionError(number)


def entry(ledger: Ledger, reference: str) -> BankEntry:
    found = ledger.load(bank_entry_id(reference))
    assert isinstance(found, BankEntry)
    return found


def test_both_statements_allocate_the_exact_match_and_suggest_the_rest(store: Ledger) -> None:
    the_world(store)
    mt940 = bank.import_statement(
        store, read_models(store), sample_bytes("bank/statement.mt940"), "mt940"
    )
    camt = bank.import_statement(
        store, read_models(store), sample_bytes("bank/camt054.xml"), "camt"
    )
    assert [o.status for o in mt940.outcomes + camt.outcomes] == [IMPORTED] * 3
    # WEB-2026-000123 names order 000000123: 301.29 is exactly what is open
    acme_invoice = web_invoice_of(store, "000000123")
    assert acme_invoice.open_amount.amount == 0
    assert entry(store, "mt940:STMT20261110:B6K10-0001").status == "ALLOCATED"
    # SI-4501 paid in part twice: suggested, not allocated
    si = store.load(erp_invoice_id("SI-4501"))
    assert isinstance(si, Invoice) and si.open_amount.amount == Decimal("1379.40")
    part = entry(store, "mt940:STMT20261110:B6K10-0002")
    assert part.status == "SUGGESTED" and part.payment_id is not None
    [suggestion] = part.suggestions
    assert suggestion.invoice_id == si.id and suggestion.amount == Decimal("500.00")
    assert "SI-4501" in suggestion.reason
    camt_entry = entry(store, "camt054:NTF-1:1:1:GLOBEX-PAY-0042")
    assert camt_entry.amount == Decimal("878.90") and camt_entry.status == "SUGGESTED"


def test_importing_a_statement_again_writes_nothing(store: Ledger) -> None:
    the_world(store)
    for name in ("statement.mt940", "camt054.xml"):
        bank.import_statement(store, read_models(store), sample_bytes(f"bank/{name}"), name)
    before = store.event_count()
    for name in ("statement.mt940", "camt054.xml"):
        again = bank.import_statement(store, read_models(store), sample_bytes(f"bank/{name}"), name)
        assert {o.status for o in again.outcomes} == {UNCHANGED}
    assert store.event_count() == before


def test_accepting_a_suggestion_allocates_it_once(ledger_file: Ledger) -> None:
    ledger = ledger_file
    the_world(ledger)
    bank.import_statement(
        ledger, read_models(ledger), sample_bytes("bank/statement.mt940"), "mt940"
    )
    reference = "mt940:STMT20261110:B6K10-0002"
    si = erp_invoice_id("SI-4501")
    ledger.execute(c.AcceptPaymentSuggestion("accept-1", bank_entry_id(reference), si, "ar@x"))
    invoice = ledger.load(si)
    assert isinstance(invoice, Invoice) and invoice.open_amount.amount == Decimal("879.40")
    assert entry(ledger, reference).status == "SETTLED"
    with pytest.raises(Conflict):
        ledger.execute(c.AcceptPaymentSuggestion("accept-2", bank_entry_id(reference), si, "ar@x"))


@pytest.fixture
def ledger_file(sqlite_url: str) -> Any:
    ledger = Ledger(sqlite_url)
    yield ledger
    ledger.close()


def test_an_unknown_payer_is_kept_not_dropped(ledger_file: Ledger) -> None:
    the_world(ledger_file)
    raw = (
        sample_bytes("bank/camt054.xml")
        .replace(b"SI-4501", b"NOTHING-WE-KNOW")
        .replace(b"Globex B.V.", b"Stranger Ltd")
    )
    outcome = bank.import_statement(ledger_file, read_models(ledger_file), raw, "camt")
    assert outcome.outcomes[0].detail == "payer unknown: kept for AR"
    kept = entry(ledger_file, "camt054:NTF-1:1:1:GLOBEX-PAY-0042")
    assert kept.status == "UNIDENTIFIED" and kept.payment_id is None


def test_a_payer_named_like_a_company_gets_amount_suggestions(ledger_file: Ledger) -> None:
    the_world(ledger_file)
    raw = (
        sample_bytes("bank/camt054.xml")
        .replace(b"SI-4501", b"thanks")
        .replace(b"878.90", b"1379.40")
    )
    bank.import_statement(ledger_file, read_models(ledger_file), raw, "camt")
    kept = entry(ledger_file, "camt054:NTF-1:1:1:GLOBEX-PAY-0042")
    assert kept.status == "SUGGESTED"
    assert [s.number for s in kept.suggestions] == ["SI-4501"]
    assert "amount equals" in kept.suggestions[0].reason


def test_malformed_statements_are_refused_with_their_name() -> None:
    with pytest.raises(RecordError, match="neither"):
        bank.entries(b"hello", "x.txt")
    with pytest.raises(RecordError, match="not well-formed"):
        bank.entries(b"<Document><unclosed>", "broken.xml")
    with pytest.raises(RecordError, match=r"camt\.054"):
        bank.entries(b"<Document/>", "other.xml")
    with pytest.raises(RecordError, match="no amount"):
        bank.entries(sample_bytes("bank/camt054.xml").replace(b'<Amt Ccy="EUR">878.90</Amt>'
                                                              b"<CdtDbtInd>", b"<CdtDbtInd>"),
                     "noamount.xml")  # fmt: skip


def test_an_entity_in_a_statement_is_not_expanded() -> None:
    evil = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">'
            b"<BkToCstmrDbtCdtNtfctn>&x;</BkToCstmrDbtCdtNtfctn></Document>")  # fmt: skip
    assert bank.entries(evil, "evil.xml") == []


def test_ar_sees_and_accepts_suggestions_over_graphql(store_url: str) -> None:
    ledger = Ledger(store_url)
    the_world(ledger)
    ledger.execute(c.RegisterStaff("ar", "ar@seller.example", "AR", ("AR_MANAGER",)))
    bank.import_statement(ledger, read_models(ledger), sample_bytes("bank/camt054.xml"), "camt")
    ledger.close()
    listing = "{ paymentSuggestions(status: SUGGESTED) { id reference amount { amount } " \
              "suggestions { invoiceId number amount { amount } reason } } }"  # fmt: skip
    accept = "mutation($i: AcceptPaymentSuggestionInput!) { acceptPaymentSuggestion(input: $i) " \
             "{ ok result } }"  # fmt: skip
    listed, buyer = graphql(store_url, [("ar@seller.example", listing, {}),
                                        ("grace@globex.example", listing, {})])  # fmt: skip
    [found] = listed["data"]["paymentSuggestions"]
    assert found["amount"]["amount"] == "878.90"
    assert buyer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    [suggestion] = found["suggestions"]
    variables = {"i": {"idempotencyKey": "k1", "entryId": found["id"],
                       "invoiceId": suggestion["invoiceId"]}}  # fmt: skip
    accepted, after = graphql(store_url, [("ar@seller.example", accept, variables),
                                          ("ar@seller.example", listing, {})])  # fmt: skip
    assert accepted["data"]["acceptPaymentSuggestion"]["result"]["invoice_open"] == "500.50"
    assert after["data"]["paymentSuggestions"] == []


def test_the_cli_imports_a_statement(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    ledger = Ledger(url)
    the_world(ledger)
    ledger.close()
    run = [sys.executable, "-m", "cli.main", "--database", url, "import", "bank"]
    done = subprocess.run([*run, str(SAMPLES / "bank/statement.mt940"), "-v"],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "allocated" in done.stdout and "1 suggestion(s)" in done.stdout
    bad = tmp_path / "bad.xml"
    bad.write_text("<nope")
    failed = subprocess.run([*run, str(bad)], capture_output=True, text=True)
    assert failed.returncode == 1 and "bad.xml" in failed.stderr
