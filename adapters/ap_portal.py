"""Invoices pushed to a buyer's accounts-payable portal: a signed JSON POST with the UBL.

    POST <company's AP portal URL>
    Content-Type: application/json
    Idempotency-Key: <dispatch id>          (the same on every retry)
    X-Arledger-Timestamp: <unix seconds>
    X-Arledger-Signature: <hex HMAC-SHA256(secret, timestamp + "." + body)>

    {"invoice": {"number", "issueDate", "dueDate", "currency", "total", "orderNumber"},
     "ubl": "<base64 of the Peppol BIS 3 UBL invoice>"}

Any 2xx is delivery; anything else (or no answer within the timeout) is a failure
the outbox retries with backoff and dead-letters after too many.
"""

from __future__ import annotations

import base64
import json
import os
import time
from uuid import UUID

import httpx

from adapters.documents import InvoiceDocument
from adapters.einvoice import ubl
from adapters.signing import sign
from ledger.money import Money, amount_text

SECRET_ENV = "ARLEDGER_AP_PORTAL_SECRET"


def body(doc: InvoiceDocument) -> bytes:
    payload = {
        "invoice": {
            "number": doc.number,
            "issueDate": doc.issue_date.isoformat(),
            "dueDate": doc.due_date.isoformat(),
            "currency": doc.currency,
            "total": amount_text(Money(doc.gross, doc.currency)),
            "orderNumber": doc.order_number,
        },
        "ubl": base64.b64encode(ubl(doc)).decode(),
    }
    return json.dumps(payload, sort_keys=True).encode()


class ApPortalTransport:
    def __init__(self, secret: str | None = None, timeout: float = 10.0) -> None:
        self.secret = secret if secret is not None else os.environ.get(SECRET_ENV, "")
        self.timeout = timeout

    def send(self, url: str, dispatch_id: UUID, doc: InvoiceDocument) -> str:
        data = body(doc)
        stamp = int(time.time())
        response = httpx.post(
            url,
            content=data,
            headers={
                "Content-Type": "application/json",
                "Idempotency-Key": str(dispatch_id),
                "X-Arledger-Timestamp": str(stamp),
                "X-Arledger-Signature": sign(self.secret, stamp, data),
            },
            timeout=self.timeout,
        )
        if not response.is_success:
            raise RuntimeError(f"AP portal answered HTTP {response.status_code}")
        return f"HTTP {response.status_code}"
