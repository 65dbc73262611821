"""`Invoice.creditNotes`: the credit notes issued against an invoice, by their own numbers.

A credit note has no aggregate of its own: it is a `CreditNoteIssued` event on the
invoice it credits (`ledger.invoices`), numbered `CN-…` from one sequence, whether AR
issued it or accepting a dispute did (`ledger.handlers.invoice_queries`). The read model
books it as a statement line (kind CREDIT_NOTE, document = its number, reference = the
invoice's number), so that line is where it is read from: the API's figure and the
statement's are one row. Its documents: `/documents/credit-notes/{number}.pdf|.xml`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from graphql_api.core.types import Money, money, perm

# The invoice's credit notes, oldest first (a DataLoader's SQL, keyed by `i.invoice_id`).
CREDIT_NOTES_SQL = (
    "SELECT i.invoice_id, s.document, s.on_date, s.amount, s.currency FROM statement_lines s "
    "JOIN invoices i ON i.company_id = s.company_id AND i.number = s.reference "
    "WHERE {where} AND s.kind = 'CREDIT_NOTE' ORDER BY s.position, s.seq"
)


@strawberry.type
class CreditNote:
    number: str = perm("CreditNote", "number")
    issued_on: date = perm("CreditNote", "issuedOn")
    amount: Money = perm("CreditNote", "amount")  # gross credited: what the invoice lost


def issued_by(found: list[dict[str, Any]], credited: int) -> list[CreditNote]:
    """The credit notes (oldest first) of an invoice row that has `credited` units.

    Only a credit note adds to `credited`, which each history version keeps, so the ones
    issued by an as-of moment are the first ones that add up to that version's figure
    (all of them, now): an auditor's past invoice shows no credit note from its future."""
    notes, total = [], 0
    for row in found:
        total -= row["amount"]  # booked on the statement as less owed
        if total > credited:
            break
        issued_on = date.fromisoformat(row["on_date"])
        amount = money(-row["amount"], row["currency"])
        notes.append(CreditNote(number=row["document"], issued_on=issued_on, amount=amount))
    return notes
