"""Double-entry postings carried by every financial event.

A posting's amount is signed: positive is a debit, negative a credit. An entry
balances when, per currency, its postings sum to zero. The chart of accounts is
deliberately small; the AR and unapplied-cash accounts are per buyer company so
the control-account invariant can be checked company by company:

    AR:<company>         debit balance  = what the company still owes on invoices
    UNAPPLIED:<company>  credit balance = cash received but not yet allocated

Their sum is the company's net position (open invoices minus unapplied cash),
which is the "AR control account" of `invariants.control_account_matches_subledger`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from ledger.money import Money

REVENUE = "REVENUE"
TAX_PAYABLE = "TAX_PAYABLE"
CASH = "CASH"
CARD_CLEARING = "CARD_CLEARING"
PREPAID = "PREPAID"  # gift cards, store credit, reward points the store sold or granted
CREDIT_NOTES = "CREDIT_NOTES"
BAD_DEBT = "BAD_DEBT"


def receivable(company_id: UUID) -> str:
    return f"AR:{company_id}"


def unapplied(company_id: UUID) -> str:
    return f"UNAPPLIED:{company_id}"


@dataclass(frozen=True, slots=True)
class Posting:
    account: str
    amount: Decimal  # + debit, - credit
    currency: str


@dataclass(frozen=True, slots=True)
class JournalEntry:
    postings: tuple[Posting, ...]

    def imbalance(self) -> dict[str, Decimal]:
        """Per-currency sum of postings; empty when the entry balances."""
        sums: dict[str, Decimal] = {}
        for posting in self.postings:
            sums[posting.currency] = sums.get(posting.currency, Decimal(0)) + posting.amount
        return {currency: amount for currency, amount in sums.items() if amount != 0}


def entry(*lines: tuple[str, Money]) -> JournalEntry:
    """Build an entry from (account, signed Money) pairs, dropping zero lines."""
    return JournalEntry(
        tuple(Posting(account, m.amount, m.currency) for account, m in lines if not m.is_zero)
    )


def invoice_issued(company_id: UUID, net: Money, tax: Money) -> JournalEntry:
    return entry((receivable(company_id), net + tax), (REVENUE, -net), (TAX_PAYABLE, -tax))


def invoice_voided(company_id: UUID, net: Money, tax: Money) -> JournalEntry:
    return entry((receivable(company_id), -(net + tax)), (REVENUE, net), (TAX_PAYABLE, tax))


def credit_note(company_id: UUID, net: Money, tax: Money) -> JournalEntry:
    return entry((CREDIT_NOTES, net), (TAX_PAYABLE, tax), (receivable(company_id), -(net + tax)))


def written_off(company_id: UUID, amount: Money) -> JournalEntry:
    """Bad debt at gross; VAT bad-debt relief is a tax filing, not modelled here."""
    return entry((BAD_DEBT, amount), (receivable(company_id), -amount))


def cash_account(method: str) -> str:
    """Where money "received" by this method sits; an ERP credit note is no money at all."""
    return {"CARD": CARD_CLEARING, "PREPAID": PREPAID, "ERP_CREDIT_NOTE": CREDIT_NOTES}.get(
        method, CASH
    )


def payment_received(company_id: UUID, amount: Money, method: str) -> JournalEntry:
    return entry((cash_account(method), amount), (unapplied(company_id), -amount))


def payment_returned(company_id: UUID, amount: Money, method: str) -> JournalEntry:
    """A refund or a bounced payment: the cash leaves, the unapplied credit goes."""
    return entry((unapplied(company_id), amount), (cash_account(method), -amount))


def allocated(company_id: UUID, amount: Money) -> JournalEntry:
    return entry((unapplied(company_id), amount), (receivable(company_id), -amount))


def allocation_reversed(company_id: UUID, amount: Money) -> JournalEntry:
    return entry((receivable(company_id), amount), (unapplied(company_id), -amount))
