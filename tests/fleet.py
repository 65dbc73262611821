"""A stream of real mutations over HTTP, judged answer by answer (issue 19's tests).

Each mutation is acknowledged (`ok`), refused with a code, or masked ("Unexpected
error.", no code): the tests count the masks, which must be none, and keep the
acknowledged keys to find their events afterwards.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from graphql_api.auth import mint

RAISE = "mutation($i: RaiseInvoiceQueryInput!) { raiseInvoiceQuery(input: $i) { ok result } }"
PAY = "mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { ok result } }"
OPEN = "{ invoices(first: 40, status: [OPEN]) { edges { node { id company { id } } } } }"


def post(base: str, email: str, query: str, timeout: float = 30, **variables: Any) -> Any:
    return httpx.post(
        f"{base}/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {mint(email)}"},
        timeout=timeout,
    )


@dataclass
class Stream:
    """Alternating `raiseInvoiceQuery` (an e-mail to AR each) and `recordPayment`."""

    invoices: list[dict[str, Any]]
    acknowledged: list[str] = field(default_factory=list)
    results: list[dict[str, Any]] = field(default_factory=list)
    masked: list[Any] = field(default_factory=list)
    refused: list[Any] = field(default_factory=list)
    count: itertools.count[int] = field(default_factory=itertools.count)

    @classmethod
    def of(cls, base: str) -> Stream:
        body = post(base, "alice@acme.example", OPEN).json()
        return cls([edge["node"] for edge in body["data"]["invoices"]["edges"]])

    def one(self, base: str) -> None:
        n = next(self.count)
        invoice = self.invoices[n % len(self.invoices)]
        key = f"fleet-{n}-{uuid.uuid4().hex[:8]}"
        if n % 2 == 0:
            response = post(base, "alice@acme.example", RAISE, i={
                "idempotencyKey": key, "invoiceId": invoice["id"], "reason": "PRICING",
                "message": f"question {n}"})  # fmt: skip
            name = "raiseInvoiceQuery"
        else:
            response = post(base, "ar@seller.example", PAY, i={
                "idempotencyKey": key, "companyId": invoice["company"]["id"], "amount": "1.00",
                "method": "BANK_TRANSFER", "reference": key})  # fmt: skip
            name = "recordPayment"
        body = response.json()
        if body.get("data") and (body["data"].get(name) or {}).get("ok"):
            self.acknowledged.append(key)
            self.results.append(body["data"][name].get("result") or {})
            return
        errors = body.get("errors") or [{"message": response.text}]
        if any("code" not in (e.get("extensions") or {}) for e in errors):
            self.masked.append(errors)
        else:
            self.refused.append(errors)
