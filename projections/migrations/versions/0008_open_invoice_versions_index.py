"""Index the open invoice versions for aging as of a moment.

Aging the whole book as of a moment sums the versions alive then that still had money
open. Only those with `open <> 0` and not void can count, a minority of all versions,
so two partial indexes hold just them, by position and by time, with the columns the
sum needs (on PostgreSQL, INCLUDE makes it an index-only scan). At 1M events the
whole-book aging went from 26 ms (a scan of every version) to 6 ms by position and
11 ms by time, at the latest moment, where the most versions qualify.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OPEN = "open <> 0 AND voided = 0"  # as in `projections.history.aging`


def upgrade() -> None:
    for name, column, closes in (
        ("ix_invoice_history_open_from", "valid_from", "valid_to"),
        ("ix_invoice_history_open_from_at", "valid_from_at", "valid_to_at"),
    ):
        op.create_index(
            name,
            "invoice_history",
            [column],
            postgresql_include=[closes, "currency", "due_date", "open"],
            postgresql_where=sa.text(OPEN),
            sqlite_where=sa.text(OPEN),
        )


def downgrade() -> None:
    op.drop_index("ix_invoice_history_open_from_at", table_name="invoice_history")
    op.drop_index("ix_invoice_history_open_from", table_name="invoice_history")
