"""timed notices: meeting reminders and the daily agenda in the inbox, each notice tied to the one claim it came of

Revision ID: 0023
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
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
    "slots_proposed",  # 0021
    "slots_declined",
)
TIMED = ("meeting_reminder", "daily_agenda")
TABLES = ("notices", "notice_preferences")


def _set_kinds(values):
    """The CHECK of both tables' kind column (named by the convention: ck_<table>_noticekind) allows `values`."""
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint("noticekind", type_="check")
            batch_op.create_check_constraint("noticekind", sa.column("kind").in_(values))


def upgrade():
    _set_kinds(KINDS + TIMED)
    with op.batch_alter_table("notices") as batch_op:
        batch_op.add_column(sa.Column("timed_mail_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_notices_timed_mail_id_timed_mails"), "timed_mails", ["timed_mail_id"], ["id"], ondelete="CASCADE"
        )
        batch_op.create_unique_constraint(batch_op.f("uq_notices_timed_mail_id"), ["timed_mail_id"])


def downgrade():
    op.execute(sa.text("DELETE FROM notices WHERE kind IN ('meeting_reminder', 'daily_agenda')"))
    op.execute(sa.text("DELETE FROM notice_preferences WHERE kind IN ('meeting_reminder', 'daily_agenda')"))
    with op.batch_alter_table("notices") as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_notices_timed_mail_id"), type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_notices_timed_mail_id_timed_mails"), type_="foreignkey")
        batch_op.drop_column("timed_mail_id")
    _set_kinds(KINDS)
