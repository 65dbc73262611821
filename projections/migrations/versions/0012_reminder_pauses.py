"""Read model of reminder pauses (`projections.schema.TABLES_REMINDERS`).

A view like the others: a rebuild replays the `ReminderPause` events into it.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from projections.migrations.tables import create_tables, drop_tables
from projections.schema import TABLES_REMINDERS

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_tables(TABLES_REMINDERS)


def downgrade() -> None:
    drop_tables(TABLES_REMINDERS)
