"""Queries on a streaming replica (issue 19): `serve --read-database` reads the views
there, a mutation waits until the *replica* shows its events, and what must be read back
at once (sign-in sessions) stays on the primary.

A real primary and hot standby (tests/replica.py). Pausing the standby's WAL replay makes
its lag as long as the test wants: a mutation then answers READ_SIDE_LAGGING (coded, its
position given) instead of a stale page, `/ready` reports the lag, and a query shows the
replica's (older) state: proof the reads come from there.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import _serve
from tests.e2e.web.test_sessions import VIEWER, csrf, new_client
from tests.fleet import post
from tests.replica import Pair, primary_and_replica

pytestmark = pytest.mark.postgres

RAISE = "mutation($i: RaiseInvoiceQueryInput!) { raiseInvoiceQuery(input: $i) { ok result } }"
THREAD = "query($id: ID!) { invoice(id: $id) { queries { id } } }"
FIRST = "{ invoices(first: 1, status: [OPEN]) { edges { node { id } } } }"


@pytest.fixture(scope="module")
def pair() -> Iterator[Pair]:
    with primary_and_replica() as made:
        yield made


@pytest.fixture(scope="module")
def api(pair: Pair) -> Iterator[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARLEDGER_")}
    env.update(ARLEDGER_READ_WAIT="2", ARLEDGER_READY_MAX_LAG="0")
    yield from _serve(pair.primary, ("--demo", "--read-database", pair.replica), env)


def ask(base: str, query: str, **variables: Any) -> dict[str, Any]:
    body: dict[str, Any] = post(base, "alice@acme.example", query, **variables).json()
    return body


def raise_query(base: str, invoice: str) -> dict[str, Any]:
    key = f"replica-{uuid.uuid4().hex[:8]}"
    given = {"idempotencyKey": key, "invoiceId": invoice, "reason": "PRICING", "message": "why?"}
    return ask(base, RAISE, i=given)


def replayed(pair: Pair) -> None:
    """Until the replica has replayed all the WAL it has received."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        (row,) = pair.replica_sql("SELECT pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()")
        if row[0]:
            return
        time.sleep(0.05)
    raise AssertionError("the replica did not catch up")


def test_the_api_reads_the_replica_and_a_mutation_waits_for_it(pair: Pair, api: str) -> None:
    invoice = ask(api, FIRST)["data"]["invoices"]["edges"][0]["node"]["id"]
    connected = pair.replica_sql(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
    )
    assert connected[0][0] >= 1  # the API's reader is there
    first = raise_query(api, invoice)
    assert first["data"]["raiseInvoiceQuery"]["ok"], first
    before = len(ask(api, THREAD, id=invoice)["data"]["invoice"]["queries"])

    pair.replica_sql("SELECT pg_wal_replay_pause()")
    try:
        late = raise_query(api, invoice)
        (error,) = late["errors"]
        assert error["extensions"]["code"] == "READ_SIDE_LAGGING", late
        assert int(error["extensions"]["position"]) > 0
        # The replica's state, not the primary's: the new query is not there yet.
        assert len(ask(api, THREAD, id=invoice)["data"]["invoice"]["queries"]) == before
        ready = httpx.get(f"{api}/ready", timeout=10)
        assert ready.status_code == 503
        assert any("projection lags" in reason for reason in ready.json()["reasons"]), ready.text
    finally:
        pair.replica_sql("SELECT pg_wal_replay_resume()")
    replayed(pair)

    again = raise_query(api, invoice)
    assert again["data"]["raiseInvoiceQuery"]["ok"], again
    # Read-your-writes: the query right after the answer sees all three.
    assert len(ask(api, THREAD, id=invoice)["data"]["invoice"]["queries"]) == before + 2
    deadline = time.monotonic() + 10
    while httpx.get(f"{api}/ready", timeout=10).status_code != 200:
        assert time.monotonic() < deadline, httpx.get(f"{api}/ready").text
        time.sleep(0.1)


def test_signing_in_works_while_the_replica_lags(pair: Pair, api: str) -> None:
    """A session is written on the primary and read back at once: never on the replica."""
    pair.replica_sql("SELECT pg_wal_replay_pause()")
    try:
        answer = httpx.post(f"{api}/auth/demo", json={"email": "alice@acme.example"}, timeout=10)
        assert answer.status_code == 200, answer.text
        client = new_client(api, answer.cookies)
        body = client.post("/graphql", json=VIEWER, headers=csrf(client)).json()
        assert body["data"]["viewer"]["email"] == "alice@acme.example", body
    finally:
        pair.replica_sql("SELECT pg_wal_replay_resume()")


def test_a_read_database_that_is_not_postgresql_is_refused(sqlite_url: str) -> None:
    done = subprocess.run([sys.executable, "-m", "cli.main", "--database", sqlite_url, "serve",
                           "--read-database", "postgresql://127.0.0.1/x"],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 1
    assert "needs PostgreSQL" in done.stderr
