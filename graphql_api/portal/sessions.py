"""Browser sign-in: an e-mailed one-time link, a session cookie, CSRF on cookie POSTs.

The web app never holds a bearer token. `POST /auth/link {email}` answers 202
whoever asks (so nobody learns which addresses are users) and, for a known user
or staff member, mails a link with a random token valid for
`ARLEDGER_SIGNIN_LINK_MINUTES` (15). `GET /auth/callback?token=` uses it up
(one atomic DELETE ... RETURNING, so two clicks or two processes cannot both
win), opens a session for `ARLEDGER_SESSION_HOURS` (8) and sets two cookies:
the session (HttpOnly, SameSite=Lax, Secure behind TLS) and a CSRF token the
app echoes in `X-CSRF-Token` on every POST (double submit: another site can
make the browser send our cookies, never read them).

Only hashes of link and session tokens are stored, in the database the app
reads (two tables of their own), so any number of API processes share sessions
and a copy of the database signs nobody in. The link is mailed straight
through the SMTP transport, not the event-sourced outbox: a sign-in secret
must never enter the hash-chained log, which auditors read and nothing deletes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import time
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlencode
from uuid import uuid4

import anyio
import orjson
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from adapters import mail
from adapters.seller import Seller
from cli.demo import STAFF, demo_buyers
from graphql_api.auth import Unauthenticated, load_viewer
from graphql_api.portal import dev_mode

SESSION_COOKIE = "arledger_session"
CSRF_COOKIE = "arledger_csrf"
CSRF_HEADER = "x-csrf-token"
SCOPE_KEY = "arledger.session_email"  # set on the request by `SessionAuth`
DEMO_USERS = demo_buyers() + [email for email, _, _ in STAFF]
# Both tables (`web_signin_links`, `web_sessions`) come from the migrations (0011), as
# every other table does: `arledger init`/`serve` create them.


def link_minutes() -> int:
    return int(os.environ.get("ARLEDGER_SIGNIN_LINK_MINUTES", "15"))


def session_hours() -> float:
    return float(os.environ.get("ARLEDGER_SESSION_HOURS", "8"))


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Sessions:
    """Sign-in links and sessions in the app's database (`Reader.fetch` also writes)."""

    def __init__(self, reader: Callable[[], Any], clock: Callable[[], float] = time.time) -> None:
        self.reader = reader  # the service's reader exists only after start-up
        self.clock = clock

    async def run(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = await self.reader().fetch(sql, params)
        return rows

    async def new_link(self, email: str) -> str:
        token = secrets.token_urlsafe(32)
        now = int(self.clock())
        await self.run("DELETE FROM web_signin_links WHERE expires_at <= %(now)s", {"now": now})
        await self.run(
            "INSERT INTO web_signin_links (token_hash, email, expires_at) "
            "VALUES (%(h)s, %(e)s, %(x)s)",
            {"h": digest(token), "e": email, "x": now + link_minutes() * 60},
        )
        return token

    async def use_link(self, token: str) -> str | None:
        """The link's e-mail, once: the row goes whether or not it had expired."""
        rows = await self.run(
            "DELETE FROM web_signin_links WHERE token_hash = %(h)s RETURNING email, expires_at",
            {"h": digest(token)},
        )
        if not rows or int(rows[0]["expires_at"]) <= self.clock():
            return None
        return str(rows[0]["email"])

    async def open(self, email: str) -> tuple[str, str]:
        """A new session for `email`: (session token, CSRF token)."""
        session, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
        now = int(self.clock())
        await self.run("DELETE FROM web_sessions WHERE expires_at <= %(now)s", {"now": now})
        await self.run(
            "INSERT INTO web_sessions (session_hash, email, csrf, expires_at) "
            "VALUES (%(h)s, %(e)s, %(c)s, %(x)s)",
            {"h": digest(session), "e": email, "c": csrf,
             "x": now + int(session_hours() * 3600)},
        )  # fmt: skip
        return session, csrf

    async def find(self, session: str) -> tuple[str, str] | None:
        """(e-mail, CSRF token) of a live session."""
        rows = await self.run(
            "SELECT email, csrf FROM web_sessions WHERE session_hash = %(h)s "
            "AND expires_at > %(now)s",
            {"h": digest(session), "now": int(self.clock())},
        )
        return (str(rows[0]["email"]), str(rows[0]["csrf"])) if rows else None

    async def close(self, session: str) -> None:
        await self.run(
            "DELETE FROM web_sessions WHERE session_hash = %(h)s", {"h": digest(session)}
        )


def refuse(code: str, message: str, status: int) -> JSONResponse:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status)


class SessionAuth:
    """Turns a session cookie on `/graphql` and `/documents/` (downloads, `documents.py`)
    into the caller's e-mail (`SCOPE_KEY`).

    A request with a bearer token is left alone (API clients). A cookie-carried
    POST must echo the CSRF cookie in `X-CSRF-Token`, else 403 `CSRF`; an unknown
    or expired session is simply anonymous, as an invalid token is."""

    def __init__(self, app: ASGIApp, sessions: Sessions) -> None:
        self.app = app
        self.sessions = sessions

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not (path == "/graphql" or path.startswith("/documents/")):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie and "authorization" not in request.headers:
            found = await self.sessions.find(cookie)
            if found is not None:
                email, csrf = found
                sent = request.headers.get(CSRF_HEADER, "")
                if request.method == "POST" and not secrets.compare_digest(sent, csrf):
                    response = refuse("CSRF", "the X-CSRF-Token header must repeat the "
                                      "arledger_csrf cookie on a signed-in POST", 403)  # fmt: skip
                    await response(scope, receive, send)
                    return
                scope[SCOPE_KEY] = email
        await self.app(scope, receive, send)


