"""Leaders' epochs and the outbox's claims: how a stale leader is fenced out.

Each job (`projections`, `outbox`) has one leader at a time, holding a PostgreSQL
advisory lock (`adapters.leadership`). A new leader bumps its job's epoch in
`leader_epochs`; the outbox claims each attempt of a dispatch in `dispatch_claims`
with its epoch, in one statement that also checks the epoch is still the current
one. A leader that lost its lock without noticing (a partition) holds an old epoch:
its claims fail, so it sends nothing more. Neither table is a view: a rebuild of the
read models leaves them alone.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leader_epochs",
        sa.Column("job", sa.Text(), nullable=False),
        sa.Column("epoch", sa.BigInteger(), nullable=False),
        sa.Column("holder", sa.Text(), nullable=False),
        sa.Column("since", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("job", name="leader_epochs_pkey"),
    )
    op.create_table(
        "dispatch_claims",
        sa.Column("dispatch_id", sa.Text(), nullable=False),
        sa.Column("attempt", sa.BigInteger(), nullable=False),
        sa.Column("claimed_epoch", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("dispatch_id", "attempt", name="dispatch_claims_pkey"),
    )


def downgrade() -> None:
    op.drop_table("dispatch_claims")
    op.drop_table("leader_epochs")
