"""Read models for bank statement matches and card payments (`projections.schema.TABLES_PAYMENTS`).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from projections.migrations.tables import create_tables, drop_tables
from projections.schema import TABLES_PAYMENTS

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_tables(TABLES_PAYMENTS)


def downgrade() -> None:
    drop_tables(TABLES_PAYMENTS)
