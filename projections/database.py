"""Connections to the read-model database, and Alembic upgrades.

The read models live next to the events (same SQLite file, or same PostgreSQL
schema): one URL configures everything.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

from alembic import command
from alembic.config import Config

ROOT = Path(__file__).resolve().parent.parent


def sqlalchemy_url(url: str) -> tuple[str, str | None]:
    """Our URL -> (SQLAlchemy URL, PostgreSQL schema or None)."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return url, None
    if parsed.scheme in ("postgres", "postgresql"):
        schema = parse_qs(parsed.query).get("schema", [None])[-1]
        base = parsed._replace(scheme="postgresql+psycopg", query="").geturl()
        return base, schema
    raise ValueError(f"read models need sqlite:/// or postgresql:// (got {url!r})")


def alembic_config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "projections" / "migrations"))
    config.attributes["url"] = url
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def behind(url: str) -> str | None:
    """Why the store's read-model tables are older than this code, or None.

    A store *ahead* of this code (a newer release migrated it, additively) is not behind:
    old processes keep running through an upgrade (`docs/operations.md`)."""
    current, newest = revisions(url)
    if current == newest:
        return None
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    script = ScriptDirectory.from_config(alembic_config(url))
    try:
        known = current is None or script.get_revision(current) is not None
    except CommandError:
        known = False
    return f"read-model migrations at {current}, this code needs {newest}" if known else None


def revisions(url: str) -> tuple[str | None, str | None]:
    """(the store's read-model revision, the newest this code knows): equal when migrated."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine

    newest = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    base, schema = sqlalchemy_url(url)
    engine = create_engine(base)
    try:
        with engine.connect() as conn:
            opts = {"version_table_schema": schema} if schema else {}
            current = MigrationContext.configure(conn, opts=opts).get_current_revision()
    finally:
        engine.dispose()
    return current, newest
