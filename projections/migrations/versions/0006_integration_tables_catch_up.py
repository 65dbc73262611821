"""Create the integration tables where 0003-0005 ran while they were still empty.

Migrations 0003-0005 were on main for a while as placeholders, creating no
tables; a store migrated then is at 0005 without them. This creates whatever of
them is missing (a store migrated since has them all: nothing to do).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from projections.migrations.tables import create_outbox_position, create_tables
from projections.schema import TABLES_DELIVERY, TABLES_ERP, TABLES_PAYMENTS

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    present = set(sa.inspect(op.get_bind()).get_table_names())
    wanted = {**TABLES_ERP, **TABLES_DELIVERY, **TABLES_PAYMENTS}
    create_tables({name: table for name, table in wanted.items() if name not in present})
    if "outbox_position" not in present:
        create_outbox_position()


def downgrade() -> None:
    pass  # the tables belong to 0003-0005, which drop them
