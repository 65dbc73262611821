"""Async reads from the read models: asyncpg on PostgreSQL, sqlite3 in a thread on SQLite.

Queries are written once with `%(name)s` placeholders (as in `projections/`)
and translated per driver: `$1, $2...` for asyncpg, `:name` for sqlite3.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from collections.abc import Sequence
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlparse

import anyio
import asyncpg

Row = dict[str, Any]
_PARAM = re.compile(r"%\((\w+)\)s")


class Reader(Protocol):
    queries: int

    async def fetch(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]: ...

    def in_list(self, column: str, keys: Sequence[str]) -> tuple[str, dict[str, Any]]:
        """`column` is one of `keys`, as SQL text and its parameters."""
        ...

    async def close(self) -> None: ...


class PostgresReader:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self.queries = 0

    @classmethod
    async def connect(cls, url: str, size: int | None = None) -> PostgresReader:
        """A pool of at most `read_pool_size` connections (URL option, default 10).

        Every API process holds this pool beside the writer's (`pool_size` +
        `max_overflow`), and all of them share the server's `max_connections`: under the
        fleet test's load 3 API processes and 2 workers peaked at 31 connections (the test
        fails above 50; docs/operations.md, Connections). `size` overrides it (the small
        pool of sessions on the primary beside a replica's)."""
        parsed = urlparse(url)
        schema = parse_qs(parsed.query).get("schema", ["public"])[-1]
        size = size or read_pool_size(url)
        pool = await asyncpg.create_pool(
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or 5432,
            user=unquote(parsed.username or "postgres"),
            password=unquote(parsed.password or "") or None,
            database=parsed.path.lstrip("/") or "postgres",
            min_size=1,
            max_size=size,
            server_settings={"search_path": schema},
            reset=keep_session,
        )
        return cls(pool)

    async def fetch(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
        statement, names = numbered(sql)
        self.queries += 1
        records = await self.pool.fetch(statement, *[(params or {})[n] for n in names])
        return [dict(r) for r in records]

    def in_list(self, column: str, keys: Sequence[str]) -> tuple[str, dict[str, Any]]:
        """One array parameter: the same statement text for any number of keys, so
        asyncpg's prepared-statement cache always hits and 50 keys are one value."""
        return f"{column} = ANY(%(keys)s::text[])", {"keys": list(keys)}

    async def close(self) -> None:
        await self.pool.close()


async def keep_session(connection: asyncpg.Connection) -> None:
    """Return a connection to the pool as it is: asyncpg's default reset sends
    `SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL` on every release,
    a round trip per query here (each `fetch` takes a connection), for session state
    these reads never create: single statements, no locks, cursors, LISTEN or SET.
    (asyncpg still rolls back an open transaction and drops listeners itself.)"""


@functools.lru_cache(maxsize=1024)
def numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """`%(name)s` placeholders -> `$1, $2...` and the names in order (once per text)."""
    names: list[str] = []

    def number(match: re.Match[str]) -> str:
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    return _PARAM.sub(number, sql), tuple(names)


class SQLiteReader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.queries = 0

    def _fetch(self, sql: str, params: dict[str, Any]) -> list[Row]:
        with sqlite3.connect(self.path, timeout=30) as db:
            db.row_factory = sqlite3.Row
            return [dict(r) for r in db.execute(_PARAM.sub(r":\1", sql), params).fetchall()]

    async def fetch(self, sql: str, params: dict[str, Any] | None = None) -> list[Row]:
        self.queries += 1
        return await anyio.to_thread.run_sync(self._fetch, sql, params or {})

    def in_list(self, column: str, keys: Sequence[str]) -> tuple[str, dict[str, Any]]:
        params = {f"k{n}": key for n, key in enumerate(keys)}
        return f"{column} IN ({', '.join(f'%({k})s' for k in params)})", params

    async def close(self) -> None:
        return None


def read_pool_size(url: str) -> int:
    """The URL's `read_pool_size` (default 10); ValueError names a bad one (`serve` checks
    it before starting, cli.serving.refusal)."""
    given = parse_qs(urlparse(url).query).get("read_pool_size", ["10"])[-1]
    if not given.isdigit() or not 1 <= int(given) <= 1000:
        raise ValueError(f"read_pool_size must be a whole number from 1 to 1000, not {given!r}")
    return int(given)


async def connect(url: str, size: int | None = None) -> Reader:
    if url.startswith("sqlite:///"):
        return SQLiteReader(url[len("sqlite:///") :])
    return await PostgresReader.connect(url, size)
