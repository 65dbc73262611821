"""Read models for ERP import exceptions (`projections.schema.TABLES_ERP`).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from projections.migrations.tables import create_tables, drop_tables
from projections.schema import TABLES_ERP

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_tables(TABLES_ERP)


def downgrade() -> None:
    drop_tables(TABLES_ERP)
