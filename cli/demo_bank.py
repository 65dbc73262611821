"""Yesterday's bank statement in the demo: what AR applies by hand.

Every payment the demo's buyers make comes with remittance advice and is allocated on
the spot, so without this the cash application screen of a fresh demo was empty and a
newcomer never saw it work. Two entries stay for AR: a customer's lump sum paid "on
account" (a payment with its cash unapplied, to spread across its open invoices) and a
transfer from a payer no account matches (unidentified: to find, or to dismiss).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from cli.demo_cast import Buyer
from cli.demo_steps import Plan
from ledger import commands as c


def statement(p: Plan, buyers: list[Buyer], now: datetime) -> None:
    booked = now - timedelta(days=1)
    payer = buyers[1] if len(buyers) > 1 else buyers[0]
    p.add(
        booked,
        lambda k, b=payer: c.RecordBankEntry(  # type: ignore[misc]
            k,
            reference="DEMO-STMT-0001",
            booked_on=booked.date(),
            amount=Decimal("2500.00"),
            currency=b.currency,
            payer=b.name.replace(" BV", " B.V."),  # as a bank prints it
            payer_account="NL91ABNA0417164300",
            remittance="Payment on account, advice to follow",
            company_id=b.company_id,
        ),
        "bank-on-account",
    )
    p.add(
        booked,
        lambda k: c.RecordBankEntry(
            k,
            reference="DEMO-STMT-0002",
            booked_on=booked.date(),
            amount=Decimal("312.40"),
            currency="EUR",
            payer="Nordwind Logistik KG",
            payer_account="DE89370400440532013000",
            remittance="Rechnung 4711",
        ),
        "bank-unidentified",
    )
