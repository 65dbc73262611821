"""Every e-invoice we write passes what its receiver runs: CEN's EN16931 rules and
Peppol's BIS Billing 3.0 rules, as Peppol publishes them (`tests/oracles/schematron.py`
runs the `.sch` files; it reproduces Peppol's own unit tests first).

The documents: a web invoice paid in part, one with two tax rates and a zero-rated
line, an ERP invoice, and the credit note issued on it, each as UBL, as CII, and as
the CII a Factur-X PDF embeds.
"""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from facturx import get_xml_from_pdf
from lxml import etree

from adapters import einvoice, pdf
from adapters.credit_notes import load_credit_note
from adapters.documents import InvoiceDocument, load_document
from adapters.seller import Seller
from ledger import commands as c
from ledger.application import Ledger
from tests.adapters.test_documents import ACME_PEPPOL, invoices
from tests.builders import company, key, web_invoice
from tests.oracles.schematron import receiver_findings

UBL_NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}
CII_NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}


def documents(ledger: Ledger) -> list[InvoiceDocument]:
    first, mixed, erp = invoices(ledger)
    return [*(load_document(ledger, i, Seller()) for i in (first, mixed, erp)),
            load_credit_note(ledger, erp, "CN-000001", Seller())]  # fmt: skip


def failures(xml: bytes, syntax: str) -> list[str]:
    """XSD and the rules our own export checks, then CEN's and Peppol's."""
    report = einvoice.validate(xml, syntax)
    return report.errors + [str(f) for f in receiver_findings(xml, syntax)]


def test_every_ubl_invoice_we_write_passes_cen_and_peppol(ledger: Ledger) -> None:
    for doc in documents(ledger):
        assert failures(einvoice.ubl(doc), "ubl") == [], doc.number


def test_every_cii_invoice_we_write_passes_cen_and_peppol(ledger: Ledger) -> None:
    for doc in documents(ledger):
        assert failures(einvoice.cii(doc), "cii") == [], doc.number


def test_facturx_embeds_a_cii_that_breaks_only_peppols_profile_id_rule(ledger: Ledger) -> None:
    """Factur-X requires CEN's plain EN16931 id as BT-24; Peppol requires its own
    (R004). The PDF goes by e-mail, not over Peppol: that one rule, nothing else."""
    for doc in documents(ledger):
        _, xml = get_xml_from_pdf(pdf.facturx_pdf(doc), check_xsd=False)
        assert einvoice.validate(xml, "cii").ok, doc.number
        assert {f.id for f in receiver_findings(xml, "cii")} == {"PEPPOL-EN16931-R004"}


def test_a_buyer_without_a_peppol_id_cannot_be_sent_a_peppol_invoice(ledger: Ledger) -> None:
    bare = company(ledger, "Bare")
    doc = load_document(ledger, web_invoice(ledger, bare), Seller())
    assert "PEPPOL-EN16931-R010" in {f.id for f in receiver_findings(einvoice.ubl(doc), "ubl")}


def test_a_buyer_addressed_by_e_mail_fails_peppol_cl008_as_our_exports_used_to(
    ledger: Ledger,
) -> None:
    doc = documents(ledger)[0]
    xml = einvoice.ubl(doc).replace(
        f'<cbc:EndpointID schemeID="{ACME_PEPPOL[0]}">{ACME_PEPPOL[1]}'.encode(),
        b'<cbc:EndpointID schemeID="EM">finance@acme.example',
    )
    assert [f.id for f in receiver_findings(xml, "ubl")] == ["PEPPOL-EN16931-CL008"]


def test_a_credit_note_is_a_ubl_credit_note_naming_the_invoice_it_credits(
    ledger: Ledger,
) -> None:
    note = documents(ledger)[-1]
    tree = etree.fromstring(einvoice.ubl(note))
    assert etree.QName(tree).localname == "CreditNote"
    assert tree.findtext("cbc:CreditNoteTypeCode", namespaces=UBL_NS) == "381"
    reference = "cac:BillingReference/cac:InvoiceDocumentReference/"
    assert tree.findtext(reference + "cbc:ID", namespaces=UBL_NS) == "SI-77"
    assert tree.findtext(reference + "cbc:IssueDate", namespaces=UBL_NS) == "2026-11-05"
    total = "cac:LegalMonetaryTotal/"
    assert tree.findtext(total + "cbc:TaxExclusiveAmount", namespaces=UBL_NS) == "20.00"
    assert tree.findtext(total + "cbc:PayableAmount", namespaces=UBL_NS) == "24.20"
    assert tree.findtext("cbc:Note", namespaces=UBL_NS) == "damaged"


