"""Who is sent an invoice's mail: the company's invoice address, else its billing e-mail,
else the buyer who ordered it.

In the domain because two sides ask it: the outbox, which sends, and the read side's list
of the reminders due (`projections/reminders.py`), which shows whether one can go out.
"""

from __future__ import annotations

from ledger.application import Ledger
from ledger.companies import Company
from ledger.invoices import Invoice
from ledger.users import User


def invoice_email(ledger: Ledger, company: Company, invoice: Invoice) -> str:
    """The company's invoice address, else its billing e-mail, else the orderer's."""
    if company.delivery.email or company.billing.email:
        return company.delivery.email or company.billing.email
    if invoice.header.ordered_by is not None:
        orderer = ledger.load(invoice.header.ordered_by)
        if isinstance(orderer, User):
            return orderer.email
    return ""
