"""Sage Business Cloud Accounting into the ledger: posted sales invoices and credit notes.

Reads the v3.1 API shapes (`GET /sales_invoices`, `GET /sales_credit_notes`: a page
with `$items`, amounts as strings) and the line-per-row CSV export, both turned
into the same documents first, so both give the same ledger.

Matching, in this order:

1. `reference` names a web order we know: the invoice is booked against that
   order's company, and its lines are matched to the order's lines by product
   code (and carriage to the order's shipping line), so the order counts them as
   invoiced and they are never billed twice.
2. Otherwise `contact_reference` is the ERP account of a company: booked against
   it, with the reference (or the invoice number) as its order number.
3. Otherwise the document is parked in the ERP exceptions list for AR, never
   dropped. So is an invoice whose number we booked before with other content
   ("changed after import"): the ledger does not rewrite posted invoices.

ERP numbers are kept. Keys are `sage:invoice:<number>`; importing the same
document again writes nothing. Credit notes are matched to their invoice in
`adapters.sage_credits`.

What Sage's v3.1 documents really hold, and how each is read:

- `status`: a DRAFT (numbered `SI-DRAFT` until issued) is not an invoice yet and is
  never booked; a VOID voids the booked invoice with Sage's `void_reason`, or is
  skipped if it was never booked.
- Carriage is in header fields (`shipping_net_amount`, `shipping_tax_rate`,
  `shipping_tax_amount`, `shipping_total_amount`) and is booked as a line of its own
  (the order's shipping line when the invoice names a web order). The header's
  `net_amount`, `tax_amount` and `total_amount` include it (total = net + tax).
- A line's `net_amount` is after its `discount_amount`: the discount is kept as the
  line's allowance, the unit price stays Sage's.
- A list page fetched without `attributes=all` holds only `id`, `displayed_as` and
  `$path` per item: the whole page is refused, so no number is lost to a parked record.

Some 400 lines in one module on purpose: the reading of Sage's documents (API and CSV)
and the matching rules above go together, each field read next to the rule that uses
it; credit notes have their own module (`sage_credits`).
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from adapters import sage_credits
from adapters.importing import (
    FAILED,
    IMPORTED,
    PARKED,
    SKIPPED,
    UNCHANGED,
    Outcome,
    RecordError,
    Summary,
    amount,
    canonical,
    day,
    load_json,
    text,
)
from adapters.magento import claimed
from adapters.sage_credits import base_id
from ledger import commands as c
from ledger.application import Ledger
from ledger.erp_exceptions import ErpException
from ledger.errors import Conflict, IdempotencyMismatch, LedgerError
from ledger.invoices import erp_invoice_id
from ledger.lines import LineInput
from ledger.orders import Order, order_id

SOURCE = "sage"
BARE = {"id", "displayed_as", "$path"}  # what a list page holds without attributes=all
CARRIAGE = ("carriage", "shipping", "delivery", "freight")
CSV_COLUMNS = (
    "Invoice Number", "Date", "Due Date", "Customer Ref", "Customer Name", "Reference",
    "Currency", "Line Description", "Product Code", "Quantity", "Unit Price", "Net",
    "Tax Rate", "Tax", "Total",
)  # fmt: skip


@dataclass(frozen=True)
class Document:
    """A Sage invoice or credit note, as received, with where it came from."""

    kind: str  # "invoice" or "credit_note"
    number: str
    raw: dict[str, Any]
    where: str  # e.g. "sales_invoices.csv lines 2-3"

    @property
    def text(self) -> str:
        return json.dumps(self.raw, sort_keys=True, default=str, ensure_ascii=False)


# -- reading --------------------------------------------------------------------------


def documents(raw: bytes, name: str) -> list[Document]:
    """Every document in a JSON page or a CSV export (by content, not by file name)."""
    stripped = raw.lstrip()
    if stripped.startswith((b"{", b"[")):
        payload = load_json(raw, name)
        items = payload.get("$items") if isinstance(payload, dict) else payload
        if not isinstance(items, list):
            raise RecordError(f"{name}: not a Sage page (no '$items')")
        found = []
        for n, item in enumerate(items):
            if not isinstance(item, dict):
                raise RecordError(f"{name}: item {n + 1} is not an object")
            kind = "credit_note" if "credit_note_number" in item else "invoice"
            number = item.get("credit_note_number") or item.get("invoice_number") or f"#{n + 1}"
            found.append(Document(kind, str(number), item, f"{name} item {n + 1}"))
        bare = [doc for doc in found if set(doc.raw) <= BARE]
        if bare:
            raise RecordError(
                f"{name}: {len(bare)} of {len(found)} items hold only id, displayed_as and $path "
                f"(e.g. {bare[0].raw.get('displayed_as') or bare[0].number}): fetch the page with "
                "attributes=all; nothing was imported"
            )
        return found
    return csv_documents(raw, name)


def csv_documents(raw: bytes, name: str) -> list[Document]:
    try:
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error) as error:
        raise RecordError(f"{name}: not a readable CSV export: {error}") from None
    if not rows or set(CSV_COLUMNS) - set(rows[0]):
        missing = sorted(set(CSV_COLUMNS) - set(rows[0] if rows else {}))
        raise RecordError(f"{name}: not a Sage invoice export (missing columns {missing})")
    grouped: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for n, row in enumerate(rows, start=2):  # line 1 is the header
        grouped.setdefault(row["Invoice Number"], []).append((n, row))
    found = []
    for number, group in grouped.items():
        head = group[0][1]
        lines = [
            {
                "id": f"L{n}",
                "description": row["Line Description"],
                "product": {"displayed_as": row["Product Code"]} if row["Product Code"] else None,
                "quantity": row["Quantity"],
                "unit_price": row["Unit Price"],
                "net_amount": row["Net"],
                "tax_rate": {"percentage": row["Tax Rate"]},
                "tax_amount": row["Tax"],
                "total_amount": row["Total"],
            }
            for n, row in group
        ]
        net = sum((amount(ln["net_amount"], "Net") for ln in lines), Decimal(0))
        tax = sum((amount(ln["tax_amount"], "Tax") for ln in lines), Decimal(0))
        document = {
            "invoice_number": number,
            "date": head["Date"],
            "due_date": head["Due Date"],
            "contact_reference": head["Customer Ref"],
            "contact_name": head["Customer Name"],
            "reference": head["Reference"],
            "currency": {"id": head["Currency"]},
            "net_amount": str(net),
            "tax_amount": str(tax),
            "total_amount": str(net + tax),
            "invoice_lines": lines,
        }
        where = f"{name} lines {group[0][0]}-{group[-1][0]}"
        found.append(Document("invoice", number, document, where))
    return found


# -- importing ------------------------------------------------------------------------


def import_file(ledger: Ledger, raw: bytes, name: str) -> Summary:
    return import_documents(ledger, documents(raw, name))


def import_documents(ledger: Ledger, docs: list[Document]) -> Summary:
    summary = Summary()
    by_day = sage_credits.InvoicesByDay(ledger)
    for doc in docs:
        outcome = summary.add(import_document(ledger, doc, by_day))
        if doc.kind == "invoice" and outcome.status == IMPORTED:
            by_day.forget()
    return summary


def import_document(
    ledger: Ledger, doc: Document, by_day: sage_credits.InvoicesByDay | None = None
) -> Outcome:
    source = f"sage {doc.kind.replace('_', ' ')} {doc.number}"
    status = status_of(doc.raw)
    if status == "DRAFT":
        return Outcome(source, SKIPPED, "a draft in Sage: not issued, so not booked")
    if doc.kind == "credit_note":
        return sage_credits.import_credit_note(
            ledger, doc.raw, doc.number, source, status,
            lambda reason: park(ledger, doc, source, reason),
            by_day or sage_credits.InvoicesByDay(ledger),
        )  # fmt: skip
    if status == "VOID":
        return void(ledger, doc, source)
    try:
        match = match_invoice(ledger, doc)
        if match is None:
            return park(ledger, doc, source, "no web order and no customer account match")
        executed = ledger.run(invoice_command(ledger, doc, *match))
    except IdempotencyMismatch:
        return park(ledger, doc, source, "changed in the ERP after it was booked")
    except (RecordError, LedgerError) as error:
        return Outcome(source, FAILED, f"{error.code}: {error.message} ({doc.where})")
    return Outcome(source, IMPORTED if executed.wrote else UNCHANGED)  # by this run


def status_of(raw: dict[str, Any]) -> str:
    return str(base_id(raw.get("status")) or "").upper()


def void(ledger: Ledger, doc: Document, source: str) -> Outcome:
    """Sage voided the invoice: void ours, keeping Sage's reason; or skip one never booked."""
    reason = text(doc.raw.get("void_reason"), "void_reason", required=False) or "voided in Sage"
    invoice_id = erp_invoice_id(doc.number)
    if ledger.find(invoice_id) is None:
        return Outcome(source, SKIPPED, f"void in Sage and never booked here ({reason})")
    try:
        executed = ledger.run(c.VoidInvoice(f"sage:void:{doc.number}", invoice_id, reason))
    except LedgerError as error:
        return Outcome(source, FAILED, f"{error.code}: void in Sage: {error.message}")
    return Outcome(source, IMPORTED if executed.wrote else UNCHANGED, f"voided: {reason}")