def test_a_credit_note_in_cii_has_type_381_and_the_invoice_it_credits(ledger: Ledger) -> None:
    tree = etree.fromstring(einvoice.cii(documents(ledger)[-1]))
    assert tree.findtext("rsm:ExchangedDocument/ram:TypeCode", namespaces=CII_NS) == "381"
    found = tree.find(".//ram:InvoiceReferencedDocument/ram:IssuerAssignedID", CII_NS)
    assert found is not None and found.text == "SI-77"


def test_a_partial_credit_over_two_vat_rates_shows_the_vat_the_ledger_booked(
    ledger: Ledger,
) -> None:
    """Lines at 9 % and 21 % credited in part: each rate's tax on the credit note is
    what the journal booked for it, and CEN's and Peppol's sums agree to the cent."""
    _, mixed, _ = invoices(ledger)
    credit = c.IssueCreditNote(key(), mixed, "short delivery", "80.00", ("1", "3"))
    note = load_credit_note(ledger, mixed, ledger.execute(credit)["credit_note"], Seller())
    by_rate = {g.rate: (g.taxable, g.tax) for g in note.tax_groups}
    # line 1 (59.97 + 9 % = 65.37) in full, 14.63 of line 3 (31.00 + 21 % = 37.51):
    # net 14.63 x 31.00 / 37.51 = 12.09, tax 2.54
    assert by_rate == {Decimal("0.09"): (Decimal("59.97"), Decimal("5.40")),
                       Decimal("0.21"): (Decimal("12.09"), Decimal("2.54"))}  # fmt: skip
    assert (note.net, note.tax, note.gross) == (Decimal("72.06"), Decimal("7.94"), Decimal(80))
    for syntax, xml in (("ubl", einvoice.ubl(note)), ("cii", einvoice.cii(note))):
        assert failures(xml, syntax) == [], syntax


def test_the_cli_exports_a_credit_note_it_used_to_call_not_found(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    ledger = Ledger(url)
    invoices(ledger)
    ledger.close()
    run = [sys.executable, "-m", "cli.main", "--database", url, "invoice", "export", "CN-000001"]
    for fmt in ("ubl", "cii", "facturx", "pdf"):
        out = tmp_path / f"cn.{fmt}"
        subprocess.run([*run, "--format", fmt, "-o", str(out)], check=True, capture_output=True)
    ubl = (tmp_path / "cn.ubl").read_bytes()
    assert b"<cbc:CreditNoteTypeCode>381" in ubl and b"<cbc:ID>SI-77</cbc:ID>" in ubl
    assert failures(ubl, "ubl") == []
    assert failures((tmp_path / "cn.cii").read_bytes(), "cii") == []


def test_every_demo_company_has_a_peppol_id_and_its_invoices_pass_peppol() -> None:
    from cli import demo
    from ledger.companies import Company
    from ledger.invoices import Invoice

    ledger = Ledger("memory://")
    demo.run(ledger, demo.plan(seed=3, orders=40, companies=6))
    events = list(ledger.all_events())
    companies = {e.originator_id for e in events if isinstance(e, Company.Registered)}
    assert len(companies) == 6
    assert all(ledger.load(company_id).peppol is not None for company_id in companies)
    first_invoices = {}
    for event in events:
        if isinstance(event, Invoice.Issued):
            first_invoices.setdefault(ledger.load(event.originator_id).company_id,
                                      event.originator_id)  # fmt: skip
    assert len(first_invoices) >= 4
    for invoice_id in first_invoices.values():
        doc = load_document(ledger, invoice_id, Seller())
        assert failures(einvoice.ubl(doc), "ubl") == [], (doc.buyer_name, doc.number)


def test_our_export_refuses_a_peppol_invoice_to_a_buyer_without_a_peppol_id(
    ledger: Ledger,
) -> None:
    """Caught before it is written, not by the receiver: the one Peppol rule our data
    (not our code) can break."""
    doc = load_document(ledger, web_invoice(ledger, company(ledger, "Bare")), Seller())
    for syntax, xml in (("ubl", einvoice.ubl(doc)), ("cii", einvoice.cii(doc))):
        errors = einvoice.validate(xml, syntax).errors
        assert [e.split()[0] for e in errors if "PEPPOL" in e] == ["PEPPOL-EN16931-R010"]
