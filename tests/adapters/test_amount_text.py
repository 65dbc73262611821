"""Documents show amounts at their currency's minor unit (`ledger.money.amount_text`):
yen without decimals, dinars with three, never rounded by a formatter of their own."""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

import pytest

from adapters import einvoice, mail, pdf
from adapters.documents import load_document
from ledger.application import Ledger
from ledger.money import Money, amount_text
from tests.adapters.test_documents import buyer as with_peppol
from tests.adapters.test_documents import text_of
from tests.builders import line, web_invoice


@pytest.mark.parametrize(
    ("amount", "currency", "plain", "grouped"),
    [
        ("1234.50", "EUR", "1234.50", "1,234.50"),
        ("1E+3", "EUR", "1000.00", "1,000.00"),
        ("1650", "JPY", "1650", "1,650"),
        ("1234.565", "KWD", "1234.565", "1,234.565"),
        ("12.3456", "CLF", "12.3456", "12.3456"),
        ("0.0125", "EUR", "0.0125", "0.0125"),  # a unit price finer than a cent keeps it
        ("-24.2", "EUR", "-24.20", "-24.20"),
    ],
)
def test_an_amount_is_written_at_its_currency_minor_unit(
    amount: str, currency: str, plain: str, grouped: str
) -> None:
    money = Money(Decimal(amount), currency)
    assert amount_text(money) == plain
    assert amount_text(money, grouped=True) == grouped


def invoice_in(ledger: Ledger, currency: str, price: str, rate: str) -> object:
    buyer = with_peppol(ledger, currency=currency)
    invoice_id = web_invoice(ledger, buyer, line("1", "1", price, rate), currency=currency)
    return load_document(ledger, invoice_id)


def test_a_yen_invoice_shows_whole_yen_in_mail_pdf_and_e_invoice(ledger: Ledger) -> None:
    doc = invoice_in(ledger, "JPY", "1500", "0.10")  # 1,500 + 150 tax
    notice = mail.invoice_notice(doc, uuid4(), "finance@acme.example", {})  # type: ignore[arg-type]
    body = notice.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "JPY 1,650," in body and "1,650.00" not in body
    page = text_of(pdf.render_pdf(doc))  # type: ignore[arg-type]
    assert "JPY 1,650" in page and "1,650.00" not in page
    xml = einvoice.ubl(doc)  # type: ignore[arg-type]
    assert b">1650<" in xml and b"1650.00" not in xml
    assert einvoice.validate(xml, einvoice.UBL).ok


def test_a_dinar_invoice_keeps_its_fils_in_mail_and_pdf(ledger: Ledger) -> None:
    doc = invoice_in(ledger, "KWD", "12.345", "0")
    notice = mail.invoice_notice(doc, uuid4(), "finance@acme.example", {})  # type: ignore[arg-type]
    body = notice.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "KWD 12.345," in body  # ".2f" wrote 12.34: a fils short
    assert "KWD 12.345" in text_of(pdf.render_pdf(doc))  # type: ignore[arg-type]


def test_a_dinar_e_invoice_is_refused_by_en16931_not_written_a_fils_short(ledger: Ledger) -> None:
    """EN 16931 allows two decimals (BR-DEC); '.2f' wrote 12.34 for 12.345 KWD and the
    validator could not tell. The booked amount now goes in, and the document is refused."""
    doc = invoice_in(ledger, "KWD", "12.345", "0")
    xml = einvoice.cii(doc)  # type: ignore[arg-type]
    assert b"12.345" in xml and b"12.34<" not in xml
    with pytest.raises(einvoice.InvalidEInvoice, match="BR-DEC"):
        einvoice.checked(xml, einvoice.CII)
