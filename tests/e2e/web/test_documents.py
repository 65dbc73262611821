"""Invoice PDF, UBL and Factur-X downloads (`/documents/invoices/{id}.pdf|.xml|.facturx.pdf`).

Against `serve --demo` on PostgreSQL: a signed-in buyer's cookie (as a plain
link in the web app sends it) or a bearer token; another company's buyer gets
the 404 a missing invoice gets; delivery, who may not read amounts, is refused.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from uuid import uuid4

import httpx
import pikepdf
import pytest
from lxml import etree

from graphql_api.auth import mint
from tests.e2e.conftest import Client

pytestmark = pytest.mark.postgres
UBL_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
BUYER, OTHER_BUYER = "alice@acme.example", "grace@globex.example"


def first_invoice(web: str, email: str) -> tuple[str, str]:
    body = Client(web, email)("{ invoices(first: 1) { edges { node { id number } } } }")
    node = body["data"]["invoices"]["edges"][0]["node"]
    return str(node["id"]), str(node["number"])


@pytest.fixture
def signed_in(web: str) -> Iterator[httpx.Client]:
    """A buyer's browser session: the cookie the demo sign-in sets, no token."""
    with httpx.Client(base_url=web, timeout=30) as client:
        assert client.post("/auth/demo", json={"email": BUYER}).status_code == 200
        yield client


def test_a_signed_in_buyer_downloads_their_invoice_as_pdf_and_ubl(
    web: str, signed_in: httpx.Client
) -> None:
    invoice, number = first_invoice(web, BUYER)
    answer = signed_in.get(f"/documents/invoices/{invoice}.pdf")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    assert answer.headers["content-disposition"] == f'attachment; filename="{number}.pdf"'

    ubl = signed_in.get(f"/documents/invoices/{invoice}.xml")
    assert ubl.status_code == 200, ubl.text
    assert ubl.headers["content-disposition"] == f'attachment; filename="{number}.xml"'
    tree = etree.fromstring(ubl.content)
    assert etree.QName(tree).localname == "Invoice"
    assert tree.findtext(f"{{{UBL_CBC}}}ID") == number


def test_a_bearer_token_downloads_the_cii_e_invoice(web: str) -> None:
    invoice, number = first_invoice(web, BUYER)
    answer = httpx.get(f"{web}/documents/invoices/{invoice}.cii.xml", timeout=30,
                       headers={"Authorization": f"Bearer {mint(BUYER)}"})  # fmt: skip
    assert answer.status_code == 200, answer.text
    assert number.encode() in answer.content
    assert answer.headers["content-disposition"] == f'attachment; filename="{number}.cii.xml"'


def test_another_companys_buyer_gets_the_404_of_a_missing_invoice(web: str) -> None:
    invoice, _ = first_invoice(web, BUYER)
    headers = {"Authorization": f"Bearer {mint(OTHER_BUYER)}"}
    hidden = httpx.get(f"{web}/documents/invoices/{invoice}.pdf", headers=headers, timeout=30)
    missing_id = uuid4()
    missing = httpx.get(f"{web}/documents/invoices/{missing_id}.pdf", headers=headers, timeout=30)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert hidden.text.replace(invoice, "X") == missing.text.replace(str(missing_id), "X")


def test_delivery_may_not_download_an_invoice_it_may_not_read_the_amounts_of(web: str) -> None:
    invoice, _ = first_invoice(web, "delivery@seller.example")
    headers = {"Authorization": f"Bearer {mint('delivery@seller.example')}"}
    answer = httpx.get(f"{web}/documents/invoices/{invoice}.pdf", headers=headers, timeout=30)
    assert answer.status_code == 403
    assert "amounts" in answer.json()["errors"][0]["message"]
    assert b"%PDF" not in answer.content


def test_nobody_signed_in_gets_401(web: str) -> None:
    invoice, _ = first_invoice(web, BUYER)
    answer = httpx.get(f"{web}/documents/invoices/{invoice}.pdf", timeout=30)
    assert answer.status_code == 401
    assert answer.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    forged = httpx.get(f"{web}/documents/invoices/{invoice}.pdf", timeout=30,
                       cookies={"arledger_session": "forged"})  # fmt: skip
    assert forged.status_code == 401


def test_the_factur_x_download_is_a_pdf_carrying_its_cii_as_factur_x_xml(
    web: str, signed_in: httpx.Client
) -> None:
    invoice, number = first_invoice(web, BUYER)
    answer = signed_in.get(f"/documents/invoices/{invoice}.facturx.pdf")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    disposition = f'attachment; filename="{number}.facturx.pdf"'
    assert answer.headers["content-disposition"] == disposition
    with pikepdf.open(io.BytesIO(answer.content)) as document:
        attached = document.attachments
        assert list(attached) == ["factur-x.xml"]
        xml = attached["factur-x.xml"].get_file().read_bytes()
        assert document.Root.AF[0].AFRelationship == "/Data"
    cii = etree.fromstring(xml)
    assert etree.QName(cii).localname == "CrossIndustryInvoice"
    assert number in cii.xpath("//*[local-name()='ExchangedDocument']/*[local-name()='ID']/text()")
