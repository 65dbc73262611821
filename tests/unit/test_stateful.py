"""Random command sequences never break an invariant, and a refused command writes nothing.

Commands are drawn from the ledger's current state, so most are valid (amounts within
what is open or unapplied, existing lines, live allocations) and must succeed; about a
fifth are broken on purpose in one known way and must be refused with that error's code.
`event()` reports how many of each ran (`--hypothesis-show-statistics`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from uuid import UUID

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from ledger import commands as c
from ledger.application import Ledger
from ledger.disputes import InvoiceQuery
from ledger.errors import LedgerError
from ledger.invoices import Invoice
from ledger.payments import Payment
from tests.builders import Buyer, company, key, line

CENT = Decimal("0.01")
amounts = st.decimals(min_value=CENT, max_value=Decimal("400"), places=2)
quantities = st.integers(min_value=1, max_value=5).map(str)
prices = st.decimals(min_value=CENT, max_value=Decimal("99.99"), places=2).map(str)
rates = st.sampled_from(["0", "0.07", "0.19", "0.21"])
buyers = st.sampled_from([0, 0, 0, 1])  # mostly one company, sometimes the other
valid = st.sampled_from([True, True, True, True, False])  # ~80% valid
# Outcomes over the whole run, printed at the end of the module (see the fixture below).
OUTCOMES: Counter[tuple[str, str]] = Counter()


def having(*names: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Enabled only once the machine holds some of each: no step is spent doing nothing."""
    return precondition(lambda self: all(getattr(self, n, None) for n in names))


def up_to(data: st.DataObject, most: Decimal) -> Decimal:
    """An amount in [0.01, most], often exactly `most` (the edge)."""
    return data.draw(st.just(most) | st.decimals(min_value=CENT, max_value=most, places=2))


