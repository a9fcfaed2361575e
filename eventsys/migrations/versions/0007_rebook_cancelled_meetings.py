"""a cancelled meeting no longer blocks its request: one live meeting per request

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_LIVE = sa.text("status <> 'cancelled'")


def upgrade():
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_constraint("uq_meetings_request_id", type_="unique")
        batch_op.create_index(
            "uq_meetings_live_request", ["request_id"], unique=True, sqlite_where=_LIVE, postgresql_where=_LIVE
        )


def downgrade():
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index("uq_meetings_live_request", sqlite_where=_LIVE, postgresql_where=_LIVE)
        batch_op.create_unique_constraint("uq_meetings_request_id", ["request_id"])
