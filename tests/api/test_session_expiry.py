"""Sign-in links and sessions die on time (`graphql_api.sessions`, on SQLite, a fake clock)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from graphql_api.db import SQLiteReader
from graphql_api.portal.sessions import Sessions
from projections import database


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def sessions(tmp_path: Path) -> tuple[Sessions, Clock]:
    database.upgrade(f"sqlite:///{tmp_path / 's.db'}")  # the tables come from 0011
    reader = SQLiteReader(str(tmp_path / "s.db"))
    clock = Clock()
    return Sessions(lambda: reader, clock), clock


def test_a_link_used_after_fifteen_minutes_signs_nobody_in(
    sessions: tuple[Sessions, Clock],
) -> None:
    store, clock = sessions

    async def run() -> None:
        token = await store.new_link("alice@acme.example")
        clock.now += 15 * 60 + 1
        assert await store.use_link(token) is None

    asyncio.run(run())


def test_a_link_works_once_within_its_time(sessions: tuple[Sessions, Clock]) -> None:
    store, clock = sessions

    async def run() -> None:
        token = await store.new_link("alice@acme.example")
        clock.now += 14 * 60
        assert await store.use_link(token) == "alice@acme.example"
        assert await store.use_link(token) is None

    asyncio.run(run())


def test_a_session_ends_after_the_configured_hours(
    sessions: tuple[Sessions, Clock], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, clock = sessions
    monkeypatch.setenv("ARLEDGER_SESSION_HOURS", "2")

    async def run() -> None:
        session, csrf = await store.open("ar@seller.example")
        clock.now += 2 * 3600 - 5
        assert await store.find(session) == ("ar@seller.example", csrf)
        clock.now += 10
        assert await store.find(session) is None

    asyncio.run(run())


def test_only_hashes_are_stored(sessions: tuple[Sessions, Clock]) -> None:
    store, _ = sessions

    async def run() -> None:
        token = await store.new_link("alice@acme.example")
        session, _csrf = await store.open("alice@acme.example")
        rows = await store.run("SELECT token_hash AS h FROM web_signin_links")
        rows += await store.run("SELECT session_hash AS h FROM web_sessions")
        assert token not in {r["h"] for r in rows} and session not in {r["h"] for r in rows}

    asyncio.run(run())
