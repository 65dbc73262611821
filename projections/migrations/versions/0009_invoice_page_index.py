"""Index a company's invoices in the order the API pages them.

`invoices` lists a company's invoices newest first (`ORDER BY issue_date DESC,
invoice_id DESC`, keyset cursors on the same pair). Without an index in that order
PostgreSQL read every invoice of the company and sorted them for each page: at 1M
events, 1.5 ms for a company of 237 invoices, growing with the company. Scanning this
index backwards reads just the page: 0.05 ms. Its upkeep is lost in the noise of a
rebuild (1M events: 107.5 s with it, 110 s without, same machine and day).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_invoices_company_id_issue_date", "invoices", ["company_id", "issue_date", "invoice_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_invoices_company_id_issue_date", table_name="invoices")
