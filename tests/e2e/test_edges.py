"""Bad input at the edges, over real HTTP: every refusal is a 4xx with a code, never a 500,
never the masked "Unexpected error.", and the server logs no traceback for it.

The server is the real app under uvicorn (in this process, so its log can be read), on a
small demo store, once on SQLite and once on PostgreSQL.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from adapters import cards
from adapters.signing import sign
from cli import demo
from graphql_api.app import MAX_BODY, create_app
from graphql_api.auth import mint
from ledger.application import Ledger
from tests.servers import serving

MAGENTO_SECRET = "edges-magento-secret"
CARD_SECRET = "whsec_edges"
AR = "ar@seller.example"


class Logged(logging.Handler):
    """What the server logged at ERROR or above (tracebacks included)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def store(kind: str, tmp: Path, pg_server: Any) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{tmp / 'edges.db'}"
        return
    schema = f"edges_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_server(), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{pg_server()}?schema={schema}"
    finally:
        with psycopg.connect(pg_server(), autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def edge(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """A served app with demo data and both webhook secrets; its ERROR log is collected."""
    logged = Logged()
    loggers = [logging.getLogger(), logging.getLogger("uvicorn"), logging.getLogger("strawberry")]
    with contextlib.ExitStack() as stack:
        patch = stack.enter_context(pytest.MonkeyPatch.context())
        patch.setenv("ARLEDGER_MAGENTO_WEBHOOK_SECRET", MAGENTO_SECRET)
        patch.setenv("ARLEDGER_CARD_WEBHOOK_SECRET", CARD_SECRET)
        patch.delenv("ARLEDGER_JWT_SECRET", raising=False)
        patch.delenv("ARLEDGER_JWT_PUBLIC_KEY", raising=False)
        url = stack.enter_context(
            store(
                request.param,
                tmp_path_factory.mktemp("edges"),
                lambda: request.getfixturevalue("pg_server"),
            )
        )
        ledger = Ledger(url)
        demo.run(ledger, demo.plan(seed=5, orders=20))
        ledger.close()
        base = stack.enter_context(serving(create_app(url, demo=True), ready_path="/health"))
        for logger in loggers:
            logger.addHandler(logged)
        stack.callback(lambda: [logger.removeHandler(logged) for logger in loggers])
        yield {"base": base, "logged": logged}


@pytest.fixture
def base(edge: dict[str, Any]) -> Iterator[str]:
    """The server's URL; the test fails if the server logged an error while it ran."""
    logged: Logged = edge["logged"]
    logged.records.clear()
    yield edge["base"]
    time.sleep(0.05)  # let the server thread finish logging the last request
    assert not logged.records, [r.getMessage() for r in logged.records]


def post(base: str, path: str, body: bytes, **headers: str) -> httpx.Response:
    return httpx.post(f"{base}{path}", content=body, headers=headers, timeout=30)


def graphql(base: str, query: str, who: str = AR, **variables: Any) -> dict[str, Any]:
    response = httpx.post(
        f"{base}/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {mint(who)}"},
        timeout=30,
    )
    assert response.status_code in (200, 400), response.text
    body: dict[str, Any] = response.json()
    return body


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    """The one error of a refused request, which must carry a code and a real message."""
    errors = body.get("errors") or []
    assert len(errors) == 1, body
    error: dict[str, Any] = errors[0]
    assert error["message"] != "Unexpected error.", body
    assert error.get("extensions", {}).get("code"), body
    return error


def refused_as_graphql(response: httpx.Response, status: int = 400) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json"), response.headers
    return only_error(response.json())


# -- 5a: bodies that are not a GraphQL request ------------------------------------------

DEEP = b"[" * 5000 + b"]" * 5000


@pytest.mark.parametrize(
    "body",
    [
        b"null",
        b"1",
        b'"a string"',
        b"[]",
        b'[{"query": "{ __typename }"}]',
        b'{"query": "\xff{ __typename }"}',
        b"{bad",
        b'{"query": "{ __typename }", "variables": {"a": ' + DEEP + b"}}",
    ],
    ids=["null", "number", "string", "array", "batch", "invalid-utf8", "not-json", "deep"],
)
def test_a_graphql_body_that_is_not_one_request_gets_400_bad_input(base: str, body: bytes) -> None:
    response = post(base, "/graphql", body, **{"content-type": "application/json"})
    assert refused_as_graphql(response)["extensions"]["code"] == "BAD_INPUT"


@pytest.mark.parametrize("body", [b"{bad", b"[]", b"null", b'"x"', b"\xff"])
def test_dev_token_refuses_a_body_that_is_not_an_object(base: str, body: bytes) -> None:
    response = post(base, "/portal/dev-token", body, **{"content-type": "application/json"})
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "BAD_INPUT"


def test_dev_token_still_mints_for_a_demo_buyer(base: str) -> None:
    response = post(base, "/portal/dev-token", b'{"email": "alice@acme.example"}')
    assert response.status_code == 200 and response.json()["token"]


def signed_magento(body: bytes) -> dict[str, str]:
    stamp = str(int(time.time()))
    return {
        "X-Arledger-Timestamp": stamp,
        "X-Arledger-Signature": sign(MAGENTO_SECRET, stamp, body),
    }


WEBHOOK_BODIES = [DEEP, b"[]", b"null", b'"x"', b"1", b"{bad", b"\xff"]
WEBHOOK_IDS = ["deep", "array", "null", "string", "number", "not-json", "invalid-utf8"]


@pytest.mark.parametrize("body", WEBHOOK_BODIES, ids=WEBHOOK_IDS)
def test_a_signed_magento_webhook_that_is_not_a_payload_gets_400(base: str, body: bytes) -> None:
    response = post(base, "/webhooks/magento", body, **signed_magento(body))
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "BAD_INPUT"


@pytest.mark.parametrize("body", WEBHOOK_BODIES, ids=WEBHOOK_IDS)
def test_a_signed_card_webhook_that_is_not_an_event_gets_400(base: str, body: bytes) -> None:
    signature = cards.sign(CARD_SECRET, body)
    response = post(base, "/webhooks/cards", body, **{"Stripe-Signature": signature})
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "BAD_INPUT"


@pytest.mark.parametrize(
    ("query", "code"),
    [("{ invoices(: 1) { totalCount } }", "GRAPHQL_PARSE_FAILED"),
     ("{ nope }", "GRAPHQL_VALIDATION_FAILED"),
     ("query($n: Int!) { invoices(first: $n) { totalCount } }", "BAD_INPUT"),
     ("{}", "GRAPHQL_VALIDATION_FAILED"),
     ("mutation {}", "GRAPHQL_VALIDATION_FAILED"),
     ("{ viewer { email } ...F } fragment F on Query {}", "GRAPHQL_VALIDATION_FAILED")],
    ids=["syntax", "unknown-field", "missing-variable", "empty", "empty-mutation",
         "empty-fragment"],
)  # fmt: skip
def test_graphql_core_refusals_of_the_request_carry_a_code(
    base: str, query: str, code: str
) -> None:
    assert only_error(graphql(base, query))["extensions"]["code"] == code


# -- 5b, 5c: values the schema's scalars must refuse with a code ------------------------

SET_LIMIT = (
    'mutation($a: Decimal!) { setCreditLimit(input: {idempotencyKey: "edge", '
    'companyId: "00000000-0000-0000-0000-000000000000", limit: $a}) { ok } }'
)


@pytest.mark.parametrize(
    "amount",
    [
        "",
        " ",
        "1,00",
        "0x10",
        True,
        None,
        [],
        {},
        1.5,
        "1_000",
        "\u0661\u0662\u0663",
        "\U0001d7cf\U0001d7d0\U0001d7d1",
        "1e3",
        "NaN",
    ],
    ids=repr,
)
def test_a_bad_decimal_variable_is_bad_input(base: str, amount: Any) -> None:
    error = only_error(graphql(base, SET_LIMIT, a=amount))
    assert error["extensions"]["code"] == "BAD_INPUT", error


@pytest.mark.parametrize(
    "literal", ['""', "1.5", "true", "[]", "{}", '"1_000"', '"\u0661\u0662\u0663"']
)
def test_a_bad_decimal_literal_is_refused_with_a_code(base: str, literal: str) -> None:
    query = SET_LIMIT.replace("($a: Decimal!)", "").replace("$a", literal)
    error = only_error(graphql(base, query))
    assert error["extensions"]["code"] in ("BAD_INPUT", "GRAPHQL_VALIDATION_FAILED"), error


def test_null_for_a_non_null_decimal_literal_is_a_validation_error(base: str) -> None:
    query = SET_LIMIT.replace("($a: Decimal!)", "").replace("$a", "null")
    assert only_error(graphql(base, query))["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


@pytest.mark.parametrize("amount", ["12.50", "-3", " 7 ", 7])
def test_a_plain_decimal_passes_the_scalar(base: str, amount: Any) -> None:
    """It reaches the resolver, which then finds no such company."""
    assert only_error(graphql(base, SET_LIMIT, a=amount))["extensions"]["code"] == "NOT_FOUND"


REMIT = (
    'mutation($d: Date!) { submitRemittanceAdvice(input: {idempotencyKey: "edge", '
    'reference: "r", paidOn: $d, allocations: []}) { ok } }'
)
AS_OF = "query($t: DateTime) { arMetrics(asOf: $t) { agedDebt { currency } } }"


@pytest.mark.parametrize("value", ["2026-13-01", "nope", "", 20260101, None])
def test_a_bad_date_variable_is_bad_input(base: str, value: Any) -> None:
    assert only_error(graphql(base, REMIT, d=value))["extensions"]["code"] == "BAD_INPUT"


def test_a_bad_date_literal_is_refused_with_a_code(base: str) -> None:
    query = REMIT.replace("($d: Date!)", "").replace("$d", '"2026-02-30"')
    assert only_error(graphql(base, query))["extensions"]["code"] == "BAD_INPUT"


@pytest.mark.parametrize("value", ["nope", "2026-05-01T25:00:00Z", 5])
def test_a_bad_datetime_is_bad_input(base: str, value: Any) -> None:
    assert only_error(graphql(base, AS_OF, t=value))["extensions"]["code"] == "BAD_INPUT"
    literal = AS_OF.replace("($t: DateTime)", "").replace("$t", json.dumps(value))
    assert only_error(graphql(base, literal))["extensions"]["code"] in (
        "BAD_INPUT",
        "GRAPHQL_VALIDATION_FAILED",
    )


@pytest.mark.parametrize("first", [2**31, -(2**31) - 1, 1.5, "10"])
def test_an_int_variable_that_is_not_a_32_bit_int_is_bad_input(base: str, first: Any) -> None:
    query = "query($n: Int!) { invoices(first: $n) { totalCount } }"
    assert only_error(graphql(base, query, n=first))["extensions"]["code"] == "BAD_INPUT"


@pytest.mark.parametrize(
    "cursor",
    ["!!!", "bnVsbA==", "W10=", "WyJ4Il0=", "W251bGxd", "e30=", "WzEuNV0=", "WyIxIl0=", "W3RydWVd"],
)
def test_a_malformed_ledger_events_cursor_is_bad_input(base: str, cursor: str) -> None:
    query = "query($c: String) { ledgerEvents(after: $c, first: 1) { edges { cursor } } }"
    error = only_error(graphql(base, query, c=cursor))
    assert error["extensions"]["code"] == "BAD_INPUT" and error["message"] == "malformed cursor"


def test_a_ledger_events_cursor_from_a_page_still_works(base: str) -> None:
    query = "query($c: String) { ledgerEvents(after: $c, first: 1) { pageInfo { endCursor } } }"
    cursor = graphql(base, query)["data"]["ledgerEvents"]["pageInfo"]["endCursor"]
    assert "errors" not in graphql(base, query, c=cursor)


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"])
def test_ar_metrics_at_the_ends_of_time_is_bad_input(base: str, when: str) -> None:
    query = f'{{ arMetrics(asOf: "{when}") {{ agedDebt {{ currency }} dso {{ days }} }} }}'
    assert only_error(graphql(base, query))["extensions"]["code"] == "BAD_INPUT"


# -- 6a: the body limit counts what arrives ----------------------------------------------


def chunked_request(base: str, chunks: int, chunk: bytes, *, finish: bool) -> bytes:
    """Send a chunked POST /graphql by hand; what the server answered (b"" if nothing)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(
            b"POST /graphql HTTP/1.1\r\nHost: edges\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        with contextlib.suppress(OSError):  # the server may close before we finish
            for _ in range(chunks):
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            if finish:
                sock.sendall(b"0\r\n\r\n")
        answer = b""
        with contextlib.suppress(OSError):
            while b"\r\n\r\n" not in answer or not answer.rstrip().endswith((b"}", b"]")):
                data = sock.recv(65536)
                if not data:
                    break
                answer += data
        return answer


def test_a_chunked_body_over_the_limit_gets_413_without_being_read_to_its_end(base: str) -> None:
    """No Content-Length, and the body never ends: the answer comes once the limit is passed."""
    answer = chunked_request(base, (MAX_BODY // 16384) + 2, b" " * 16384, finish=False)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    body = json.loads(answer.split(b"\r\n\r\n", 1)[1].split(b"\r\n", 1)[-1].split(b"\r\n0")[0])
    assert body["errors"][0]["extensions"]["code"] == "BAD_INPUT"


def test_a_chunked_body_under_the_limit_is_served(base: str) -> None:
    query = b'{"query": "{ __typename }"}'
    answer = chunked_request(base, 1, query, finish=True)
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
    assert b'"__typename":"Query"' in answer


def test_a_large_chunked_body_is_refused(base: str) -> None:
    def two_megabytes() -> Iterator[bytes]:
        yield b'{"query": "{ __typename }", "pad": "'
        for _ in range(128):
            yield b"x" * 16384
        yield b'"}'

    with contextlib.suppress(httpx.TransportError):  # closed while we still sent
        response = httpx.post(f"{base}/graphql", content=two_megabytes(), timeout=30,
                              headers={"content-type": "application/json"})  # fmt: skip
        assert response.status_code == 413, response.text
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_INPUT"


# -- 6b: the query cost budget -------------------------------------------------------------

HEAVY = "invoices(first: 100) { edges { node { id number lines { id sku quantity } } } }"


def test_a_thousand_aliased_pages_are_refused_before_they_run(base: str) -> None:
    query = "{ " + " ".join(f"a{n}: {HEAVY}" for n in range(1000)) + " }"
    started = time.monotonic()
    error = only_error(graphql(base, query))
    assert time.monotonic() - started < 5
    extensions = error["extensions"]
    assert extensions["code"] == "QUERY_TOO_COSTLY", error
    assert extensions["cost"] > extensions["budget"] > 0


def test_a_few_heavy_pages_are_refused_with_their_cost(base: str) -> None:
    query = "{ " + " ".join(f"a{n}: {HEAVY}" for n in range(30)) + " }"
    extensions = only_error(graphql(base, query))["extensions"]
    assert extensions["code"] == "QUERY_TOO_COSTLY"
    assert extensions["cost"] > extensions["budget"]


def test_one_heavy_page_is_served(base: str) -> None:
    body = graphql(base, "{ " + HEAVY + " }")
    assert "errors" not in body and body["data"]["invoices"]["edges"]
