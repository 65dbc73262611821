"""`InvoicePayment`: what a payment applied to an invoice (`Invoice.payments`)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from graphql_api.core.types import Money, perm


@strawberry.type
class InvoicePayment:
    payment_id: strawberry.ID = perm("InvoicePayment", "paymentId")
    amount: Money = perm("InvoicePayment", "amount")
    at: datetime = perm("InvoicePayment", "at")
    reference: str = perm("InvoicePayment", "reference")
    method: str = perm("InvoicePayment", "method")
