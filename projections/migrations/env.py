"""Alembic environment: one URL convention for the CLI, the service and Alembic."""

from __future__ import annotations

import os
from typing import Any

from alembic import context
from sqlalchemy import Engine, create_engine, event, pool, text

from ledger.store import DEFAULT_URL
from projections.database import sqlalchemy_url

config = context.config
url = (
    config.attributes.get("url")
    or context.get_x_argument(as_dictionary=True).get("url")
    or os.environ.get("ARLEDGER_DATABASE_URL", DEFAULT_URL)
)
engine_url, schema = sqlalchemy_url(url)


def run_migrations_offline() -> None:
    context.configure(url=engine_url, literal_binds=True, version_table_schema=schema)
    with context.begin_transaction():
        context.run_migrations()


def sqlite_transactional_ddl(engine: Engine) -> None:
    """pysqlite commits before every CREATE TABLE; take over BEGIN so a migration is
    all-or-nothing (a crash half-way must not leave tables without alembic_version)."""

    @event.listens_for(engine, "connect")
    def no_autobegin(dbapi_connection: Any, _: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


def run_migrations_online() -> None:
    engine = create_engine(engine_url, poolclass=pool.NullPool)
    if engine.dialect.name == "sqlite":
        sqlite_transactional_ddl(engine)
    with engine.connect() as connection:
        if schema:
            connection.execute(text(f'SET search_path TO "{schema}"'))
            connection.commit()
        context.configure(
            connection=connection, version_table_schema=schema, transactional_ddl=True
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
