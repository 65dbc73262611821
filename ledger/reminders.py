"""Which reminders are due on a day: per open invoice, the latest dunning step it reached,
and whether AR has paused it (the invoice, or its whole company).

One rule for both sides that need it: `adapters.outbox.remind` asks for the dispatches of
what is due and not paused, and the API's `remindersDue` lists all of it, paused ones with
their reason, so what AR sees on the page is exactly what the daily run will send. In the
domain because both may import it (docs/architecture.md, the API may not import adapters);
each runs the same statements (`candidate_rows`, `PAUSES_IN_FORCE`) with its own reader,
so the two lists cannot drift, and the dunning steps, amounts and recipients come from the
aggregates. The statements are text only: the domain still opens no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from ledger.application import Ledger
from ledger.companies import Company
from ledger.invoices import Invoice
from ledger.recipients import invoice_email

# The columns of a candidate row: an open, not voided invoice (`invoices` joined with its
# company's name), due at most `LOOKBACK` days before the day; `open` and `disputed` in any
# one unit (only compared here).
Candidate = dict[str, Any]  # invoice_id number company_id company_name due_date open disputed
# A `reminder_pauses` row that is paused: subject_kind subject_id reason paused_until paused_by
PauseRow = dict[str, Any]
LOOKBACK = 366  # days: the latest step is at most 365 days after the due date


def earliest_due(day: date) -> str:
    """The oldest due date (ISO) a reminder on `day` can be for."""
    return date.fromordinal(day.toordinal() - LOOKBACK).isoformat()


# Over the read models' `invoices`, `companies` and `reminder_pauses` tables (`projections.schema`).
CANDIDATES = (
    "SELECT i.invoice_id, i.number, i.company_id, c.name AS company_name, i.due_date, "
    "i.open, i.disputed FROM invoices i JOIN companies c ON c.company_id = i.company_id "
    "WHERE i.open > 0 AND i.voided = 0 AND i.due_date >= %(earliest)s "
    "ORDER BY i.due_date, i.number"
)
PAUSES_IN_FORCE = (
    "SELECT subject_kind, subject_id, reason, paused_until, paused_by FROM reminder_pauses "
    "WHERE paused = 1"
)


def candidate_rows(day: date) -> tuple[str, dict[str, str]]:
    """The statement and parameters that read the `Candidate` rows for `day`; the pauses
    are read whole (`PAUSES_IN_FORCE`), `due_on` keeps those in force that day."""
    return CANDIDATES, {"earliest": earliest_due(day)}


@dataclass(frozen=True)
class Pause:
    kind: str  # INVOICE or COMPANY: what was paused
    reason: str
    until: date | None  # last day held; None: until resumed
    by: str


@dataclass(frozen=True)
class Due:
    invoice_id: UUID
    number: str
    company_id: UUID
    company_name: str
    due_date: date
    step: int  # days from the due date of the step reached
    transport: str
    recipient: str  # empty: no address to send to, so nothing goes out
    currency: str
    amount: Decimal  # what is open and not disputed
    pause: Pause | None

    @property
    def goes_out(self) -> bool:
        return self.pause is None and bool(self.recipient)


def active_pauses(rows: list[PauseRow], day: date) -> dict[str, Pause]:
    """The pauses holding reminders on `day`, by the invoice's or company's id."""
    found = {}
    for row in rows:
        until = date.fromisoformat(row["paused_until"]) if row["paused_until"] else None
        if until is None or day <= until:
            found[row["subject_id"]] = Pause(row["subject_kind"], row["reason"], until,
                                             row["paused_by"])  # fmt: skip
    return found


def due_on(
    ledger: Ledger, candidates: list[Candidate], pauses: list[PauseRow], day: date
) -> list[Due]:
    """Every reminder `day` calls for, paused or not; none for an invoice whose whole open
    amount is disputed (no reminder while that is resolved)."""
    held = active_pauses(pauses, day)
    companies: dict[str, Company] = {}
    due = []
    for row in candidates:
        if row["open"] - row["disputed"] <= 0:
            continue
        company = companies.get(row["company_id"])
        if company is None:
            loaded = ledger.load(UUID(row["company_id"]))
            assert isinstance(loaded, Company)
            company = companies[row["company_id"]] = loaded
        late = (day - date.fromisoformat(row["due_date"])).days
        reached = [step for step in company.dunning_steps if step <= late]
        if not reached:
            continue
        invoice = ledger.load(UUID(row["invoice_id"]))
        assert isinstance(invoice, Invoice)
        due.append(
            Due(
                invoice_id=invoice.id,
                number=row["number"],
                company_id=company.id,
                company_name=row["company_name"],
                due_date=date.fromisoformat(row["due_date"]),
                step=max(reached),
                transport="EMAIL",
                recipient=invoice_email(ledger, company, invoice),
                currency=invoice.currency,
                amount=invoice.open_amount.amount - invoice.disputed_amount.amount,
                pause=held.get(row["invoice_id"]) or held.get(row["company_id"]),
            )
        )
    return due
