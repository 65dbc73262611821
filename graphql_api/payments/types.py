"""`InvoicePayment` (what a payment applied to an invoice, `Invoice.payments`) and
`Payment` (money received from a company, with what it was applied to) and
`CardPaymentIntent` (what a buyer's card payment needs from the provider to confirm it)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
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


@strawberry.type
class CardPaymentIntent:
    """The provider's intent a card payment waits on: the page confirms it with the card
    (`intentId`, `clientSecret`), for `amount`; the invoices are paid on the webhook."""

    card_payment_id: strawberry.ID = perm("CardPaymentIntent", "cardPaymentId")
    intent_id: str = perm("CardPaymentIntent", "intentId")
    client_secret: str = perm("CardPaymentIntent", "clientSecret")
    amount: Money = perm("CardPaymentIntent", "amount")

    @classmethod
    def of(cls, data: dict[str, Any]) -> CardPaymentIntent:
        """From `adapters.cards.start`'s answer (amounts as strings, for `result`)."""
        return cls(
            card_payment_id=strawberry.ID(str(data["cardPaymentId"])),
            intent_id=str(data["intentId"]),
            client_secret=str(data["clientSecret"]),
            amount=Money(amount=Decimal(str(data["amount"])), currency=str(data["currency"])),
        )
