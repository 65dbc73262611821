"""Command handlers by business area: load aggregates, check cross-aggregate rules, call
domain methods.

Cross-aggregate rules live in the handlers (a payment and an invoice must belong to the
same company; a buyer may only query their own company's invoices); single-aggregate
rules live on the aggregates. One module per area:

    parties    companies, users, staff         credit           hold review, credit limit
    orders     web-store orders                invoicing        invoices, credit notes, voids
    erp        ERP invoices and exceptions     invoice_queries  buyers' queries on invoices
    payments   payments and allocations        bank             bank statement entries
    cards      card payments                   delivery         the outbox, reminders

A handler runs one command and never calls another: what several share is a named step
(`money_in`: receive, allocate, undo; `credit.review`; `lookups`: buyer, staff, numbers).
Importing this package imports every area, which registers its handlers in `HANDLERS`
(`table`).
"""

from __future__ import annotations

from ledger.handlers import (
    bank,
    cards,
    credit,
    delivery,
    erp,
    invoice_queries,
    invoicing,
    orders,
    parties,
    payments,
)
from ledger.handlers.table import HANDLERS, Result

AREAS = (parties, credit, orders, invoicing, erp, invoice_queries, payments, bank, cards, delivery)

__all__ = ["AREAS", "HANDLERS", "Result"]
