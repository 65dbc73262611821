"""Invoice documents: PDF, UBL, CII and Factur-X, every XML checked against EN16931."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import pytest
from facturx import get_xml_from_pdf
from pypdf import PdfReader

from adapters import einvoice, pdf, post
from adapters.documents import invoice_id_by_number, load_document
from cli.wiring import read_models
from ledger import commands as c
from ledger.application import Ledger
from ledger.companies import BillingDetails
from ledger.errors import NotFound
from tests.adapters.conftest import sample_bytes
from tests.builders import Buyer, allocate, company, key, line, payment, web_invoice

ACME = BillingDetails("Acme Trading B.V.", "NL987654321B01", "Stationsplein 10", "Utrecht",
                      "3511 ED", "NL", "finance@acme.example")  # fmt: skip


ACME_PEPPOL = ("0088", "8710000000048")  # a GS1 GLN


def buyer(ledger: Ledger, **kwargs: object) -> Buyer:
    """Acme with its billing details and the Peppol id its e-invoices go to."""
    acme = company(ledger, "Acme", billing=ACME, **kwargs)
    ledger.execute(c.SetPeppolParticipant(key(), acme.company_id, *ACME_PEPPOL))
    return acme


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def invoices(ledger: Ledger) -> list[UUID]:
    """A web invoice paid in part, one with two tax rates and a zero-rated line, and an
    ERP invoice with a credit note."""
    acme = buyer(ledger)
    first = web_invoice(ledger, acme, line("1", "4", "50.00"), line("2", "7", "7.00"))
    allocate(ledger, payment(ledger, acme, "100.00"), first, "100.00")
    mixed = web_invoice(
        ledger, acme, line("1", "3", "19.99", "0.09"), line("2", "1", "250.00", "0"),
        line("3", "2.5", "12.40"),
    )  # fmt: skip
    erp = ledger.execute(
        c.RecordErpInvoice(key(), acme.company_id, "SI-77", "PHONE-1", date(2026, 11, 5), "EUR",
                           (line("a", "2", "100.00"),), "200.00", "42.00", "242.00")
    )  # fmt: skip
    erp_id = UUID(erp["invoice_id"])
    ledger.execute(c.IssueCreditNote(key(), erp_id, "damaged", "24.20"))
    return [first, mixed, erp_id]


def test_the_validator_passes_the_reference_and_fails_broken_copies() -> None:
    reference = sample_bytes("einvoice/peppol-bis3-invoice.xml")
    assert einvoice.validate(reference, einvoice.UBL).ok
    wrong_total = reference.replace(b'PayableAmount currencyID="EUR">301.29',
                                    b'PayableAmount currencyID="EUR">301.30')  # fmt: skip
    report = einvoice.validate(wrong_total, einvoice.UBL)
    assert any("BR-CO-16" in e for e in report.errors)
    no_id = reference.replace(b"<cbc:ID>WEB-2026-000123</cbc:ID>", b"", 1)
    assert not einvoice.validate(no_id, einvoice.UBL).ok  # XSD: the ID is required
    with pytest.raises(einvoice.InvalidEInvoice):
        einvoice.checked(wrong_total, einvoice.UBL)


@pytest.mark.parametrize("flavor", [einvoice.UBL, einvoice.CII])
def test_every_generated_e_invoice_passes_xsd_and_schematron(ledger: Ledger, flavor: str) -> None:
    for invoice_id in invoices(ledger):
        doc = load_document(ledger, invoice_id)
        xml = einvoice.ubl(doc) if flavor == einvoice.UBL else einvoice.cii(doc)
        report = einvoice.validate(xml, flavor)
        assert report.ok, (doc.number, report.errors)
        assert doc.number.encode() in xml and f"{doc.gross:.2f}".encode() in xml


def test_ubl_carries_the_peppol_customization(ledger: Ledger) -> None:
    doc = load_document(ledger, invoices(ledger)[0])
    assert einvoice.PEPPOL_CUSTOMIZATION.encode() in einvoice.ubl(doc)


def test_a_buyer_without_an_address_gives_an_invalid_e_invoice_not_a_silent_one(
    ledger: Ledger,
) -> None:
    bare = company(ledger, "Bare")
    doc = load_document(ledger, web_invoice(ledger, bare))
    report = einvoice.validate(einvoice.cii(doc), einvoice.CII)
    assert any("BR-10" in e for e in report.errors)


def test_facturx_embeds_a_valid_cii(ledger: Ledger) -> None:
    doc = load_document(ledger, invoices(ledger)[1])
    data = pdf.facturx_pdf(doc)
    name, xml = get_xml_from_pdf(data, check_xsd=False)
    assert name == "factur-x.xml"
    assert einvoice.validate(xml, einvoice.CII).ok
    assert doc.number in text_of(data)


def test_the_pdf_shows_number_totals_terms_and_pay_details(ledger: Ledger) -> None:
    doc = load_document(ledger, invoices(ledger)[0])
    text = text_of(pdf.render_pdf(doc))
    for expected in (doc.number, "301.29", "201.29", "Acme Trading B.V.", "Stationsplein 10",
                     "NL91ABNA0417164300", "NET30", doc.due_date.isoformat()):  # fmt: skip
        assert expected in text, expected
    assert "BCD\n002\n1\nSCT" in pdf.epc_qr(doc) and "EUR201.29" in pdf.epc_qr(doc)


def test_a_long_invoice_runs_over_pages_and_keeps_non_latin_text(ledger: Ledger) -> None:
    acme = buyer(ledger)
    lines = [line(str(n), "1", "10.00") for n in range(60)]
    lines[0] = c.LineInput("0", "SKU", "Grace Müller \u2013 Ελληνικά \u2013 Кириллица", Decimal(1),
                           Decimal("10.00"), Decimal("0.21"))  # fmt: skip
    doc = load_document(ledger, web_invoice(ledger, acme, *lines))
    data = pdf.render_pdf(doc)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    text = text_of(data)
    assert "Grace Müller" in text and "Ελληνικά" in text and "Кириллица" in text
    assert "page 2" in text


def test_the_post_batch_prints_paper_buyers_once(sqlite_url: str) -> None:
    ledger = Ledger(sqlite_url)
    paper = company(ledger, "Paper", channels=("POST",), billing=ACME)
    digital = company(ledger, "Digital", billing=ACME)
    printed = web_invoice(ledger, paper)
    web_invoice(ledger, digital)
    batch = post.prepare(ledger, read_models(ledger), date.today())
    assert batch.pdf is not None and batch.ids == (printed,)
    assert len(PdfReader(io.BytesIO(batch.pdf)).pages) == 2  # address sheet + invoice
    assert "Stationsplein 10" in text_of(batch.pdf)
    post.confirm(ledger, batch)
    assert post.prepare(ledger, read_models(ledger), date.today()).pdf is None
    assert "POST" in ledger.load(printed).delivered_by
    ledger.close()


def test_invoice_numbers_resolve_for_web_and_erp_invoices(sqlite_url: str) -> None:
    ledger = Ledger(sqlite_url)
    first, _, erp = invoices(ledger)
    assert (
        invoice_id_by_number(ledger, read_models(ledger), load_document(ledger, first).number)
        == first
    )
    assert invoice_id_by_number(ledger, read_models(ledger), "SI-77") == erp
    with pytest.raises(NotFound):
        invoice_id_by_number(ledger, read_models(ledger), "NOPE-1")
    ledger.close()


def test_the_cli_exports_every_format_and_refuses_unknown_numbers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    ledger = Ledger(url)
    number = load_document(ledger, invoices(ledger)[0]).number
    ledger.close()
    run = [sys.executable, "-m", "cli.main", "--database", url, "invoice", "export"]
    for fmt in ("pdf", "ubl", "cii", "facturx"):
        out = tmp_path / f"out.{fmt}"
        subprocess.run([*run, number, "--format", fmt, "-o", str(out)], check=True)
        assert out.stat().st_size > 1000
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    assert einvoice.validate((tmp_path / "out.ubl").read_bytes(), einvoice.UBL).ok
    done = subprocess.run([*run, "NOPE", "-o", str(tmp_path / "x")], capture_output=True,
                          text=True)  # fmt: skip
    assert done.returncode == 1 and "NOT_FOUND" in done.stderr