def signin_message(seller: Seller, to: str, link: str) -> EmailMessage:
    minutes = link_minutes()
    text = (
        f"Sign in to {seller.trading_name}:\n\n{link}\n\nThe link works once, for {minutes} "
        "minutes. If you did not ask for it, ignore this message.\n"
    )
    html = (
        f'<p><a href="{link}">Sign in to {seller.trading_name}</a></p><p>The link works once, '
        f"for {minutes} minutes. If you did not ask for it, ignore this message.</p>"
    )
    return mail.new_message(seller, uuid4(), to, f"Sign in to {seller.trading_name}", text, html)


def send_link(to: str, link: str) -> None:
    try:
        mail.SmtpTransport().send(signin_message(Seller.from_env(), to, link))
    except Exception:  # the answer (202) is sent already; the user asks again
        logging.getLogger("arledger.sessions").exception("sign-in link to %s not sent", to)


def secure(request: Request) -> bool:
    return request.url.scheme == "https" or os.environ.get("ARLEDGER_SECURE_COOKIES") == "1"


def signed_in(request: Request, session: str, csrf: str, response: Response) -> Response:
    age = int(session_hours() * 3600)
    https = secure(request)
    response.set_cookie(SESSION_COOKIE, session, max_age=age, path="/", httponly=True,
                        samesite="lax", secure=https)  # fmt: skip
    response.set_cookie(CSRF_COOKIE, csrf, max_age=age, path="/", samesite="lax", secure=https)
    return response


def routes(service: Any) -> list[Route]:
    sessions: Sessions = service.sessions

    async def body_email(request: Request) -> str | None:
        try:
            body = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            return None
        email = body.get("email") if isinstance(body, dict) else None
        return email.strip().lower() if isinstance(email, str) and email.strip() else None

    async def link(request: Request) -> Response:
        email = await body_email(request)
        if email is None:
            return refuse("BAD_INPUT", 'the body must be a JSON object: {"email": ...}', 400)
        response = JSONResponse({"sent": "if the address belongs to a user"}, 202)
        try:
            await load_viewer(service.reader, email)
        except Unauthenticated:
            return response
        token = await sessions.new_link(email)
        base = os.environ.get("ARLEDGER_PUBLIC_URL", str(request.base_url)).rstrip("/")
        url = f"{base}/auth/callback?{urlencode({'token': token})}"
        # Sent after answering, so a known address answers as fast as an unknown one.
        response.background = BackgroundTask(anyio.to_thread.run_sync, send_link, email, url)
        return response

    async def callback(request: Request) -> Response:
        email = await sessions.use_link(request.query_params.get("token", ""))
        if email is None:
            return RedirectResponse("/?signin=expired", status_code=303)
        return signed_in(request, *(await sessions.open(email)), RedirectResponse("/", 303))

    async def demo(request: Request) -> Response:
        """One click for a demo user, only with the public development secret."""
        if not dev_mode(service):
            return refuse("FORBIDDEN", "demo sign-in is only offered by `serve --demo`", 403)
        email = await body_email(request)
        if email not in DEMO_USERS:
            return refuse("BAD_INPUT", "not a demo user", 400)
        return signed_in(request, *(await sessions.open(email)), JSONResponse({"email": email}))

    async def signout(request: Request) -> Response:
        cookie = request.cookies.get(SESSION_COOKIE, "")
        found = await sessions.find(cookie) if cookie else None
        if found and not secrets.compare_digest(request.headers.get(CSRF_HEADER, ""), found[1]):
            return refuse("CSRF", "sign-out needs the X-CSRF-Token header", 403)
        if cookie:
            await sessions.close(cookie)
        response = Response(status_code=204)
        response.delete_cookie(SESSION_COOKIE, path="/")
        response.delete_cookie(CSRF_COOKIE, path="/")
        return response

    async def options(request: Request) -> Response:
        """What the sign-in page offers and how the seller looks (no secrets)."""
        seller = Seller.from_env()
        brand = seller.branding
        provider = os.environ.get("ARLEDGER_CARD_PROVIDER_PUBLIC_URL") or os.environ.get(
            "ARLEDGER_CARD_PROVIDER_URL", ""
        )
        return JSONResponse({
            "seller": seller.trading_name,
            "primary": brand.primary, "accent": brand.accent, "footer": brand.footer,
            "logo": "/auth/logo" if brand.logo_path else "",
            "promotion": brand.promotion, "promotionLink": brand.promotion_link,
            "provider": provider,
            "demoUsers": DEMO_USERS if dev_mode(service) else [],
        })  # fmt: skip

    async def logo(request: Request) -> Response:
        path = Seller.from_env().branding.logo_path
        if not path or not os.path.isfile(path):
            return Response(status_code=404)
        return FileResponse(path, headers={"Cache-Control": "max-age=3600"})

    return [
        Route("/auth/logo", logo),
        Route("/auth/link", link, methods=["POST"]),
        Route("/auth/callback", callback),
        Route("/auth/demo", demo, methods=["POST"]),
        Route("/auth/signout", signout, methods=["POST"]),
        Route("/auth/options", options),
    ]
