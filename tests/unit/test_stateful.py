"""Random command sequences never break an invariant, and a refused command writes nothing."""

from __future__ import annotations

from decimal import Decimal
from uuid import UUID

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule

from ledger import commands as c
from ledger.application import Ledger
from ledger.errors import LedgerError
from tests.builders import Buyer, company, key, line

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("400"), places=2)
quantities = st.integers(min_value=1, max_value=5).map(str)
prices = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99.99"), places=2).map(str)
rates = st.sampled_from(["0", "0.07", "0.19", "0.21"])
buyers = st.sampled_from([0, 0, 0, 1])  # mostly one company, sometimes the other


class LedgerMachine(RuleBasedStateMachine):
    invoices = Bundle("invoices")
    payments = Bundle("payments")
    allocations = Bundle("allocations")
    queries = Bundle("queries")

    @initialize()
    def open_books(self) -> None:
        self.ledger = Ledger("memory://")
        self.buyers: list[Buyer] = [company(self.ledger, "Acme"), company(self.ledger, "Globex")]
        self.ledger.execute(c.RegisterStaff(key(), "ar@seller.example", "AR", ("AR_MANAGER",)))

    def run(self, command: c.Command) -> dict[str, object] | None:
        before = self.ledger.event_count()
        try:
            return self.ledger.execute(command)
        except LedgerError:
            assert self.ledger.event_count() == before, "a refused command wrote events"
            return None

    @rule(
        target=invoices,
        who=buyers,
        lines=st.lists(st.tuples(quantities, prices, rates), min_size=1, max_size=3),
    )
    def invoice(self, who: int, lines: list[tuple[str, str, str]]) -> UUID:
        buyer = self.buyers[who]
        order = self.run(
            c.PlaceOrder(
                key(),
                buyer.company_id,
                buyer.email,
                key("o"),
                "EUR",
                tuple(line(str(i), q, p, r) for i, (q, p, r) in enumerate(lines)),
            )
        )
        if order is None:
            return UUID(int=0)
        result = self.run(c.InvoiceOrder(key(), UUID(str(order["order_id"]))))
        return UUID(str(result["invoice_id"])) if result else UUID(int=0)

    @rule(
        target=payments,
        who=buyers,
        amount=amounts,
        method=st.sampled_from(["BANK_TRANSFER", "CARD", "CHEQUE"]),
    )
    def pay(self, who: int, amount: Decimal, method: str) -> UUID:
        result = self.run(
            c.ReceivePayment(key(), self.buyers[who].company_id, method, amount, "EUR")
        )
        return UUID(str(result["payment_id"])) if result else UUID(int=0)

    def fitting(self, payment: UUID, invoice: UUID, how: str, amount: Decimal) -> Decimal:
        """An amount at the edge: exactly what fits, or one cent more."""
        if how == "random" or UUID(int=0) in (payment, invoice):
            return amount
        room = min(
            self.ledger.load(payment).unapplied.amount,  # type: ignore[attr-defined]
            self.ledger.load(invoice).open_amount.amount,  # type: ignore[attr-defined]
        )
        return room + Decimal("0.01") if how == "over" else max(room, Decimal("0.01"))

    @rule(
        target=allocations,
        payment=payments,
        invoice=invoices,
        amount=amounts,
        how=st.sampled_from(["fit", "fit", "over", "random"]),
        first_line=st.booleans(),
    )
    def allocate(
        self, payment: UUID, invoice: UUID, amount: Decimal, how: str, first_line: bool
    ) -> tuple[UUID, UUID]:
        amount = self.fitting(payment, invoice, how, amount)
        result = self.run(
            c.AllocatePayment(key(), payment, invoice, amount, ("0",) if first_line else ())
        )
        return (payment, UUID(str(result["allocation_id"])) if result else UUID(int=0))

    @rule(allocation=allocations)
    def reverse_allocation(self, allocation: tuple[UUID, UUID]) -> None:
        self.run(c.ReverseAllocation(key(), allocation[0], allocation[1], "mis-posted"))

    @rule(payment=payments)
    def bounce(self, payment: UUID) -> None:
        self.run(c.ReversePayment(key(), payment, "returned by bank"))

    @rule(payment=payments, amount=amounts)
    def refund(self, payment: UUID, amount: Decimal) -> None:
        self.run(c.RefundPayment(key(), payment, amount, "overpaid"))

    @rule(invoice=invoices, amount=st.none() | amounts)
    def credit(self, invoice: UUID, amount: Decimal | None) -> None:
        self.run(c.IssueCreditNote(key(), invoice, "goodwill", amount))

    @rule(invoice=invoices)
    def write_off(self, invoice: UUID) -> None:
        self.run(c.WriteOffInvoice(key(), invoice, "insolvent"))

    @rule(invoice=invoices)
    def void(self, invoice: UUID) -> None:
        self.run(c.VoidInvoice(key(), invoice, "issued in error"))

    @rule(target=queries, invoice=invoices, who=buyers)
    def dispute(self, invoice: UUID, who: int) -> UUID:
        result = self.run(
            c.RaiseQuery(key(), invoice, self.buyers[who].email, "DAMAGED", "broken", ("0",))
        )
        return UUID(str(result["query_id"])) if result else UUID(int=0)

    @rule(query=queries, accept=st.booleans())
    def resolve(self, query: UUID, accept: bool) -> None:
        outcome = "ACCEPTED" if accept else "REJECTED"
        self.run(c.ResolveQuery(key(), query, "ar@seller.example", outcome))

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
