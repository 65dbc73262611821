"""What the write side accepts, the read side holds; and an event it cannot, stops it cleanly.

The write side and the read models share one definition of a valid amount
(`ledger.money`: `MAX_AMOUNT`, `MAX_BALANCE`, minor units). A payment of
999999999999999.99 used to be stored and then overflow the views' 64-bit integers,
stopping them for good. Here every amount-bearing command is driven with extreme
values: each is refused with a code or projected, on both stores, and every view
still answers after a catch-up and a rebuild. An event written around the door
stops the views before it, names it, and `verify` names it too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import clock
from ledger import commands as c
from ledger.application import Ledger
from ledger.errors import LedgerError
from ledger.money import MAX_AMOUNT, Money
from ledger.payments import AdviceItem, Payment
from projections import views
from projections.history import Moment, aging
from projections.metrics import credit_risk, dso, statement, value_in_dispute
from tests.builders import Buyer, company, key, line, payment, web_invoice

EXTREMES = [
    "999999999999999.99",  # the amount that killed the read side
    "500000000000000.00",  # twice of it overflowed the unapplied-cash sum
    "1000.00001",  # more decimals than the views hold
    "99999999999.99",  # just under the cap: accepted
    "100000000000",  # the cap itself: refused
    "1e11",
    "1E+10",
    "0.001",
    "0.01",
    "-0.01",
    "0",
    "-99999999999.99",
    "12345678901.23",
    "4e14",
]
amounts = st.one_of(
    st.sampled_from(EXTREMES),
    st.decimals(
        min_value=Decimal("-1e16"), max_value=Decimal("1e16"), places=2, allow_nan=False
    ).map(str),
    st.decimals(min_value=0, max_value=Decimal("1e6"), places=6, allow_nan=False).map(str),
)
COMMANDS = [
    "register",
    "limit",
    "payment",
    "allocate",
    "refund",
    "credit_note",
    "order",
    "advice",
    "payment_advice",
    "bank",
]


class World:
    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.buyer: Buyer = company(ledger, "Extreme", limit="1000000")
        self.invoice = web_invoice(ledger, self.buyer, line("1", "3", "1000.00"))
        self.payment = payment(ledger, self.buyer, "5000.00")

    def command(self, kind: str, amount: str) -> c.Command:
        b = self.buyer
        return {
            "register": lambda: c.RegisterCompany(key(), key("Co"), "EUR", credit_limit=amount),
            "limit": lambda: c.SetCreditLimit(key(), b.company_id, amount),
            "payment": lambda: c.RecordPayment(key(), b.company_id, "CARD", amount, "EUR"),
            "allocate": lambda: c.AllocatePayment(key(), self.payment, self.invoice, amount),
            "refund": lambda: c.RefundPayment(key(), self.payment, amount, "refund"),
            "credit_note": lambda: c.IssueCreditNote(key(), self.invoice, "goodwill", amount),
            "order": lambda: c.PlaceOrder(
                key(), b.company_id, b.email, key("O"), "EUR", (line("1", "1", amount, "0"),)
            ),
            "advice": lambda: c.SubmitRemittanceAdvice(
                key(),
                b.company_id,
                b.email,
                "REF",
                clock.today(),
                (AdviceItem("X", amount),),  # type: ignore[arg-type]
            ),
            "payment_advice": lambda: c.RecordPayment(
                key(),
                b.company_id,
                "BANK_TRANSFER",
                "10.00",
                "EUR",
                advice=(AdviceItem("X", amount),),  # type: ignore[arg-type]
            ),
            "bank": lambda: c.RecordBankEntry(
                key(),
                key("BANK"),
                clock.today(),
                amount,
                "EUR",
                "Extreme",
                "NL00",
                "",
                company_id=b.company_id,
            ),
        }[kind]()


def every_view_answers(view: views.ViewRecorder, world: World) -> None:
    company_id = str(world.buyer.company_id)
    today = clock.today()
    with view.rows() as (rows, _):
        for table in ("invoices", "companies", "payments", "allocations", "orders"):
            rows.select(f"SELECT * FROM {table}", {})
        now = Moment(at=clock.now())
        aging(rows, now, company_id)
        aging(rows, now, None)
        statement(rows, company_id, date(2000, 1, 1), today)
        value_in_dispute(rows)
        credit_risk(rows, company_id, today)
        dso(rows, Moment(at=clock.now()), company_id)
        dso(rows, Moment(at=clock.now()))


@pytest.fixture
def world(store_url: str) -> Iterator[tuple[World, views.ViewRecorder]]:
    ledger = Ledger(store_url)
    view = views.open_views(store_url)
    yield World(ledger), view
    ledger.close()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.tuples(st.sampled_from(COMMANDS), amounts), min_size=1, max_size=6))
def test_extreme_amounts_are_refused_or_held_by_every_view(
    world: tuple[World, views.ViewRecorder], steps: list[tuple[str, str]]
) -> None:
    w, view = world
    for kind, amount in steps:
        try:
            w.ledger.execute(w.command(kind, amount))
        except LedgerError as refused:
            assert refused.code, refused  # a refusal always has a code for the client
            continue
        if Decimal(amount).copy_abs() >= MAX_AMOUNT:
            pytest.fail(f"{kind} accepted {amount}, beyond the cap {MAX_AMOUNT}")
    views.catch_up(w.ledger, view)  # ProjectionStalled here is the bug this test is for
    every_view_answers(view, w)
    assert w.ledger.verify().ok, w.ledger.verify().problems


def test_views_still_answer_after_a_rebuild_of_extremes(
    world: tuple[World, views.ViewRecorder],
) -> None:
    w, view = world
    for kind in COMMANDS:
        for amount in EXTREMES:
            with contextlib.suppress(LedgerError):
                w.ledger.execute(w.command(kind, amount))
    views.rebuild(w.ledger, view)
    every_view_answers(view, w)
    assert views.status(w.ledger, view).lag == 0
    assert w.ledger.verify().ok


def poison(ledger: Ledger, company_id: UUID, amount: str) -> int:
    """A payment stored around the door, as one from before a limit was tightened."""
    received = Payment.receive(
        uuid4(), company_id, "CARD", Money(Decimal(amount), "EUR"), "poison", clock.today()
    )
    ledger.save(received)
    return ledger.event_count()


@pytest.fixture
def poisoned(store_url: str) -> Iterator[tuple[Ledger, views.ViewRecorder, int, Any]]:
    ledger = Ledger(store_url)
    buyer = company(ledger, "Poisoned")
    web_invoice(ledger, buyer)
    at = poison(ledger, buyer.company_id, "999999999999999.99")
    payment(ledger, buyer, "10.00")  # a good event after the poison
    yield ledger, views.open_views(store_url), at, buyer
    ledger.close()


def test_an_event_the_views_cannot_hold_stops_them_before_it_by_name(
    poisoned: tuple[Ledger, views.ViewRecorder, int, Any],
) -> None:
    ledger, view, at, _ = poisoned
    with pytest.raises(views.ProjectionStalled) as stalled:
        views.catch_up(ledger, view)
    assert stalled.value.stall.position == at
    assert "Payment.Received" in stalled.value.stall.topic
    assert views.status(ledger, view).position == at - 1  # every event before it applied
    with view.rows() as (rows, _):
        assert rows.select("SELECT * FROM invoices", {})  # and the views answer
    with pytest.raises(views.ProjectionStalled):
        views.rebuild(ledger, view)
    assert views.status(ledger, view).position == at - 1


def test_verify_names_the_event_beyond_the_limits(
    poisoned: tuple[Ledger, views.ViewRecorder, int, Any],
) -> None:
    ledger, *_ = poisoned
    verification = ledger.verify()
    assert not verification.ok
    named = [p.message for p in verification.problems if "Payment.Received" in p.message]
    assert any("999999999999999.99" in p and "beyond the limit" in p for p in named), named


def test_verify_names_a_sum_beyond_what_the_views_hold(ledger: Ledger) -> None:
    buyer = company(ledger, "Summed")
    for _ in range(10):  # each under the cap, together beyond MAX_BALANCE
        poison(ledger, buyer.company_id, "99999999999999.99")
    problems = [p.message for p in ledger.verify().problems]
    assert any("a read model's sum holds" in p for p in problems), problems


RECORD_PAYMENT = """mutation($input: RecordPaymentInput!) {
  recordPayment(input: $input) { ok result }
}"""


def test_a_stalled_read_side_keeps_serving_reads_and_says_so(sqlite_url: str) -> None:
    import contextlib

    import httpx

    from graphql_api.auth import mint
    from tests.e2e.conftest import _serve

    ledger = Ledger(sqlite_url)
    buyer = company(ledger, "Stalled")
    web_invoice(ledger, buyer)
    ledger.execute(c.RegisterStaff(key(), "ar@seller.example", "AR", ("AR_MANAGER",)))
    at = poison(ledger, buyer.company_id, "999999999999999.99")
    head = ledger.event_count()
    ledger.close()
    headers = {"Authorization": f"Bearer {mint('ar@seller.example')}"}
    serve = contextlib.contextmanager(_serve)
    with serve(sqlite_url, (), None) as base, httpx.Client(base_url=base) as client:
        health = client.get("/health").json()  # the server started despite the stall
        assert health["status"] == "degraded"
        assert health["readModels"]["stoppedBefore"] == at
        assert "Payment.Received" in health["readModels"]["event"]
        page = client.post(
            "/graphql", json={"query": "{ invoices(first: 5) { totalCount } }"}, headers=headers
        ).json()
        assert page["data"]["invoices"]["totalCount"] == 1
        answer = client.post(
            "/graphql",
            json={
                "query": RECORD_PAYMENT,
                "variables": {
                    "input": {
                        "idempotencyKey": "after-stall",
                        "companyId": str(buyer.company_id),
                        "amount": "10.00",
                        "method": "BANK_TRANSFER",
                    }
                },
            },
            headers=headers,
        ).json()
        [error] = answer["errors"]
        assert error["extensions"]["code"] == "READ_SIDE_STALLED"
        assert error["extensions"]["position"] == at
        assert f"event {at}" in error["message"]
    assert Ledger(sqlite_url).event_count() == head  # refused before writing
