"""The web app's sign-in and session tables come from the migrations (0011), on both
stores, like every other table; a store where the app had created them on first use
(before 0011) upgrades keeping its sessions."""

from __future__ import annotations

import asyncio
from typing import Any

from graphql_api import db
from graphql_api.portal.sessions import Sessions
from projections import database

OLD_DDL = (  # what `sessions.py` ran on first use before 0011
    "CREATE TABLE IF NOT EXISTS web_signin_links (token_hash TEXT PRIMARY KEY, "
    "email TEXT NOT NULL, expires_at BIGINT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS web_sessions (session_hash TEXT PRIMARY KEY, "
    "email TEXT NOT NULL, csrf TEXT NOT NULL, expires_at BIGINT NOT NULL)",
)


def on_reader(url: str, work: Any) -> Any:
    async def run() -> Any:
        reader = await db.connect(url)
        try:
            return await work(reader)
        finally:
            await reader.close()

    return asyncio.run(run())


def test_a_migrated_store_has_both_tables_before_anyone_signs_in(store_url: str) -> None:
    database.upgrade(store_url)

    async def count(reader: db.Reader) -> list[Any]:
        return [
            (await reader.fetch(f"SELECT COUNT(*) AS n FROM {table}"))[0]["n"]
            for table in ("web_signin_links", "web_sessions")
        ]

    assert on_reader(store_url, count) == [0, 0]


def test_sessions_work_on_a_migrated_store_and_downgrade_drops_the_tables(
    store_url: str,
) -> None:
    database.upgrade(store_url)

    async def sign_in(reader: db.Reader) -> Any:
        sessions = Sessions(lambda: reader)
        email = await sessions.use_link(await sessions.new_link("alice@acme.example"))
        session, csrf = await sessions.open(str(email))
        return await sessions.find(session), csrf

    found, csrf = on_reader(store_url, sign_in)
    assert found == ("alice@acme.example", csrf)
    database.downgrade(store_url, "0010")

    async def tables(reader: db.Reader) -> Any:
        return await reader.fetch("SELECT * FROM web_sessions")

    try:
        on_reader(store_url, tables)
    except Exception as error:  # no such table, in either dialect's words
        assert "web_sessions" in str(error)
    else:
        raise AssertionError("web_sessions survived the downgrade to 0010")


def test_a_store_whose_app_created_the_tables_upgrades_keeping_its_sessions(
    store_url: str,
) -> None:
    database.upgrade(store_url, "0010")

    async def old_app(reader: db.Reader) -> Any:
        for statement in OLD_DDL:
            await reader.fetch(statement)
        sessions = Sessions(lambda: reader)
        return await sessions.open("alice@acme.example")

    session, csrf = on_reader(store_url, old_app)
    database.upgrade(store_url)
    current, newest = database.revisions(store_url)
    assert current == newest and current is not None and current >= "0011"

    async def find(reader: db.Reader) -> Any:
        return await Sessions(lambda: reader).find(session)

    assert on_reader(store_url, find) == ("alice@acme.example", csrf)
