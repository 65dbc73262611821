"""What a dispatch becomes on the wire: the transports a send goes through (`Transports`:
SMTP, the AP portals, the seller whose name and address the documents carry) and, per
purpose, the message each carries (`deliver`).

Apart from the outbox because it is the outside world's half: the outbox decides what is
due, claims and records each attempt (`adapters.outbox.send_one`); this only renders and
sends, so a new purpose or transport is added here without touching the guarantees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from adapters import mail
from adapters.ap_portal import ApPortalTransport
from adapters.documents import load_document
from adapters.pdf import render_pdf
from adapters.seller import Seller
from ledger.application import Ledger
from ledger.disputes import BUYER, InvoiceQuery
from ledger.invoices import Invoice


@dataclass
class Transports:
    email: Any = field(default_factory=mail.SmtpTransport)
    ap_portal: Any = field(default_factory=ApPortalTransport)
    seller: Seller = field(default_factory=Seller.from_env)


def deliver(ledger: Ledger, row: dict[str, Any], transports: Transports) -> str:
    """Send one dispatch (a `dispatches` row) and return the receiver's reference; raises
    when the outside world fails, which the outbox records as a failed attempt."""
    dispatch_id, subject = UUID(row["dispatch_id"]), UUID(row["subject_id"])
    purpose, to = row["purpose"], row["recipient"]
    seller = transports.seller
    if purpose in ("QUERY_RAISED", "QUERY_MESSAGE"):
        query = ledger.load(subject)
        assert isinstance(query, InvoiceQuery)
        invoice = ledger.load(query.invoice_id)
        assert isinstance(invoice, Invoice)
        side, _author, body, _ = query.messages[-1 if purpose == "QUERY_MESSAGE" else 0]
        who = "The buyer" if side == BUYER else seller.trading_name
        return str(transports.email.send(mail.query_note(
            seller, dispatch_id, to, invoice.header.number, who, body,
            purpose == "QUERY_RAISED")))  # fmt: skip
    doc = load_document(ledger, subject, seller)
    if row["transport"] == "AP_PORTAL":
        return str(transports.ap_portal.send(to, dispatch_id, doc))
    if purpose == "INVOICE":
        message = mail.invoice_notice(doc, dispatch_id, to, {f"{doc.number}.pdf": render_pdf(doc)})
    elif purpose == "THANK_YOU":
        message = mail.thank_you(doc, dispatch_id, to)
    else:  # REMINDER
        invoice = ledger.load(subject)
        assert isinstance(invoice, Invoice)
        undisputed = doc.open - invoice.disputed_amount.amount
        if undisputed <= 0:
            return "not sent: nothing undisputed is open any more"
        step = int(row["detail"].split()[-1])
        message = mail.reminder(doc, dispatch_id, to, step, undisputed)
    return str(transports.email.send(message))
