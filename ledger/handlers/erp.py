"""ERP invoices: booked with the ERP's own number, or parked as exceptions for AR.

An ERP invoice keeps the ERP's number (we never renumber) and must state totals equal to
its rounded lines; one that cannot be booked is parked with the document as sent, and
booking it later against a company AR chooses resolves the exception atomically.
"""

from __future__ import annotations

from datetime import timedelta

from ledger import commands as c
from ledger.companies import Company, PaymentTerms
from ledger.erp_exceptions import ErpException, erp_exception_id
from ledger.errors import Conflict, Forbidden
from ledger.handlers.credit import review
from ledger.handlers.lookups import buyer
from ledger.handlers.table import Result, handles
from ledger.invoices import ERP, Invoice, InvoiceHeader, erp_invoice_id
from ledger.lines import PER_LINE, check_stated_totals, check_text, price_lines
from ledger.money import check_currency
from ledger.orders import Order, order_id
from ledger.session import Session


@handles(c.RecordErpInvoice)
def record_erp_invoice(session: Session, cmd: c.RecordErpInvoice) -> Result:
    company = session.get(Company, cmd.company_id)
    number = check_text(cmd.number, "invoice number")
    currency = company.check_currency(check_currency(cmd.currency))
    invoice_id = erp_invoice_id(number)
    if not session.first_attempt and session.find(Invoice, invoice_id):
        raise Conflict(f"ERP invoice {number} is already recorded", number=number)
    # Sage states each line's tax, computed per line: checked by that rule, whatever
    # rule our own web invoices use (Policy.tax_rule).
    lines = price_lines(tuple(cmd.lines), currency, PER_LINE)
    check_stated_totals(lines, currency, cmd.net, cmd.tax, cmd.gross)
    order_number = check_text(cmd.order_number, "order number")
    order = session.find(Order, order_id(order_number))
    if order is not None and order.company_id != company.id:
        raise Forbidden(f"order {order_number} belongs to another company")
    ordered_by = order.placed_by if order else None
    if cmd.ordered_by:
        ordered_by = buyer(session, cmd.ordered_by, company.id).id
    terms = PaymentTerms(
        cmd.terms_code or company.terms.code,
        company.terms.net_days if cmd.net_days is None else cmd.net_days,
    ).check()
    header = InvoiceHeader(
        source=ERP,
        number=number,
        order_id=order_id(order_number),
        order_number=order_number,
        ordered_by=ordered_by,
        company_id=company.id,
        issue_date=cmd.issue_date,
        due_date=cmd.due_date or cmd.issue_date + timedelta(days=terms.net_days),
        terms=terms,
        currency=currency,
    )
    invoice = session.add(Invoice.issue(invoice_id, header, lines))
    gross = invoice.totals.gross
    if order is not None:
        # Lines the web order also has count as invoiced, so they are never billed twice.
        known = {line.line_id for line in order.lines}
        billed = {line.line_id: line.quantity for line in lines if line.line_id in known}
        if billed:
            order.record_invoice(invoice_id, billed, gross)
    company.book_invoice(invoice_id, header.order_id, gross, header.due_date)
    review(session, company)
    if cmd.resolves is not None:
        exception = session.get(ErpException, cmd.resolves)
        exception.resolve(invoice_id, company.id, cmd.idempotency_key)
    return {"invoice_id": str(invoice_id), "number": number, "gross": str(gross.amount)}


@handles(c.ParkErpDocument)
def park_erp_document(session: Session, cmd: c.ParkErpDocument) -> Result:
    exception_id = erp_exception_id(cmd.source, cmd.number)
    if session.find(ErpException, exception_id):
        raise Conflict(f"ERP document {cmd.number} is already parked", number=cmd.number)
    session.add(ErpException.park(exception_id, cmd.source, cmd.number, cmd.reason, cmd.document))
    return {"exception_id": str(exception_id), "number": cmd.number}


@handles(c.DismissErpException)
def dismiss_erp_exception(session: Session, cmd: c.DismissErpException) -> Result:
    exception = session.get(ErpException, cmd.exception_id)
    exception.dismiss(cmd.reason, cmd.dismissed_by)
    return {"exception_id": str(exception.id)}