def park(ledger: Ledger, doc: Document, source: str, reason: str) -> Outcome:
    digest = hashlib.sha256(doc.text.encode()).hexdigest()[:16]
    try:
        executed = ledger.run(
            c.ParkErpDocument(f"sage:park:{doc.number}:{digest}", SOURCE, doc.number, reason,
                              doc.text)
        )  # fmt: skip
    except Conflict:
        return Outcome(source, UNCHANGED, f"already parked: {reason}")
    except LedgerError as error:
        return Outcome(source, FAILED, f"{error.code}: {error.message} ({doc.where})")
    status = PARKED if executed.wrote else UNCHANGED
    return Outcome(source, status, reason, result=executed.result)


def match_invoice(ledger: Ledger, doc: Document) -> tuple[UUID, Order | None] | None:
    """(company, web order) the invoice belongs to, or None when nothing matches."""
    reference = text(doc.raw.get("reference"), "reference", required=False)
    if reference:
        order = ledger.find(order_id(reference))
        if isinstance(order, Order):
            return order.company_id, order
    account = text(doc.raw.get("contact_reference"), "contact_reference", required=False)
    company = claimed(ledger, "erp-account", account) if account else None
    return (company, None) if company is not None else None


def invoice_command(
    ledger: Ledger,
    doc: Document,
    company_id: UUID,
    order: Order | None,
    resolves: UUID | None = None,
    order_number: str = "",
) -> c.RecordErpInvoice:
    raw, where = doc.raw, f"invoice {doc.number}"
    currency = base_id(raw.get("currency"))
    lines = (*document_lines(raw, where, order), *shipping_lines(raw, where, order))
    issued = day(raw.get("date"), f"{where}: date")
    due = day(raw.get("due_date"), f"{where}: due_date") if raw.get("due_date") else None
    return c.RecordErpInvoice(
        f"sage:invoice:{doc.number}",
        company_id=company_id,
        number=doc.number,
        order_number=order_number
        or (order.number if order else "")
        or text(raw.get("reference"), "reference", required=False)
        or doc.number,
        issue_date=issued,
        currency=text(currency, f"{where}: currency"),
        lines=lines,
        net=str(amount(raw.get("net_amount"), f"{where}: net_amount")),
        tax=str(amount(raw.get("tax_amount"), f"{where}: tax_amount")),
        gross=str(amount(raw.get("total_amount"), f"{where}: total_amount")),
        net_days=(due - issued).days if due else net_days(raw.get("payment_terms"), where),
        due_date=due,
        resolves=resolves,
    )


