"""The invoice as a PDF, in the seller's colours, and as Factur-X (the same PDF with its CII).

Laid out with reportlab's platypus: the buyer's address sits where a DL window
envelope shows it (so the post batch needs no cover letter), the lines table
repeats its header on every page, and a SEPA credit-transfer QR code (EPC069-12)
plus a pay link make paying one scan or one click. Fonts are embedded TrueType
(DejaVu Sans where the system has it, else Bitstream Vera from reportlab), which
covers Latin, Greek and Cyrillic; CJK text would need a CJK font configured. Every
text operator uses them (tables, the QR drawing and the canvas would start in an
unembedded Helvetica otherwise), as the Factur-X PDF/A-3b needs (`adapters.pdfa`).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from facturx import generate_from_binary
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Image,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from adapters.documents import InvoiceDocument
from adapters.einvoice import facturx_cii
from adapters.einvoice_allowances import before_allowance
from adapters.pdfa import Metadata, conform
from adapters.seller import Seller
from ledger.lines import Line
from ledger.money import Money, amount_text

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@functools.cache
def fonts() -> tuple[str, str]:
    """(regular, bold) embedded TrueType font names."""
    vera = Path(reportlab.__file__).parent / "fonts"
    for regular, bold in (
        (DEJAVU / "DejaVuSans.ttf", DEJAVU / "DejaVuSans-Bold.ttf"),
        (vera / "Vera.ttf", vera / "VeraBd.ttf"),
    ):
        if regular.exists() and bold.exists():
            pdfmetrics.registerFont(TTFont("Doc", str(regular)))
            pdfmetrics.registerFont(TTFont("Doc-Bold", str(bold)))
            return "Doc", "Doc-Bold"
    raise FileNotFoundError(f"no embeddable font: neither {DEJAVU} nor reportlab's {vera}")


def page_frame(primary: Any, font: str, footer: str, label: str) -> Callable[[Any, Any], None]:
    """What every page of our documents carries: the brand's band at the top, the seller's
    footer, and "<label> · page N" (an invoice's number, a statement's period)."""

    def page(canvas: Any, template: Any) -> None:
        canvas.saveState()
        canvas.setFillColor(primary)
        canvas.rect(0, A4[1] - 6 * mm, A4[0], 6 * mm, stroke=0, fill=1)
        canvas.setFont(font, 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(20 * mm, 10 * mm, footer)
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, f"{label} · page {template.page}")
        canvas.restoreState()

    return page


def table(rows: list[list[Any]], style: list[Any] | None = None, **kwargs: Any) -> Table:
    """A reportlab Table whose cells default to our embedded font: a Table's own
    default is Helvetica, which it selects even for cells that hold only paragraphs,
    and PDF/A allows no font that is not embedded."""
    found = Table(rows, **kwargs)
    found.setStyle([("FONT", (0, 0), (-1, -1), fonts()[0], 9)])
    if style:
        found.setStyle(style)
    return found


def amount(value: Decimal, currency: str, *, label: bool = True) -> str:
    """For people: in thousands, at the currency's minor unit (`ledger.money.amount_text`)."""
    text = amount_text(Money(value, currency), grouped=True)
    return f"{currency} {text}" if label else text


def described(line: Line, currency: str) -> str:
    """A line's description, and under it its discount as the e-invoice states it
    (BG-27): reason and amount off quantity x price, so the net beside it adds up."""
    if not line.allowance:
        return line.description
    reason = line.allowance_reason.strip()
    label = "Discount" if reason.lower() in ("", "discount") else f"Discount {reason}"
    return (f"{line.description}\n{label}: -{amount(line.allowance, currency, label=False)} "
            f"off {amount(before_allowance(line, currency), currency, label=False)}")  # fmt: skip


