"""Read-model tables for invoices, companies, payments, queries, statements and history.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

from projections.migrations.tables import create_tables, drop_tables
from projections.schema import TABLES_V1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_tables(TABLES_V1)


def downgrade() -> None:
    drop_tables(TABLES_V1)
