"""a person in no two overlapping meetings: meeting_participants.ends_at with an exclusion constraint (PostgreSQL)
or triggers (SQLite); users.online_meeting_url, the link of a person who meets online

Revision ID: 0029
Revises: 0027
"""

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0027"
branch_labels = None
depends_on = None

EXCLUSION = "ex_meeting_participants_person_overlap"
#: A live row of the same person whose times overlap NEW's (SQLite compares the stored UTC texts).
OVERLAP = (
    "SELECT RAISE(ABORT, 'a person is in two meetings that overlap') WHERE EXISTS ("
    "SELECT 1 FROM meeting_participants AS other WHERE other.user_id = NEW.user_id AND other.is_active"
    " AND other.id IS NOT NEW.id AND other.starts_at < NEW.ends_at AND other.ends_at > NEW.starts_at)"
)
TRIGGERS = {
    "tr_meeting_participants_no_overlap_insert": "BEFORE INSERT ON meeting_participants",
    "tr_meeting_participants_no_overlap_update": (
        "BEFORE UPDATE OF user_id, starts_at, ends_at, is_active ON meeting_participants"
    ),
}


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("online_meeting_url", sa.String(length=500), nullable=True))
    with op.batch_alter_table("meeting_participants") as batch_op:
        batch_op.add_column(sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True))
    meetings = sa.table("meetings", sa.column("id"), sa.column("ends_at"))
    participants = sa.table("meeting_participants", sa.column("meeting_id"), sa.column("ends_at"))
    end = sa.select(meetings.c.ends_at).where(meetings.c.id == participants.c.meeting_id).scalar_subquery()
    op.execute(participants.update().values(ends_at=end))
    with op.batch_alter_table("meeting_participants") as batch_op:
        batch_op.alter_column("ends_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.create_check_constraint(op.f("ck_meeting_participants_times_in_order"), "ends_at > starts_at")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            f"ALTER TABLE meeting_participants ADD CONSTRAINT {EXCLUSION} EXCLUDE USING gist"
            " (user_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (is_active)"
        )
    else:
        for name, when in TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {when} WHEN NEW.is_active BEGIN {OVERLAP}; END")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE meeting_participants DROP CONSTRAINT {EXCLUSION}")
    else:
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    with op.batch_alter_table("meeting_participants") as batch_op:
        batch_op.drop_constraint(op.f("ck_meeting_participants_times_in_order"), type_="check")
        batch_op.drop_column("ends_at")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("online_meeting_url")
