"""What makes a Factur-X PDF a PDF/A-3b file rather than one that only says so.

reportlab writes the pages (DeviceRGB and DeviceGray colours, embedded TrueType
fonts) and factur-x attaches the CII (catalog /AF, /AFRelationship /Data, the
EmbeddedFiles name tree). Left to that, the file claims PDF/A-3B in its XMP but
breaks PDF/A in four ways, which this module mends in one pass with pypdf:

- no output intent, so its device colours have no meaning: an sRGB one is added,
  its ICC profile made by LittleCMS through Pillow (`ImageCms.createProfile("sRGB")`,
  a built-in profile, so no ICC file of unknown licence is shipped);
- the XMP and the information dictionary disagree (producer, keywords, two clocks
  read a second apart): both are written here from one set of values and one time;
- the XMP stream is compressed, which PDF/A does not allow for metadata;
- the header says PDF 1.4; associated files are ISO 32000-1 (1.7) as PDF/A-3 is.

The XMP keeps what factur-x declares: pdfaid part 3 conformance B, the Factur-X
extension schema and its fx: properties (document file name, type, version,
conformance level).
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree
from PIL import ImageCms
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

SRGB = "sRGB IEC61966-2.1"
FX = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"
NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
    "fx": FX,
}
FX_PROPERTIES = {  # name: description, as the Factur-X specification declares them
    "DocumentFileName": "The name of the embedded XML document",
    "DocumentType": "The type of the hybrid document in capital letters, e.g. INVOICE or ORDER",
    "Version": "The actual version of the standard applying to the embedded XML document",
    "ConformanceLevel": "The conformance level of the embedded XML document",
}


@dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: str = "Invoice, Factur-X"
    creator: str = "arledger"
    producer: str = "arledger (reportlab, factur-x, pypdf)"
    file_name: str = "factur-x.xml"
    level: str = "EN 16931"


@functools.cache
def srgb_profile() -> bytes:
    return bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


def conform(data: bytes, meta: Metadata, now: datetime | None = None) -> bytes:
    """The Factur-X PDF `data` with an output intent and consistent metadata."""
    when = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.pdf_header = b"%PDF-1.7"
    profile = DecodedStreamObject()
    profile.set_data(srgb_profile())
    profile[NameObject("/N")] = NumberObject(3)
    intent = DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"),
        NameObject("/S"): NameObject("/GTS_PDFA1"),
        NameObject("/OutputConditionIdentifier"): TextStringObject(SRGB),
        NameObject("/Info"): TextStringObject(SRGB),
        NameObject("/DestOutputProfile"): writer._add_object(profile.flate_encode()),
    })  # fmt: skip
    root = writer._root_object
    root[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])
    stream = DecodedStreamObject()
    stream.set_data(xmp(meta, when))
    stream.update({NameObject("/Type"): NameObject("/Metadata"),
                   NameObject("/Subtype"): NameObject("/XML")})  # fmt: skip
    existing = root.raw_get("/Metadata") if "/Metadata" in root else None
    if isinstance(existing, IndirectObject):  # factur-x's, compressed: replaced, not orphaned
        writer._replace_object(existing, stream)
    else:
        root[NameObject("/Metadata")] = writer._add_object(stream)
    stamp = when.strftime("D:%Y%m%d%H%M%S+00'00'")
    info = {"/Title": meta.title, "/Author": meta.author, "/Subject": meta.subject,
            "/Keywords": meta.keywords, "/Creator": meta.creator, "/Producer": meta.producer,
            "/CreationDate": stamp, "/ModDate": stamp}  # fmt: skip
    writer.metadata = info  # replaces the dictionary: no stray /Trapped without its XMP twin
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def xmp(meta: Metadata, when: datetime) -> bytes:
    """The XMP packet: PDF/A id, Dublin Core, PDF and XMP basics, Factur-X."""

    def q(prefix: str, name: str) -> str:
        return f"{{{NS[prefix]}}}{name}"

    def add(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
        element = etree.SubElement(parent, q(*tag.split(":")))
        element.text = text
        return element

    def alt(parent: etree._Element, tag: str, text: str, kind: str = "Alt") -> None:
        item = add(add(add(parent, tag), f"rdf:{kind}"), "rdf:li", text)
        if kind == "Alt":
            item.set("{http://www.w3.org/XML/1998/namespace}lang", "x-default")

    root = etree.Element(q("x", "xmpmeta"), nsmap=NS)
    about = {q("rdf", "about"): ""}
    description = etree.SubElement(add(root, "rdf:RDF"), q("rdf", "Description"), about)
    add(description, "pdfaid:part", "3")
    add(description, "pdfaid:conformance", "B")
    alt(description, "dc:title", meta.title)
    alt(description, "dc:creator", meta.author, kind="Seq")
    alt(description, "dc:description", meta.subject)
    add(description, "pdf:Producer", meta.producer)
    add(description, "pdf:Keywords", meta.keywords)
    stamp = when.isoformat()
    add(description, "xmp:CreatorTool", meta.creator)
    add(description, "xmp:CreateDate", stamp)
    add(description, "xmp:ModifyDate", stamp)
    add(description, "xmp:MetadataDate", stamp)
    resource = {q("rdf", "parseType"): "Resource"}
    schema = etree.SubElement(add(add(description, "pdfaExtension:schemas"), "rdf:Bag"),
                              q("rdf", "li"), resource)  # fmt: skip
    add(schema, "pdfaSchema:schema", "Factur-X PDFA Extension Schema")
    add(schema, "pdfaSchema:namespaceURI", FX)
    add(schema, "pdfaSchema:prefix", "fx")
    properties = add(add(schema, "pdfaSchema:property"), "rdf:Seq")
    for name, words in FX_PROPERTIES.items():
        declared = etree.SubElement(properties, q("rdf", "li"), resource)
        add(declared, "pdfaProperty:name", name)
        add(declared, "pdfaProperty:valueType", "Text")
        add(declared, "pdfaProperty:category", "external")
        add(declared, "pdfaProperty:description", words)
    add(description, "fx:DocumentType", "INVOICE")
    add(description, "fx:DocumentFileName", meta.file_name)
    add(description, "fx:Version", "1.0")
    add(description, "fx:ConformanceLevel", meta.level)
    body: bytes = etree.tostring(root, encoding="UTF-8", pretty_print=True)
    return b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' + body + \
        b'<?xpacket end="w"?>'  # fmt: skip
