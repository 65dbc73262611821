"""`acceptPaymentSuggestion` and `dismissBankEntry`."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graphql_api.core.inputs import text, uuid
from graphql_api.core.mutations import key, run
from graphql_api.core.types import MutationResult
from ledger import commands as c


@strawberry.input
class AcceptPaymentSuggestionInput:
    idempotency_key: str
    entry_id: strawberry.ID
    invoice_id: strawberry.ID


@strawberry.input
class DismissBankEntryInput:
    idempotency_key: str
    entry_id: strawberry.ID
    reason: str


@strawberry.type
class BankMutations:
    """AR's answer to a bank entry."""

    @strawberry.mutation
    async def accept_payment_suggestion(
        self, info: Info, input: AcceptPaymentSuggestionInput
    ) -> MutationResult:
        """Allocate a bank entry's payment to the invoice it was suggested for."""
        return await run(
            info,
            "acceptPaymentSuggestion",
            lambda v: c.AcceptPaymentSuggestion(
                key(v, input.idempotency_key),
                uuid(input.entry_id, "bank entry"),
                uuid(input.invoice_id, "invoice"),
                v.email,
            ),
        )

    @strawberry.mutation
    async def dismiss_bank_entry(self, info: Info, input: DismissBankEntryInput) -> MutationResult:
        return await run(
            info,
            "dismissBankEntry",
            lambda v: c.DismissBankEntry(
                key(v, input.idempotency_key),
                uuid(input.entry_id, "bank entry"),
                text(input.reason, "reason"),
                v.email,
            ),
        )
