"""`InvoicePayment` (what a payment applied to an invoice, `Invoice.payments`) and
`Payment` (money received from a company, with what it was applied to)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry

from graphql_api.core.types import Money, Node, moment_of, money, perm


@strawberry.type
class InvoicePayment:
    payment_id: strawberry.ID = perm("InvoicePayment", "paymentId")
    amount: Money = perm("InvoicePayment", "amount")
    at: datetime = perm("InvoicePayment", "at")
    reference: str = perm("InvoicePayment", "reference")
    method: str = perm("InvoicePayment", "method")


@strawberry.type
class PaymentApplication:
    invoice_id: strawberry.ID = perm("PaymentApplication", "invoiceId")
    amount: Money = perm("PaymentApplication", "amount")
    at: datetime = perm("PaymentApplication", "at")


@strawberry.type
class Payment(Node):
    id: strawberry.ID = perm("Payment", "id")
    company_id: strawberry.ID = perm("Payment", "companyId")
    amount: Money = perm("Payment", "amount")
    unapplied: Money = perm("Payment", "unapplied")
    method: str = perm("Payment", "method")
    reference: str = perm("Payment", "reference")
    received_on: date | None = perm("Payment", "receivedOn")
    reversed: bool = perm("Payment", "reversed")
    applied_to: list[PaymentApplication] = perm("Payment", "appliedTo")

    @classmethod
    def of(cls, row: dict[str, Any], allocations: list[dict[str, Any]]) -> Payment:
        currency = row["currency"]
        left = int(row["amount"] or 0) - int(row["allocated"] or 0) - int(row["refunded"] or 0)
        return cls(
            id=strawberry.ID(row["payment_id"]),
            company_id=strawberry.ID(row["company_id"]),
            amount=money(row["amount"], currency),
            unapplied=money(left, currency),
            method=row["method"],
            reference=row["reference"] or "",
            received_on=date.fromisoformat(row["received_on"]) if row["received_on"] else None,
            reversed=bool(row["reversed"]),
            applied_to=[
                PaymentApplication(
                    invoice_id=strawberry.ID(a["invoice_id"]),
                    amount=money(a["amount"], currency),
                    at=moment_of(a["at"]),
                )
                for a in allocations
            ],
        )
