"""Read models for invoice delivery and reminders (`projections.schema.TABLES_DELIVERY`).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

from projections.migrations.tables import create_outbox_position, create_tables, drop_tables
from projections.schema import TABLES_DELIVERY

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_tables(TABLES_DELIVERY)
    # Where the outbox planner has read the event log up to. Not a view: a rebuild of
    # the read models must not send every invoice again, so it lives apart from them.
    create_outbox_position()


def downgrade() -> None:
    op.drop_table("outbox_position")
    drop_tables(TABLES_DELIVERY)
