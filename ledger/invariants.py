"""The rules that must hold over any history, each a function of the books.

Each rule returns the problems it finds (empty when it holds): a `Problem` names the
rule, the aggregate, the figures, and says it in words an accountant can act on, as
beancount's validations return `ValidationError`s. `check_all` runs them all. They are
checked by `arledger verify` over the whole store (`--json` prints the problems for
tools) and by the stateful property test after every random command.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ledger import journal
from ledger.books import Books
from ledger.companies import Company
from ledger.invoices import Invoice
from ledger.payments import Payment
from ledger.problems import Problem

Rule = Callable[[Books], list[Problem]]
BOOKS = "books"  # the aggregate of a rule about the whole books


def journal_balances(books: Books) -> list[Problem]:
    """Every entry balances per currency, so the trial balance is zero."""
    problems = list(books.unbalanced)
    totals: dict[str, Decimal] = {}
    for (_, currency), amount in books.balances.items():
        totals[currency] = totals.get(currency, Decimal(0)) + amount
    problems += [
        Problem(
            "journal_balances",
            BOOKS,
            {"currency": c, "off": str(t)},
            f"trial balance off by {t} {c}",
        )
        for c, t in totals.items()
        if t != 0
    ]
    return problems


def open_amount_never_negative(books: Books) -> list[Problem]:
    """No invoice line was ever settled (paid, credited, written off) beyond its gross."""
    return list(books.negative_opens)


def allocations_within_payment(books: Books) -> list[Problem]:
    """A payment never allocates or refunds more than was received."""
    problems = []
    for payment in books.of_type(Payment):
        if payment.unapplied.amount < 0:
            problems.append(
                Problem(
                    "allocations_within_payment",
                    f"payment {payment.id}",
                    {
                        "allocated": str(payment.allocated.amount),
                        "refunded": str(payment.refunded),
                        "received": str(payment.amount),
                        "currency": payment.currency,
                    },
                    f"payment {payment.id} allocated {payment.allocated} and refunded "
                    f"{payment.refunded} of {payment.amount} {payment.currency}",
                )
            )
    return problems


def allocations_within_invoice(books: Books) -> list[Problem]:
    """What payments say they allocated to an invoice is what the invoice received,
    and never more than it was open for."""
    problems = []
    by_invoice: dict[str, Decimal] = {}
    for payment in books.of_type(Payment):
        for invoice_id, amount in payment.allocations.values():
            by_invoice[str(invoice_id)] = by_invoice.get(str(invoice_id), Decimal(0)) + amount
    for invoice in books.of_type(Invoice):
        about = f"invoice {invoice.number}"
        gross = invoice.totals.gross.amount
        allocated = by_invoice.get(str(invoice.id), Decimal(0))
        if invoice.paid != allocated:
            problems.append(
                Problem(
                    "allocations_within_invoice",
                    about,
                    {"paid": str(invoice.paid), "allocated": str(allocated)},
                    f"{about} shows {invoice.paid} paid but payments allocated {allocated}",
                )
            )
        if invoice.paid + invoice.credited + invoice.written_off_amount > gross:
            problems.append(
                Problem(
                    "allocations_within_invoice",
                    about,
                    {
                        "gross": str(gross),
                        "paid": str(invoice.paid),
                        "credited": str(invoice.credited),
                        "written_off": str(invoice.written_off_amount),
                    },
                    f"{about} settled beyond its gross {gross}",
                )
            )
    return problems


def _open_by_company(books: Books) -> dict[object, Decimal]:
    sums: dict[object, Decimal] = {}
    for invoice in books.of_type(Invoice):
        sums[invoice.company_id] = sums.get(invoice.company_id, Decimal(0)) + (
            invoice.open_amount.amount
        )
    return sums


def control_account_matches_subledger(books: Books) -> list[Problem]:
    """Per company: AR account = open invoices, unapplied-cash account = unapplied
    payments, so AR control (their sum) = open invoices - unapplied cash."""
    problems = []
    opens = _open_by_company(books)
    unapplied: dict[object, Decimal] = {}
    for payment in books.of_type(Payment):
        unapplied[payment.company_id] = (
            unapplied.get(payment.company_id, Decimal(0)) + payment.unapplied.amount
        )
    for company in books.of_type(Company):
        currency = company.currency
        open_invoices = opens.get(company.id, Decimal(0))
        cash = unapplied.get(company.id, Decimal(0))
        ar = books.balance(journal.receivable(company.id), currency)
        credit = -books.balance(journal.unapplied(company.id), currency)
        if ar != open_invoices or credit != cash:
            problems.append(
                Problem(
                    "control_account_matches_subledger",
                    f"company {company.name}",
                    {
                        "ar_account": str(ar),
                        "open_invoices": str(open_invoices),
                        "unapplied_account": str(credit),
                        "unapplied_payments": str(cash),
                        "currency": currency,
                    },
                    f"company {company.name}: AR account {ar} vs open invoices "
                    f"{open_invoices}; unapplied account {credit} vs unapplied payments {cash}",
                )
            )
    return problems


def exposure_matches_invoices(books: Books) -> list[Problem]:
    """The receivables the company's credit control sees are the open invoices."""
    problems = []
    opens = _open_by_company(books)
    for company in books.of_type(Company):
        about = f"company {company.name}"
        seen = sum((amount for _, amount in company.receivables.values()), Decimal(0))
        actual = opens.get(company.id, Decimal(0))
        if seen != actual:
            problems.append(
                Problem(
                    "exposure_matches_invoices",
                    about,
                    {"seen": str(seen), "open_invoices": str(actual)},
                    f"{about}: credit control sees {seen} open, invoices say {actual}",
                )
            )
        recount = seen + sum(company.uninvoiced.values(), Decimal(0))
        earliest = min((due for due, _ in company.receivables.values()), default=None)
        if company.total_exposure != recount or company.earliest_due != earliest:
            problems.append(
                Problem(
                    "exposure_matches_invoices",
                    about,
                    {
                        "exposure": str(company.total_exposure),
                        "earliest_due": str(company.earliest_due),
                        "recount": str(recount),
                        "recounted_earliest_due": str(earliest),
                    },
                    f"{about}: running exposure {company.total_exposure} / earliest "
                    f"due {company.earliest_due} differ from a recount ({recount} / {earliest})",
                )
            )
    return problems


def numbers_within_limits(books: Books) -> list[Problem]:
    """Every amount in the log is one the read models can hold (`ledger.money`)."""
    return list(books.unheld)


RULES: tuple[Rule, ...] = (
    journal_balances,
    open_amount_never_negative,
    allocations_within_payment,
    allocations_within_invoice,
    control_account_matches_subledger,
    exposure_matches_invoices,
    numbers_within_limits,
)


def check_all(books: Books) -> list[Problem]:
    return [problem for rule in RULES for problem in rule(books)]
