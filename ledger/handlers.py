"""Command handlers: load aggregates, check cross-aggregate rules, call domain methods.

A handler never writes: it changes aggregates in the session and returns a
small JSON-able result. If any rule fails it raises before the application
saves, so a failed command leaves no trace. Cross-aggregate rules live here
(a payment and an invoice must belong to the same company; a buyer may only
query their own company's invoices); single-aggregate rules live on the
aggregates.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any, TypeVar
from uuid import UUID, uuid5

from ledger import clock
from ledger import commands as c
from ledger.bank_entries import BankEntry
from ledger.card_payments import AlreadySettled, CardItem, CardPayment
from ledger.companies import Company, DeliveryPreferences, PaymentTerms
from ledger.dispatches import Dispatch
from ledger.disputes import ACCEPTED, BUYER, SELLER, InvoiceQuery
from ledger.erp_exceptions import ErpException
from ledger.errors import BadInput, Conflict, CurrencyMismatch, Forbidden, NotFound
from ledger.invoices import ERP, WEB, Invoice, InvoiceHeader
from ledger.lines import LineInput, check_stated_totals, check_text, price_line, price_lines
from ledger.money import Money, check_currency, round_to, to_decimal
from ledger.orders import Order
from ledger.payments import Payment, Remittance
from ledger.peppol import PeppolParticipant
from ledger.registry import KEYS, Sequence, UniqueKey, derived_key, key_id
from ledger.session import Session
from ledger.users import Staff, User, person_id

Result = dict[str, Any]
C = TypeVar("C", bound=c.Command)
HANDLERS: dict[type[c.Command], Callable[[Session, Any], Result]] = {}


def handles(
    command: type[C],
) -> Callable[[Callable[[Session, C], Result]], Callable[[Session, C], Result]]:
    def register(handler: Callable[[Session, C], Result]) -> Callable[[Session, C], Result]:
        HANDLERS[command] = handler
        return handler

    return register


def new_id(command: c.Command, kind: str) -> UUID:
    """The id of something a command creates: stable across retries of the command."""
    return uuid5(KEYS, f"{kind}:{command.idempotency_key}")


def order_id(number: str) -> UUID:
    """Orders are keyed by number, so the web store and the ERP agree on identity."""
    return key_id("order", number)


def company_by(session: Session, kind: str, value: str) -> Company:
    """A company by its web-store id (kind "web-company") or ERP account ("erp-account")."""
    claim = session.find(UniqueKey, key_id(kind, value))
    if claim is None:
        raise NotFound(f"no company with {kind} {value!r}", **{kind: value})
    return session.get(Company, claim.owner_id)


def erp_invoice_id(number: str) -> UUID:
    return key_id("invoice", f"{ERP}:{number}")


def next_number(session: Session, name: str, prefix: str) -> str:
    seq = session.find(Sequence, key_id("sequence", name)) or session.add(
        Sequence.start(name, prefix)
    )
    return seq.take()


def review(session: Session, company: Company) -> None:
    company.review_hold(clock.today(), session.policy.overdue_days)


def buyer(session: Session, email: str, company_id: UUID) -> User:
    user = session.find(User, person_id(email))
    if user is None or user.company_id != company_id:
        raise Forbidden(f"{email} is not a user of this company", email=email)
    return user


def staff(session: Session, email: str) -> Staff:
    member = session.find(Staff, person_id(email))
    if member is None:
        raise Forbidden(f"{email} is not seller staff", email=email)
    return member


# -- parties --------------------------------------------------------------------


@handles(c.RegisterCompany)
def register_company(session: Session, cmd: c.RegisterCompany) -> Result:
    company_id = new_id(cmd, "company")
    limit = Money.of(cmd.credit_limit, check_currency(cmd.currency), "credit limit").amount
    if limit < 0:
        raise BadInput("credit limit must not be negative")
    company = Company.register(
        company_id,
        name=check_text(cmd.name, "company name"),
        currency=check_currency(cmd.currency),
        terms=PaymentTerms(cmd.terms_code, cmd.net_days).check(),
        credit_limit=limit,
        web_company_id=check_text(cmd.web_company_id, "web company id", required=False),
        erp_account=check_text(cmd.erp_account, "ERP account", required=False),
        delivery=DeliveryPreferences(
            tuple(cmd.channels), cmd.email_timing, cmd.invoice_email, cmd.ap_portal_url
        ).check(),
    )
    if cmd.billing is not None:
        company.set_billing(cmd.billing)
    session.add(company)
    for kind, value in (
        ("web-company", company.web_company_id),
        ("erp-account", company.erp_account),
    ):
        if value:
            if session.find(UniqueKey, key_id(kind, value)):
                raise Conflict(f"{kind} {value!r} already belongs to a company", **{kind: value})
            session.add(UniqueKey.claim(kind, value, company_id))
    return {"company_id": str(company_id)}


@handles(c.SetPeppolParticipant)
def set_peppol(session: Session, cmd: c.SetPeppolParticipant) -> Result:
    company = session.get(Company, cmd.company_id)
    company.set_peppol(PeppolParticipant(cmd.scheme.strip(), cmd.identifier.strip()))
    return {"company_id": str(company.id), "peppol_id": str(company.peppol)}


@handles(c.SetBillingDetails)
def set_billing(session: Session, cmd: c.SetBillingDetails) -> Result:
    company = session.get(Company, cmd.company_id)
    company.set_billing(cmd.billing)
    return {"company_id": str(company.id)}


@handles(c.SetCreditLimit)
def set_credit_limit(session: Session, cmd: c.SetCreditLimit) -> Result:
    company = session.get(Company, cmd.company_id)
    company.set_credit_limit(Money.of(cmd.credit_limit, company.currency, "credit limit").amount)
    review(session, company)
    return {"company_id": str(company.id), "on_hold": company.on_hold}


@handles(c.SetDeliveryPreferences)
def set_delivery(session: Session, cmd: c.SetDeliveryPreferences) -> Result:
    company = session.get(Company, cmd.company_id)
    company.set_delivery(
        DeliveryPreferences(
            tuple(cmd.channels), cmd.email_timing, cmd.invoice_email, cmd.ap_portal_url
        )
    )
    return {"company_id": str(company.id)}


@handles(c.RegisterUser)
def register_user(session: Session, cmd: c.RegisterUser) -> Result:
    session.get(Company, cmd.company_id)
    if session.find(User, person_id(cmd.email)) or session.find(Staff, person_id(cmd.email)):
        raise Conflict(f"{cmd.email} is already registered", email=cmd.email)
    manager = buyer(session, cmd.reports_to, cmd.company_id).id if cmd.reports_to else None
    user = User.register(
        cmd.company_id, cmd.email, cmd.name, manager, bool(cmd.can_view_all_invoices)
    )
    session.add(user)
    return {"user_id": str(user.id)}


@handles(c.ChangeReportsTo)
def change_reports_to(session: Session, cmd: c.ChangeReportsTo) -> Result:
    user = session.get(User, person_id(cmd.email), "user")
    manager = buyer(session, cmd.reports_to, user.company_id) if cmd.reports_to else None
    # Walk up from the new manager: the user must not end up managing themselves.
    seen = {user.id}
    cursor = manager
    while cursor is not None:
        if cursor.id in seen:
            raise BadInput("reporting lines must not form a cycle")
        seen.add(cursor.id)
        cursor = session.find(User, cursor.reports_to) if cursor.reports_to else None
    user.report_to(manager.id if manager else None)
    return {"user_id": str(user.id)}


@handles(c.RegisterStaff)
def register_staff(session: Session, cmd: c.RegisterStaff) -> Result:
    if session.find(User, person_id(cmd.email)) or session.find(Staff, person_id(cmd.email)):
        raise Conflict(f"{cmd.email} is already registered", email=cmd.email)
    for company_id in cmd.companies:
        session.get(Company, company_id)
    member = Staff.register(cmd.email, cmd.name, tuple(cmd.roles), tuple(cmd.companies))
    session.add(member)
    return {"staff_id": str(member.id)}


# -- orders and invoices ---------------------------------------------------------


@handles(c.PlaceOrder)
def place_order(session: Session, cmd: c.PlaceOrder) -> Result:
    company = session.get(Company, cmd.company_id)
    user = buyer(session, cmd.placed_by, company.id)
    if cmd.currency != company.currency:
        raise CurrencyMismatch(expected=company.currency, got=cmd.currency)
    number = check_text(cmd.number, "order number")
    if not session.first_attempt and session.find(Order, order_id(number)):
        raise Conflict(f"order {number} already exists", number=number)
    review(session, company)  # a hold due today applies to this very order
    lines = price_lines(tuple(cmd.lines), company.currency)
    order = Order.place(
        order_id(number), company.id, user.id, number, clock.today(), company.currency, lines
    )
    company.book_order(order.id, order.totals.gross)
    review(session, company)
    session.add(order)
    web_id = check_text(cmd.web_order_id, "web order id", required=False)
    if web_id:
        if session.find(UniqueKey, key_id("web-order", web_id)):
            raise Conflict(f"web order {web_id!r} is already booked", web_order_id=web_id)
        session.add(UniqueKey.claim("web-order", web_id, order.id))
    return {"order_id": str(order.id), "gross": str(order.totals.gross.amount)}


@handles(c.ShipOrderLines)
def ship_order_lines(session: Session, cmd: c.ShipOrderLines) -> Result:
    order = session.get(Order, cmd.order_id)
    named = [line_id for line_id, _ in cmd.quantities]
    if not named or len(set(named)) != len(named):
        raise BadInput(f"a shipment names each order line once: {named}")
    for line_id, quantity in cmd.quantities:
        amount = to_decimal(quantity, "quantity")
        order.ship(line_id, amount, clock.today())
        if cmd.delivered:
            order.deliver(line_id, amount, clock.today())
    return {"order_id": str(order.id)}


@handles(c.ShipLine)
def ship_line(session: Session, cmd: c.ShipLine) -> Result:
    order = session.get(Order, cmd.order_id)
    order.ship(cmd.line_id, to_decimal(cmd.quantity, "quantity"), clock.today())
    return {"order_id": str(order.id)}


@handles(c.DeliverLine)
def deliver_line(session: Session, cmd: c.DeliverLine) -> Result:
    order = session.get(Order, cmd.order_id)
    order.deliver(cmd.line_id, to_decimal(cmd.quantity, "quantity"), clock.today())
    return {"order_id": str(order.id)}


@handles(c.InvoiceOrder)
def invoice_order(session: Session, cmd: c.InvoiceOrder) -> Result:
    order = session.get(Order, cmd.order_id)
    company = session.get(Company, order.company_id)
    named = [line_id for line_id, _ in cmd.quantities]
    if len(set(named)) != len(named):
        raise BadInput(f"each order line may be named once: {named}")
    wanted = (
        {line_id: to_decimal(q, "quantity") for line_id, q in cmd.quantities}
        if cmd.quantities
        else order.uninvoiced_quantities()
    )
    if not wanted:
        raise BadInput(f"order {order.number} is fully invoiced", order=order.number)
    lines = []
    for line_id, quantity in wanted.items():
        ordered = order.line(line_id)
        lines.append(
            price_line(
                LineInput(
                    line_id,
                    ordered.sku,
                    ordered.description,
                    quantity,
                    ordered.unit_price,
                    ordered.tax_rate,
                ),
                order.currency,
            )
        )
    invoice_id = new_id(cmd, "invoice")
    issued = clock.today()
    header = InvoiceHeader(
        source=WEB,
        number=next_number(session, WEB, "INV-"),
        order_id=order.id,
        order_number=order.number,
        ordered_by=order.placed_by,
        company_id=company.id,
        issue_date=issued,
        due_date=issued + timedelta(days=company.terms.net_days),
        terms=company.terms,
        currency=order.currency,
    )
    invoice = session.add(Invoice.issue(invoice_id, header, tuple(lines)))
    gross = invoice.totals.gross
    order.record_invoice(invoice_id, wanted, gross)
    company.book_invoice(invoice_id, order.id, gross, header.due_date)
    review(session, company)
    return {"invoice_id": str(invoice_id), "number": header.number, "gross": str(gross.amount)}


@handles(c.RecordErpInvoice)
def record_erp_invoice(session: Session, cmd: c.RecordErpInvoice) -> Result:
    company = session.get(Company, cmd.company_id)
    number = check_text(cmd.number, "invoice number")
    currency = check_currency(cmd.currency)
    if currency != company.currency:
        raise CurrencyMismatch(expected=company.currency, got=currency)
    invoice_id = erp_invoice_id(number)
    if not session.first_attempt and session.find(Invoice, invoice_id):
        raise Conflict(f"ERP invoice {number} is already recorded", number=number)
    lines = price_lines(tuple(cmd.lines), currency)
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


def erp_exception_id(source: str, number: str) -> UUID:
    """One exception per ERP document number, whichever export it came in."""
    return key_id("erp-exception", f"{source}:{number}")


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


@handles(c.MarkInvoiceDelivered)
def mark_delivered(session: Session, cmd: c.MarkInvoiceDelivered) -> Result:
    invoice = session.get(Invoice, cmd.invoice_id)
    invoice.mark_delivered(cmd.channel, check_text(cmd.reference, "reference", required=False))
    return {"invoice_id": str(invoice.id)}


@handles(c.IssueCreditNote)
def issue_credit_note(session: Session, cmd: c.IssueCreditNote) -> Result:
    invoice = session.get(Invoice, cmd.invoice_id)
    company = session.get(Company, invoice.company_id)
    amount = None if cmd.amount is None else Money.of(cmd.amount, invoice.currency)
    number = next_number(session, "CREDIT_NOTE", "CN-")
    credited = invoice.issue_credit_note(number, amount, tuple(cmd.line_ids) or None, cmd.reason)
    company.free_credit(invoice.id, credited, "credit note")
    review(session, company)
    return {"credit_note": number, "amount": str(credited.amount)}


@handles(c.WriteOffInvoice)
def write_off(session: Session, cmd: c.WriteOffInvoice) -> Result:
    invoice = session.get(Invoice, cmd.invoice_id)
    company = session.get(Company, invoice.company_id)
    amount = invoice.write_off(cmd.reason)
    company.free_credit(invoice.id, amount, "write-off")
    review(session, company)
    return {"invoice_id": str(invoice.id), "amount": str(amount.amount)}


@handles(c.VoidInvoice)
def void_invoice(session: Session, cmd: c.VoidInvoice) -> Result:
    invoice = session.get(Invoice, cmd.invoice_id)
    company = session.get(Company, invoice.company_id)
    amount = invoice.void(cmd.reason)
    company.free_credit(invoice.id, amount, "void")
    review(session, company)
    return {"invoice_id": str(invoice.id), "amount": str(amount.amount)}


# -- queries and disputes --------------------------------------------------------


@handles(c.RaiseQuery)
def raise_query(session: Session, cmd: c.RaiseQuery) -> Result:
    invoice = session.get(Invoice, cmd.invoice_id)
    user = buyer(session, cmd.raised_by, invoice.company_id)
    query_id = new_id(cmd, "query")
    line_ids = tuple(cmd.line_ids)
    invoice.open_dispute(query_id, line_ids)
    disputed = invoice.open_on(line_ids).amount
    session.add(
        InvoiceQuery.raise_query(
            query_id,
            invoice.id,
            invoice.company_id,
            user.id,
            cmd.reason,
            line_ids,
            disputed,
            cmd.message,
        )
    )
    return {"query_id": str(query_id), "disputed": str(disputed)}


@handles(c.PostQueryMessage)
def post_query_message(session: Session, cmd: c.PostQueryMessage) -> Result:
    query = session.get(InvoiceQuery, cmd.query_id, "query")
    author_id = person_id(cmd.author)
    if session.find(Staff, author_id):
        query.post(SELLER, author_id, cmd.text)
    else:
        query.post(BUYER, buyer(session, cmd.author, query.company_id).id, cmd.text)
    return {"query_id": str(query.id), "messages": len(query.messages)}


@handles(c.AssignQuery)
def assign_query(session: Session, cmd: c.AssignQuery) -> Result:
    query = session.get(InvoiceQuery, cmd.query_id, "query")
    query.assign(staff(session, cmd.staff).id)
    return {"query_id": str(query.id)}


@handles(c.ResolveQuery)
def resolve_query(session: Session, cmd: c.ResolveQuery) -> Result:
    query = session.get(InvoiceQuery, cmd.query_id, "query")
    resolver = staff(session, cmd.resolved_by)
    invoice = session.get(Invoice, query.invoice_id)
    company = session.get(Company, invoice.company_id)
    credited = Money.zero(invoice.currency)
    credit_note = ""
    if cmd.outcome == ACCEPTED:
        amount = (
            None if cmd.credit_amount is None else Money.of(cmd.credit_amount, invoice.currency)
        )
        credit_note = next_number(session, "CREDIT_NOTE", "CN-")
        credited = invoice.issue_credit_note(
            credit_note, amount, query.line_ids or None, f"query {query.reason}", query.id
        )
        company.free_credit(invoice.id, credited, "credit note")
    query.resolve(cmd.outcome, cmd.note, resolver.id, credited.amount)
    invoice.close_dispute(query.id, cmd.outcome)
    review(session, company)
    return {"query_id": str(query.id), "credit_note": credit_note, "credited": str(credited.amount)}


# -- payments --------------------------------------------------------------------


@handles(c.ReceivePayment)
def receive_payment(session: Session, cmd: c.ReceivePayment) -> Result:
    company = session.get(Company, cmd.company_id)
    amount = Money.of(cmd.amount, cmd.currency)
    if amount.currency != company.currency:
        raise CurrencyMismatch(expected=company.currency, got=amount.currency)
    payment_id = new_id(cmd, "payment")
    payment = Payment.receive(
        payment_id,
        company.id,
        cmd.method,
        amount,
        cmd.reference,
        cmd.received_on or clock.today(),
    )
    if cmd.advice:
        payment.record_advice(tuple(cmd.advice))
    session.add(payment)
    return {"payment_id": str(payment_id)}


@handles(c.RecordRemittanceAdvice)
def record_advice(session: Session, cmd: c.RecordRemittanceAdvice) -> Result:
    payment = session.get(Payment, cmd.payment_id)
    payment.record_advice(tuple(cmd.advice))
    return {"payment_id": str(payment.id)}


def _allocate(
    session: Session,
    payment: Payment,
    invoice_id: UUID,
    amount_given: object,
    line_ids: tuple[str, ...],
    allocation_id: UUID,
) -> Result:
    invoice = session.get(Invoice, invoice_id)
    if invoice.company_id != payment.company_id:
        raise Forbidden(
            f"invoice {invoice.number} belongs to another company than the payment",
            invoice=invoice.number,
        )
    if invoice.currency != payment.currency:
        raise CurrencyMismatch(expected=invoice.currency, got=payment.currency)
    company = session.get(Company, invoice.company_id)
    amount = Money.of(amount_given, payment.currency)
    payment.allocate(allocation_id, invoice.id, amount)
    invoice.allocate(payment.id, allocation_id, amount, tuple(line_ids) or None)
    company.free_credit(invoice.id, amount, "payment")
    review(session, company)
    return {
        "allocation_id": str(allocation_id),
        "invoice_open": str(invoice.open_amount.amount),
        "unapplied": str(payment.unapplied.amount),
        "on_hold": company.on_hold,
    }


@handles(c.AllocatePayment)
def allocate_payment(session: Session, cmd: c.AllocatePayment) -> Result:
    payment = session.get(Payment, cmd.payment_id)
    return _allocate(
        session, payment, cmd.invoice_id, cmd.amount, cmd.line_ids, new_id(cmd, "allocation")
    )


@handles(c.AllocatePaymentToInvoices)
def allocate_to_invoices(session: Session, cmd: c.AllocatePaymentToInvoices) -> Result:
    if not cmd.allocations:
        raise BadInput("give at least one allocation")
    payment = session.get(Payment, cmd.payment_id)
    results = [
        _allocate(
            session, payment, a.invoice_id, a.amount, a.line_ids, new_id(cmd, f"allocation-{n}")
        )
        for n, a in enumerate(cmd.allocations)
    ]
    return {"allocations": results, "unapplied": str(payment.unapplied.amount)}


@handles(c.SubmitRemittanceAdvice)
def submit_remittance(session: Session, cmd: c.SubmitRemittanceAdvice) -> Result:
    company = session.get(Company, cmd.company_id)
    user = buyer(session, cmd.submitted_by, company.id)
    remittance_id = new_id(cmd, "remittance")
    session.add(
        Remittance.submit(
            remittance_id,
            company.id,
            user.id,
            cmd.reference,
            cmd.paid_on,
            tuple(cmd.items),
            company.currency,
        )
    )
    return {"remittance_id": str(remittance_id)}


def _undo_allocation(session: Session, payment: Payment, allocation_id: UUID, reason: str) -> None:
    invoice_id = payment.reverse_allocation(allocation_id)
    invoice = session.get(Invoice, invoice_id)
    amount = invoice.reverse_allocation(allocation_id, reason)
    company = session.get(Company, invoice.company_id)
    company.retake_credit(invoice.id, amount, invoice.header.due_date, reason)


@handles(c.ReverseAllocation)
def reverse_allocation(session: Session, cmd: c.ReverseAllocation) -> Result:
    payment = session.get(Payment, cmd.payment_id)
    _undo_allocation(session, payment, cmd.allocation_id, check_text(cmd.reason, "reason"))
    review(session, session.get(Company, payment.company_id))
    return {"payment_id": str(payment.id), "unapplied": str(payment.unapplied.amount)}


@handles(c.RefundPayment)
def refund_payment(session: Session, cmd: c.RefundPayment) -> Result:
    payment = session.get(Payment, cmd.payment_id)
    payment.refund(Money.of(cmd.amount, payment.currency), cmd.reason)
    return {"payment_id": str(payment.id), "unapplied": str(payment.unapplied.amount)}


@handles(c.ReversePayment)
def reverse_payment(session: Session, cmd: c.ReversePayment) -> Result:
    payment = session.get(Payment, cmd.payment_id)
    reason = check_text(cmd.reason, "reason")
    reopened = [str(invoice_id) for invoice_id, _ in payment.allocations.values()]
    for allocation_id in list(payment.allocations):
        _undo_allocation(session, payment, UUID(allocation_id), reason)
    payment.reverse(reason)
    review(session, session.get(Company, payment.company_id))
    return {"payment_id": str(payment.id), "reopened": reopened}


@handles(c.ReviewCredit)
def review_credit(session: Session, cmd: c.ReviewCredit) -> Result:
    company = session.get(Company, cmd.company_id)
    review(session, company)
    return {"company_id": str(company.id), "on_hold": company.on_hold}


# -- dispatches ------------------------------------------------------------------


def dispatch_id(purpose: str, subject_id: UUID, transport: str, detail: str) -> UUID:
    return key_id("dispatch", f"{purpose}:{subject_id}:{transport}:{detail}")


@handles(c.RequestDispatch)
def request_dispatch(session: Session, cmd: c.RequestDispatch) -> Result:
    found_id = dispatch_id(cmd.purpose, cmd.subject_id, cmd.transport, cmd.detail)
    if session.find(Dispatch, found_id):
        raise Conflict("this message is already requested", dispatch_id=str(found_id))
    session.add(
        Dispatch.request(
            found_id, cmd.purpose, cmd.subject_id, cmd.transport, cmd.recipient, cmd.detail
        )
    )
    return {"dispatch_id": str(found_id)}


@handles(c.StartDispatchAttempt)
def start_dispatch_attempt(session: Session, cmd: c.StartDispatchAttempt) -> Result:
    dispatch = session.get(Dispatch, cmd.dispatch_id)
    dispatch.attempt(cmd.attempt, clock.now())
    return {"dispatch_id": str(dispatch.id), "attempt": cmd.attempt}


@handles(c.FinishDispatchAttempt)
def finish_dispatch_attempt(session: Session, cmd: c.FinishDispatchAttempt) -> Result:
    dispatch = session.get(Dispatch, cmd.dispatch_id)
    if cmd.delivered:
        dispatch.delivered(cmd.attempt, cmd.detail)
        if dispatch.purpose == "INVOICE":  # the invoice learns it was delivered, atomically
            invoice = session.get(Invoice, dispatch.subject_id)
            invoice.mark_delivered(dispatch.transport, cmd.detail[:200])
    else:
        dispatch.failed(cmd.attempt, cmd.detail, clock.now(), cmd.max_attempts)
    return {"dispatch_id": str(dispatch.id), "status": dispatch.status}


@handles(c.SetDunningSteps)
def set_dunning_steps(session: Session, cmd: c.SetDunningSteps) -> Result:
    company = session.get(Company, cmd.company_id)
    company.set_dunning(tuple(cmd.steps))
    return {"company_id": str(company.id), "steps": list(company.dunning_steps)}


# -- bank statements -------------------------------------------------------------


def bank_entry_id(reference: str) -> UUID:
    return key_id("bank-entry", reference)


@handles(c.RecordBankEntry)
def record_bank_entry(session: Session, cmd: c.RecordBankEntry) -> Result:
    reference = check_text(cmd.reference, "bank reference")
    entry_id = bank_entry_id(reference)
    if session.find(BankEntry, entry_id):
        raise Conflict(f"bank entry {reference} is already recorded", reference=reference)
    amount = Money.of(cmd.amount, cmd.currency)
    if not amount.is_positive:
        raise BadInput("a bank entry to record must be money in")
    payment_id = None
    if cmd.company_id is not None:
        received = receive_payment(
            session,
            c.ReceivePayment(
                derived_key("payment", cmd.idempotency_key), cmd.company_id, "BANK_TRANSFER",
                amount.amount, amount.currency, reference, cmd.booked_on,
            ),
        )  # fmt: skip
        payment_id = UUID(received["payment_id"])
        if cmd.allocations:
            allocate_to_invoices(
                session,
                c.AllocatePaymentToInvoices(
                    derived_key("allocate", cmd.idempotency_key),
                    payment_id,
                    tuple(cmd.allocations),
                ),
            )
    elif cmd.allocations:
        raise BadInput("allocations need the payer's company")
    session.add(
        BankEntry.receive(
            entry_id,
            reference=reference,
            booked_on=cmd.booked_on,
            amount=amount.amount,
            currency=amount.currency,
            payer=check_text(cmd.payer, "payer", required=False),
            payer_account=check_text(cmd.payer_account, "payer account", required=False),
            remittance=check_text(cmd.remittance, "remittance", required=False),
            company_id=cmd.company_id,
            payment_id=payment_id,
            allocated=bool(cmd.allocations),
            suggestions=tuple(cmd.suggestions),
        )
    )
    return {"entry_id": str(entry_id), "payment_id": str(payment_id) if payment_id else None}


@handles(c.AcceptBankSuggestion)
def accept_bank_suggestion(session: Session, cmd: c.AcceptBankSuggestion) -> Result:
    entry = session.get(BankEntry, cmd.entry_id)
    suggestion = entry.suggestion(cmd.invoice_id)
    assert entry.payment_id is not None
    payment = session.get(Payment, entry.payment_id)
    invoice = session.get(Invoice, suggestion.invoice_id)
    amount = min(suggestion.amount, payment.unapplied.amount, invoice.open_amount.amount)
    result = _allocate(
        session, payment, suggestion.invoice_id, amount, (), new_id(cmd, "allocation")
    )
    entry.accept(suggestion, cmd.accepted_by)
    return result


@handles(c.DismissBankEntry)
def dismiss_bank_entry(session: Session, cmd: c.DismissBankEntry) -> Result:
    entry = session.get(BankEntry, cmd.entry_id)
    entry.dismiss(check_text(cmd.reason, "reason"), cmd.dismissed_by)
    return {"entry_id": str(entry.id)}


# -- card payments ---------------------------------------------------------------


@handles(c.RequestCardPayment)
def request_card_payment(session: Session, cmd: c.RequestCardPayment) -> Result:
    company = session.get(Company, cmd.company_id)
    user = buyer(session, cmd.requested_by, company.id)
    seen: set[UUID] = set()
    items = []
    for item in cmd.items:
        if item.invoice_id in seen:
            raise BadInput("each invoice may be named once")
        seen.add(item.invoice_id)
        invoice = session.get(Invoice, item.invoice_id)
        if invoice.company_id != company.id:
            raise NotFound(f"invoice {item.invoice_id} not found")
        amount = Money.of(item.amount, invoice.currency)
        if amount.currency != company.currency:
            raise CurrencyMismatch(expected=company.currency, got=amount.currency)
        lines = tuple(item.line_ids)
        if not lines and not cmd.include_disputed:  # disputed lines stay open
            disputed = invoice.disputed_line_ids
            lines = tuple(ln.line_id for ln in invoice.lines if ln.line_id not in disputed)
            if not lines:
                raise BadInput(f"all of invoice {invoice.number} is disputed")
        invoice.plan(amount, lines or None)  # refuses more than is open on those lines
        items.append(CardItem(invoice.id, amount.amount, lines))
    card = CardPayment.request(
        new_id(cmd, "card-payment"), company.id, user.id, company.currency, tuple(items)
    )
    session.add(card)
    return {"card_payment_id": str(card.id), "amount": str(card.amount), "currency": card.currency}


@handles(c.AttachPaymentIntent)
def attach_payment_intent(session: Session, cmd: c.AttachPaymentIntent) -> Result:
    card = session.get(CardPayment, cmd.card_payment_id)
    card.attach_intent(check_text(cmd.intent_id, "payment intent id"))
    return {"card_payment_id": str(card.id), "intent_id": card.intent_id}


def _still_open(invoice: Invoice, item: CardItem) -> Decimal:
    """What a card item may still take: the open amount of its lines (or invoice), now."""
    if invoice.voided or invoice.written_off:
        return Decimal(0)
    return invoice.open_on(item.line_ids).amount


def card_intent_payment_key(intent_id: str) -> str:
    """One payment per captured intent, whichever event (or retry) brings the news."""
    return derived_key("payment", f"card-intent:{intent_id}")


@handles(c.SettleCardPayment)
def settle_card_payment(session: Session, cmd: c.SettleCardPayment) -> Result:
    """Record what the provider received, allocate it where it is still open, keep the
    rest unapplied: money received is never refused (see `ledger.card_payments`).

    The payment is keyed by the intent, so a second success for the same intent (under
    another event id) finds it and changes nothing. An intent the card payment never
    had attached (`start` stopped half-way) is attached now; a second intent for a card
    payment that already succeeded (the provider forgot its idempotency key) is money
    too: it is recorded and placed like the first, leaving the card payment as it was.
    """
    card = session.get(CardPayment, cmd.card_payment_id)
    intent_id = check_text(cmd.intent_id, "payment intent id")
    if not card.intent_id:
        card.attach_intent(intent_id)
    if not cmd.succeeded:
        card.fail(intent_id, cmd.reason or "declined", cmd.event_id)
        return {"card_payment_id": str(card.id), "status": card.status}
    taken = Money.of(cmd.amount, card.currency)
    receive = c.ReceivePayment(card_intent_payment_key(intent_id), card.company_id, "CARD",
                               taken.amount, card.currency, f"card {intent_id}")  # fmt: skip
    if session.find(Payment, new_id(receive, "payment")) is not None:
        raise AlreadySettled(f"payment intent {intent_id} is already recorded")
    payment_id = UUID(receive_payment(session, receive)["payment_id"])
    payment = session.get(Payment, payment_id)
    if intent_id == card.intent_id:
        card.succeed(intent_id, payment_id, cmd.event_id)
    chosen, left = [], taken.amount
    for item in card.items:
        amount = min(item.amount, _still_open(session.get(Invoice, item.invoice_id), item), left)
        if amount > 0:
            chosen.append(c.Allocation(item.invoice_id, amount, item.line_ids))
            left -= amount
    allocations = []
    if chosen:
        allocations = allocate_to_invoices(
            session,
            c.AllocatePaymentToInvoices(
                derived_key("allocate", cmd.idempotency_key), payment_id, tuple(chosen)
            ),
        )["allocations"]
    company = session.get(Company, card.company_id)
    return {
        "card_payment_id": str(card.id),
        "status": card.status,
        "payment_id": str(payment_id),
        "received": str(taken.amount),
        "allocations": allocations,
        "allocated": str(round_to(payment.allocated.amount, card.currency)),
        "unapplied": str(round_to(payment.unapplied.amount, card.currency)),
        "on_hold": company.on_hold,
    }
