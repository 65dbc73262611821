"""Who is calling: JWT bearer tokens and the viewer they stand for.

Development uses HS256 with `ARLEDGER_JWT_SECRET`; production configures
`ARLEDGER_JWT_PUBLIC_KEY` (PEM) and accepts RS256 only. The token's subject is
the person's e-mail; roles and company come from the read models, never from
the token, so a role change takes effect on the next request.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

import jwt

from graphql_api.db import Reader
from graphql_api.permissions import BUYER, BUYER_FINANCE
from ledger.errors import LedgerError

DEV_SECRET = "arledger-development-secret-change-me"
ISSUER = "arledger"


class Unauthenticated(LedgerError):
    code = "UNAUTHENTICATED"


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
    def from_env(cls) -> Keys:
        public = os.environ.get("ARLEDGER_JWT_PUBLIC_KEY")
        return cls(None if public else os.environ.get("ARLEDGER_JWT_SECRET", DEV_SECRET), public)

    def decode(self, token: str) -> str:
        try:
            if self.public_key:
                claims = jwt.decode(token, self.public_key, algorithms=["RS256"], issuer=ISSUER)
            else:
                assert self.secret is not None
                claims = jwt.decode(token, self.secret, algorithms=["HS256"], issuer=ISSUER)
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
