"""Double entry judged from outside: the journal exported to beancount, checked by beancount.

`arledger export beancount` (adapters.beancount) writes one transaction per journal
entry. beancount's own loader parses it and runs its checks (every transaction
balances per currency, every account is open when used and for that currency,
no syntax or metadata errors). Then beancount's realization of the accounts,
not our sums, must equal `Books` account by account, and per company:

    Assets:AR:<company>              = Books AR balance = the company's open invoices
    Liabilities:Unapplied:<company>  = Books unapplied balance = -(unapplied payments)
    their sum (the AR control)       = open invoices - unapplied cash

which is `invariants.control_account_matches_subledger`, read off beancount's books.
The open amounts come from the invoices' own state (lines settled), not from the
postings, so this is a second, independent count.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from beancount import loader
from beancount.core import data, realization

from adapters import beancount as export_beancount
from cli import demo
from cli.generate import generate
from cli.main import main
from ledger import commands as c
from ledger import journal
from ledger.application import Ledger
from ledger.books import Books
from ledger.companies import Company
from ledger.invoices import Invoice
from ledger.journal import JournalEntry
from ledger.payments import Payment
from tests import builders as b

GENERATED_EVENTS = 20_000  # about 3,200 transactions; generating, exporting, checking: ~10 s


@pytest.fixture
def store_ledger(store_url: str) -> Iterator[Ledger]:
    ledger = Ledger(store_url)
    yield ledger
    ledger.close()


def exported(ledger: Ledger) -> tuple[str, export_beancount.Exported]:
    out = io.StringIO()
    result = export_beancount.export(export_beancount.records(ledger), out)
    return out.getvalue(), result


def judged(text: str) -> list[Any]:
    """beancount's loader over the text; its errors, printed, if it found any."""
    entries, errors, _ = loader.load_string(text)
    assert not errors, "\n".join(
        f"{e.message} (position {e.source.get('position')})" for e in errors[:10]
    )
    return list(entries)


def beancount_balance(root: realization.RealAccount, account: str, currency: str) -> Decimal:
    real = realization.get(root, account) if account else None
    if real is None:
        return Decimal(0)
    return Decimal(real.balance.get_currency_units(currency).number)


def assert_beancount_agrees(ledger: Ledger) -> Books:
    verification = ledger.verify()
    assert verification.ok, verification.problems
    books = verification.books
    text, result = exported(ledger)
    entries = judged(text)
    transactions = [e for e in entries if isinstance(e, data.Transaction)]

    # One transaction per journal entry, with the event's position, type and aggregate,
    # and exactly its postings.
    expected = [
        (position, event)
        for position, event in export_beancount.records(ledger)
        if isinstance(getattr(event, "entry", None), JournalEntry)
    ]
    assert result.transactions == len(transactions) == len(expected) > 0
    for txn, (position, event) in zip(
        sorted(transactions, key=lambda t: t.meta["position"]), expected, strict=True
    ):
        assert txn.meta["position"] == position
        assert txn.meta["event"] == type(event).__qualname__
        assert txn.meta["aggregate"] == str(event.originator_id)
        assert txn.date == event.timestamp.date()
        theirs = Counter((p.account, p.units.number, p.units.currency) for p in txn.postings)
        ours = Counter(
            (result.accounts[p.account], p.amount, p.currency) for p in event.entry.postings
        )
        assert theirs == ours

    root = realization.realize(entries)
    # Every account, every currency: beancount's balance is ours.
    for (account, currency), amount in books.balances.items():
        assert beancount_balance(root, result.accounts[account], currency) == amount, account
    # beancount's trial balance is zero in every currency.
    totals = realization.compute_balance(root)
    assert all(position.units.number == 0 for position in totals), totals

    opens: dict[Any, Decimal] = {}
    for invoice in books.of_type(Invoice):
        opens[invoice.company_id] = opens.get(invoice.company_id, Decimal(0)) + (
            invoice.open_amount.amount
        )
    unapplied: dict[Any, Decimal] = {}
    for payment in books.of_type(Payment):
        unapplied[payment.company_id] = (
            unapplied.get(payment.company_id, Decimal(0)) + payment.unapplied.amount
        )
    companies = books.of_type(Company)
    assert companies
    for company in companies:
        currency = company.currency
        ar_ours, cash_ours = journal.receivable(company.id), journal.unapplied(company.id)
        ar_name = result.accounts.get(ar_ours, "")
        if ar_ours in result.accounts:
            assert ar_name.startswith("Assets:AR:") and ar_name.endswith(company.id.hex[:8])
        if cash_ours in result.accounts:
            assert result.accounts[cash_ours].startswith("Liabilities:Unapplied:")
        ar = beancount_balance(root, ar_name, currency)
        cash = beancount_balance(root, result.accounts.get(cash_ours, ""), currency)
        assert ar == books.balance(ar_ours, currency) == opens.get(company.id, Decimal(0))
        assert cash == books.balance(cash_ours, currency) == -unapplied.get(company.id, 0)
        assert ar + cash == opens.get(company.id, 0) - unapplied.get(company.id, 0)
    # The story has money in every one of the accounts we map, else it checks little.
    assert {journal.REVENUE, journal.TAX_PAYABLE, journal.CASH} <= set(result.accounts)
    assert any(a.startswith("UNAPPLIED:") for a in result.accounts)
    return books


