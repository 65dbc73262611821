"""Inbound webhooks: the web store's records, and the card provider's payment events.

`POST /webhooks/cards` takes Stripe-style events signed with
`ARLEDGER_CARD_WEBHOOK_SECRET` (see `adapters.cards`): 401 when the signature is
wrong or stale, 400 for an event we cannot apply, 503 when concurrent writes
kept it from being recorded (the provider retries; a retry is safe), 200
otherwise (a replay too). Money the provider took is always recorded: see
`ledger.card_payments`.


`POST /webhooks/magento` takes the same JSON as `arledger import magento FILE` (a
search result with `items`, or the companies bundle), signed as in
`adapters.signing` with `ARLEDGER_MAGENTO_WEBHOOK_SECRET`:

    X-Arledger-Timestamp: 1764045600
    X-Arledger-Signature: <hex HMAC-SHA256(secret, "1764045600." + raw body)>

A missing, wrong or stale signature gets 401 and nothing is read further. A good
one is imported record by record; the answer is the import summary, with 200
when every record went in (or was already in) and 422 when any failed.
"""

from __future__ import annotations

import os
from typing import Any

import anyio
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters import cards, magento
from adapters.importing import RecordError, load_json
from adapters.signing import verify
from ledger.errors import Conflict, LedgerError

SECRET_ENV = "ARLEDGER_MAGENTO_WEBHOOK_SECRET"
CARD_SECRET_ENV = "ARLEDGER_CARD_WEBHOOK_SECRET"


def routes(service: Any) -> list[Route]:
    async def magento_webhook(request: Request) -> Response:
        body = await request.body()
        problem = verify(
            os.environ.get(SECRET_ENV, ""),
            request.headers.get("x-arledger-timestamp"),
            request.headers.get("x-arledger-signature"),
            body,
        )
        if problem is not None:
            return JSONResponse({"error": problem, "code": "UNAUTHENTICATED"}, status_code=401)
        try:
            payload = load_json(body, "the webhook body")
            summary = await anyio.to_thread.run_sync(
                magento.import_payload, service.ledger, payload
            )
        except RecordError as error:
            return JSONResponse({"error": error.message, "code": error.code}, status_code=400)
        return JSONResponse(summary.as_json(), status_code=200 if summary.ok else 422)

    async def card_webhook(request: Request) -> Response:
        body = await request.body()
        try:
            event = cards.verify(
                body, request.headers.get("stripe-signature"), os.environ.get(CARD_SECRET_ENV, "")
            )
            result = await anyio.to_thread.run_sync(cards.settle, service.ledger, event)
        except cards.WebhookRefused as refused:
            return JSONResponse({"error": str(refused), "code": "UNAUTHENTICATED"}, status_code=401)
        except Conflict as busy:  # not recorded yet: the provider must deliver it again
            return JSONResponse({"error": busy.message, "code": busy.code}, status_code=503)
        except (LedgerError, KeyError, ValueError, TypeError) as error:
            message = (
                error.message if isinstance(error, LedgerError) else f"malformed event: {error}"
            )
            return JSONResponse({"error": message, "code": "BAD_INPUT"}, status_code=400)
        if service.runner is not None:  # the portal reads the new state right after
            await anyio.to_thread.run_sync(service.runner.wait, service.ledger.event_count(), 10.0)
        return JSONResponse({"received": True, "result": result})

    return [
        Route("/webhooks/magento", magento_webhook, methods=["POST"]),
        Route("/webhooks/cards", card_webhook, methods=["POST"]),
    ]
