"""The work each `bench/append.py` measurement repeats: our commands and raw eventsourcing's
counterparts (the baseline), step by step, on the same data.

Apart from the timing so that what is compared can be read on its own: each pair in
`COMMANDS` makes one step of ours and one of the baseline (see `bench/append.py` for why the
baseline is a fair yardstick); `bench/imports.py` and `bench/writers.py` reuse the baseline
and the lines.
"""

from __future__ import annotations

import itertools
import sys
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import ClassVar
from uuid import UUID

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eventsourcing.application import Application  # noqa: E402
from eventsourcing.domain import Aggregate, event  # noqa: E402

from ledger import commands as c  # noqa: E402
from ledger.application import Ledger  # noqa: E402
from ledger.lines import LineInput  # noqa: E402

INVOICES = 200  # invoices the allocations are spread over
PAYMENT = "1000000.00"
SLICE = Decimal("0.01")
ISSUED = date(2026, 11, 2)

LINES = (
    LineInput(
        "1",
        "BOLT-M8",
        "Hex bolt M8 x 40, box of 100",
        Decimal(10),
        Decimal("12.40"),
        Decimal("0.21"),
        Decimal("124.00"),
        Decimal("26.04"),
        Decimal("150.04"),
    ),
    LineInput(
        "2",
        "NUT-M8",
        "Hex nut M8, box of 200",
        Decimal(5),
        Decimal("7.95"),
        Decimal("0.21"),
        Decimal("39.75"),
        Decimal("8.35"),
        Decimal("48.10"),
    ),
    LineInput(
        "3",
        "GLOVE-L",
        "Nitrile gloves L, 50",
        Decimal(2),
        Decimal("14.99"),
        Decimal("0.21"),
        Decimal("29.98"),
        Decimal("6.30"),
        Decimal("36.28"),
    ),
)
NET, TAX, GROSS = Decimal("193.73"), Decimal("40.69"), Decimal("234.42")
RAW_LINES = [
    {
        "line_id": x.line_id,
        "sku": x.sku,
        "description": x.description,
        "quantity": str(x.quantity),
        "unit_price": str(x.unit_price),
        "tax_rate": str(x.tax_rate),
        "net": str(x.net),
        "tax": str(x.tax),
        "gross": str(x.gross),
    }
    for x in LINES
]

Step = Callable[[], object]


# -- baseline: plain eventsourcing ------------------------------------------------------


class RawCompany(Aggregate):
    @event("Registered")
    def __init__(self, name: str, currency: str) -> None:
        self.name = name
        self.currency = currency
        self.exposure = Decimal(0)

    @event("InvoiceBooked")
    def book_invoice(self, invoice_id: UUID, amount: Decimal, due_date: str) -> None:
        self.exposure += amount

    @event("CreditFreed")
    def free_credit(self, invoice_id: UUID, amount: Decimal) -> None:
        self.exposure -= amount


class RawInvoice(Aggregate):
    @event("Issued")
    def __init__(
        self,
        company_id: UUID,
        number: str,
        lines: list[dict[str, str]],
        net: Decimal,
        tax: Decimal,
        gross: Decimal,
    ) -> None:
        self.company_id = company_id
        self.number = number
        self.open = gross

    @event("PaymentAllocated")
    def allocate(self, payment_id: UUID, allocation_id: UUID, amount: Decimal) -> None:
        self.open -= amount


class RawPayment(Aggregate):
    @event("Received")
    def __init__(self, company_id: UUID, amount: Decimal) -> None:
        self.company_id = company_id
        self.unapplied = amount

    @event("Allocated")
    def allocate(self, allocation_id: UUID, invoice_id: UUID, amount: Decimal) -> None:
        self.unapplied -= amount


class RawMarker(Aggregate):
    @event("Recorded")
    def __init__(self, key: str, invoice_id: UUID) -> None:
        self.key = key
        self.invoice_id = invoice_id


class Raw(Application[UUID]):
    name = "raw"
    env: ClassVar[dict[str, str]] = dict(Ledger.env)  # our aggregate cache settings


def raw_issue_step(app: Raw) -> Step:
    company = RawCompany("Bench raw", "EUR")
    app.save(company)
    counter = itertools.count()

    def step() -> None:
        n = next(counter)
        co = app.repository.get(company.id)
        invoice = RawInvoice(co.id, f"RAW-{n}", RAW_LINES, NET, TAX, GROSS)
        co.book_invoice(invoice.id, GROSS, (ISSUED + timedelta(days=30)).isoformat())
        app.save(invoice, co, RawMarker(f"raw-issue-{n}", invoice.id))

    return step


def raw_allocate_step(app: Raw) -> Step:
    company = RawCompany("Bench raw payer", "EUR")
    invoices = [
        RawInvoice(company.id, f"RAW-A-{i}", RAW_LINES, NET, TAX, GROSS) for i in range(INVOICES)
    ]
    payment = RawPayment(company.id, Decimal(PAYMENT))
    app.save(company, payment, *invoices)
    ids = [x.id for x in invoices]
    counter = itertools.count()

    def step() -> None:
        n = next(counter)
        pay = app.repository.get(payment.id)
        inv = app.repository.get(ids[n % INVOICES])
        co = app.repository.get(company.id)
        allocation_id = uuid.uuid4()
        pay.allocate(allocation_id, inv.id, SLICE)
        inv.allocate(pay.id, allocation_id, SLICE)
        co.free_credit(inv.id, SLICE)
        app.save(pay, inv, co)

    return step


# -- ours -------------------------------------------------------------------------------

_run = uuid.uuid4().hex[:8]  # keeps keys and numbers unique per run
_keys = itertools.count()


def key(prefix: str) -> str:
    return f"{prefix}-{_run}-{next(_keys)}"


def our_company(ledger: Ledger, name: str) -> UUID:
    result = ledger.execute(c.RegisterCompany(key("co"), name, "EUR", credit_limit="90000000000"))
    company_id = UUID(result["company_id"])
    ledger.execute(
        c.RegisterUser(key("user"), company_id, f"{key('buyer')}@bench.example", "Buyer")
    )
    return company_id


def erp_invoice(company_id: UUID) -> c.RecordErpInvoice:
    number = key("SI")
    return c.RecordErpInvoice(
        key("issue"), company_id, number, f"SO-{number}", ISSUED, "EUR", LINES, NET, TAX, GROSS
    )


def our_issue_step(ledger: Ledger) -> Step:
    company_id = our_company(ledger, "Bench issue")
    return lambda: ledger.execute(erp_invoice(company_id))


def our_allocate_step(ledger: Ledger) -> Step:
    company_id = our_company(ledger, "Bench payer")
    invoices = [
        UUID(ledger.execute(erp_invoice(company_id))["invoice_id"]) for _ in range(INVOICES)
    ]
    paid = ledger.execute(c.RecordPayment(key("pay"), company_id, "BANK_TRANSFER", PAYMENT, "EUR"))
    payment_id = UUID(paid["payment_id"])
    counter = itertools.count()

    def step() -> None:
        n = next(counter)
        ledger.execute(
            c.AllocatePayment(key("alloc"), payment_id, invoices[n % INVOICES], str(SLICE))
        )

    return step


COMMANDS: dict[str, tuple[Callable[[Ledger], Step], Callable[[Raw], Step]]] = {
    "issue-invoice": (our_issue_step, raw_issue_step),
    "allocate-payment": (our_allocate_step, raw_allocate_step),
}