def epc_qr(doc: InvoiceDocument) -> str:
    """EPC069-12 payload: banking apps in the SEPA area read it as a credit transfer."""
    s = doc.seller
    return "\n".join(
        ["BCD", "002", "1", "SCT", s.bic, s.name[:70], s.iban,
         f"{doc.currency}{amount_text(Money(doc.open, doc.currency))}", "", doc.number[:35], ""]
    )  # fmt: skip


def pay_details(doc: InvoiceDocument, p: Callable[[str], Any]) -> Any:
    """The SEPA pay code beside how to pay: what, by when, where, quoting what."""
    s = doc.seller
    qr = QrCodeWidget(epc_qr(doc), barLevel="M")
    x0, y0, x1, y1 = qr.getBounds()
    size = 32 * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(qr)
    drawing.initialFontName = fonts()[0]  # the renderer starts in Helvetica otherwise
    pay = (
        f"Please pay {amount(doc.open, doc.currency)} by {doc.due_date.isoformat()} to\n"
        f"{s.name}, IBAN {s.iban} (BIC {s.bic}), quoting {doc.number}.\n"
        f"Scan the code with your banking app, or pay online:\n{doc.pay_link}"
    )
    return table([[drawing, p(pay)]], colWidths=[38 * mm, 132 * mm],
                 style=[("VALIGN", (0, 0), (-1, -1), "MIDDLE")])  # fmt: skip


def letterhead(
    s: Seller, p: Callable[..., Any], title: ParagraphStyle, small: ParagraphStyle
) -> Table:
    """The seller's logo (or name in the primary colour) beside its address: the top of
    every document, the statement's too (`adapters.statement_pdf`)."""
    logo: Any = p(s.trading_name, title)
    if s.branding.logo_path and Path(s.branding.logo_path).exists():
        logo = Image(s.branding.logo_path, width=45 * mm, height=15 * mm, kind="proportional")
    address = f"{s.name}\n{s.street}\n{s.postcode} {s.city}\n{s.country}\nVAT {s.vat_id}\n{s.email}"
    return table([[logo, p(address, small)]], colWidths=[110 * mm, 60 * mm],
                 style=[("VALIGN", (0, 0), (-1, -1), "TOP")])  # fmt: skip


