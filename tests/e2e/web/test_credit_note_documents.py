"""Credit-note downloads (`/documents/credit-notes/{number}.pdf|.xml`) and their numbers in the API.

The demo resolves some disputes by accepting them, which issues a credit note on the
invoice (`ledger.handlers.invoice_queries`). A credit note has no aggregate of its own:
it is numbered `CN-…` from one sequence and lives as an event on its invoice, so it is
found by its number and shown to whoever may see that invoice, no one else.
"""

from __future__ import annotations

import io
import re
from typing import Any
from uuid import uuid4

import httpx
import pytest
from lxml import etree
from pypdf import PdfReader

from graphql_api.auth import mint
from tests.e2e.conftest import Client

pytestmark = pytest.mark.postgres
UBL_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
ACME_FINANCE = "alice@acme.example"
OTHER_BUYER = "henry@globex.example"  # Globex's finance buyer: sees all of Globex, nothing else
INVOICES = """query($after: String) { invoices(first: 100, after: $after) {
  pageInfo { hasNextPage endCursor }
  edges { node { id number company { name }
    creditNotes { number issuedOn amount { amount currency } } } } } }"""


def bearer(email: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {mint(email)}"}


def credited_invoice(web: str, email: str = ACME_FINANCE) -> dict[str, Any]:
    """The first invoice `email` sees that has a credit note (the demo has several)."""
    ask, after = Client(web, email), None
    while True:
        body = ask(INVOICES, after=after)
        assert "errors" not in body, body
        page = body["data"]["invoices"]
        for edge in page["edges"]:
            if edge["node"]["creditNotes"]:
                return dict(edge["node"])
        if not page["pageInfo"]["hasNextPage"]:
            raise AssertionError(f"no invoice with a credit note visible to {email}")
        after = page["pageInfo"]["endCursor"]


def test_the_api_names_an_invoices_credit_notes_as_the_statement_books_them(web: str) -> None:
    invoice = credited_invoice(web)
    note = invoice["creditNotes"][0]
    assert re.fullmatch(r"CN-\d+", note["number"]), note
    assert note["number"] != invoice["number"]
    assert float(note["amount"]["amount"]) > 0
    body = Client(web, "ar@seller.example")(
        """query($id: ID!) { invoice(id: $id) { company { id } } }""", id=invoice["id"]
    )
    company = body["data"]["invoice"]["company"]["id"]
    statement = Client(web, "ar@seller.example")(
        """query($id: ID!) { company(id: $id) { statement(from: "2000-01-01") {
             lines { kind document reference amount { amount } } } } }""",
        id=company,
    )["data"]["company"]["statement"]["lines"]
    booked = [
        ln for ln in statement if ln["kind"] == "CREDIT_NOTE" and ln["document"] == note["number"]
    ]
    assert len(booked) == 1, booked
    assert booked[0]["reference"] == invoice["number"]
    assert float(booked[0]["amount"]["amount"]) == -float(note["amount"]["amount"])


def test_the_credit_note_pdf_and_ubl_carry_the_credit_notes_number(web: str) -> None:
    invoice = credited_invoice(web)
    number = invoice["creditNotes"][0]["number"]
    with httpx.Client(base_url=web, timeout=30) as browser:  # the web app's cookie, no token
        assert browser.post("/auth/demo", json={"email": ACME_FINANCE}).status_code == 200
        pdf = browser.get(f"/documents/credit-notes/{number}.pdf")
        assert pdf.status_code == 200, pdf.text
        assert pdf.headers["content-type"] == "application/pdf"
        assert pdf.headers["content-disposition"] == f'attachment; filename="{number}.pdf"'
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
        assert "Credit note" in text and number in text
        assert f"Credited against invoice {invoice['number']}" in text

        ubl = browser.get(f"/documents/credit-notes/{number}.xml")
    assert ubl.status_code == 200, ubl.text
    assert ubl.headers["content-disposition"] == f'attachment; filename="{number}.xml"'
    tree = etree.fromstring(ubl.content)
    assert etree.QName(tree).localname == "CreditNote"
    assert tree.findtext(f"{{{UBL_CBC}}}ID") == number
    assert invoice["number"] in ubl.text  # BT-25: the invoice it credits


def test_a_credit_note_is_hidden_from_whoever_may_not_see_its_invoice(web: str) -> None:
    invoice = credited_invoice(web)
    number = invoice["creditNotes"][0]["number"]
    hidden = httpx.get(f"{web}/documents/credit-notes/{number}.pdf", headers=bearer(OTHER_BUYER),
                       timeout=30)  # fmt: skip
    missing_number = f"CN-{uuid4().int % 10**9}"
    missing = httpx.get(f"{web}/documents/credit-notes/{missing_number}.pdf",
                        headers=bearer(OTHER_BUYER), timeout=30)  # fmt: skip
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert hidden.text.replace(number, "X") == missing.text.replace(missing_number, "X")
    delivery = httpx.get(f"{web}/documents/credit-notes/{number}.xml",
                         headers=bearer("delivery@seller.example"), timeout=30)  # fmt: skip
    assert delivery.status_code == 403
    assert b"CreditNote" not in delivery.content
    nobody = httpx.get(f"{web}/documents/credit-notes/{number}.pdf", timeout=30)
    assert nobody.status_code == 401


def test_an_invoice_number_is_not_a_credit_note(web: str) -> None:
    invoice = credited_invoice(web)
    answer = httpx.get(f"{web}/documents/credit-notes/{invoice['number']}.pdf",
                       headers=bearer(ACME_FINANCE), timeout=30)  # fmt: skip
    assert answer.status_code == 404
    assert answer.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_as_of_a_moment_before_it_the_invoice_has_not_yet_that_credit_note(web: str) -> None:
    invoice = credited_invoice(web)
    note = invoice["creditNotes"][0]
    ask = Client(web, "ar@seller.example")
    query = """query($id: ID!, $at: DateTime) { invoice(id: $id, asOf: $at) {
      creditNotes { number } } }"""
    before = ask(query, id=invoice["id"], at=f"{note['issuedOn']}T00:00:00Z")
    assert "errors" not in before, before
    assert note["number"] not in [c["number"] for c in before["data"]["invoice"]["creditNotes"]]
    now = ask(query, id=invoice["id"], at=None)
    assert note["number"] in [c["number"] for c in now["data"]["invoice"]["creditNotes"]]
