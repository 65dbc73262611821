"""Card payments through a Stripe-style provider: payment intents and signed webhooks.

The port is two calls: create a payment intent (amount in minor units, currency,
metadata, idempotency key) and read a webhook. `StripeLike` speaks the HTTP shape
of Stripe's API at `ARLEDGER_CARD_PROVIDER_URL` with `ARLEDGER_CARD_SECRET_KEY`;
webhooks are verified with `ARLEDGER_CARD_WEBHOOK_SECRET` by Stripe's scheme:

    Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>

(tolerance five minutes). Flow: `start` records the buyer's choice, creates the
intent (keyed by the card payment) and attaches it; a retry of `start` reads
the attached intent back instead of creating one, since a provider forgets
idempotency keys after a while (Stripe: 24 hours);
`settle` turns a verified `payment_intent.succeeded` or `.payment_failed` event
into `SettleCardPayment`, keyed by the provider's event id, so a replayed
webhook changes nothing. A success records the `amount_received` as a payment
whatever is still open (see `ledger.card_payments`): the webhook answers 200
with what was allocated and what stayed unapplied.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol
from uuid import UUID

import httpx

from ledger import commands as c
from ledger.application import Ledger
from ledger.card_payments import AlreadySettled, CardItem, CardPayment
from ledger.errors import BadInput
from ledger.money import MINOR_UNITS
from ledger.registry import derived_key

TOLERANCE = 300


class WebhookRefused(Exception):
    pass


@dataclass(frozen=True)
class Intent:
    id: str
    client_secret: str
    status: str


class CardProvider(Protocol):
    def create_intent(
        self, amount: int, currency: str, metadata: dict[str, str], idempotency_key: str
    ) -> Intent: ...

    def read_intent(self, intent_id: str) -> Intent: ...


class StripeLike:
    def __init__(self, base_url: str | None = None, secret_key: str | None = None) -> None:
        self.base_url = (base_url or os.environ.get("ARLEDGER_CARD_PROVIDER_URL", "")).rstrip("/")
        self.secret_key = secret_key or os.environ.get("ARLEDGER_CARD_SECRET_KEY", "")

    def create_intent(
        self, amount: int, currency: str, metadata: dict[str, str], idempotency_key: str
    ) -> Intent:
        if not self.base_url:
            raise BadInput("card payments are not configured (ARLEDGER_CARD_PROVIDER_URL)")
        response = httpx.post(
            f"{self.base_url}/v1/payment_intents",
            data={
                "amount": str(amount),
                "currency": currency.lower(),
                **{f"metadata[{k}]": v for k, v in metadata.items()},
            },
            headers={
                "Authorization": f"Bearer {self.secret_key}",
                "Idempotency-Key": idempotency_key,
            },
            timeout=10,
        )
        return self._intent(response)

    def read_intent(self, intent_id: str) -> Intent:
        if not self.base_url:
            raise BadInput("card payments are not configured (ARLEDGER_CARD_PROVIDER_URL)")
        response = httpx.get(
            f"{self.base_url}/v1/payment_intents/{intent_id}",
            headers={"Authorization": f"Bearer {self.secret_key}"},
            timeout=10,
        )
        return self._intent(response)

    @staticmethod
    def _intent(response: httpx.Response) -> Intent:
        if not response.is_success:
            raise BadInput(f"the card provider refused the payment: HTTP {response.status_code}")
        body = response.json()
        return Intent(body["id"], body["client_secret"], body["status"])


def minor(amount: Decimal, currency: str) -> int:
    return int(amount.scaleb(MINOR_UNITS[currency]))


def start(
    ledger: Ledger,
    provider: CardProvider,
    company_id: UUID,
    email: str,
    items: tuple[CardItem, ...],
    include_disputed: bool,
    key: str,
) -> dict[str, Any]:
    requested = ledger.execute(c.RequestCardPayment(key, company_id, email, items,
                                                    include_disputed))  # fmt: skip
    card_id = requested["card_payment_id"]
    card = ledger.find(UUID(card_id))
    if isinstance(card, CardPayment) and card.intent_id:  # a retry: the intent is known
        intent = provider.read_intent(card.intent_id)
    else:  # keyed by the card payment too, for a provider that remembers keys a while
        amount = Decimal(requested["amount"])
        intent = provider.create_intent(
            minor(amount, requested["currency"]),
            requested["currency"],
            {"card_payment_id": card_id},
            idempotency_key=f"card-payment-{card_id}",
        )
    ledger.execute(c.AttachPaymentIntent(derived_key("intent", key), UUID(card_id), intent.id))
    return {
        "cardPaymentId": card_id,
        "intentId": intent.id,
        "clientSecret": intent.client_secret,
        "amount": requested["amount"],
        "currency": requested["currency"],
    }


def sign(secret: str, payload: bytes, timestamp: int | None = None) -> str:
    stamp = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{stamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={stamp},v1={mac}"


def verify(payload: bytes, header: str | None, secret: str, now: float | None = None) -> Any:
    """The webhook event, if its signature is good and fresh; else WebhookRefused."""
    if not secret:
        raise WebhookRefused("no webhook secret is configured")
    parts: dict[str, list[str]] = {}
    for item in (header or "").split(","):
        name, _, value = item.strip().partition("=")
        parts.setdefault(name, []).append(value)
    try:
        stamp = int(parts["t"][0])
    except (KeyError, ValueError):
        raise WebhookRefused("missing or malformed Stripe-Signature") from None
    if abs((time.time() if now is None else now) - stamp) > TOLERANCE:
        raise WebhookRefused("stale signature")
    expected = hmac.new(secret.encode(), f"{stamp}.".encode() + payload, hashlib.sha256)
    if not any(hmac.compare_digest(expected.hexdigest(), v) for v in parts.get("v1", [])):
        raise WebhookRefused("bad signature")
    return event_of(payload)


def event_of(payload: bytes) -> dict[str, Any]:
    """A signed body that is no event object is a bad request (400), not a forgery (401):
    the signature proved who sent it."""
    try:
        event = json.loads(payload)
    except (ValueError, RecursionError):
        raise ValueError("the body is not JSON") from None
    if not isinstance(event, dict):
        raise ValueError("the body is not a JSON object")
    return event


def settle(ledger: Ledger, event: dict[str, Any]) -> dict[str, Any]:
    """Apply a verified provider event; other event types are acknowledged and ignored."""
    kind = event.get("type")
    if kind not in ("payment_intent.succeeded", "payment_intent.payment_failed"):
        return {"ignored": kind}
    intent = event["data"]["object"]
    card_id = UUID(intent["metadata"]["card_payment_id"])
    currency = str(intent["currency"]).upper()
    received = intent.get("amount_received")
    taken = Decimal(int(intent["amount"] if received is None else received)).scaleb(
        -MINOR_UNITS[currency]
    )
    error = (intent.get("last_payment_error") or {}).get("message", "declined")
    try:
        return ledger.execute(
            c.SettleCardPayment(
                f"card-event:{event['id']}", card_id, intent["id"],
                kind == "payment_intent.succeeded", str(taken), event["id"], error,
            )
        )  # fmt: skip
    except AlreadySettled as settled:  # an earlier event for the same intent succeeded
        return {"already": settled.message}
