"""online meetings: a meeting in person (in a room) or online (at a video link, no room); the fair's online window

Revision ID: 0022
Revises: 0024
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0024"
branch_labels = None
depends_on = None

MODES = ("in_person", "online")
ROOM_OR_LINK = (
    "(mode = 'online' AND video_url IS NOT NULL AND room_id IS NULL)"
    " OR (mode = 'in_person' AND room_id IS NOT NULL AND video_url IS NULL)"
)
ONLINE_WINDOW = (
    "(online_from IS NULL AND online_opens_at IS NULL AND online_closes_at IS NULL)"
    " OR (online_from IS NOT NULL AND online_opens_at IS NOT NULL AND online_closes_at IS NOT NULL"
    " AND online_from <= ends_on AND online_closes_at > online_opens_at)"
)


def upgrade():
    with op.batch_alter_table("fairs") as batch_op:
        batch_op.add_column(sa.Column("online_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("online_opens_at", sa.Time(), nullable=True))
        batch_op.add_column(sa.Column("online_closes_at", sa.Time(), nullable=True))
        batch_op.create_check_constraint(op.f("ck_fairs_online_window"), ONLINE_WINDOW)
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.add_column(
            sa.Column(
                "mode",
                sa.Enum(*MODES, name="meetingmode", native_enum=False, create_constraint=True, length=32),
                server_default="in_person",
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("video_url", sa.String(length=500), nullable=True))
        batch_op.alter_column("room_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_check_constraint(op.f("ck_meetings_room_or_link"), ROOM_OR_LINK)


def downgrade():
    # Online meetings have no room, which the older schema requires: they go, with their participants.
    online = sa.select(sa.table("meetings", sa.column("id"), sa.column("mode")).c.id).where(sa.column("mode") == "online")
    op.execute(sa.table("meeting_participants", sa.column("meeting_id")).delete().where(sa.column("meeting_id").in_(online)))
    op.execute(sa.table("meetings", sa.column("mode")).delete().where(sa.column("mode") == "online"))
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.drop_constraint(op.f("ck_meetings_room_or_link"), type_="check")
        batch_op.drop_constraint("meetingmode", type_="check")
        batch_op.alter_column("room_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("video_url")
        batch_op.drop_column("mode")
    with op.batch_alter_table("fairs") as batch_op:
        batch_op.drop_constraint(op.f("ck_fairs_online_window"), type_="check")
        batch_op.drop_column("online_closes_at")
        batch_op.drop_column("online_opens_at")
        batch_op.drop_column("online_from")
