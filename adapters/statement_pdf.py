"""A customer's statement as a PDF, in the seller's colours, as the invoice PDF is laid out.

The figures are the read model's, computed by the functions `company.statement(from,
to)` and `company.aging` answer with (`projections.metrics.statement`,
`projections.history.aging`, which the caller runs: adapters do not read projections),
so the download and the screen never disagree: opening
balance, each line with the running balance, closing balance, and the aged debt today.
Fonts are the embedded ones of `adapters.pdf`, so a statement prints and archives as
an invoice does.
"""

from __future__ import annotations

import functools
import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle

from adapters.pdf import amount, fonts, letterhead, page_frame, table
from adapters.seller import Seller
from ledger.companies import BillingDetails

KIND = {  # as the web app words them (web/src/pages/buyer/Account.tsx)
    "INVOICE": "Invoice", "PAYMENT": "Payment", "ALLOCATION": "Applied to",
    "CREDIT_NOTE": "Credit note", "WRITE_OFF": "Write-off",
    "ALLOCATION_REVERSED": "Application reversed", "VOID": "Voided",
}  # fmt: skip
BUCKETS = (("current", "Not yet due"), ("1-30", "1-30 days"), ("31-60", "31-60 days"),
           ("61-90", "61-90 days"), ("90+", "Over 90 days"))  # fmt: skip
INTERNAL_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-")  # says nothing to a reader


@dataclass(frozen=True)
class StatementDocument:
    seller: Seller
    company_name: str
    billing: BillingDetails
    currency: str
    start: date
    end: date
    opening: Decimal
    closing: Decimal
    aging: dict[str, Decimal]  # bucket ("current", "1-30", ...): open in its currency
    today: date
    # as `projections.metrics.statement` gives them: on_date, kind, document, reference,
    # amount and balance (Decimal)
    lines: list[dict[str, Any]] = field(default_factory=list)


def render_statement(doc: StatementDocument) -> bytes:
    regular, bold = fonts()
    brand = doc.seller.branding
    primary, shade = colors.HexColor(brand.primary), colors.HexColor(brand.accent)
    base = ParagraphStyle("base", fontName=regular, fontSize=9, leading=12)
    small = ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5)
    title = ParagraphStyle("title", parent=base, fontName=bold, fontSize=18, leading=22,
                           textColor=primary)  # fmt: skip
    strong = ParagraphStyle("strong", parent=base, fontName=bold, fontSize=10, leading=13)

    def p(text: str, style: ParagraphStyle = base) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    st, b = doc, doc.billing
    figure = functools.partial(amount, currency=st.currency, label=False)
    period = f"{st.start.isoformat()} to {st.end.isoformat()}"
    address = (b.legal_name or doc.company_name, b.street, f"{b.postcode} {b.city}".strip(),
               b.country)  # fmt: skip
    buyer = "\n".join(part for part in address if part)
    meta = [["Period", period], ["Date", doc.today.isoformat()], ["Currency", st.currency]]
    story: list[Any] = [
        letterhead(doc.seller, p, title, small),
        Spacer(1, 12 * mm),
        table([[p(buyer), table([[p(k, small), p(v)] for k, v in meta],
                                colWidths=[18 * mm, 52 * mm])]],
              colWidths=[100 * mm, 70 * mm],
              style=[("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)]),
        Spacer(1, 8 * mm),
        p(f"Statement of account: {doc.company_name}", title),
        Spacer(1, 3 * mm),
        p(f"Opening balance {amount(st.opening, st.currency)}", strong),
        Spacer(1, 2 * mm),
    ]  # fmt: skip
    rows: list[list[Any]] = [["Date", "What", "Document", "Reference", "Amount", "Balance"]]
    for line in st.lines:
        reference = line["reference"] or ""
        rows.append([
            line["on_date"], KIND.get(line["kind"], line["kind"]), p(line["document"], small),
            p("" if INTERNAL_ID.match(reference) else reference, small),
            figure(line["amount"]), figure(line["balance"]),
        ])  # fmt: skip
    if not st.lines:
        rows.append(["", "Nothing in this period", "", "", "", ""])
    lines = table(rows, colWidths=[20 * mm, 30 * mm, 32 * mm, 40 * mm, 24 * mm, 24 * mm],
                  repeatRows=1)  # fmt: skip
    lines.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), regular, 8.5),
        ("FONT", (0, 0), (-1, 0), bold, 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), primary),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("ALIGN", (4, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *[("BACKGROUND", (0, r), (-1, r), shade) for r in range(2, len(rows), 2)],
    ]))  # fmt: skip
    story += [
        lines,
        Spacer(1, 3 * mm),
        p(f"Closing balance {amount(st.closing, st.currency)}", strong),
        Spacer(1, 8 * mm),
        p(f"Aged debt on {doc.today.isoformat()} ({st.currency})", strong),
        Spacer(1, 2 * mm),
        table([[label for _, label in BUCKETS],
               [figure(doc.aging.get(key, Decimal(0))) for key, _ in BUCKETS]],
              colWidths=[34 * mm] * len(BUCKETS),
              style=[("FONT", (0, 0), (-1, 0), bold, 8.5), ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
                     ("LINEBELOW", (0, 0), (-1, 0), 0.8, primary)]),
    ]  # fmt: skip

    page = page_frame(primary, regular, brand.footer, f"Statement {period}")

    out = io.BytesIO()
    SimpleDocTemplate(
        out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=16 * mm,
        bottomMargin=20 * mm, title=f"Statement {doc.company_name} {period}",
        author=doc.seller.name, subject=f"Statement of account {period}", lang="en",
        initialFontName=regular,  # else every page starts in Helvetica, named but not embedded
    ).build(story, onFirstPage=page, onLaterPages=page)  # fmt: skip
    return out.getvalue()
