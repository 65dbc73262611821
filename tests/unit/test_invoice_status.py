"""Invoice statuses the grid of facts (`tests/integration/test_status_rule.py`) cannot pin,
because the grid checks the SQL against the same rule: cases of the rule itself."""

from __future__ import annotations

from datetime import timedelta

from ledger import commands as c
from ledger.application import Ledger
from tests.builders import allocate, company, key, payment, web_invoice
from tests.unit.support import load_invoice


def test_a_written_off_invoice_whose_payment_bounces_is_open_again(ledger: Ledger) -> None:
    buyer = company(ledger)
    invoice_id = web_invoice(ledger, buyer)  # 121.00
    paid = payment(ledger, buyer, "21.00")
    allocate(ledger, paid, invoice_id, "21.00")
    ledger.execute(c.WriteOffInvoice(key(), invoice_id, "insolvent"))
    invoice = load_invoice(ledger, invoice_id)
    issued = invoice.header.issue_date
    assert invoice.status(issued) == "WRITTEN_OFF"

    ledger.execute(c.ReversePayment(key(), paid, "returned by bank"))

    invoice = load_invoice(ledger, invoice_id)
    assert invoice.open_amount.amount == 21
    assert invoice.status(issued) == "OPEN"
    assert invoice.status(invoice.header.due_date + timedelta(days=1)) == "OVERDUE"