def test_demo_export_passes_beancount_and_matches_the_books(store_ledger: Ledger) -> None:
    demo.run(store_ledger, demo.plan(seed=3, orders=60))
    books = assert_beancount_agrees(store_ledger)
    assert any(books.balance(journal.CREDIT_NOTES, c) for c in ("EUR", "GBP"))


@pytest.mark.slow
def test_generated_history_export_passes_beancount_and_matches_the_books(
    store_ledger: Ledger,
) -> None:
    made = generate(store_ledger, GENERATED_EVENTS, seed=5)
    assert made["events"] == GENERATED_EVENTS
    books = assert_beancount_agrees(store_ledger)
    assert books.events == GENERATED_EVENTS


def test_every_kind_of_entry_passes_beancount_and_matches_the_books(store_ledger: Ledger) -> None:
    """Write-offs, voids, refunds and reversals, which the demo's story rarely or never has."""
    ledger = store_ledger
    acme = b.company(ledger, "Acme & Söhne")
    brit = b.company(ledger, "Brit Ltd", currency="GBP")
    first = b.web_invoice(ledger, acme, b.line("1"), b.line("2"))
    second = b.web_invoice(ledger, acme, b.line("1", price="50.00"))
    third = b.web_invoice(ledger, acme, b.line("1", price="10.00"))
    pounds = b.web_invoice(ledger, brit, b.line("1", price="30.00"), currency="GBP")
    bank = b.payment(ledger, acme, "200.00")
    allocation = b.allocate(ledger, bank, first, "121.00")
    card = b.payment(ledger, acme, "50.00", method="CARD")
    gift_card = b.payment(ledger, acme, "5.00", method="PREPAID")  # redeemed in the web store
    b.allocate(ledger, gift_card, b.web_invoice(ledger, acme, b.line("1", price="20.00")), "5.00")
    ledger.execute(c.RefundPayment(b.key(), card, "20.00", "asked for it back"))
    ledger.execute(c.IssueCreditNote(b.key(), second, "damaged", "10.00"))
    ledger.execute(c.WriteOffInvoice(b.key(), second, "insolvent"))
    ledger.execute(c.VoidInvoice(b.key(), third, "issued by mistake"))
    bounced = b.payment(ledger, brit, "36.30", currency="GBP")
    b.allocate(ledger, bounced, pounds, "36.30")
    reversed_id = UUID(allocation["allocation_id"])
    ledger.execute(c.ReverseAllocation(b.key(), bank, reversed_id, "wrong invoice"))
    ledger.execute(c.ReversePayment(b.key(), bounced, "returned by the bank"))
    books = assert_beancount_agrees(ledger)
    every = set(export_beancount.FIXED)
    assert every <= {account for account, _ in books.balances}


def test_beancount_refuses_an_export_with_a_posting_dropped(ledger: Ledger) -> None:
    """The check has teeth: one posting line removed, and beancount reports the entry."""
    demo.run(ledger, demo.plan(seed=3, orders=20))
    text, _ = exported(ledger)
    judged(text)
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("  Liabilities:TaxPayable"))
    _, errors, _ = loader.load_string("".join(lines[:at] + lines[at + 1 :]))
    assert any("does not balance" in str(e.message) for e in errors), errors


def test_beancount_refuses_an_entry_off_by_less_than_its_tolerance(ledger: Ledger) -> None:
    """Tolerance is zero in the export: a thousandth of a euro off is an error too."""
    demo.run(ledger, demo.plan(seed=3, orders=20))
    text, _ = exported(ledger)
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("  Income:Revenue  -"))
    lines[at] = lines[at].replace(" EUR", "1 EUR").replace(" GBP", "1 GBP")
    _, errors, _ = loader.load_string("".join(lines))
    assert [str(e.message) for e in errors] == [
        f"Transaction does not balance: (-0.001 {lines[at].split()[-1]})"
    ]


def test_beancount_refuses_a_posting_before_its_account_is_open(ledger: Ledger) -> None:
    demo.run(ledger, demo.plan(seed=3, orders=20))
    text, result = exported(ledger)
    ar = next(v for k, v in result.accounts.items() if k.startswith("AR:"))
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if f" open {ar} " in line)
    lines[at] = "2999-01-01" + lines[at][len("2026-01-01") :]
    _, errors, _ = loader.load_string("".join(lines))
    assert any("inactive" in str(e.message).lower() for e in errors), errors


def test_cli_writes_a_file_beancount_loads(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database", sqlite_url, "demo", "--orders", "30", "--seed", "3"]) == 0
    capsys.readouterr()
    target = tmp_path / "books.beancount"
    assert main(["--database", sqlite_url, "export", "beancount", "-o", str(target)]) == 0
    assert f"written to {target}" in capsys.readouterr().out
    entries, errors, _ = loader.load_file(str(target))
    assert not errors and any(isinstance(e, data.Open) for e in entries)
    assert main(["--database", sqlite_url, "export", "beancount"]) == 0
    assert capsys.readouterr().out == target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "component"),
    [
        ("Acme Industrial GmbH", "Acme-Industrial-GmbH"),
        ("société générale s.a.", "Societe-Generale-S-A"),
        ("3M (UK) plc", "3M-UK-Plc"),
        ("株式会社", "X"),
        ("O'Brien & Sons", "O-Brien-Sons"),
    ],
)
def test_company_names_become_valid_account_components(name: str, component: str) -> None:
    assert export_beancount.component(name) == component
    txt = f"2026-01-01 open Assets:AR:{component}-0123abcd EUR\n"
    assert not loader.load_string(txt)[1]
