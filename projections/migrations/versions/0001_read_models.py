"""Read-model tables for invoices, companies, payments, queries, statements and history.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from projections.schema import TABLES_V1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TYPES = {"text": sa.Text, "int": sa.BigInteger, "units": sa.BigInteger, "flag": sa.SmallInteger}


def upgrade() -> None:
    for name, table in TABLES_V1.items():
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


def downgrade() -> None:
    for name in reversed(list(TABLES_V1)):
        op.drop_table(name)
