"""The web app's sign-in links and sessions (`graphql_api/portal/sessions.py`).

Only SHA-256 hashes of the tokens are stored, with the e-mail and an expiry (Unix
seconds). Neither table is a view: a rebuild of the read models leaves them alone,
so nobody is signed out by one. Before this revision the app created both tables on
first use (`CREATE TABLE IF NOT EXISTS`); a store where it did keeps them as they are
(same columns), so the upgrade creates only what is missing.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "web_signin_links" not in existing:
        op.create_table(
            "web_signin_links",
            sa.Column("token_hash", sa.Text(), nullable=False),
            sa.Column("email", sa.Text(), nullable=False),
            sa.Column("expires_at", sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint("token_hash", name="web_signin_links_pkey"),
        )
    if "web_sessions" not in existing:
        op.create_table(
            "web_sessions",
            sa.Column("session_hash", sa.Text(), nullable=False),
            sa.Column("email", sa.Text(), nullable=False),
            sa.Column("csrf", sa.Text(), nullable=False),
            sa.Column("expires_at", sa.BigInteger(), nullable=False),
            sa.PrimaryKeyConstraint("session_hash", name="web_sessions_pkey"),
        )


def downgrade() -> None:
    op.drop_table("web_sessions")
    op.drop_table("web_signin_links")
