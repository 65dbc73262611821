"""A fresh PostgreSQL schema holding the demo data, dropped afterwards."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator

import psycopg

from cli import demo
from ledger.application import Ledger


@contextlib.contextmanager
def demo_schema(pg_server: str, prefix: str) -> Iterator[str]:
    """Yields the store's URL (`...?schema=<prefix>_<random>`)."""
    schema = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    url = f"{pg_server}?schema={schema}"
    try:
        ledger = Ledger(url)
        demo.run(ledger, demo.plan(seed=5, orders=120))
        ledger.close()
        yield url
    finally:
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')
