"""A stand-in card provider with Stripe's HTTP shape, for tests and the demo.

    POST /v1/payment_intents                 amount, currency, metadata[...]  (Bearer key)
    POST /v1/payment_intents/{id}/confirm    client_secret, card_number
    GET  /v1/payment_intents/{id}            (Bearer key)

Confirming with 4242 4242 4242 4242 succeeds, with 4000 0000 0000 0002 is declined;
either way the provider then POSTs a signed `payment_intent.*` event to the
webhook URL, as Stripe does. It keeps intents in memory: it is not a bank.
"""

from __future__ import annotations

import json
import secrets
import time
from typing import Any
from urllib.parse import parse_qsl

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from adapters.cards import sign

GOOD_CARD = "4242424242424242"
DECLINED_CARD = "4000000000000002"


async def read_form(request: Request) -> dict[str, str]:
    """URL-encoded form fields, as Stripe's API takes them (no multipart needed)."""
    return dict(parse_qsl((await request.body()).decode("utf-8"), keep_blank_values=True))


def app(webhook_url: str, webhook_secret: str, secret_key: str = "sk_test_fake") -> Starlette:
    intents: dict[str, dict[str, Any]] = {}
    by_key: dict[str, str] = {}
    sent: list[bytes] = []

    def authorised(request: Request) -> bool:
        return request.headers.get("authorization", "") == f"Bearer {secret_key}"

    async def create(request: Request) -> JSONResponse:
        if not authorised(request):
            return JSONResponse({"error": {"message": "invalid API key"}}, status_code=401)
        key = request.headers.get("idempotency-key", "")
        if key in by_key:
            return JSONResponse(intents[by_key[key]])
        form = await read_form(request)
        intent_id = f"pi_{secrets.token_hex(12)}"
        intents[intent_id] = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": int(str(form["amount"])),
            "currency": str(form["currency"]),
            "metadata": {k[9:-1]: str(v) for k, v in form.items() if k.startswith("metadata[")},
            "client_secret": f"{intent_id}_secret_{secrets.token_hex(8)}",
            "status": "requires_payment_method",
        }
        if key:
            by_key[key] = intent_id
        return JSONResponse(intents[intent_id])

    async def confirm(request: Request) -> JSONResponse:
        intent = intents.get(request.path_params["intent_id"])
        form = await read_form(request)
        if intent is None or form.get("client_secret") != intent["client_secret"]:
            return JSONResponse({"error": {"message": "no such payment intent"}}, status_code=404)
        if intent["status"] != "requires_payment_method":
            return JSONResponse(intent)
        card = str(form.get("card_number", "")).replace(" ", "")
        if card == GOOD_CARD:
            intent.update(status="succeeded", amount_received=intent["amount"])
            kind = "payment_intent.succeeded"
        else:
            intent.update(status="requires_payment_method",
                          last_payment_error={"message": "Your card was declined."})  # fmt: skip
            kind = "payment_intent.payment_failed"
        event = {"id": f"evt_{secrets.token_hex(12)}", "type": kind, "created": int(time.time()),
                 "data": {"object": dict(intent)}}  # fmt: skip
        body = json.dumps(event).encode()
        sent.append(body)
        async with httpx.AsyncClient(timeout=30) as client:
            answer = await client.post(
                webhook_url,
                content=body,
                headers={"Content-Type": "application/json",
                         "Stripe-Signature": sign(webhook_secret, body)},
            )  # fmt: skip
        if kind.endswith("failed"):
            intent["status"] = "requires_payment_method"  # may be tried again
        return JSONResponse({**intent, "webhook_status": answer.status_code})

    async def read(request: Request) -> JSONResponse:
        if not authorised(request):
            return JSONResponse({"error": {"message": "invalid API key"}}, status_code=401)
        intent = intents.get(request.path_params["intent_id"])
        if intent is None:
            return JSONResponse({"error": {"message": "no such payment intent"}}, status_code=404)
        return JSONResponse(intent)

    provider = Starlette(
        routes=[
            Route("/v1/payment_intents", create, methods=["POST"]),
            Route("/v1/payment_intents/{intent_id}/confirm", confirm, methods=["POST"]),
            Route("/v1/payment_intents/{intent_id}", read, methods=["GET"]),
        ]
    )
    provider.state.sent = sent
    return provider
