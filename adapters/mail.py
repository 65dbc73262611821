"""E-mail: the messages we send (HTML and text), and sending them with aiosmtplib.

Each message carries a Message-ID derived from its dispatch, the same on every
attempt, so a receiver (or a mail archive) can recognise a repeat after a crash
between sending and recording. Settings come from the environment:
`ARLEDGER_SMTP_HOST` (default localhost), `_PORT` (25), `_USER`, `_PASSWORD`,
`_STARTTLS` (1 to upgrade), `ARLEDGER_MAIL_FROM` (default the seller's e-mail).
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from decimal import Decimal
from email.message import EmailMessage
from email.utils import formatdate
from html import escape
from uuid import UUID

import aiosmtplib

from adapters.documents import InvoiceDocument
from adapters.seller import Seller
from ledger.money import Money, amount_text

# Reminder tone by step: days from the due date (negative: before it).
TONES = (
    (-999, "friendly", "A friendly note: invoice {number} is due on {due}"),
    (0, "due", "Invoice {number} is due today"),
    (1, "firm", "Invoice {number} is {late} days overdue"),
    (14, "final", "Second reminder: invoice {number} is {late} days overdue"),
)


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    starttls: bool = False
    sender: str = ""
    timeout: float = 10.0

    @classmethod
    def from_env(cls) -> SmtpSettings:
        env = os.environ
        return cls(
            host=env.get("ARLEDGER_SMTP_HOST", "localhost"),
            port=int(env.get("ARLEDGER_SMTP_PORT", "25")),
            user=env.get("ARLEDGER_SMTP_USER", ""),
            password=env.get("ARLEDGER_SMTP_PASSWORD", ""),
            starttls=env.get("ARLEDGER_SMTP_STARTTLS", "") == "1",
            sender=env.get("ARLEDGER_MAIL_FROM", ""),
        )


def message_id(dispatch_id: UUID) -> str:
    return f"<{dispatch_id}@arledger>"


def new_message(
    seller: Seller, dispatch_id: UUID, to: str, subject: str, text: str, html: str
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"{seller.name} <{seller.email}>"
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = message_id(dispatch_id)
    message.set_content(text)
    promotion = seller.branding.promotion
    if promotion:
        link = seller.branding.promotion_link
        html += (
            f'<p style="background:{seller.branding.accent};padding:8px">'
            + (f'<a href="{escape(link)}">{escape(promotion)}</a>' if link else escape(promotion))
            + "</p>"
        )
    message.add_alternative(
        f'<html><body style="font-family:sans-serif">'
        f'<h2 style="color:{seller.branding.primary}">{escape(seller.trading_name)}</h2>'
        f'{html}<p style="color:#888;font-size:small">{escape(seller.branding.footer)}</p>'
        f"</body></html>",
        subtype="html",
    )
    return message


def money(amount: Decimal, currency: str) -> str:
    """For people: in thousands, at the currency's minor unit (`ledger.money.amount_text`)."""
    return f"{currency} {amount_text(Money(amount, currency), grouped=True)}"


def invoice_notice(
    doc: InvoiceDocument, dispatch_id: UUID, to: str, attachments: dict[str, bytes]
) -> EmailMessage:
    s = doc.seller
    text = (
        f"Dear customer,\n\nPlease find attached invoice {doc.number} for your order "
        f"{doc.order_number}: {money(doc.gross, doc.currency)}, due {doc.due_date}.\n"
        f"Pay by bank transfer to {s.iban} quoting {doc.number}, or online: {doc.pay_link}\n\n"
        f"Questions about this invoice? Reply in your customer portal.\n\n{s.name}\n"
    )
    html = (
        f"<p>Dear customer,</p><p>Please find attached invoice <b>{escape(doc.number)}</b> "
        f"for your order {escape(doc.order_number)}: <b>{money(doc.gross, doc.currency)}</b>, "
        f"due {doc.due_date}.</p><p>Pay by bank transfer to {escape(s.iban)} quoting "
        f'{escape(doc.number)}, or <a href="{escape(doc.pay_link)}">pay online</a>.</p>'
    )
    message = new_message(s, dispatch_id, to, f"Invoice {doc.number} from {s.trading_name}",
                          text, html)  # fmt: skip
    for name, data in attachments.items():
        subtype = "pdf" if name.endswith(".pdf") else "xml"
        message.add_attachment(data, maintype="application", subtype=subtype, filename=name)
    return message


