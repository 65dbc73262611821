"""One word per concept (docs/ledger-layout.md, "Names"): a mutation runs the command of its
own name, a handler is its command's name in snake_case, and a command renamed after keys
were stored keeps the fingerprint those keys were stored with."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path
from uuid import UUID

from ledger import commands as c
from ledger.application import fingerprint
from ledger.handlers import HANDLERS

ROOT = Path(__file__).resolve().parents[2]

# Mutations that run one command of another name, and why.
NAMED_OTHERWISE = {
    # The API's allocatePayment takes a list, all or none; AllocatePayment is the one-invoice
    # command the importers, the demo and the bank matcher send.
    "allocatePayment": "AllocatePaymentToInvoices",
}


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_every_handler_is_named_for_its_command() -> None:
    misnamed = {
        command.__name__: handler.__name__
        for command, handler in HANDLERS.items()
        if handler.__name__ != snake(command.__name__)
    }
    assert misnamed == {}


def mutations_and_their_commands() -> dict[str, str]:
    """For each resolver that calls `run(info, "<mutation>", ...)`: the one command it
    builds (`c.<Command>(...)`, in a lambda or a local function). A mutation that builds
    none runs an adapter's steps (`perform=`), and is left out."""
    found = {}
    for path in sorted((ROOT / "graphql_api").glob("*/mutations.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for resolver in ast.walk(tree):
            if not isinstance(resolver, ast.AsyncFunctionDef):
                continue
            names = [
                node.args[1].value
                for node in ast.walk(resolver)
                if isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "run"
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
            ]
            built = {
                node.func.attr
                for node in ast.walk(resolver)
                if isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and getattr(node.func.value, "id", "") == "c"
                and isinstance(getattr(c, node.func.attr, None), type)
                and issubclass(getattr(c, node.func.attr), c.Command)
            }
            if len(names) == 1 and len(built) == 1:
                found[names[0]] = built.pop()
    return found


def test_every_mutation_runs_the_command_of_its_own_name() -> None:
    found = mutations_and_their_commands()
    assert "recordPayment" in found  # the parse sees the mutations
    expected = {m: NAMED_OTHERWISE.get(m, m[0].upper() + m[1:]) for m in found}
    assert found == expected


U, V = UUID(int=1), UUID(int=2)


def test_renamed_commands_keep_the_fingerprint_their_stored_keys_hold() -> None:
    """Computed before the rename: a client that retries a key it sent then gets the first
    result back, not IDEMPOTENCY_MISMATCH."""
    before = {
        c.RecordPayment("k", U, "BANK_TRANSFER", "100.00", "EUR", "ref-1", date(2026, 1, 2)): (
            "09d27473b2dff22dffd536ac1c0785fbd3b0011c1f9775bc03399bdaa00f83d6"
        ),
        c.RaiseInvoiceQuery("k", U, "buyer@acme.test", "PRICING", "too dear", ("1",)): (
            "3e20774024e061992a7e12cbf6fe0d75f61ec0fd4ed8d627d0955d311791ee71"
        ),
        c.ReplyToInvoiceQuery("k", U, "ar@seller.test", "we look into it"): (
            "c2891593e5d01b635498045062d4e83ad548058d1eb126350651adfd80b1a0e6"
        ),
        c.AssignInvoiceQuery("k", U, "ar@seller.test"): (
            "44b1a2e3c91980376c42bbe8a86feb28157c2ab2046bda6a4b6e87dba0713132"
        ),
        c.ResolveInvoiceQuery("k", U, "ar@seller.test", "ACCEPTED", "fair", "10.00"): (
            "61540ec4f6c6b4c8f40434ac1e0573f82163531b7d16371ee7f70523770af1ed"
        ),
        c.AcceptPaymentSuggestion("k", U, V, "ar@seller.test"): (
            "2c43a9af9bda51273e2c7779b66f5b3a4f599639500e4cfb9984f115f066d8f6"
        ),
    }
    assert {type(cmd).__name__: fingerprint(cmd) for cmd in before} == {
        type(cmd).__name__: printed for cmd, printed in before.items()
    }


def test_a_command_not_renamed_is_fingerprinted_by_its_own_name() -> None:
    assert c.IssueCreditNote.stored_name == "IssueCreditNote"
    assert c.RecordPayment.stored_name == "ReceivePayment"
    assert len({cls.stored_name for cls in HANDLERS}) == len(HANDLERS)  # no two alike


OLD_NAMES = {
    "ReceivePayment": c.RecordPayment,
    "RaiseQuery": c.RaiseInvoiceQuery,
    "PostQueryMessage": c.ReplyToInvoiceQuery,
    "AssignQuery": c.AssignInvoiceQuery,
    "ResolveQuery": c.ResolveInvoiceQuery,
    "AcceptBankSuggestion": c.AcceptPaymentSuggestion,
}


def test_the_names_before_the_rename_are_gone_but_their_fingerprints_stay() -> None:
    """Every branch begun before the rename has merged, so the old names are gone from
    `ledger.commands` and from everything that ships or measures; a stored fingerprint keeps
    the old name (`stored_name`), so keys recorded before the rename still match."""
    for old, new in OLD_NAMES.items():
        assert not hasattr(c, old)
        assert new.stored_name == old
    uses = []
    for package in ("ledger", "storage", "projections", "adapters", "graphql_api", "cli", "bench"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                name = getattr(node, "attr", None) or getattr(node, "id", None)
                if name in OLD_NAMES:
                    uses.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")  # type: ignore[attr-defined]
    assert uses == []
