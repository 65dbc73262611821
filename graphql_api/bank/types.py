"""`BankEntry` and its `PaymentSuggestion`s."""

from __future__ import annotations

import enum
import json
from datetime import date
from decimal import Decimal
from typing import Any

import strawberry

from graphql_api.core.types import Money, Node, money, perm


@strawberry.enum
class BankEntryStatus(enum.Enum):
    ALLOCATED = "ALLOCATED"
    SUGGESTED = "SUGGESTED"
    UNIDENTIFIED = "UNIDENTIFIED"
    SETTLED = "SETTLED"
    DISMISSED = "DISMISSED"


@strawberry.type
class PaymentSuggestion:
    invoice_id: strawberry.ID = perm("PaymentSuggestion", "invoiceId")
    number: str = perm("PaymentSuggestion", "number")
    amount: Money = perm("PaymentSuggestion", "amount")
    reason: str = perm("PaymentSuggestion", "reason")


@strawberry.type
class BankEntry(Node):
    id: strawberry.ID = perm("BankEntry", "id")
    reference: str = perm("BankEntry", "reference")
    booked_on: date = perm("BankEntry", "bookedOn")
    amount: Money = perm("BankEntry", "amount")
    payer: str = perm("BankEntry", "payer")
    payer_account: str = perm("BankEntry", "payerAccount")
    remittance: str = perm("BankEntry", "remittance")
    company_id: strawberry.ID | None = perm("BankEntry", "companyId")
    payment_id: strawberry.ID | None = perm("BankEntry", "paymentId")
    status: BankEntryStatus = perm("BankEntry", "status")
    suggestions: list[PaymentSuggestion] = perm("BankEntry", "suggestions")
    note: str | None = perm("BankEntry", "note")

    @classmethod
    def of(cls, row: dict[str, Any]) -> BankEntry:
        currency = row["currency"]
        return cls(
            id=strawberry.ID(row["entry_id"]),
            reference=row["reference"],
            booked_on=date.fromisoformat(row["booked_on"]),
            amount=money(row["amount"], currency),
            payer=row["payer"] or "",
            payer_account=row["payer_account"] or "",
            remittance=row["remittance"] or "",
            company_id=strawberry.ID(row["company_id"]) if row["company_id"] else None,
            payment_id=strawberry.ID(row["payment_id"]) if row["payment_id"] else None,
            status=BankEntryStatus(row["status"]),
            suggestions=[
                PaymentSuggestion(
                    invoice_id=strawberry.ID(s["invoiceId"]),
                    number=s["number"],
                    amount=Money(amount=Decimal(s["amount"]), currency=currency),
                    reason=s["reason"],
                )
                for s in json.loads(row["suggestions"] or "[]")
            ],
            note=row["note"],
        )