def tone(days_from_due: int) -> tuple[str, str]:
    name, subject = TONES[0][1], TONES[0][2]
    for start, step_name, step_subject in TONES:
        if days_from_due >= start:
            name, subject = step_name, step_subject
    return name, subject


def reminder(
    doc: InvoiceDocument, dispatch_id: UUID, to: str, days_from_due: int, undisputed: Decimal
) -> EmailMessage:
    name, subject = tone(days_from_due)
    subject = subject.format(number=doc.number, due=doc.due_date, late=days_from_due)
    ask = (
        f"{money(undisputed, doc.currency)} of invoice {doc.number} (order {doc.order_number}) "
        f"is open, due {doc.due_date}."
    )
    if undisputed < doc.open:
        ask += f" The {money(doc.open - undisputed, doc.currency)} you disputed is left aside."
    opening = {
        "friendly": "Just a friendly note before the due date:",
        "due": "A reminder that payment is due today:",
        "firm": "We have not yet received payment:",
        "final": "This invoice is now well overdue:",
    }[name]
    text = (
        f"Dear customer,\n\n{opening} {ask}\nPay online: {doc.pay_link}\n"
        f"If you have paid already, thank you, and please ignore this message.\n\n"
        f"{doc.seller.name}\n"
    )
    html = (
        f"<p>Dear customer,</p><p>{escape(opening)} {escape(ask)}</p>"
        f'<p><a href="{escape(doc.pay_link)}">Pay online</a>. If you have paid already, '
        f"thank you, and please ignore this message.</p>"
    )
    return new_message(doc.seller, dispatch_id, to, subject, text, html)


def thank_you(doc: InvoiceDocument, dispatch_id: UUID, to: str) -> EmailMessage:
    text = (
        f"Dear customer,\n\nThank you: invoice {doc.number} ({money(doc.gross, doc.currency)}) "
        f"is paid in full.\n\n{doc.seller.name}\n"
    )
    html = (
        f"<p>Dear customer,</p><p>Thank you: invoice <b>{escape(doc.number)}</b> "
        f"({money(doc.gross, doc.currency)}) is paid in full.</p>"
    )
    return new_message(doc.seller, dispatch_id, to, f"Thank you for paying {doc.number}",
                       text, html)  # fmt: skip


def query_note(
    seller: Seller, dispatch_id: UUID, to: str, number: str, who: str, body: str, raised: bool
) -> EmailMessage:
    subject = f"{'New query' if raised else 'New reply'} on invoice {number}"
    text = f"{who} wrote about invoice {number}:\n\n{body}\n\nAnswer in the portal.\n"
    html = f"<p>{escape(who)} wrote about invoice <b>{escape(number)}</b>:</p>" \
           f"<blockquote>{escape(body)}</blockquote><p>Answer in the portal.</p>"  # fmt: skip
    return new_message(seller, dispatch_id, to, subject, text, html)


class SmtpTransport:
    """Sends one message; raises on any failure (the outbox records and retries)."""

    def __init__(self, settings: SmtpSettings | None = None) -> None:
        self.settings = settings or SmtpSettings.from_env()

    def send(self, message: EmailMessage) -> str:
        s = self.settings
        if s.sender:
            del message["From"]
            message["From"] = s.sender
        asyncio.run(
            aiosmtplib.send(
                message,
                hostname=s.host,
                port=s.port,
                username=s.user or None,
                password=s.password or None,
                start_tls=s.starttls,
                timeout=s.timeout,
            )
        )
        return str(message["Message-ID"])
