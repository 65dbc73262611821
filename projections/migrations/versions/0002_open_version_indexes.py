"""Index the open (current) history version of each invoice and company.

Every change closes the entity's open version (`valid_to IS NULL`); without this
index that update walks every past version of a busy company.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OPEN_VERSIONS = (("invoice_history", "invoice_id"), ("company_history", "company_id"))


def upgrade() -> None:
    for table, column in OPEN_VERSIONS:
        op.create_index(
            f"ix_{table}_open",
            table,
            [column],
            unique=True,
            postgresql_where=sa.text("valid_to IS NULL"),
            sqlite_where=sa.text("valid_to IS NULL"),
        )


def downgrade() -> None:
    for table, _ in OPEN_VERSIONS:
        op.drop_index(f"ix_{table}_open", table_name=table)