def document_lines(raw: dict[str, Any], where: str, order: Order | None) -> Iterator[LineInput]:
    items = raw.get("invoice_lines") or raw.get("credit_note_lines")
    if not isinstance(items, list) or not items:
        raise RecordError(f"{where}: has no lines")
    by_sku = {line.sku: line.line_id for line in order.lines} if order else {}
    used: set[str] = set()
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise RecordError(f"{where}: line {n} is not an object")
        here = f"{where} line {n}"
        product = item.get("product") or {}
        sku = text(product.get("displayed_as") if isinstance(product, dict) else "", "product",
                   required=False)  # fmt: skip
        description = text(item.get("description"), f"{here}: description", required=False)
        line_id = by_sku.get(sku) if sku else None
        if line_id is None and order and description.lower() in CARRIAGE:
            line_id = by_sku.get("SHIPPING")
        if line_id is None or line_id in used:
            line_id = f"erp-{item.get('id') or n}"
        used.add(line_id)
        allowance = discount(item, here)
        quantity = amount(item.get("quantity"), f"{here}: quantity")
        if quantity <= 0:
            raise RecordError(f"{here}: quantity must be positive, got {quantity}")
        yield LineInput(
            line_id,
            sku or "ERP",
            description or sku or line_id,
            quantity,
            amount(item.get("unit_price"), f"{here}: unit_price"),
            tax_rate(item.get("tax_rate"), item, here),
            net=amount(item.get("net_amount"), f"{here}: net_amount"),
            tax=amount(item.get("tax_amount"), f"{here}: tax_amount"),
            gross=amount(item.get("total_amount"), f"{here}: total_amount"),
            allowance=allowance,
            allowance_reason="discount" if allowance else "",
        )


