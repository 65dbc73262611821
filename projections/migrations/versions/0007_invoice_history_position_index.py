"""Index invoice versions by log position alone.

Aging as of a log position first finds the date of that moment: the time of the
last invoice change at or before it. Without this index that lookup read every
earlier version (at 1M events, as long as the aging itself).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_invoice_history_valid_from", "invoice_history", ["valid_from"])


def downgrade() -> None:
    op.drop_index("ix_invoice_history_valid_from", table_name="invoice_history")
