"""The journal as a beancount file, so that beancount, not we, judges the double entry.

`export(records, out)` writes one beancount transaction per journal entry, in log
order, dated at the event's date (UTC, as the clock stamps events), with the
event's log position, type and aggregate id as metadata and every amount the exact
Decimal with its currency. Each of our accounts becomes one beancount account,
opened at the date of its first posting for the currencies it is used in. The file
sets beancount's tolerance to zero: an entry must balance to the last digit. This is
text generation only: beancount is never imported here (it is a test dependency).

Our accounts map to beancount's five root types by what their balance means:

    AR:<company>         Assets:AR:<Name>-<id>        what a buyer owes us is an asset
    UNAPPLIED:<company>  Liabilities:Unapplied:<Name>-<id>
                                                      cash a buyer paid that no invoice
                                                      took yet: we owe it to them (to
                                                      allocate or refund), a liability
    CASH                 Assets:Cash                  money at the bank
    CARD_CLEARING        Assets:CardClearing          card money the provider still holds
                                                      for us: an asset until it settles
    REVENUE              Income:Revenue               sales, net of tax
    CREDIT_NOTES         Income:CreditNotes           a contra-revenue: it reduces income
                                                      (debit balance under Income), it is
                                                      no cost of doing business
    TAX_PAYABLE          Liabilities:TaxPayable       VAT collected for the tax office
    PREPAID              Liabilities:Prepaid          gift cards, store credit and reward
                                                      points the web store owes buyers;
                                                      redeemed against an invoice
    BAD_DEBT             Expenses:BadDebt             a written-off receivable is a cost

Nothing maps to Equity: no event opens or closes the books. A company's accounts
carry its name, made a valid component (ASCII letters, digits and dashes, first
letter capitalised), and the first 8 hex digits of its id so that two buyers of
one name stay apart; should two ids share those digits, the longer id is used.
An account we do not know maps under `Equity:Unmapped:` so nothing is lost and the
reader of the file sees it at once.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TextIO
from uuid import UUID

from ledger import journal
from ledger.journal import JournalEntry

if TYPE_CHECKING:
    from ledger.application import Ledger

FIXED: dict[str, str] = {
    journal.CASH: "Assets:Cash",
    journal.CARD_CLEARING: "Assets:CardClearing",
    journal.REVENUE: "Income:Revenue",
    journal.CREDIT_NOTES: "Income:CreditNotes",
    journal.TAX_PAYABLE: "Liabilities:TaxPayable",
    journal.PREPAID: "Liabilities:Prepaid",
    journal.BAD_DEBT: "Expenses:BadDebt",
}
PER_COMPANY: dict[str, str] = {"AR": "Assets:AR", "UNAPPLIED": "Liabilities:Unapplied"}
CURRENCY = re.compile(r"[A-Z][A-Z0-9'._-]{0,22}[A-Z0-9]")


def component(text: str, fallback: str = "X") -> str:
    """`text` as one valid beancount account component: ASCII letters, digits, dashes,
    starting with a capital letter or a digit."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", ascii_text)
    name = "-".join(w[:1].upper() + w[1:] for w in words)
    return name or fallback


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _number(amount: Decimal) -> str:
    text = f"{amount:f}"
    return "0" if text in ("-0", "0") else text


@dataclass
class Chart:
    """Our account names to beancount's, with each account's first date and currencies."""

    names: dict[UUID, str] = field(default_factory=dict)  # company id -> company name
    accounts: dict[str, str] = field(default_factory=dict)
    opened: dict[str, date] = field(default_factory=dict)
    currencies: dict[str, set[str]] = field(default_factory=dict)
    _taken: dict[str, str] = field(default_factory=dict)  # beancount name -> ours

    def name(self, ours: str) -> str:
        known = self.accounts.get(ours)
        if known is not None:
            return known
        kind, _, rest = ours.partition(":")
        if ours in FIXED:
            theirs = FIXED[ours]
        elif kind in PER_COMPANY and rest:
            try:
                company = UUID(rest)
            except ValueError:
                company = None
            label = component(self.names.get(company, "Company") if company else rest)
            suffix = f"-{company.hex[:8]}" if company else ""
            theirs = f"{PER_COMPANY[kind]}:{label}{suffix}"
            if theirs in self._taken and company:
                theirs = f"{PER_COMPANY[kind]}:{label}-{company.hex}"
        else:
            theirs = f"Equity:Unmapped:{component(ours)}"
        if theirs in self._taken:
            raise ValueError(f"accounts {self._taken[theirs]} and {ours} both map to {theirs}")
        self._taken[theirs] = ours
        self.accounts[ours] = theirs
        return theirs

    def use(self, ours: str, currency: str, day: date) -> str:
        theirs = self.name(ours)
        if theirs not in self.opened or day < self.opened[theirs]:
            self.opened[theirs] = day
        self.currencies.setdefault(theirs, set()).add(currency)
        return theirs


def transaction(chart: Chart, position: int, event: Any, entry: JournalEntry) -> str:
    day = event.timestamp.date()
    kind = type(event).__qualname__
    lines = [
        f"{day.isoformat()} * {_string(kind)}",
        f"  position: {position}",
        f"  event: {_string(kind)}",
        f"  aggregate: {_string(str(event.originator_id))}",
    ]
    for posting in entry.postings:
        if not CURRENCY.fullmatch(posting.currency):
            raise ValueError(f"{posting.currency!r} is no beancount currency")
        account = chart.use(posting.account, posting.currency, day)
        lines.append(f"  {account}  {_number(posting.amount)} {posting.currency}")
    return "\n".join(lines) + "\n\n"


def _note_company(chart: Chart, event: Any) -> None:
    # Company.Registered carries the name; the company's accounts are first used later.
    name = getattr(event, "name", None)
    if type(event).__qualname__ == "Company.Registered" and isinstance(name, str):
        chart.names[event.originator_id] = name


@dataclass(frozen=True)
class Exported:
    events: int
    transactions: int
    accounts: dict[str, str]  # our account -> its beancount name


def export(records: Iterable[tuple[int, Any]], out: TextIO) -> Exported:
    """Write (log position, decoded event) pairs as a beancount file to `out`.

    The opens come first in the file, so the transactions are held in a spooled
    temporary file (memory up to a few MB, then disk) until the chart is known.
    """
    chart = Chart()
    transactions = 0
    events = 0
    with tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+", encoding="utf-8") as body:
        for position, event in records:
            events += 1
            _note_company(chart, event)
            entry = getattr(event, "entry", None)
            if isinstance(entry, JournalEntry):
                body.write(transaction(chart, position, event, entry))
                transactions += 1
        out.write('option "title" "arledger journal"\n')
        # Beancount forgives an entry off by half the last decimal shown; ours are exact.
        out.write('option "tolerance_multiplier" "0"\n\n')
        for theirs in sorted(chart.opened, key=lambda a: (chart.opened[a], a)):
            currencies = ",".join(sorted(chart.currencies[theirs]))
            out.write(f"{chart.opened[theirs].isoformat()} open {theirs} {currencies}\n")
        out.write("\n")
        body.seek(0)
        while chunk := body.read(1 << 20):
            out.write(chunk)
    return Exported(events, transactions, dict(chart.accounts))


def records(ledger: Ledger) -> Iterator[tuple[int, Any]]:
    """(log position, event) for every stored event of a `Ledger`, in log order."""
    for notification in ledger.notifications():
        yield notification.id, ledger.mapper.to_domain_event(notification)
