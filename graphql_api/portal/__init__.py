"""The buyer portal: one page that talks to `/graphql` with the buyer's token.

Served by the same Starlette app at `/portal`: the invoice list (Web, ERP, All),
an invoice with its lines and query threads, raising a query on chosen lines,
remittance advice, and paying chosen invoices or lines by card. It shows the
seller's branding and promotion (`adapters.seller`). In demo mode with the
built-in development secret the page offers every demo buyer (`cli.demo.BUYERS`)
to sign in as; otherwise the buyer pastes a token their identity provider issued.
The page holds no rule of its own: every refusal comes from the API.
"""

from __future__ import annotations

import json
import os
from html import escape
from pathlib import Path
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route

from adapters import fake_card_provider
from adapters.seller import Seller
from cli.demo import demo_buyers
from graphql_api.auth import DEV_SECRET, mint

PAGE = Path(__file__).with_name("index.html")
DEMO_BUYERS = demo_buyers()  # every buyer user `arledger demo` creates, from its one list
FAKE_PROVIDER_PATH = "/fake-card-provider"


def dev_mode(service: Any) -> bool:
    """Demo mode with the public development secret: demo sign-in is harmless."""
    keys = service.keys
    return (
        bool(getattr(service, "demo", False))
        and keys.public_key is None
        and (keys.secret == DEV_SECRET)
    )


def routes(service: Any) -> list[Route | Mount]:
    async def page(request: Request) -> Response:
        seller = Seller.from_env()
        brand = seller.branding
        html = (
            PAGE.read_text(encoding="utf-8")
            .replace("{{name}}", escape(seller.trading_name))
            .replace("{{primary}}", escape(brand.primary))
            .replace("{{accent}}", escape(brand.accent))
            .replace("{{footer}}", escape(brand.footer))
            .replace("{{config}}", escape(json.dumps(config(request))))
        )
        return HTMLResponse(html)

    def config(request: Request) -> dict[str, Any]:
        seller = Seller.from_env()
        provider = os.environ.get("ARLEDGER_CARD_PROVIDER_PUBLIC_URL") or os.environ.get(
            "ARLEDGER_CARD_PROVIDER_URL", ""
        )
        return {
            "seller": seller.trading_name,
            "promotion": seller.branding.promotion,
            "promotionLink": seller.branding.promotion_link,
            "provider": provider,
            "devLogin": dev_mode(service),
            "demoUsers": DEMO_BUYERS if dev_mode(service) else [],
        }

    async def dev_token(request: Request) -> Response:
        if not dev_mode(service):
            return JSONResponse({"error": "not in development mode"}, status_code=403)
        try:
            body = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            body = None
        if not isinstance(body, dict):
            return JSONResponse(
                {"error": 'the body must be a JSON object: {"email": ...}', "code": "BAD_INPUT"},
                status_code=400,
            )
        email = str(body.get("email", ""))
        if email not in DEMO_BUYERS:
            return JSONResponse({"error": "not a demo user", "code": "BAD_INPUT"}, status_code=400)
        return JSONResponse({"token": mint(email)})

    found: list[Route | Mount] = [
        Route("/portal", page),
        Route("/portal/dev-token", dev_token, methods=["POST"]),
    ]
    if os.environ.get("ARLEDGER_FAKE_CARD_PROVIDER") == "1":
        found.append(
            Mount(
                FAKE_PROVIDER_PATH,
                fake_card_provider.app(
                    os.environ["ARLEDGER_PUBLIC_URL"].rstrip("/") + "/webhooks/cards",
                    os.environ["ARLEDGER_CARD_WEBHOOK_SECRET"],
                    os.environ["ARLEDGER_CARD_SECRET_KEY"],
                ),
            )
        )
    return found
