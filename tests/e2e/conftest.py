"""A real `arledger serve` on PostgreSQL with demo data, shared by the end-to-end tests."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from graphql_api.auth import mint
from tests.demo_store import demo_schema


@contextlib.contextmanager
def arledger_server(
    pg_server: str, prefix: str, *flags: str, env: dict[str, str] | None = None
) -> Iterator[str]:
    """`arledger serve` on a fresh schema holding demo data; the schema goes afterwards."""
    with demo_schema(pg_server, prefix) as url:
        yield from _serve(url, flags, env)


def _serve(url: str, flags: tuple[str, ...], env: dict[str, str] | None) -> Iterator[str]:
    """`arledger serve` on `url`, its base URL yielded; stopped when the generator closes."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the server process)
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "--database", url, "serve", "--port", str(port),
         *flags],
        env={**(env if env is not None else os.environ), "PYTHONWARNINGS": "ignore"},
        stdout=log,
        stderr=log,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            log.seek(0)
            raise RuntimeError(f"server did not start: {log.read()!r}")
        time.sleep(0.2)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def demo_store_url(pg_server: str) -> Iterator[str]:
    """The store the session's server runs on: oracles read its events directly."""
    with demo_schema(pg_server, "e2e") as url:
        yield url


@pytest.fixture(scope="session")
def server_url(demo_store_url: str) -> Iterator[str]:
    yield from _serve(demo_store_url, (), None)


class Client:
    def __init__(self, base: str, email: str | None) -> None:
        self.base = base
        self.headers = {"Authorization": f"Bearer {mint(email)}"} if email else {}

    def __call__(self, query: str, **variables: Any) -> dict[str, Any]:
        response = httpx.post(
            f"{self.base}/graphql",
            json={"query": query, "variables": variables},
            headers=self.headers,
            timeout=30,
        )
        assert response.status_code in (200, 400, 413), response.text
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture(scope="session")
def as_user(server_url: str) -> Any:
    return lambda email: Client(server_url, email)


def codes(body: dict[str, Any]) -> set[str]:
    return {e.get("extensions", {}).get("code", "") for e in body.get("errors") or []}
