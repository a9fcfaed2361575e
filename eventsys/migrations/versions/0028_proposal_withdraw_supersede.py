"""slot proposals can be withdrawn by the proposer or superseded by a meeting booked another way; a meeting comes
of at most one proposal, and only a picked proposal holds a picked position

Revision ID: 0028
Revises: 0031
"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0031"
branch_labels = None
depends_on = None

KINDS = (
    "request_received",
    "request_accepted",
    "request_declined",
    "request_withdrawn",
    "request_expiring",
    "availability_needed",
    "meeting_booked",
    "meeting_rescheduled",
    "meeting_cancelled",
    "schedule_provisional",
    "slots_proposed",
    "slots_declined",
    "meeting_reminder",
    "daily_agenda",
)
STATUSES = ("open", "picked", "declined")
NEW_STATUSES = ("withdrawn", "superseded")
HAS_MEETING = sa.text("meeting_id IS NOT NULL")


def _set_kinds(values):
    for table in ("notices", "notice_preferences"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint("noticekind", type_="check")
            batch_op.create_check_constraint("noticekind", sa.column("kind").in_(values))


def _set_statuses(values):
    with op.batch_alter_table("slot_proposals") as batch_op:
        batch_op.drop_constraint("proposalstatus", type_="check")
        batch_op.create_check_constraint("proposalstatus", sa.column("status").in_(values))


def upgrade():
    _set_kinds((*KINDS, "slots_withdrawn"))
    _set_statuses((*STATUSES, *NEW_STATUSES))
    with op.batch_alter_table("slot_proposals") as batch_op:
        batch_op.create_check_constraint("position_only_when_picked", "status = 'picked' OR picked_position IS NULL")
    op.create_index(
        "uq_slot_proposals_meeting",
        "slot_proposals",
        ["meeting_id"],
        unique=True,
        sqlite_where=HAS_MEETING,
        postgresql_where=HAS_MEETING,
    )


def downgrade():
    op.drop_index("uq_slot_proposals_meeting", table_name="slot_proposals")
    # The earlier schema knows neither ending: a withdrawn or superseded proposal reads as declined there.
    op.execute(sa.text("UPDATE slot_proposals SET status = 'declined' WHERE status IN ('withdrawn', 'superseded')"))
    with op.batch_alter_table("slot_proposals") as batch_op:
        batch_op.drop_constraint("position_only_when_picked", type_="check")
    _set_statuses(STATUSES)
    op.execute(sa.text("DELETE FROM notices WHERE kind = 'slots_withdrawn'"))
    op.execute(sa.text("DELETE FROM notice_preferences WHERE kind = 'slots_withdrawn'"))
    _set_kinds(KINDS)
