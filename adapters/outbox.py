"""The outbox: decide what must be sent (plan), send what is due (send), remind (dunning).

Planning follows the event log from a stored position and asks for dispatches
(`RequestDispatch`), whose ids derive from what they are about, so reading an
event twice asks for nothing new: the position may lag, never lead, and nothing
is lost or doubled across restarts. A new outbox starts at the head of the log,
so switching it on does not mail the whole history.

    Invoice.Issued          invoice notice by e-mail (after the order, or once the
                            order is delivered, as the company prefers) and to its
                            AP portal, if it has one
    Order.LineDelivered     the notices that waited for delivery
    Invoice.PaymentAllocated  a thank-you once the invoice is paid in full
    InvoiceQuery.Raised / MessagePosted  a note to the other side

Sending picks due dispatches from the read model, records the attempt, sends,
and records the outcome (see `ledger.dispatches` for the guarantees); what each purpose
is sent as, and through which transport, is `adapters.transports`.
Reminders are asked for by `remind(day)`: per open invoice the latest dunning
step reached, once; none when the whole open amount is disputed, nor while AR has
paused the invoice or its company (`ledger.reminders`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

from adapters.read_models import ReadModels
from adapters.seller import Seller
from adapters.transports import Transports, deliver
from ledger import clock
from ledger import commands as c
from ledger.application import Ledger
from ledger.companies import EMAIL_AFTER_DELIVERY, Company
from ledger.dispatches import MAX_ATTEMPTS
from ledger.disputes import BUYER, InvoiceQuery
from ledger.errors import Conflict, LedgerError
from ledger.invoices import Invoice
from ledger.orders import Order
from ledger.recipients import invoice_email
from ledger.registry import derived_key
from ledger.reminders import PAUSES_IN_FORCE, candidate_rows, due_on
from ledger.users import User

PLANNER = "outbox"
PLANNED = (
    "ledger.invoices:Invoice.Issued",
    "ledger.invoices:Invoice.PaymentAllocated",
    "ledger.orders:Order.LineDelivered",
    "ledger.disputes:InvoiceQuery.Raised",
    "ledger.disputes:InvoiceQuery.MessagePosted",
)


# -- where the planner is -------------------------------------------------------------


def position(view: ReadModels) -> int | None:
    with view.rows() as (rows, _):
        found = rows.select("SELECT position FROM outbox_position WHERE name = %(n)s",
                            {"n": PLANNER})  # fmt: skip
    return int(found[0]["position"]) if found else None


def save_position(view: ReadModels, value: int) -> None:
    with view.rows() as (rows, _):
        rows.execute(
            "INSERT INTO outbox_position (name, position) VALUES (%(n)s, %(p)s) "
            "ON CONFLICT (name) DO UPDATE SET position = excluded.position",
            {"n": PLANNER, "p": value},
        )


# -- planning -------------------------------------------------------------------------


def plan(ledger: Ledger, view: ReadModels, *, from_start: bool = False, page: int = 500) -> int:
    """Ask for every dispatch the new events call for; returns how many were asked for."""
    at = position(view)
    if at is None:
        at = 0 if from_start else ledger.event_count()
        save_position(view, at)
    asked = 0
    while True:
        notifications = ledger.recorder.select_notifications(at + 1, page)
        if not notifications:
            return asked
        view.catch_up()  # the read models know at least what we read
        for notification in notifications:
            if notification.topic in PLANNED:
                event = ledger.mapper.to_domain_event(notification)
                for command in wanted(ledger, view, event):
                    asked += request(ledger, command)
        at = notifications[-1].id
        save_position(view, at)


def request(ledger: Ledger, command: c.RequestDispatch) -> int:
    try:
        ledger.execute(command)
    except Conflict:
        return 0  # asked for before: nothing new
    return 1


def dispatch(purpose: str, subject: UUID, transport: str, to: str, detail: str = "") -> Any:
    key = f"outbox:{purpose}:{subject}:{transport}:{detail}"
    return c.RequestDispatch(key, purpose, subject, transport, to, detail)


def fully_delivered(order: Order) -> bool:
    return all(order.delivered.get(line.line_id, 0) >= line.quantity for line in order.lines)


def invoice_notices(ledger: Ledger, invoice: Invoice, delivered: bool) -> Iterator[Any]:
    company = ledger.load(invoice.company_id)
    assert isinstance(company, Company)
    prefs = company.delivery
    if "EMAIL" in prefs.channels and (prefs.email_timing != EMAIL_AFTER_DELIVERY or delivered):
        to = invoice_email(ledger, company, invoice)
        if to:
            yield dispatch("INVOICE", invoice.id, "EMAIL", to)
    if "AP_PORTAL" in prefs.channels and prefs.ap_portal_url:
        yield dispatch("INVOICE", invoice.id, "AP_PORTAL", prefs.ap_portal_url)


def wanted(ledger: Ledger, view: ReadModels, event: Any) -> Iterator[Any]:
    name = type(event).__qualname__
    if name == "Invoice.Issued":
        invoice = ledger.load(event.originator_id)
        assert isinstance(invoice, Invoice)
        order = ledger.find(invoice.header.order_id)
        yield from invoice_notices(ledger, invoice, isinstance(order, Order) and
                                   fully_delivered(order))  # fmt: skip
    elif name == "Order.LineDelivered":
        order = ledger.load(event.originator_id)
        if isinstance(order, Order) and fully_delivered(order):
            with view.rows() as (rows, _):
                found = rows.select("SELECT invoice_id FROM invoices WHERE order_id = %(o)s",
                                    {"o": str(order.id)})  # fmt: skip
            for row in found:
                invoice = ledger.load(UUID(row["invoice_id"]))
                assert isinstance(invoice, Invoice)
                yield from invoice_notices(ledger, invoice, True)
    elif name == "Invoice.PaymentAllocated":
        invoice = ledger.load(event.originator_id)
        assert isinstance(invoice, Invoice)
        if invoice.open_amount.amount == 0 and invoice.paid > 0:
            company = ledger.load(invoice.company_id)
            assert isinstance(company, Company)
            to = invoice_email(ledger, company, invoice)
            if to:
                yield dispatch("THANK_YOU", invoice.id, "EMAIL", to)
    elif name in ("InvoiceQuery.Raised", "InvoiceQuery.MessagePosted"):
        query = ledger.load(event.originator_id)
        assert isinstance(query, InvoiceQuery)
        side = BUYER if name == "InvoiceQuery.Raised" else event.side
        if side == BUYER:
            to = Seller.from_env().email  # AR's shared inbox
        else:
            buyer = ledger.load(query.raised_by)
            to = buyer.email if isinstance(buyer, User) else ""
        purpose = "QUERY_RAISED" if name == "InvoiceQuery.Raised" else "QUERY_MESSAGE"
        if to:
            yield dispatch(purpose, query.id, "EMAIL", to, str(event.originator_version))


# -- reminders ------------------------------------------------------------------------


def remind(ledger: Ledger, view: ReadModels, day: date) -> int:
    """Ask for the reminders due on `day` (`ledger.reminders`): per open invoice the
    latest step it reached, unless the invoice or its company is paused that day."""
    view.catch_up()
    with view.rows() as (rows, _):
        candidates = rows.select(*candidate_rows(day))
        pauses = rows.select(PAUSES_IN_FORCE)
    asked = 0
    for due in due_on(ledger, candidates, pauses, day):
        if due.goes_out:
            asked += request(ledger, dispatch("REMINDER", due.invoice_id, due.transport,
                                              due.recipient, f"step {due.step}"))  # fmt: skip
    return asked


# -- sending --------------------------------------------------------------------------


def send_due(
    ledger: Ledger,
    view: ReadModels,
    transports: Transports | None = None,
    *,
    max_attempts: int = MAX_ATTEMPTS,
    limit: int = 200,
    epoch: int | None = None,
) -> Counter[str]:
    """Send every dispatch that is due now; returns counts by outcome.

    `epoch`: the outbox leader's (`adapters.leadership`); each attempt is claimed with
    it first, so a leader that has been replaced sends nothing more (`claim`)."""
    transports = transports or Transports()
    view.catch_up()
    with view.rows() as (rows, _):
        due = rows.select(
            "SELECT * FROM dispatches WHERE status IN ('PENDING', 'SENDING') "
            f"AND next_at <= %(now)s ORDER BY next_at LIMIT {int(limit)}",
            {"now": view.moment(clock.now())},
        )
    outcome: Counter[str] = Counter()
    for row in due:
        outcome[send_one(ledger, row, transports, max_attempts, epoch=epoch, view=view)] += 1
    return outcome


# One statement: the claim is taken only by the current epoch, and only from an older one.
CLAIM = (
    "INSERT INTO dispatch_claims (dispatch_id, attempt, claimed_epoch) "
    "SELECT %(d)s, %(a)s, %(e)s WHERE %(e)s = (SELECT epoch FROM leader_epochs WHERE job = %(j)s) "
    "ON CONFLICT (dispatch_id, attempt) DO UPDATE SET claimed_epoch = excluded.claimed_epoch "
    "WHERE dispatch_claims.claimed_epoch < excluded.claimed_epoch"
)


def claim(view: ReadModels, dispatch_id: UUID, attempt: int, epoch: int) -> bool:
    """Whether the leader of `epoch` may make this attempt: it is still the current
    leader and no later leader claimed it. The attempt's event then decides between
    leaders of neighbouring epochs that both got here (only one records it)."""
    with view.rows() as (rows, cursor):
        cursor.execute(rows.sql(CLAIM), {"d": str(dispatch_id), "a": attempt, "e": epoch,
                                         "j": PLANNER})  # fmt: skip
        return bool(cursor.rowcount)


def send_one(
    ledger: Ledger,
    row: dict[str, Any],
    transports: Transports,
    max_attempts: int,
    *,
    epoch: int | None = None,
    view: ReadModels | None = None,
) -> str:
    dispatch_id, attempt = UUID(row["dispatch_id"]), int(row["attempts"]) + 1
    key = f"dispatch:{dispatch_id}:{attempt}"
    if epoch is not None:
        if view is None:
            raise ValueError("a fenced send needs the read models (where claims are kept)")
        if not claim(view, dispatch_id, attempt, epoch):
            return "fenced"
    try:
        started = ledger.run(c.StartDispatchAttempt(key, dispatch_id, attempt))
    except Conflict:
        return "skipped"  # another sender has it, or our read model lagged: next round
    if not started.wrote:
        return "skipped"  # another sender recorded this attempt first (same key): it sends
    try:
        reference = deliver(ledger, row, transports)
        delivered = True
    except Exception as error:  # any failure of the outside world is retried
        reference, delivered = f"{type(error).__name__}: {error}", False
    try:
        ledger.execute(
            c.FinishDispatchAttempt(
                derived_key("done", key),
                dispatch_id,
                attempt,
                delivered,
                reference,
                max_attempts,
            )
        )
    except LedgerError:
        return "unrecorded"  # retried after the stale-attempt timeout
    return "delivered" if delivered else "failed"


def status(ledger: Ledger, view: ReadModels) -> dict[str, Any]:
    view.catch_up()
    with view.rows() as (rows, _):
        counts = rows.select("SELECT status, COUNT(*) AS n FROM dispatches GROUP BY status")
        dead = rows.select(
            "SELECT dispatch_id, purpose, recipient, last_error FROM dispatches "
            "WHERE status = 'DEAD' ORDER BY requested_at LIMIT 20"
        )
    return {
        "planned_up_to": position(view),
        "head": ledger.event_count(),
        "by_status": {row["status"]: int(row["n"]) for row in counts},
        "dead_letters": dead,
    }
