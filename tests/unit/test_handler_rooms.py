"""The command handlers live in rooms by business area, and a handler runs one command:
what two commands share is a named step (`ledger/handlers/money_in.py`), never a call
from one handler into another. The ids those steps create are the ones stored
histories already hold, so moving code never renames a payment or an allocation."""

from __future__ import annotations

import ast
from datetime import date
from decimal import Decimal
from pathlib import Path
from uuid import UUID, uuid5

from ledger import commands as c
from ledger.application import Ledger
from ledger.handlers import HANDLERS
from ledger.invoices import Invoice
from ledger.payments import Payment
from ledger.registry import KEYS
from tests.builders import company, line, web_invoice
from tests.unit.support import events

ROOMS = Path(__file__).resolve().parents[2] / "ledger" / "handlers"


def _registered_handlers(tree: ast.Module) -> set[str]:
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and any(
            isinstance(d, ast.Call) and isinstance(d.func, ast.Name) and d.func.id == "handles"
            for d in node.decorator_list
        )
    }


def test_each_area_has_its_own_small_module_that_says_what_it_holds() -> None:
    modules = sorted(ROOMS.glob("*.py"))
    areas = {m.stem for m in modules}
    assert {
        "parties",
        "invoicing",
        "invoice_queries",
        "payments",
        "bank",
        "cards",
        "delivery",
    } <= areas
    for module in modules:
        text = module.read_text(encoding="utf-8")
        assert ast.get_docstring(ast.parse(text)), f"{module.name} says nothing about itself"
        assert len(text.splitlines()) < 300, f"{module.name} has outgrown its room"


def test_no_handler_calls_another_handler() -> None:
    trees = {m.name: ast.parse(m.read_text(encoding="utf-8")) for m in ROOMS.glob("*.py")}
    handlers = set().union(*(_registered_handlers(t) for t in trees.values()))
    assert {h.__name__ for h in HANDLERS.values()} == handlers
    calls = [
        f"{name}: {node.func.id}"
        for name, tree in trees.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in handlers
    ]
    assert calls == []


def _id(kind: str, key: str) -> UUID:
    return uuid5(KEYS, f"{kind}:{key}")


def test_a_matched_bank_entry_keeps_the_payment_and_allocation_ids_it_always_had(
    ledger: Ledger,
) -> None:
    buyer = company(ledger)
    invoice_id = web_invoice(ledger, buyer, line("1", "1", "100.00", "0.21"))
    result = ledger.execute(
        c.RecordBankEntry(
            "statement-7", "BANK-REF-7", date(2026, 3, 2), "121.00", "EUR", "Acme", "", "INV",
            buyer.company_id, (c.Allocation(invoice_id, Decimal("121.00")),),
        )
    )  # fmt: skip
    payment_id = _id("payment", "derived:payment:statement-7")
    assert result["payment_id"] == str(payment_id)
    assert [e.originator_id for e in events(ledger, Payment.Received)] == [payment_id]
    allocated = events(ledger, Invoice.PaymentAllocated, invoice_id)
    assert [e.allocation_id for e in allocated] == [
        _id("allocation-0", "derived:allocate:statement-7")
    ]