def discount(item: dict[str, Any], where: str) -> Decimal:
    """Sage's `discount_amount`, kept as the line's allowance (BG-27); its
    `discount_percentage` only says how it was reached."""
    if item.get("discount_amount") in (None, ""):
        return Decimal(0)
    return amount(item["discount_amount"], f"{where}: discount_amount")


def shipping_lines(raw: dict[str, Any], where: str, order: Order | None) -> Iterator[LineInput]:
    """Carriage from the header fields, as a line (the order's shipping line if it has one)."""
    if raw.get("shipping_net_amount") in (None, ""):
        return
    here = f"{where} shipping"
    net = amount(raw["shipping_net_amount"], f"{here}: shipping_net_amount")
    if not net:
        return
    tax = amount(raw.get("shipping_tax_amount") or 0, f"{here}: shipping_tax_amount")
    stated = {"net_amount": net, "tax_amount": tax}
    shipping = [ln.line_id for ln in order.lines if ln.sku == "SHIPPING"] if order else []
    yield LineInput(
        shipping[0] if shipping else "erp-shipping",
        "SHIPPING",
        "Carriage",
        Decimal(1),
        net,
        tax_rate(raw.get("shipping_tax_rate"), stated, here),
        net=net,
        tax=tax,
        gross=amount(
            raw.get("shipping_total_amount") or net + tax, f"{here}: shipping_total_amount"
        ),
    )


def net_days(terms: Any, where: str) -> int | None:
    if terms in (None, ""):
        return None
    if isinstance(terms, bool) or not str(terms).isdigit():
        raise RecordError(f"{where}: payment_terms must be a number of days, got {terms!r}")
    return int(terms)


def tax_rate(rate: Any, item: dict[str, Any], where: str) -> Decimal:
    """Sage names a rate ("Standard 21.00%") or states its percentage; else net and tax tell."""
    if isinstance(rate, dict):
        if rate.get("percentage") not in (None, ""):
            return canonical(amount(rate["percentage"], f"{where}: tax rate") / 100)
        shown = str(rate.get("displayed_as", ""))
        if shown.endswith("%"):
            return canonical(
                amount(shown.rsplit(" ", 1)[-1].rstrip("%"), f"{where}: tax rate") / 100
            )
    net = amount(item.get("net_amount"), f"{where}: net_amount")
    tax = amount(item.get("tax_amount"), f"{where}: tax_amount")
    if not net:
        raise RecordError(f"{where}: no tax rate")
    return canonical((tax / net).quantize(Decimal("0.0001")))


# -- the exceptions list --------------------------------------------------------------


def resolve(
    ledger: Ledger, exception_id: UUID, company_id: UUID, order_number: str, key: str
) -> dict[str, Any]:
    """Book a parked invoice against the company AR chose, closing the exception with it."""
    exception: ErpException = ledger.repository.get(exception_id)
    raw = json.loads(exception.document)
    doc = Document("invoice", exception.number, raw, f"parked {exception.number}")
    order = ledger.find(order_id(order_number)) if order_number else None
    if order is not None and not isinstance(order, Order):
        order = None
    command = invoice_command(ledger, doc, company_id, order, exception_id, order_number)
    # A key of its own: the import's key may already be taken by the first version.
    return ledger.execute(dataclasses.replace(command, idempotency_key=key))
