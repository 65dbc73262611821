"""Safe defaults of the HTTP service: introspection needs a valid token outside demo mode,
and the portal's demo picker offers every demo buyer, in demo mode only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anyio
import httpx
import pytest

from cli import demo
from graphql_api.auth import mint
from ledger import commands as c
from ledger.application import Ledger

INTROSPECT = "{ __schema { queryType { name } } }"


def calls(url: str, *, demo_mode: bool = False) -> Callable[..., list[httpx.Response]]:
    """Run requests against the real app (service and all) on `url`."""
    from graphql_api.app import create_app

    def run(*requests: tuple[str, str, dict[str, Any]]) -> list[httpx.Response]:
        async def go() -> list[httpx.Response]:
            app = create_app(url, demo=demo_mode)
            await app.state.service.start()
            try:
                transport = httpx.ASGITransport(app=app)
                async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
                    return [await http.request(m, path, **kw) for m, path, kw in requests]
            finally:
                await app.state.service.stop()

        return anyio.run(go)

    return run


@pytest.fixture
def staffed(sqlite_url: str) -> str:
    ledger = Ledger(sqlite_url)
    ledger.execute(c.RegisterStaff("staff-ar", "ar@seller.example", "Ava", ("AR_MANAGER",)))
    ledger.close()
    return sqlite_url


def graphql(query: str, token: str | None = None) -> tuple[str, str, dict[str, Any]]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return ("POST", "/graphql", {"json": {"query": query}, "headers": headers})


def test_introspection_needs_a_valid_token_outside_demo_mode(staffed: str) -> None:
    anonymous, forged, known, typename = calls(staffed)(
        graphql(INTROSPECT),
        graphql(
            INTROSPECT, mint("ar@seller.example", secret="not-the-key-not-the-key-not-the-key")
        ),
        graphql(INTROSPECT, mint("ar@seller.example")),
        graphql("{ __typename }"),
    )
    for refused in (anonymous, forged):
        body = refused.json()
        assert "data" not in body or body["data"] is None, body
        assert "introspection" in body["errors"][0]["message"].lower()
    assert known.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
    assert typename.json() == {"data": {"__typename": "Query"}}


def test_introspection_is_open_in_demo_mode_or_when_enabled(
    staffed: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = {"data": {"__schema": {"queryType": {"name": "Query"}}}}
    assert calls(staffed, demo_mode=True)(graphql(INTROSPECT))[0].json() == expected
    monkeypatch.setenv("ARLEDGER_INTROSPECTION", "1")
    assert calls(staffed)(graphql(INTROSPECT))[0].json() == expected


def _portal_config(response: httpx.Response) -> dict[str, Any]:
    import html
    import json
    import re

    match = re.search(r"data-config=\"([^\"]*)\"", response.text)
    assert match, response.text[:500]
    return dict(json.loads(html.unescape(match.group(1))))


def test_the_demo_picker_offers_every_demo_buyer(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every buyer user `arledger demo` creates (dave@acme.example included), and a token
    for each from /portal/dev-token; nothing of the sort outside demo mode."""
    monkeypatch.delenv("ARLEDGER_JWT_SECRET")
    everyone = [email for buyer in demo.BUYERS for email, *_ in buyer.users]
    assert "dave@acme.example" in everyone
    token = ("POST", "/portal/dev-token", {"json": {"email": "dave@acme.example"}})
    page, dave = calls(sqlite_url, demo_mode=True)(("GET", "/portal", {}), token)
    config = _portal_config(page)
    assert config["devLogin"] is True
    assert config["demoUsers"] == everyone
    assert dave.status_code == 200 and dave.json()["token"]

    monkeypatch.setenv("ARLEDGER_JWT_SECRET", "a-real-secret-of-at-least-32-bytes")
    page, refused = calls(sqlite_url)(("GET", "/portal", {}), token)
    assert _portal_config(page)["demoUsers"] == []
    assert refused.status_code == 403
