"""Shared fixtures: a ledger on each store.

PostgreSQL tests get a fresh schema each, dropped afterwards, so they can run
in any order. Without a server they skip locally; under CI=true they fail,
because CI must prove the PostgreSQL path.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from graphql_api.auth import DEV_SECRET
from ledger.application import Ledger

# The server refuses to start without a token key outside demo mode; the tests sign their
# tokens with the development secret (`auth.mint`'s default), so they configure it explicitly.
os.environ.setdefault("ARLEDGER_JWT_SECRET", DEV_SECRET)

PG_URL = os.environ.get("ARLEDGER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def _pg_available() -> bool:
    try:
        psycopg.connect(PG_URL, connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


@pytest.fixture(scope="session")
def pg_server() -> str:
    if not _pg_available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required under CI but not reachable at {PG_URL}")
        pytest.skip(f"no PostgreSQL at {PG_URL}")
    return PG_URL


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A URL pointing at a fresh, empty schema."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield f"{pg_server}?schema={schema}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'ledger.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest) -> str:
    """Each contract test runs on both stores."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Ledger]:
    ledger = Ledger(store_url)
    yield ledger
    ledger.close()


@pytest.fixture
def ledger() -> Iterator[Ledger]:
    """In-memory ledger for domain tests: same code path, no I/O."""
    app = Ledger("memory://")
    yield app
    app.close()
