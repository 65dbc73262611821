"""Read models for invoice delivery and reminders (`projections.schema.TABLES_DELIVERY`).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from projections.migrations.tables import create_tables, drop_tables
from projections.schema import TABLES_DELIVERY

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_tables(TABLES_DELIVERY)


def downgrade() -> None:
    drop_tables(TABLES_DELIVERY)
