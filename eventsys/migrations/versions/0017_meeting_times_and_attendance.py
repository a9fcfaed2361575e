"""meeting times and attendance: each person's own time zone; each side's attendance and outcome of a meeting

Revision ID: 0017
Revises: 0020
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0020"
branch_labels = None
depends_on = None

ATTENDANCE = ("took_place", "other_absent")
OUTCOMES = ("no_fit", "follow_up", "pilot", "investment_talks")


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("timezone", sa.String(length=64), nullable=True))
    with op.batch_alter_table("meeting_participants") as batch_op:
        batch_op.add_column(sa.Column("attendance", _enum(ATTENDANCE, "attendance"), nullable=True))
        batch_op.add_column(sa.Column("outcome", _enum(OUTCOMES, "meetingoutcome"), nullable=True))


def downgrade():
    with op.batch_alter_table("meeting_participants") as batch_op:
        batch_op.drop_constraint("meetingoutcome", type_="check")
        batch_op.drop_constraint("attendance", type_="check")
        batch_op.drop_column("outcome")
        batch_op.drop_column("attendance")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("timezone")