def render_pdf(doc: InvoiceDocument) -> bytes:
    regular, bold = fonts()
    brand = doc.seller.branding
    primary = colors.HexColor(brand.primary)
    shade = colors.HexColor(brand.accent)
    base = ParagraphStyle("base", fontName=regular, fontSize=9, leading=12)
    small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5)
    title = ParagraphStyle("title", parent=base, fontName=bold, fontSize=18, leading=22,
                           textColor=primary)  # fmt: skip
    cell = ParagraphStyle("cell", parent=base, fontSize=8.5, leading=10.5)

    def p(text: str, style: ParagraphStyle = base) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    figure = functools.partial(amount, currency=doc.currency, label=False)  # a table cell

    s, b = doc.seller, doc.buyer
    story: list[Any] = [letterhead(s, p, title, small)]
    story.append(Spacer(1, 12 * mm))  # the buyer's address lands in the envelope window
    buyer = "\n".join(
        part for part in (b.legal_name or doc.buyer_name, b.street,
                          f"{b.postcode} {b.city}".strip(), b.country) if part
    )  # fmt: skip
    meta = [
        [doc.kind, doc.number],
        ["Date", doc.issue_date.isoformat()],
        ["Due", doc.due_date.isoformat()],
        ["Order", doc.order_number],
        ["Terms", f"{doc.terms} (net {doc.net_days} days)"],
    ]
    if doc.credits:  # a credit note is not due and has no terms
        meta = [row for row in meta if row[0] not in ("Due", "Terms")]
    if b.vat_id:
        meta.append(["Your VAT", b.vat_id])
    story.append(
        table(
            [
                [
                    p(buyer),
                    table([[p(k, small), p(v)] for k, v in meta], colWidths=[20 * mm, 45 * mm]),
                ]
            ],
            colWidths=[105 * mm, 65 * mm],
            style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)],
        )
    )
    story += [Spacer(1, 8 * mm), p(doc.kind, title), Spacer(1, 3 * mm)]
    rows: list[list[Any]] = [["SKU", "Description", "Qty", "Unit price", "Net", "VAT", "Total"]]
    for line in doc.lines:
        rows.append(
            [p(line.sku, cell), p(described(line, doc.currency), cell),
             f"{line.quantity.normalize():f}",
             figure(line.unit_price), figure(line.net),
             f"{(line.tax_rate * 100).normalize():f}%", figure(line.gross)]
        )  # fmt: skip
    lines = table(rows, colWidths=[24 * mm, 58 * mm, 14 * mm, 20 * mm, 20 * mm, 12 * mm,
                                   22 * mm], repeatRows=1)  # fmt: skip
    lines.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), regular, 8.5),
                ("FONT", (0, 0), (-1, 0), bold, 8.5),
                ("BACKGROUND", (0, 0), (-1, 0), primary),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                *[("BACKGROUND", (0, r), (-1, r), shade) for r in range(2, len(rows), 2)],
            ]
        )
    )
    story.append(lines)
    totals = [["Net", amount(doc.net, doc.currency)]]
    totals += [
        [f"VAT {(g.rate * 100).normalize():f}% on {figure(g.taxable)}", amount(g.tax, doc.currency)]
        for g in doc.tax_groups
    ]
    totals.append(["Total", amount(doc.gross, doc.currency)])
    if doc.paid:
        totals.append(["Paid", amount(doc.paid, doc.currency)])
    totals.append(["To pay", amount(doc.open, doc.currency)])
    story += [
        Spacer(1, 4 * mm),
        table(
            totals,
            colWidths=[60 * mm, 35 * mm],
            hAlign="RIGHT",
            style=[
                ("FONT", (0, 0), (-1, -1), regular, 9),
                ("FONT", (0, -1), (-1, -1), bold, 10),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, primary),
            ],
        ),
        Spacer(1, 8 * mm),
    ]
    if doc.credits:  # nothing to pay: say what it credits, and no pay code
        story.append(p(f"Credited against invoice {doc.credits[0]} of "
                       f"{doc.credits[1].isoformat()}: {doc.note}"))  # fmt: skip
    else:
        story.append(pay_details(doc, p))

    page = page_frame(primary, regular, brand.footer, doc.number)

    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=16 * mm,
        bottomMargin=20 * mm,
        title=f"{doc.kind} {doc.number}",
        author=s.name,
        subject=f"{doc.kind} {doc.number} for order {doc.order_number}",
        lang="en",
        initialFontName=regular,  # else every page starts in Helvetica, named but not embedded
    ).build(story, onFirstPage=page, onLaterPages=page)
    return out.getvalue()


def facturx_pdf(doc: InvoiceDocument) -> bytes:
    """Factur-X EN16931: the PDF with its CII XML attached (`factur-x.xml`, an
    associated file with /AFRelationship /Data, as Factur-X's French profile has it),
    made PDF/A-3b by `adapters.pdfa` (sRGB output intent, XMP and information
    dictionary from the same values; the fonts are embedded by `render_pdf`)."""
    meta = Metadata(
        title=f"{doc.seller.name}: {doc.kind} {doc.number}",
        author=doc.seller.name,
        subject=f"{doc.kind} {doc.number} dated {doc.issue_date.isoformat()} "
        f"issued by {doc.seller.name}",
    )
    attached: bytes = generate_from_binary(
        render_pdf(doc), facturx_cii(doc), flavor="factur-x", level="en16931", check_xsd=True,
        pdf_metadata={"title": meta.title, "author": meta.author, "subject": meta.subject,
                      "keywords": meta.keywords}, lang="en", xmp_compression=False,
    )  # fmt: skip
    return conform(attached, meta)
