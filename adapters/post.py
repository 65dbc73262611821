"""The daily print batch: one PDF for the print room, for buyers who want paper.

For a day, every invoice issued that day (or earlier and not yet posted) to a
company whose delivery channels include POST: an address sheet placed for a DL
window envelope, then the invoice. Each invoice in the batch is recorded as
delivered by POST, keyed by invoice, so a second run for the same day prints
nothing new and a crashed run is finished by the next one.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from adapters.documents import InvoiceDocument, load_document
from adapters.pdf import amount, fonts, render_pdf
from adapters.read_models import ReadModels
from ledger import commands as c
from ledger.application import Ledger

POST = "POST"


@dataclass(frozen=True)
class Batch:
    day: date
    invoices: list[str]  # numbers, in print order
    pdf: bytes | None
    ids: tuple[UUID, ...] = ()


def due_for_post(view: ReadModels, day: date) -> list[UUID]:
    """Invoices of POST companies issued up to `day` and not yet posted, oldest first."""
    with view.current() as rows:
        found = rows.select(
            "SELECT i.invoice_id FROM invoices i JOIN companies c ON c.company_id = i.company_id "
            "WHERE (',' || c.channels || ',') LIKE '%,POST,%' AND i.issue_date <= %(day)s "
            "AND (',' || i.delivered || ',') NOT LIKE '%,POST,%' AND i.voided = 0 "
            "ORDER BY i.issue_date, i.number",
            {"day": day.isoformat()},
        )
    return [UUID(row["invoice_id"]) for row in found]


def address_sheet(doc: InvoiceDocument) -> bytes:
    regular, bold = fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    s, b = doc.seller, doc.buyer
    canvas.setFont(regular, 7)
    canvas.drawString(20 * mm, A4[1] - 45 * mm, f"{s.name} · {s.street} · {s.postcode} {s.city}")
    lines = [b.legal_name or doc.buyer_name, "Accounts payable", b.street,
             f"{b.postcode} {b.city}".strip(), b.country]  # fmt: skip
    text = canvas.beginText(20 * mm, A4[1] - 52 * mm)  # DL window: 20 mm left, 45 mm down
    text.setFont(bold, 11)
    text.textLine(lines[0])
    text.setFont(regular, 11)
    for line in lines[1:]:
        if line:
            text.textLine(line)
    canvas.drawText(text)
    canvas.setFont(regular, 9)
    enclosed = f"Enclosed: invoice {doc.number}, {amount(doc.gross, doc.currency)}"
    canvas.drawString(20 * mm, A4[1] - 110 * mm, f"{enclosed}, due {doc.due_date.isoformat()}")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def prepare(ledger: Ledger, view: ReadModels, day: date) -> Batch:
    """The print file for what is due (nothing recorded yet); an empty day gives no PDF."""
    writer = PdfWriter()
    numbers = []
    due = due_for_post(view, day)
    for invoice_id in due:
        doc = load_document(ledger, invoice_id)
        for part in (address_sheet(doc), render_pdf(doc)):
            writer.append(PdfReader(io.BytesIO(part)))
        numbers.append(doc.number)
    if not numbers:
        return Batch(day, [], None)
    out = io.BytesIO()
    writer.write(out)
    return Batch(day, numbers, out.getvalue(), tuple(due))


def confirm(ledger: Ledger, batch: Batch) -> None:
    """Record the batch's invoices as posted: call once the print file is safely written."""
    for invoice_id in batch.ids:
        ledger.execute(
            c.MarkInvoiceDelivered(f"post:{invoice_id}", invoice_id, POST, f"batch {batch.day}")
        )


def summary(batch: Batch) -> dict[str, Any]:
    return {"day": batch.day.isoformat(), "invoices": batch.invoices}
