"""Card payments against a Stripe-style provider server and our webhook, both real HTTP."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any
from uuid import UUID

import httpx
import pytest

from adapters import cards, fake_card_provider
from graphql_api.app import create_app
from graphql_api.auth import mint
from ledger import commands as c
from ledger.application import Ledger
from ledger.companies import Company
from ledger.errors import BadInput, CompanyOnHold, NotFound, OverAllocation
from ledger.invoices import Invoice
from ledger.payments import Payment
from tests.builders import company, key, line, web_invoice
from tests.servers import free_port, serving

SECRET = "whsec_test"
KEY = "sk_test_fake"
CREATE = ("POST", "/v1/payment_intents")


@pytest.fixture
def stack(store_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Our service and the provider, each a real server, wired to each other."""
    api_port, provider_port = free_port(), free_port()
    provider_url = f"http://127.0.0.1:{provider_port}"
    monkeypatch.setenv("ARLEDGER_CARD_PROVIDER_URL", provider_url)
    monkeypatch.setenv("ARLEDGER_CARD_SECRET_KEY", KEY)
    monkeypatch.setenv("ARLEDGER_CARD_WEBHOOK_SECRET", SECRET)
    provider = fake_card_provider.app(f"http://127.0.0.1:{api_port}/webhooks/cards", SECRET, KEY)
    created: list[str] = []  # every intent-creating request the provider got

    async def counting(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and (scope["method"], scope["path"]) == CREATE:
            created.append(scope["path"])
        await provider(scope, receive, send)

    ledger = Ledger(store_url)
    with (
        serving(counting, provider_port, "/v1/payment_intents/none"),
        serving(create_app(store_url), api_port, "/health") as api,
    ):
        yield {"ledger": ledger, "api": api, "provider": provider_url, "sent": provider.state.sent,
               "created": created}  # fmt: skip
    ledger.close()


def started(stack: dict[str, Any], buyer: Any, items: tuple[Any, ...], **kw: Any) -> dict[str, Any]:
    return cards.start(stack["ledger"], cards.StripeLike(), buyer.company_id, buyer.email, items,
                       kw.get("include_disputed", False), key("card"))  # fmt: skip


def confirm(stack: dict[str, Any], intent: dict[str, Any], card: str) -> dict[str, Any]:
    answer = httpx.post(
        f"{stack['provider']}/v1/payment_intents/{intent['intentId']}/confirm",
        data={"client_secret": intent["clientSecret"], "card_number": card},
        timeout=30,
    )
    return dict(answer.json())


def test_a_confirmed_card_payment_allocates_what_was_chosen_and_lifts_the_hold(
    stack: dict[str, Any],
) -> None:
    ledger = stack["ledger"]
    buyer = company(ledger, "Acme", limit="300.00")
    first = web_invoice(ledger, buyer, line("1", "1", "100.00"), line("2", "1", "100.00"))
    web_invoice(ledger, buyer, line("1", "1", "100.00"))  # 242 + 121 > 300: on hold
    with pytest.raises(CompanyOnHold, match="on hold"):
        web_invoice(ledger, buyer, line("1", "1", "1.00"))
    company_before = ledger.load(buyer.company_id)
    assert isinstance(company_before, Company) and company_before.on_hold
    ledger.execute(
        c.RaiseInvoiceQuery(key(), first, buyer.email, "DAMAGED", "line 2 broken", ("2",))
    )
    intent = started(stack, buyer, (cards.CardItem(first, Decimal("121.00")),))
    assert intent["amount"] == "121.00"
    confirmed = confirm(stack, intent, fake_card_provider.GOOD_CARD)
    assert confirmed["status"] == "succeeded" and confirmed["webhook_status"] == 200
    invoice = ledger.load(first)
    assert isinstance(invoice, Invoice)
    assert invoice.open_amount.amount == Decimal("121.00")  # the disputed line stays open
    assert invoice.line_open("1") == 0 and invoice.line_open("2") == Decimal("121.00")
    after = ledger.load(buyer.company_id)
    assert isinstance(after, Company) and not after.on_hold
    web_invoice(ledger, buyer, line("1", "1", "10.00"))  # they can order again


def test_a_declined_card_leaves_nothing_behind(stack: dict[str, Any]) -> None:
    ledger = stack["ledger"]
    buyer = company(ledger, "Acme")
    invoice_id = web_invoice(ledger, buyer)
    intent = started(stack, buyer, (cards.CardItem(invoice_id, Decimal("50.00")),))
    assert confirm(stack, intent, fake_card_provider.DECLINED_CARD)["webhook_status"] == 200
    assert not [e for e in ledger.all_events() if isinstance(e, Payment.Received)]
    invoice = ledger.load(invoice_id)
    assert isinstance(invoice, Invoice) and invoice.paid == 0


def post_event(stack: dict[str, Any], body: bytes, signature: str) -> httpx.Response:
    return httpx.post(f"{stack['api']}/webhooks/cards", content=body, timeout=30,
                      headers={"Stripe-Signature": signature})  # fmt: skip


def test_a_replayed_webhook_changes_nothing(stack: dict[str, Any]) -> None:
    ledger = stack["ledger"]
    buyer = company(ledger, "Acme")
    invoice_id = web_invoice(ledger, buyer)
    intent = started(stack, buyer, (cards.CardItem(invoice_id, Decimal("121.00")),))
    confirm(stack, intent, fake_card_provider.GOOD_CARD)
    before = ledger.event_count()
    body = stack["sent"][-1]
    again = post_event(stack, body, cards.sign(SECRET, body))
    assert again.status_code == 200
    other = json.loads(body)
    other["id"] = "evt_another_delivery"  # the same news under another event id
    other_body = json.dumps(other).encode()
    assert post_event(stack, other_body, cards.sign(SECRET, other_body)).status_code == 200
    assert ledger.event_count() == before


@pytest.mark.parametrize(
    "signature",
    [
        lambda body: cards.sign("whsec_wrong", body),
        lambda body: cards.sign(SECRET, body, int(time.time()) - 3600),
        lambda body: "t=1,v1=00",
        lambda body: "",
    ],
    ids=["wrong-secret", "stale", "garbage", "missing"],
)
def test_a_bad_signature_gets_401_and_writes_nothing(stack: dict[str, Any], signature: Any) -> None:
    ledger = stack["ledger"]
    buyer = company(ledger, "Acme")
    invoice_id = web_invoice(ledger, buyer)
    intent = started(stack, buyer, (cards.CardItem(invoice_id, Decimal("121.00")),))
    event = {"id": "evt_forged", "type": "payment_intent.succeeded", "data": {"object": {
        "id": intent["intentId"], "amount": 12100, "amount_received": 12100, "currency": "eur",
        "metadata": {"card_payment_id": intent["cardPaymentId"]}}}}  # fmt: skip
    body = json.dumps(event).encode()
    before = ledger.event_count()
    assert post_event(stack, body, signature(body)).status_code == 401
    assert ledger.event_count() == before


def test_the_choice_is_checked_before_any_intent(ledger: Ledger) -> None:
    buyer = company(ledger, "Acme")
    invoice_id = web_invoice(ledger, buyer)
    for items, error, message in (
        ((cards.CardItem(invoice_id, Decimal("999.00")),), OverAllocation, "more than"),
        ((), BadInput, "at least one"),
        ((cards.CardItem(invoice_id, Decimal("1")), cards.CardItem(invoice_id, Decimal("1"))),
         BadInput, "once"),
    ):  # fmt: skip
        with pytest.raises(error, match=message):
            ledger.execute(c.RequestCardPayment(key(), buyer.company_id, buyer.email, items))
    stranger = company(ledger, "Other")
    with pytest.raises(NotFound, match="not found"):
        items = (cards.CardItem(invoice_id, Decimal("1")),)
        ledger.execute(c.RequestCardPayment(key(), stranger.company_id, stranger.email, items))


@pytest.mark.parametrize(("taken", "allocated"), [("99.00", "99.00"), ("150.00", "100.00")])
def test_the_payment_is_what_the_provider_received_not_what_was_chosen(
    ledger: Ledger, taken: str, allocated: str
) -> None:
    buyer = company(ledger, "Acme")
    invoice_id = web_invoice(ledger, buyer)
    requested = ledger.execute(
        c.RequestCardPayment(
            key(), buyer.company_id, buyer.email, (cards.CardItem(invoice_id, Decimal("100")),)
        )
    )
    card_id = UUID(requested["card_payment_id"])
    ledger.execute(c.AttachPaymentIntent(key(), card_id, "pi_1"))
    result = ledger.execute(c.SettleCardPayment(key(), card_id, "pi_1", True, taken, "evt_1"))
    assert (result["received"], result["allocated"]) == (taken, allocated)
    payment = ledger.load(UUID(result["payment_id"]))
    assert isinstance(payment, Payment) and payment.amount == Decimal(taken)
    assert payment.allocated.amount == Decimal(allocated)
    assert payment.unapplied.amount == Decimal(taken) - Decimal(allocated)
    assert ledger.verify().ok


# -- money received is always recorded (hardening item 3) ---------------------------


def card_payments(ledger: Ledger) -> list[Payment]:
    ids = [e.originator_id for e in ledger.all_events() if isinstance(e, Payment.Received)]
    found = [ledger.load(i) for i in ids]
    return [p for p in found if isinstance(p, Payment) and p.method == "CARD"]


def captured(stack: dict[str, Any]) -> Decimal:
    """What the provider says it took: the amount_received of every succeeded event sent."""
    events = [json.loads(body) for body in stack["sent"]]
    return sum((Decimal(e["data"]["object"]["amount_received"]).scaleb(-2) for e in events
                if e["type"] == "payment_intent.succeeded"), Decimal(0))  # fmt: skip


def assert_all_money_recorded(ledger: Ledger, stack: dict[str, Any]) -> list[Payment]:
    payments = card_payments(ledger)
    assert sum((p.amount for p in payments), Decimal(0)) == captured(stack) > 0
    verification = ledger.verify()
    assert verification.ok, (verification.chain.problem, verification.problems)
    return payments


def test_concurrent_card_payments_over_covering_one_invoice_lose_no_money(
    stack: dict[str, Any],
) -> None:
    """Seven intents of 50.00 (350.00) on one invoice with 242.00 open, each valid when
    it was started, all captured by the provider and settled by concurrent webhooks:
    every captured cent is a payment, the invoice takes exactly what was open, the rest
    is the company's unapplied cash, and replaying every webhook changes nothing."""
    ledger = stack["ledger"]
    buyer = company(ledger, "Acme")
    invoice_id = web_invoice(ledger, buyer, line("1", "1", "100.00"), line("2", "1", "100.00"))
    intents = [started(stack, buyer, (cards.CardItem(invoice_id, Decimal("50.00")),))
               for _ in range(7)]  # fmt: skip
    with ThreadPoolExecutor(len(intents)) as pool:
        answers = list(pool.map(lambda i: confirm(stack, i, fake_card_provider.GOOD_CARD), intents))
    assert [a["webhook_status"] for a in answers] == [200] * 7, answers
    payments = assert_all_money_recorded(ledger, stack)
    assert len(payments) == 7 and captured(stack) == Decimal("350.00")
    invoice = ledger.load(invoice_id)
    assert isinstance(invoice, Invoice)
    assert invoice.paid == Decimal("242.00") and invoice.open_amount.amount == 0
    assert sum((p.unapplied.amount for p in payments), Decimal(0)) == Decimal("108.00")
    assert all(p.allocated.amount + p.unapplied.amount == p.amount for p in payments)
    before = ledger.event_count()
    with ThreadPoolExecutor(4) as pool:
        replays = list(pool.map(lambda b: post_event(stack, b, cards.sign(SECRET, b)),
                                list(stack["sent"])))  # fmt: skip
    assert [r.status_code for r in replays] == [200] * 7
    assert ledger.event_count() == before


def test_two_card_payments_for_the_full_open_amount_keep_both(stack: dict[str, Any]) -> None:
    ledger = stack["ledger"]
    buyer = company(ledger, "Acme", view_all=True)  # the finance parent reads the statement
    invoice_id = web_invoice(ledger, buyer)
    first, second = (started(stack, buyer, (cards.CardItem(invoice_id, Decimal("121.00")),))
                     for _ in range(2))  # fmt: skip
    assert confirm(stack, first, fake_card_provider.GOOD_CARD)["webhook_status"] == 200
    answer = confirm(stack, second, fake_card_provider.GOOD_CARD)
    assert answer["webhook_status"] == 200
    result = post_event(stack, stack["sent"][-1], cards.sign(SECRET, stack["sent"][-1]))
    assert result.json()["result"]["allocated"] == "0.00"
    assert result.json()["result"]["unapplied"] == "121.00"
    payments = assert_all_money_recorded(ledger, stack)
    assert sorted(p.unapplied.amount for p in payments) == [Decimal(0), Decimal("121.00")]
    statement = as_buyer(stack, buyer, invoice_id)(
        "query($id: ID!) { company(id: $id) { statement { closing { amount } "
        "lines { kind amount { amount } } } } }",
        id=str(buyer.company_id),
    )["data"]["company"]["statement"]
    assert Decimal(statement["closing"]["amount"]) == Decimal("-121.00")  # a credit balance
    received = [ln["amount"]["amount"] for ln in statement["lines"] if ln["kind"] == "PAYMENT"]
    assert received == ["-121.00", "-121.00"], statement


@pytest.mark.parametrize("meanwhile", ["void", "credit"])
def test_a_settlement_for_an_invoice_closed_meanwhile_still_records_the_money(
    stack: dict[str, Any], meanwhile: str
) -> None:
    ledger = stack["ledger"]
    buyer = company(ledger, "Acme")
    invoice_id = web_invoice(ledger, buyer, line("1", "1", "100.00"), line("2", "1", "100.00"))
    intent = started(stack, buyer, (cards.CardItem(invoice_id, Decimal("242.00")),))
    if meanwhile == "void":
        ledger.execute(c.VoidInvoice(key(), invoice_id, "wrong customer"))
    else:
        ledger.execute(c.IssueCreditNote(key(), invoice_id, "damaged", None, ("2",)))
    assert confirm(stack, intent, fake_card_provider.GOOD_CARD)["webhook_status"] == 200
    (payment,) = assert_all_money_recorded(ledger, stack)
    assert payment.amount == Decimal("242.00")
    assert payment.unapplied.amount == (Decimal("242.00") if meanwhile == "void" else
                                        Decimal("121.00"))  # fmt: skip


def test_a_card_declined_then_accepted_on_the_same_intent_is_recorded(
    stack: dict[str, Any],
) -> None:
    """payment_intent.payment_failed is not final: the buyer may try another card."""
    ledger = stack["ledger"]
    buyer = company(ledger, "Acme")
    invoice_id = web_invoice(ledger, buyer)
    intent = started(stack, buyer, (cards.CardItem(invoice_id, Decimal("121.00")),))
    assert confirm(stack, intent, fake_card_provider.DECLINED_CARD)["webhook_status"] == 200
    assert confirm(stack, intent, fake_card_provider.GOOD_CARD)["webhook_status"] == 200
    before = ledger.event_count()
    late = json.loads(stack["sent"][0])  # a decline delivered after the success
    late["id"] = "evt_late_decline"
    body = json.dumps(late).encode()
    assert post_event(stack, body, cards.sign(SECRET, body)).status_code == 200
    assert ledger.event_count() == before
    (payment,) = assert_all_money_recorded(ledger, stack)
    invoice = ledger.load(invoice_id)
    assert isinstance(invoice, Invoice) and invoice.open_amount.amount == 0
    assert payment.allocated.amount == Decimal("121.00")


def test_a_second_intent_captured_for_a_settled_card_payment_is_recorded_too(
    stack: dict[str, Any],
) -> None:
    """A provider forgets idempotency keys (Stripe after 24 hours), so a retried start can
    make a second intent for the same card payment, and the buyer can pay both."""
    ledger = stack["ledger"]
    buyer = company(ledger, "Acme")
    invoice_id = web_invoice(ledger, buyer)
    first = started(stack, buyer, (cards.CardItem(invoice_id, Decimal("121.00")),))
    assert confirm(stack, first, fake_card_provider.GOOD_CARD)["webhook_status"] == 200
    other = cards.StripeLike().create_intent(
        12100, "EUR", {"card_payment_id": first["cardPaymentId"]}, "a-key-the-provider-forgot"
    )
    second = {"intentId": other.id, "clientSecret": other.client_secret}
    assert confirm(stack, second, fake_card_provider.GOOD_CARD)["webhook_status"] == 200
    payments = assert_all_money_recorded(ledger, stack)
    assert sorted(p.unapplied.amount for p in payments) == [Decimal(0), Decimal("121.00")]
    before = ledger.event_count()
    again = json.loads(stack["sent"][-1])
    again["id"] = "evt_another_delivery"
    body = json.dumps(again).encode()
    assert post_event(stack, body, cards.sign(SECRET, body)).status_code == 200
    assert ledger.event_count() == before


def test_a_captured_intent_that_was_never_attached_settles_its_card_payment(
    stack: dict[str, Any],
) -> None:
    """`start` created the intent and stopped before attaching it (a crash): the buyer's
    money still arrives with the card payment's id, and is recorded."""
    ledger = stack["ledger"]
    buyer = company(ledger, "Acme")
    invoice_id = web_invoice(ledger, buyer)
    items = (cards.CardItem(invoice_id, Decimal("121.00")),)
    card_id = ledger.execute(c.RequestCardPayment(key(), buyer.company_id, buyer.email, items))[
        "card_payment_id"
    ]
    intent = cards.StripeLike().create_intent(
        12100, "EUR", {"card_payment_id": card_id}, f"card-payment-{card_id}"
    )
    paid = {"intentId": intent.id, "clientSecret": intent.client_secret}
    assert confirm(stack, paid, fake_card_provider.GOOD_CARD)["webhook_status"] == 200
    assert_all_money_recorded(ledger, stack)
    card = ledger.load(UUID(card_id))
    assert (card.status, card.intent_id) == ("SUCCEEDED", intent.id)
    invoice = ledger.load(invoice_id)
    assert isinstance(invoice, Invoice) and invoice.open_amount.amount == 0


# -- idempotency without side effects (hardening item 7) ----------------------------

PAY = """mutation($i: PayInvoicesByCardInput!) { payInvoicesByCard(input: $i) { ok result } }"""
RAISE = """mutation($i: RaiseInvoiceQueryInput!) { raiseInvoiceQuery(input: $i) { ok } }"""


def as_buyer(stack: dict[str, Any], buyer: Any, invoice_id: UUID) -> Any:
    """A GraphQL client for the buyer, once the API's read side shows the invoice."""
    headers = {"Authorization": f"Bearer {mint(buyer.email)}"}

    def call(query: str, **variables: Any) -> dict[str, Any]:
        answer = httpx.post(f"{stack['api']}/graphql", headers=headers, timeout=30,
                            json={"query": query, "variables": variables})  # fmt: skip
        body: dict[str, Any] = answer.json()
        return body

    deadline = time.monotonic() + 15
    while call("query($id: ID!) { invoice(id: $id) { id } }", id=str(invoice_id)).get("errors"):
        assert time.monotonic() < deadline, "the API never showed the invoice"
        time.sleep(0.1)
    return call


def pay_input(key: str, invoice_id: UUID, amount: str) -> dict[str, Any]:
    return {"idempotencyKey": key, "items": [{"invoiceId": str(invoice_id), "amount": amount}]}


def raise_input(key: str, invoice_id: UUID) -> dict[str, Any]:
    return {"idempotencyKey": key, "invoiceId": str(invoice_id), "reason": "PRICING",
            "message": "is this right?"}  # fmt: skip


def test_a_caller_key_ending_like_a_derived_one_takes_nothing_from_another(
    stack: dict[str, Any],
) -> None:
    """`K:intent` for a query, then `K` for a card payment: both are the caller's own."""
    ledger = stack["ledger"]
    buyer = company(ledger, "Acme")
    invoice_id = web_invoice(ledger, buyer, line("1"), line("2"))
    gql = as_buyer(stack, buyer, invoice_id)
    assert gql(RAISE, i={**raise_input("K:intent", invoice_id), "lineIds": ["2"]}).get(
        "data", {}
    ) == {"raiseInvoiceQuery": {"ok": True}}
    paid = gql(PAY, i=pay_input("K", invoice_id, "50.00"))
    assert "errors" not in paid, paid
    result = paid["data"]["payInvoicesByCard"]["result"]
    card = ledger.load(UUID(result["cardPaymentId"]))
    assert card.intent_id == result["intentId"]
    assert gql(PAY, i=pay_input("K", invoice_id, "50.00")) == paid  # a replay: the same
    assert len(stack["created"]) == 1  # ... read back from the provider, not created again


TYPED_PAY = """mutation($i: PayInvoicesByCardInput!) { payInvoicesByCard(input: $i) {
  intent { cardPaymentId intentId clientSecret amount { amount currency } }
  invoices { id } errors { code } result } }"""


def test_a_card_payment_answers_its_intent_typed_as_well_as_in_result(
    stack: dict[str, Any],
) -> None:
    """The web app reads the typed `intent`; `result` (deprecated) still carries it too."""
    ledger = stack["ledger"]
    buyer = company(ledger, "Acme")
    invoice_id = web_invoice(ledger, buyer, line("1"), line("2"))
    gql = as_buyer(stack, buyer, invoice_id)
    paid = gql(TYPED_PAY, i=pay_input("typed", invoice_id, "50.00"))
    assert "errors" not in paid, paid
    answer = paid["data"]["payInvoicesByCard"]
    intent, result = answer["intent"], answer["result"]
    assert intent["cardPaymentId"] == result["cardPaymentId"]
    assert (intent["intentId"], intent["clientSecret"]) == (result["intentId"],
                                                            result["clientSecret"])  # fmt: skip
    assert Decimal(intent["amount"]["amount"]) == Decimal("50.00") == Decimal(result["amount"])
    assert intent["amount"]["currency"] == result["currency"]
    assert answer["invoices"] == [{"id": str(invoice_id)}] and answer["errors"] == []
    card = ledger.load(UUID(intent["cardPaymentId"]))
    assert card.intent_id == intent["intentId"]


@pytest.mark.parametrize("first", ["pay", "query"])
def test_a_refused_card_payment_writes_nothing_and_calls_no_provider(
    stack: dict[str, Any], first: str
) -> None:
    """Key K already used (a card payment of another amount, or a query): IDEMPOTENCY_MISMATCH
    naming K as the caller gave it, no event stored, no request to the provider."""
    ledger = stack["ledger"]
    buyer = company(ledger, "Acme")
    invoice_id = web_invoice(ledger, buyer)
    gql = as_buyer(stack, buyer, invoice_id)
    if first == "pay":
        assert "errors" not in gql(PAY, i=pay_input("K", invoice_id, "50.00"))
    else:
        assert "errors" not in gql(RAISE, i=raise_input("K", invoice_id))
    events, calls = ledger.event_count(), len(stack["created"])
    refused = gql(PAY, i=pay_input("K", invoice_id, "51.00"))
    (error,) = refused["errors"]
    assert error["extensions"] == {"code": "IDEMPOTENCY_MISMATCH", "idempotencyKey": "K"}
    assert error["message"] == "idempotency key 'K' was already used for a different request"
    assert "api:" not in json.dumps(refused)
    assert ledger.event_count() == events
    assert len(stack["created"]) == calls
