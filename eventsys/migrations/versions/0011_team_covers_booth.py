"""exhibitors.team_covers_booth: a startup's team covers its booth, so its members may meet during booth duty

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("exhibitors") as batch_op:
        batch_op.add_column(sa.Column("team_covers_booth", sa.Boolean(), server_default="0", nullable=False))


def downgrade():
    with op.batch_alter_table("exhibitors") as batch_op:
        batch_op.drop_column("team_covers_booth")
