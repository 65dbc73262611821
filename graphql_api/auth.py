"""Who is calling: JWT bearer tokens and the viewer they stand for.

Development uses HS256 with `ARLEDGER_JWT_SECRET`; production configures
`ARLEDGER_JWT_PUBLIC_KEY` (PEM) and accepts RS256 only. Only demo mode
(`arledger serve --demo`) falls back to the public `DEV_SECRET`: anywhere else,
no secret and no public key is a configuration error, never a silent default.
Every token must carry `exp` (and `iss`). The token's subject is
the person's e-mail; roles and company come from the read models, never from
the token, so a role change takes effect on the next request.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any

import jwt

from graphql_api.db import Reader
from graphql_api.permissions import BUYER, BUYER_FINANCE
from ledger.errors import LedgerError

DEV_SECRET = "arledger-development-secret-change-me"
ISSUER = "arledger"
REQUIRED: Any = {"require": ["exp", "iss", "sub"]}  # a token without an expiry never dies


class Unauthenticated(LedgerError):
    code = "UNAUTHENTICATED"


class NoKeys(LedgerError):
    code = "CONFIGURATION"

    def __init__(self) -> None:
        super().__init__(
            "no token key configured: set ARLEDGER_JWT_PUBLIC_KEY (PEM, RS256) or "
            "ARLEDGER_JWT_SECRET (HS256); only `serve --demo` uses the public development secret"
        )


@dataclass(frozen=True)
class Viewer:
    id: str
    email: str
    name: str
    roles: frozenset[str]
    company_id: str | None = None  # buyers only
    path: str = ""  # buyers: their place in the company hierarchy
    can_view_all: bool = False
    companies: frozenset[str] = field(default_factory=frozenset)  # sales: assigned accounts

    @property
    def is_buyer(self) -> bool:
        return BUYER in self.roles

    def has(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


@dataclass(frozen=True)
class Keys:
    secret: str | None
    public_key: str | None

    @classmethod
    def from_env(cls, *, demo: bool = False) -> Keys:
        """The configured key; the development secret only in demo mode, else `NoKeys`."""
        public = os.environ.get("ARLEDGER_JWT_PUBLIC_KEY")
        if public:
            return cls(None, public)
        secret = os.environ.get("ARLEDGER_JWT_SECRET") or (DEV_SECRET if demo else None)
        if secret is None:
            raise NoKeys()
        return cls(secret, None)

    def decode(self, token: str) -> str:
        try:
            if self.public_key:
                claims = jwt.decode(
                    token, self.public_key, algorithms=["RS256"], issuer=ISSUER, options=REQUIRED
                )
            else:
                assert self.secret is not None
                claims = jwt.decode(
                    token, self.secret, algorithms=["HS256"], issuer=ISSUER, options=REQUIRED
                )
        except jwt.PyJWTError as error:
            raise Unauthenticated(f"invalid token: {error}") from None
        subject = claims.get("sub")
        if not isinstance(subject, str):
            raise Unauthenticated("token has no subject")
        return subject


def mint(email: str, secret: str = DEV_SECRET, ttl: int = 8 * 3600) -> str:
    """A development token (HS256) for a user or staff member."""
    now = int(time.time())
    claims = {"sub": email.lower(), "iss": ISSUER, "iat": now, "exp": now + ttl}
    return jwt.encode(claims, secret, algorithm="HS256")


async def load_viewer(reader: Reader, email: str) -> Viewer:
    email = email.lower()
    users = await reader.fetch("SELECT * FROM users WHERE email = %(e)s", {"e": email})
    if users:
        u = users[0]
        return Viewer(
            u["user_id"],
            email,
            u["name"],
            frozenset({BUYER, BUYER_FINANCE} if u["can_view_all"] else {BUYER}),
            u["company_id"],
            u["path"],
            bool(u["can_view_all"]),
        )
    staff = await reader.fetch("SELECT * FROM staff WHERE email = %(e)s", {"e": email})
    if staff:
        s = staff[0]
        return Viewer(
            s["staff_id"],
            email,
            s["name"],
            frozenset(s["roles"].split(",")),
            companies=frozenset(c for c in (s["companies"] or "").split(",") if c),
        )
    raise Unauthenticated(f"no user or staff member {email}")
