"""HMAC-SHA256 signatures over a timestamp and the raw body, for webhooks both ways.

    signature = hex(HMAC-SHA256(secret, f"{timestamp}.{raw body}"))

The timestamp (Unix seconds) is signed with the body, so a captured request cannot
be replayed later than `TOLERANCE` seconds; inside that window a replay is
harmless because every import is idempotent.
"""

from __future__ import annotations

import hashlib
import hmac
import time

TOLERANCE = 300


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(
    secret: str,
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    *,
    now: float | None = None,
    tolerance: int = TOLERANCE,
) -> str | None:
    """None when the signature is good and fresh, else why not."""
    if not secret:
        return "no webhook secret is configured"
    if not timestamp or not signature:
        return "signature headers missing"
    try:
        stamp = int(timestamp)
    except ValueError:
        return "malformed timestamp"
    if abs((time.time() if now is None else now) - stamp) > tolerance:
        return "stale timestamp"
    if not hmac.compare_digest(sign(secret, stamp, body), signature.strip().lower()):
        return "bad signature"
    return None
