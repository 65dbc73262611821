"""Leave room in the pages of the tables a catch-up updates over and over (PostgreSQL).

An invoice, order line or company row is rewritten by many events. With full pages
(the default fillfactor 100) each rewrite lands on another page and must add an
entry to every index of the table; with free room on the page PostgreSQL updates
in place ("HOT") and leaves the indexes alone. SQLite has no such setting.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

REWRITTEN = (
    "invoices",
    "invoice_lines",
    "orders",
    "order_lines",
    "companies",
    "payments",
    "allocations",
    "queries",
    "dispatches",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in REWRITTEN:
            op.execute(f"ALTER TABLE {table} SET (fillfactor = 70)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in REWRITTEN:
            op.execute(f"ALTER TABLE {table} RESET (fillfactor)")
