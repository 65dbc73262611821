"""An invoice as a document: everything a PDF, an e-invoice or a letter needs, in one value.

Built from the write side (the invoice, its company and the seller), so a
document is exactly what the ledger issued, whatever the read models say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from adapters.read_models import ReadModels
from adapters.seller import Seller
from ledger.application import Ledger
from ledger.companies import BillingDetails, Company
from ledger.errors import NotFound
from ledger.invoices import Invoice, erp_invoice_id
from ledger.lines import Line
from ledger.peppol import PeppolParticipant


@dataclass(frozen=True)
class TaxGroup:
    rate: Decimal  # 0.21
    taxable: Decimal
    tax: Decimal


@dataclass(frozen=True)
class InvoiceDocument:
    seller: Seller
    buyer_name: str
    buyer: BillingDetails
    invoice_id: UUID
    number: str
    source: str
    issue_date: date
    due_date: date
    terms: str
    net_days: int
    currency: str
    order_number: str
    lines: tuple[Line, ...]
    net: Decimal
    tax: Decimal
    gross: Decimal
    paid: Decimal
    open: Decimal
    buyer_peppol: PeppolParticipant | None = None  # where the buyer receives e-invoices
    type_code: str = "380"  # UNTDID 1001: 380 commercial invoice, 381 credit note
    credits: tuple[str, date] | None = None  # a credit note's invoice (BT-25, BT-26)
    note: str = ""  # BT-22: a credit note's reason

    @property
    def is_credit_note(self) -> bool:
        return self.type_code == "381"

    @property
    def kind(self) -> str:
        return "Credit note" if self.is_credit_note else "Invoice"

    @property
    def tax_groups(self) -> tuple[TaxGroup, ...]:
        groups: dict[Decimal, tuple[Decimal, Decimal]] = {}
        for line in self.lines:
            net, tax = groups.get(line.tax_rate, (Decimal(0), Decimal(0)))
            groups[line.tax_rate] = (net + line.net, tax + line.tax)
        return tuple(TaxGroup(rate, net, tax) for rate, (net, tax) in sorted(groups.items()))

    @property
    def pay_link(self) -> str:
        return f"{self.seller.pay_url}{self.number}"


def load_document(
    ledger: Ledger, invoice_id: UUID, seller: Seller | None = None
) -> InvoiceDocument:
    invoice = ledger.load(invoice_id)
    if not isinstance(invoice, Invoice):
        raise NotFound(f"no invoice {invoice_id}")
    company = ledger.load(invoice.company_id)
    assert isinstance(company, Company)
    h = invoice.header
    totals = invoice.totals
    return InvoiceDocument(
        seller=seller or Seller.from_env(),
        buyer_name=company.name,
        buyer=company.billing,
        invoice_id=invoice.id,
        number=h.number,
        source=h.source,
        issue_date=h.issue_date,
        due_date=h.due_date,
        terms=h.terms.code,
        net_days=h.terms.net_days,
        currency=h.currency,
        order_number=h.order_number,
        lines=tuple(invoice.lines),
        net=totals.net.amount,
        tax=totals.tax.amount,
        gross=totals.gross.amount,
        paid=invoice.paid,
        open=invoice.open_amount.amount,
        buyer_peppol=company.peppol,
    )


def invoice_id_by_number(ledger: Ledger, view: ReadModels, number: str) -> UUID:
    """ERP invoices keep their ERP number (their id derives from it); web invoices are
    found in the read model, which indexes every number."""
    if isinstance(ledger.find(erp_invoice_id(number)), Invoice):
        return erp_invoice_id(number)
    with view.current() as rows:
        hits = rows.select("SELECT invoice_id FROM invoices WHERE number = %(n)s", {"n": number})
        if not hits:  # a credit note: the statement line names the invoice it credits
            hits = rows.select(
                "SELECT i.invoice_id FROM statement_lines s JOIN invoices i "
                "ON i.company_id = s.company_id AND i.number = s.reference "
                "WHERE s.kind = 'CREDIT_NOTE' AND s.document = %(n)s",
                {"n": number},
            )
    if not hits:
        raise NotFound(f"no invoice or credit note numbered {number}", number=number)
    return UUID(hits[0]["invoice_id"])
