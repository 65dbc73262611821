"""Domain errors: one class per broken rule, each with a stable error code.

The code is what an API client sees in `extensions.code`; the details carry
the numbers a user needs to fix the request (how much is open, what was asked).
A command that raises writes nothing: guards run before any event is triggered.
"""

from __future__ import annotations

from typing import Any


class LedgerError(Exception):
    """Base of every rule the ledger enforces."""

    code = "BAD_INPUT"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class BadInput(LedgerError):
    code = "BAD_INPUT"


class NotFound(LedgerError):
    code = "NOT_FOUND"


class Forbidden(LedgerError):
    code = "FORBIDDEN"


class Conflict(LedgerError):
    """Optimistic concurrency retries were exhausted, or a unique key is taken."""

    code = "CONFLICT"


class IdempotencyMismatch(LedgerError):
    """The key was already used for another request.

    The message and details do not name the key: the ledger only sees its internal
    form (`api:<user>:<given>`, or a derived step's key), which is not the caller's
    to see. `key` keeps it for whoever translates it back (`graphql_api.schema.run`
    reports the key the caller gave, in `extensions.idempotencyKey`).
    """

    code = "IDEMPOTENCY_MISMATCH"

    def __init__(self, key: str) -> None:
        super().__init__("this idempotency key was already used for a different request")
        self.key = key


class CurrencyMismatch(LedgerError):
    code = "CURRENCY_MISMATCH"

    def __init__(self, expected: str, got: str) -> None:
        super().__init__(f"currency {got} does not match {expected}", expected=expected, got=got)


class OverAllocation(LedgerError):
    code = "OVER_ALLOCATION"


class InvoiceClosed(LedgerError):
    """The invoice is void, written off or fully settled and takes no more changes."""

    code = "INVOICE_CLOSED"


class PaymentReversed(LedgerError):
    """The bank returned the payment: it takes no allocation, refund or advice any more.

    Not `INVOICE_CLOSED`: the invoices it was allocated to are open again, and a client
    that read that code would tell the buyer the opposite.
    """

    code = "PAYMENT_REVERSED"


class TotalsMismatch(BadInput):
    """Document totals do not equal the sum of its rounded lines."""


class CompanyOnHold(LedgerError):
    code = "COMPANY_ON_HOLD"


class RecordError(Exception):
    """A source record (an import line, a webhook body, a statement entry) we cannot turn
    into commands: its shape or its numbers are wrong. Not a `LedgerError`: no rule of the
    ledger was asked about it. Defined here, below every layer, so the API maps it to its
    code without importing the adapters that raise it."""

    code = "BAD_INPUT"

    def __init__(self, message: str, code: str = "BAD_INPUT") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
