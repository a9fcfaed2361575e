"""notices: an inbox per person, delivery preferences per kind, and timed mails claimed once

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
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
)
DELIVERIES = ("at_once", "digest", "off")


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def upgrade():
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum(KINDS, "noticekind"), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=True),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("delivery", _enum(DELIVERIES, "delivery"), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("digested_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_notices_user_id_users"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["fair_id"], ["fairs.id"], name=op.f("fk_notices_fair_id_fairs"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["meeting_requests.id"],
            name=op.f("fk_notices_request_id_meeting_requests"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_notices_meeting_id_meetings"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
    )
    op.create_index("ix_notices_user_read", "notices", ["user_id", "read_at"])
    op.create_table(
        "notice_preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum(KINDS, "noticekind"), nullable=False),
        sa.Column("delivery", _enum(DELIVERIES, "delivery"), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notice_preferences_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice_preferences")),
        sa.UniqueConstraint("user_id", "kind", name=op.f("uq_notice_preferences_user_id_kind")),
    )
    op.create_table(
        "timed_mails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=40), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_timed_mails_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timed_mails")),
        sa.UniqueConstraint("kind", "user_id", "subject", name=op.f("uq_timed_mails_kind_user_id_subject")),
    )


def downgrade():
    op.drop_table("timed_mails")
    op.drop_table("notice_preferences")
    op.drop_index("ix_notices_user_read", table_name="notices")
    op.drop_table("notices")
