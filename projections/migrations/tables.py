"""Create and drop read-model tables from their specification in `projections.schema`.

Migrations call these with the frozen constant they introduce, so the tables a
migration makes are exactly the ones the writer expects.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from projections.schema import Table

TYPES = {"text": sa.Text, "int": sa.BigInteger, "units": sa.BigInteger, "flag": sa.SmallInteger}


def create_tables(tables: dict[str, Table]) -> None:
    for name, table in tables.items():
        op.create_table(
            name,
            *(
                sa.Column(column, TYPES[kind](), nullable=column not in table.key)
                for column, kind in table.columns
            ),
            sa.PrimaryKeyConstraint(*table.key, name=f"{name}_pkey"),
        )
        for columns in table.indexes:
            op.create_index(f"ix_{name}_{'_'.join(columns)}", name, list(columns))


def drop_tables(tables: dict[str, Table]) -> None:
    for name in reversed(list(tables)):
        op.drop_table(name)


def create_outbox_position() -> None:
    """Where the outbox planner has read the log up to: not a view, never rebuilt."""
    op.create_table(
        "outbox_position",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="outbox_position_pkey"),
    )
