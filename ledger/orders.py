"""Orders placed by a company user, and what has been shipped, delivered and invoiced.

An order reserves credit when placed (see `companies`). Invoices draw on the
order's lines; the order remembers invoiced quantities so no line is billed
twice by the web store and the ERP.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from ledger.chain import ChainedAggregate
from ledger.errors import BadInput
from ledger.lines import Line, Totals, check_text, totals
from ledger.money import Money
from ledger.registry import key_id


def order_id(number: str) -> UUID:
    """Orders are keyed by number, so the web store and the ERP agree on identity."""
    return key_id("order", number)


class Order(ChainedAggregate):
    if TYPE_CHECKING:  # state, not dataclass fields: events set it
        company_id: UUID
        placed_by: UUID
        number: str
        placed_on: date
        currency: str
        lines: tuple[Line, ...]
        shipped: dict[str, Decimal]
        delivered: dict[str, Decimal]
        invoiced: dict[str, Decimal]
        invoiced_amount: Decimal
        invoice_ids: list[UUID]

    class Placed(ChainedAggregate.Created):
        company_id: UUID
        placed_by: UUID
        number: str
        placed_on: date
        currency: str
        lines: tuple[Line, ...]
        net: Decimal
        tax: Decimal
        gross: Decimal

        def apply(self, order: Order) -> None:
            order.company_id = self.company_id
            order.placed_by = self.placed_by
            order.number = self.number
            order.placed_on = self.placed_on
            order.currency = self.currency
            order.lines = tuple(self.lines)
            order.shipped = {}
            order.delivered = {}
            order.invoiced = {}
            order.invoiced_amount = Decimal(0)
            order.invoice_ids = []

    class LineShipped(ChainedAggregate.Event):
        line_id: str
        quantity: Decimal
        shipped_on: date

        def apply(self, order: Order) -> None:
            order.shipped[self.line_id] = (
                order.shipped.get(self.line_id, Decimal(0)) + self.quantity
            )

    class LineDelivered(ChainedAggregate.Event):
        line_id: str
        quantity: Decimal
        delivered_on: date

        def apply(self, order: Order) -> None:
            order.delivered[self.line_id] = (
                order.delivered.get(self.line_id, Decimal(0)) + self.quantity
            )

    class Invoiced(ChainedAggregate.Event):
        invoice_id: UUID
        quantities: dict[str, Decimal]
        amount: Decimal

        def apply(self, order: Order) -> None:
            for line_id, quantity in self.quantities.items():
                order.invoiced[line_id] = order.invoiced.get(line_id, Decimal(0)) + quantity
            order.invoiced_amount += self.amount
            order.invoice_ids.append(self.invoice_id)

    @classmethod
    def place(
        cls,
        order_id: UUID,
        company_id: UUID,
        placed_by: UUID,
        number: str,
        placed_on: date,
        currency: str,
        lines: tuple[Line, ...],
    ) -> Order:
        sums = totals(lines, currency)
        order: Order = cls._create(
            cls.Placed,
            id=order_id,
            company_id=company_id,
            placed_by=placed_by,
            number=check_text(number, "order number"),
            placed_on=placed_on,
            currency=currency,
            lines=lines,
            net=sums.net.amount,
            tax=sums.tax.amount,
            gross=sums.gross.amount,
        )
        return order

    @property
    def totals(self) -> Totals:
        return totals(self.lines, self.currency)

    def line(self, line_id: str) -> Line:
        for line in self.lines:
            if line.line_id == line_id:
                return line
        raise BadInput(f"order {self.number} has no line {line_id!r}", line_id=line_id)

    def _check_quantity(
        self, line_id: str, quantity: Decimal, done: dict[str, Decimal], what: str
    ) -> None:
        line = self.line(line_id)
        if quantity <= 0:
            raise BadInput(f"{what} quantity must be positive")
        if done.get(line_id, Decimal(0)) + quantity > line.quantity:
            raise BadInput(
                f"line {line_id}: {what} {done.get(line_id, Decimal(0)) + quantity} "
                f"would exceed ordered {line.quantity}",
                line_id=line_id,
            )

    def ship(self, line_id: str, quantity: Decimal, on: date) -> None:
        self._check_quantity(line_id, quantity, self.shipped, "shipped")
        self.trigger_event(self.LineShipped, line_id=line_id, quantity=quantity, shipped_on=on)

    def deliver(self, line_id: str, quantity: Decimal, on: date) -> None:
        self._check_quantity(line_id, quantity, self.delivered, "delivered")
        self.trigger_event(self.LineDelivered, line_id=line_id, quantity=quantity, delivered_on=on)

    def uninvoiced_quantities(self) -> dict[str, Decimal]:
        return {
            line.line_id: line.quantity - self.invoiced.get(line.line_id, Decimal(0))
            for line in self.lines
            if line.quantity > self.invoiced.get(line.line_id, Decimal(0))
        }

    def record_invoice(
        self, invoice_id: UUID, quantities: dict[str, Decimal], amount: Money
    ) -> None:
        for line_id, quantity in quantities.items():
            self._check_quantity(line_id, quantity, self.invoiced, "invoiced")
        self.trigger_event(
            self.Invoiced, invoice_id=invoice_id, quantities=quantities, amount=amount.amount
        )

    @property
    def uninvoiced_amount(self) -> Money:
        return self.totals.gross - Money(self.invoiced_amount, self.currency)
