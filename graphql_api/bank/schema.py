"""`Query.paymentSuggestions`."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graphql_api.bank.types import BankEntry, BankEntryStatus
from graphql_api.core.inputs import finance_list


@strawberry.type
class BankQueries:
    """AR's cash application list."""

    @strawberry.field
    async def payment_suggestions(
        self, info: Info, status: BankEntryStatus | None = None, first: int = 50
    ) -> list[BankEntry]:
        """Bank statement entries and what they may pay (AR and auditors)."""
        rows = await finance_list(info, "bank_entries", "booked_on", "entry_id", status, first)
        return [BankEntry.of(row) for row in rows]
