"""booth badges included: booth_types.badges_included, the exhibitor badges a booked booth of the type includes
(NULL: as many as the company has members, as before), raised by extra badges and packages' badges

Revision ID: 0035
Revises: 0034
"""

import sqlalchemy as sa
from alembic import op

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("booth_types", schema=None) as batch_op:
        batch_op.add_column(sa.Column("badges_included", sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table("booth_types", schema=None) as batch_op:
        batch_op.drop_column("badges_included")
