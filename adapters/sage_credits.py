"""Sage credit notes: the invoice each one credits, or a credit on the account.

A v3.1 `SalesCreditNote` carries no invoice number: only the contact, the
`original_invoice_date` and a free-text `reference` ("Damaged drill"). So, in order:

1. `reference` (or `original_invoice_number`, which older exports carry) is the number
   of an invoice we booked: the note credits it.
2. The contact's company has exactly one booked invoice issued on
   `original_invoice_date`, in the note's currency, with at least the note's total open:
   the note credits it.
3. Otherwise the note is booked as a credit on the company's account
   (`RecordErpCredit`: unapplied, like cash on account), naming the invoices it may
   credit, for AR to allocate. It never fails for want of an invoice: the customer's
   balance in Sage already counts it, and so must ours.

A note whose contact we do not know is parked for AR, as an invoice would be. A draft is
skipped; a void note never booked is skipped, one booked is parked (the ledger does not
undo credit notes on its own).

Finding invoices by contact and date reads the log once per import (`InvoicesByDay`, at
the first note that needs it, again only after the same run booked an invoice): the write
side has no index by date, and adapters read no projection.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from adapters.importing import (
    FAILED,
    IMPORTED,
    SKIPPED,
    UNCHANGED,
    Outcome,
    RecordError,
    amount,
    day,
    text,
)
from adapters.magento import claimed
from ledger import clock
from ledger import commands as c
from ledger.application import Ledger
from ledger.errors import LedgerError
from ledger.invoices import Invoice, erp_invoice_id
from ledger.registry import key_id

Park = Callable[[str], Outcome]  # park the note for AR, with a reason


def base_id(value: Any) -> Any:
    """The id of one of Sage's reference objects (`{"id", "displayed_as", "$path"}`, its
    "Base" model: a status, a currency); a bare value as it is."""
    return value.get("id") if isinstance(value, dict) else value


class InvoicesByDay:
    """Booked invoices by (company, issue date), read from the log when first asked."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.index: dict[tuple[UUID, date], list[UUID]] | None = None

    def of(self, company: UUID, on: date) -> list[UUID]:
        if self.index is None:
            self.index = {}
            for event in self.ledger.all_events():
                if isinstance(event, Invoice.Issued):
                    where = (event.header.company_id, event.header.issue_date)
                    self.index.setdefault(where, []).append(event.originator_id)
        return self.index.get((company, on), [])

    def forget(self) -> None:
        """An invoice was booked since: read the log again when next asked."""
        self.index = None


def import_credit_note(
    ledger: Ledger,
    raw: dict[str, Any],
    number: str,
    source: str,
    status: str,
    park: Park,
    by_day: InvoicesByDay,
) -> Outcome:
    where = f"credit note {number}"
    try:
        if status == "VOID":
            return void(ledger, number, source, park)
        total = amount(raw.get("total_amount"), f"{where}: total_amount")
        named = named_invoice(ledger, raw)
        if named is not None:
            return credit(ledger, source, number, named, total)
        account = text(raw.get("contact_reference"), f"{where}: contact_reference",
                       required=False)  # fmt: skip
        company = claimed(ledger, "erp-account", account) if account else None
        if company is None:
            return park(f"no customer account {account or '(none)'} to credit")
        currency = text(base_id(raw.get("currency")), f"{where}: currency")
        original = raw.get("original_invoice_date")
        on = day(original, f"{where}: original_invoice_date") if original else None
        candidates = invoices_of(ledger, by_day.of(company, on), currency, total) if on else []
        if len(candidates) == 1:
            return credit(ledger, source, number, candidates[0].id, total)
        return on_account(ledger, source, number, company, currency, total, raw, candidates, on)
    except (RecordError, LedgerError) as error:
        return Outcome(source, FAILED, f"{error.code}: {error.message}")


def named_invoice(ledger: Ledger, raw: dict[str, Any]) -> UUID | None:
    for field in ("original_invoice_number", "reference"):
        value = raw.get(field)
        if isinstance(value, str) and value.strip():
            invoice_id = erp_invoice_id(value.strip())
            if isinstance(ledger.find(invoice_id), Invoice):
                return invoice_id
    return None


def invoices_of(
    ledger: Ledger, invoice_ids: list[UUID], currency: str, total: Decimal
) -> list[Invoice]:
    """Of those invoices, the ones that could take the whole note."""
    found = []
    for invoice_id in invoice_ids:
        invoice = ledger.load(invoice_id)
        assert isinstance(invoice, Invoice)
        open_amount = invoice.open_amount
        if open_amount.currency == currency and open_amount.amount >= total:
            found.append(invoice)
    return found


def credit(ledger: Ledger, source: str, number: str, invoice_id: UUID, total: Decimal) -> Outcome:
    executed = ledger.run(
        c.IssueCreditNote(
            f"sage:credit-note:{number}", invoice_id, reason=f"ERP credit note {number}",
            amount=str(total),
        )
    )  # fmt: skip
    return Outcome(source, IMPORTED if executed.wrote else UNCHANGED)


def on_account(
    ledger: Ledger,
    source: str,
    number: str,
    company: UUID,
    currency: str,
    total: Decimal,
    raw: dict[str, Any],
    candidates: list[Invoice],
    on: date | None,
) -> Outcome:
    names = ", ".join(sorted(invoice.number for invoice in candidates))
    if candidates:
        note = f"may credit {names}"
    else:
        note = f"no booked invoice of {on or 'an unknown date'} can take it"
    reference = text(raw.get("reference"), "reference", required=False)
    issued = day(raw["date"], f"credit note {number}: date") if raw.get("date") else None
    executed = ledger.run(
        c.RecordErpCredit(
            f"sage:credit-on-account:{number}",
            company_id=company,
            number=number,
            amount=str(total),
            currency=currency,
            issued_on=issued or on or clock.today(),
            note=f"{reference + '; ' if reference else ''}{note}",
        )
    )
    status = IMPORTED if executed.wrote else UNCHANGED
    return Outcome(source, status, f"booked as a credit on account: {note}")


def void(ledger: Ledger, number: str, source: str, park: Park) -> Outcome:
    keys = (f"sage:credit-note:{number}", f"sage:credit-on-account:{number}")
    if not any(ledger.find(key_id("idempotency", key)) for key in keys):
        return Outcome(source, SKIPPED, "void in Sage and never booked here")
    return park("voided in the ERP after it was booked")