class LedgerMachine(RuleBasedStateMachine):
    @initialize()
    def open_books(self) -> None:
        self.ledger = Ledger("memory://")
        self.buyers: list[Buyer] = [company(self.ledger, "Acme"), company(self.ledger, "Globex")]
        self.ledger.execute(c.RegisterStaff(key(), "ar@seller.example", "AR", ("AR_MANAGER",)))
        self.invoices: list[UUID] = []
        self.payments: list[UUID] = []
        self.allocations: list[tuple[UUID, UUID]] = []  # (payment, allocation), ever made
        self.queries: list[UUID] = []

    # -- running, and checking the outcome ------------------------------------

    def run(self, command: c.Command, expect: str | None) -> dict[str, object] | None:
        """Execute; `expect` None: it must succeed, else it must fail with that code."""
        name = type(command).__name__
        before = self.ledger.event_count()
        try:
            result = self.ledger.execute(command)
        except LedgerError as error:
            result = None
            assert self.ledger.event_count() == before, "a refused command wrote events"
            outcome = error.code
            assert expect == error.code, (command, expect, error)
        else:
            outcome = "ok"
            assert expect is None, (command, f"expected {expect}, it succeeded", result)
        OUTCOMES[name, outcome] += 1
        event(f"{name}: {'ok' if expect is None else 'refused ' + outcome}")
        return result

    def invoice_(self, invoice_id: UUID) -> Invoice:
        return self.ledger.load(invoice_id)  # type: ignore[return-value]

    def payment_(self, payment_id: UUID) -> Payment:
        return self.ledger.load(payment_id)  # type: ignore[return-value]

    def closed(self, invoice_id: UUID) -> bool:
        invoice = self.invoice_(invoice_id)
        return invoice.voided or invoice.written_off

    def open_invoices(self, company_id: UUID | None = None) -> list[UUID]:
        """Invoices that take payments and credits: not closed, something open."""
        return [
            i
            for i in self.invoices
            if not self.closed(i)
            and self.invoice_(i).open_amount.is_positive
            and company_id in (None, self.invoice_(i).company_id)
        ]

    def live_payments(self) -> list[UUID]:
        return [p for p in self.payments if self.payment_(p).unapplied.is_positive]

    def live_allocations(self) -> list[tuple[UUID, UUID]]:
        return [a for a in self.allocations if str(a[1]) in self.payment_(a[0]).allocations]

    # -- rules ------------------------------------------------------------------

    @rule(
        who=buyers,
        lines=st.lists(st.tuples(quantities, prices, rates), min_size=1, max_size=3),
        ok=valid,
    )
    def invoice(self, who: int, lines: list[tuple[str, str, str]], ok: bool) -> None:
        buyer = self.buyers[who]
        email = buyer.email if ok else self.buyers[1 - who].email  # another company's buyer
        order = self.run(
            c.PlaceOrder(
                key(),
                buyer.company_id,
                email,
                key("o"),
                "EUR",
                tuple(line(str(i), q, p, r) for i, (q, p, r) in enumerate(lines)),
            ),
            None if ok else "FORBIDDEN",
        )
        if order is not None:
            result = self.run(c.InvoiceOrder(key(), UUID(str(order["order_id"]))), None)
            assert result is not None
            self.invoices.append(UUID(str(result["invoice_id"])))

    @rule(
        who=buyers,
        amount=amounts,
        method=st.sampled_from(["BANK_TRANSFER", "CARD", "CHEQUE"]),
        ok=valid,
    )
    def pay(self, who: int, amount: Decimal, method: str, ok: bool) -> None:
        result = self.run(
            c.RecordPayment(
                key(), self.buyers[who].company_id, method if ok else "BARTER", amount, "EUR"
            ),
            None if ok else "BAD_INPUT",
        )
        if result is not None:
            self.payments.append(UUID(str(result["payment_id"])))

    @having("payments", "invoices")
    @rule(data=st.data(), ok=valid)
    def allocate(self, data: st.DataObject, ok: bool) -> None:
        pairs = [
            (p, i)
            for p in self.live_payments()
            for i in self.open_invoices(self.payment_(p).company_id)
        ]
        if ok and not pairs and self.open_invoices():
            # Swarm runs often hold no cash for an open invoice: receive some first.
            invoice_id = data.draw(st.sampled_from(self.open_invoices()))
            result = self.run(
                c.RecordPayment(
                    key(), self.invoice_(invoice_id).company_id, "CARD", data.draw(amounts), "EUR"
                ),
                None,
            )
            assert result is not None
            self.payments.append(UUID(str(result["payment_id"])))
            pairs = [(self.payments[-1], invoice_id)]
        if ok and pairs:
            payment_id, invoice_id = data.draw(st.sampled_from(pairs))
            payment, invoice = self.payment_(payment_id), self.invoice_(invoice_id)
            room = min(payment.unapplied.amount, invoice.open_amount.amount)
            first_open = invoice.line_open("0")
            lines: tuple[str, ...]
            if first_open > 0 and data.draw(st.booleans()):
                amount, lines = up_to(data, min(room, first_open)), ("0",)
            else:
                amount, lines = up_to(data, room), ()
            self.allocation(payment_id, invoice_id, amount, lines, None)
            return
        if ok or not (self.payments and self.invoices):
            return  # nothing valid to do now; the invalid ones are the other fifth
        payment_id = data.draw(st.sampled_from(self.payments))
        payment = self.payment_(payment_id)
        flaws = ["unknown line"]
        if payment.reversed:
            flaws = ["reversed payment"]
        else:
            own = self.open_invoices(payment.company_id)
            if own:
                flaws += ["over"]
            if any(self.invoice_(i).company_id != payment.company_id for i in self.invoices):
                flaws += ["other company"]
            if payment.unapplied.is_positive and any(self.closed(i) for i in self.invoices):
                flaws += ["closed invoice"]
        flaw = data.draw(st.sampled_from(flaws))
        same = [i for i in self.invoices if self.invoice_(i).company_id == payment.company_id]
        amount, lines = CENT, tuple[str, ...]()
        if flaw in ("reversed payment", "unknown line"):
            invoice_id = data.draw(st.sampled_from(same or self.invoices))
            lines = ("9",) if flaw == "unknown line" else ()
        elif flaw == "over":
            invoice_id = data.draw(st.sampled_from(self.open_invoices(payment.company_id)))
            room = min(payment.unapplied.amount, self.invoice_(invoice_id).open_amount.amount)
            amount = room + CENT
        elif flaw == "other company":
            invoice_id = data.draw(st.sampled_from([i for i in self.invoices if i not in same]))
        else:
            invoice_id = data.draw(st.sampled_from([i for i in self.invoices if self.closed(i)]))
        code = self.allocation_refusal(payment, invoice_id, amount, lines)
        self.allocation(payment_id, invoice_id, amount, lines, code)

    def allocation_refusal(
        self, payment: Payment, invoice_id: UUID, amount: Decimal, lines: tuple[str, ...]
    ) -> str:
        """The first check a flawed allocation fails, in the order the handler makes them."""
        invoice = self.invoice_(invoice_id)
        if invoice.company_id != payment.company_id:
            return "FORBIDDEN"
        if payment.reversed:
            return "PAYMENT_REVERSED"
        if amount > payment.unapplied.amount:
            return "OVER_ALLOCATION"
        if self.closed(invoice_id):
            return "INVOICE_CLOSED"
        if lines == ("9",):
            return "BAD_INPUT"
        assert amount > invoice.open_amount.amount, "the flaw is too much for the invoice"
        return "OVER_ALLOCATION"

    def allocation(
        self,
        payment_id: UUID,
        invoice_id: UUID,
        amount: Decimal,
        lines: tuple[str, ...],
        expect: str | None,
    ) -> None:
        result = self.run(c.AllocatePayment(key(), payment_id, invoice_id, amount, lines), expect)
        if result is not None:
            self.allocations.append((payment_id, UUID(str(result["allocation_id"]))))

    @having("payments")
    @rule(data=st.data(), ok=valid)
    def reverse_allocation(self, data: st.DataObject, ok: bool) -> None:
        live = self.live_allocations()
        if ok and not live and self.open_invoices():
            self.allocate(data, ok=True)  # one to take back
            live = self.live_allocations()
        if ok and live:
            payment_id, allocation_id = data.draw(st.sampled_from(live))
            expect = None
        elif not ok and self.payments:  # one already reversed, or one that never was
            gone = [a for a in self.allocations if a not in live]
            unknown = st.tuples(st.sampled_from(self.payments), st.uuids())
            payment_id, allocation_id = data.draw(
                (st.sampled_from(gone) | unknown) if gone else unknown
            )
            expect = "BAD_INPUT"
        else:
            return
        self.run(c.ReverseAllocation(key(), payment_id, allocation_id, "mis-posted"), expect)

    @having("payments")
    @rule(data=st.data(), ok=valid)
    def bounce(self, data: st.DataObject, ok: bool) -> None:
        """A returned payment takes its allocations back with it; twice is refused."""
        free = [p for p in self.payments if not self.payment_(p).reversed]
        returned = [p for p in self.payments if p not in free]
        if ok and free:
            payment_id, expect = data.draw(st.sampled_from(free)), None
        elif not ok and returned:
            payment_id, expect = data.draw(st.sampled_from(returned)), "PAYMENT_REVERSED"
        else:
            return
        self.run(c.ReversePayment(key(), payment_id, "returned by bank"), expect)

    @having("payments")
    @rule(data=st.data(), ok=valid)
    def refund(self, data: st.DataObject, ok: bool) -> None:
        live = self.live_payments()
        if ok and live:
            payment_id = data.draw(st.sampled_from(live))
            amount = up_to(data, self.payment_(payment_id).unapplied.amount)
            expect = None
        elif not ok and self.payments:
            payment_id = data.draw(st.sampled_from(self.payments))
            payment = self.payment_(payment_id)
            amount = payment.unapplied.amount + CENT
            expect = "PAYMENT_REVERSED" if payment.reversed else "OVER_ALLOCATION"
        else:
            return
        self.run(c.RefundPayment(key(), payment_id, amount, "overpaid"), expect)

    @having("invoices")
    @rule(data=st.data(), ok=valid)
    def credit(self, data: st.DataObject, ok: bool) -> None:
        open_ = self.open_invoices()
        amount: Decimal | None
        if ok and open_:
            invoice_id = data.draw(st.sampled_from(open_))
            most = self.invoice_(invoice_id).open_amount.amount
            amount = data.draw(st.none() | st.just(most) | st.decimals(CENT, most, places=2))
            expect = None
        elif not ok and self.invoices:
            invoice_id = data.draw(st.sampled_from(self.invoices))
            invoice = self.invoice_(invoice_id)
            amount = invoice.open_amount.amount + CENT
            expect = "INVOICE_CLOSED" if self.closed(invoice_id) else "OVER_ALLOCATION"
        else:
            return
        self.run(c.IssueCreditNote(key(), invoice_id, "goodwill", amount), expect)

    @having("invoices")
    @rule(data=st.data(), ok=valid)
    def write_off(self, data: st.DataObject, ok: bool) -> None:
        open_ = self.open_invoices()
        if ok and open_:
            invoice_id, expect = data.draw(st.sampled_from(open_)), None
        else:
            shut = [i for i in self.invoices if i not in open_]  # closed, or nothing open
            if ok or not shut:
                return
            invoice_id, expect = data.draw(st.sampled_from(shut)), "INVOICE_CLOSED"
        self.run(c.WriteOffInvoice(key(), invoice_id, "insolvent"), expect)

    @having("invoices")
    @rule(data=st.data(), ok=valid)
    def void(self, data: st.DataObject, ok: bool) -> None:
        def untouched(i: UUID) -> bool:
            invoice = self.invoice_(i)
            return not (invoice.paid or invoice.credited or invoice.allocations)

        fresh = [i for i in self.invoices if not self.closed(i) and untouched(i)]
        if ok and fresh:
            invoice_id, expect = data.draw(st.sampled_from(fresh)), None
        else:
            used = [i for i in self.invoices if i not in fresh]
            if ok or not used:
                return
            invoice_id, expect = data.draw(st.sampled_from(used)), "INVOICE_CLOSED"
        self.run(c.VoidInvoice(key(), invoice_id, "issued in error"), expect)

    @having("invoices")
    @rule(data=st.data(), ok=valid)
    def dispute(self, data: st.DataObject, ok: bool) -> None:
        disputable = [i for i in self.invoices if not self.closed(i)]
        if not disputable:
            return
        invoice_id = data.draw(st.sampled_from(disputable))
        invoice = self.invoice_(invoice_id)
        own = next(b for b in self.buyers if b.company_id == invoice.company_id)
        other = next(b for b in self.buyers if b.company_id != invoice.company_id)
        line_ids = data.draw(st.sampled_from([(), ("0",), tuple(x.line_id for x in invoice.lines)]))
        email, expect = own.email, None
        if not ok:
            if data.draw(st.booleans()):
                email, expect = other.email, "FORBIDDEN"
            else:
                line_ids, expect = ("9",), "BAD_INPUT"
        result = self.run(
            c.RaiseInvoiceQuery(key(), invoice_id, email, "DAMAGED", "broken", line_ids), expect
        )
        if result is not None:
            self.queries.append(UUID(str(result["query_id"])))

    @having("queries")
    @rule(data=st.data(), ok=valid)
    def resolve(self, data: st.DataObject, ok: bool) -> None:
        def query(q: UUID) -> InvoiceQuery:
            return self.ledger.load(q)  # type: ignore[return-value]

        def creditable(q: UUID) -> bool:
            """Accepting it credits what is open on its lines: there must be some."""
            invoice_id = query(q).invoice_id
            if self.closed(invoice_id):
                return False
            invoice = self.invoice_(invoice_id)
            ids = query(q).line_ids or tuple(x.line_id for x in invoice.lines)
            return sum((invoice.line_open(i) for i in ids), Decimal(0)) > 0

        pending = [q for q in self.queries if query(q).is_open]
        if ok and pending:
            query_id = data.draw(st.sampled_from(pending))
            accept = creditable(query_id) and data.draw(st.booleans())
            expect = None
        elif ok:
            return
        else:
            done = [q for q in self.queries if q not in pending]
            query_id = data.draw((st.sampled_from(done) | st.uuids()) if done else st.uuids())
            # accepting a resolved query would try its credit note first: reject it again
            accept = query_id not in done and data.draw(st.booleans())
            expect = "INVOICE_CLOSED" if query_id in done else "NOT_FOUND"
        outcome = "ACCEPTED" if accept else "REJECTED"
        self.run(c.ResolveInvoiceQuery(key(), query_id, "ar@seller.example", outcome), expect)

    @invariant()
    def books_hold(self) -> None:
        if hasattr(self, "ledger"):
            verification = self.ledger.verify()
            assert verification.ok, verification.problems


LedgerMachine.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestLedgerMachine = LedgerMachine.TestCase


@pytest.fixture(autouse=True, scope="module")
def summary() -> object:
    """Prints how each command type ended over the run (with `-s`, or on failure)."""
    yield
    for name in sorted({n for n, _ in OUTCOMES}):
        ends = ", ".join(f"{o} {k}" for (n, o), k in sorted(OUTCOMES.items()) if n == name)
        print(f"{name}: {ends}")
