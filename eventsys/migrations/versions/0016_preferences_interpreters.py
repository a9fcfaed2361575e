"""must-meet preferences, meeting languages, interpreters of centers, answers to provisional schedules

Revision ID: 0016
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0014"
branch_labels = None
depends_on = None

LEVELS = ("must_meet", "would_like", "no_thanks")
INTERPRETED = sa.text("status <> 'cancelled' AND interpreter_id IS NOT NULL")


def _timestamps():
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False),
    ]


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("meeting_languages", sa.JSON(), server_default="[]", nullable=False))
    op.create_table(
        "interpreters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("center_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("languages", sa.JSON(), nullable=False),
        sa.Column("days", sa.JSON(), nullable=False),
        sa.Column("starts_at", sa.Time(), nullable=False),
        sa.Column("ends_at", sa.Time(), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_interpreters_hours_in_order")),
        sa.ForeignKeyConstraint(
            ["center_id"], ["centers.id"], name=op.f("fk_interpreters_center_id_centers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interpreters")),
        sa.UniqueConstraint("center_id", "name", name=op.f("uq_interpreters_center_id_name")),
    )
    op.create_index(op.f("ix_interpreters_center_id"), "interpreters", ["center_id"])
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.add_column(sa.Column("interpreter_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_meetings_interpreter_id_interpreters"),
            "interpreters",
            ["interpreter_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_index(
        "uq_meetings_interpreter_slot",
        "meetings",
        ["interpreter_id", "starts_at"],
        unique=True,
        sqlite_where=INTERPRETED,
        postgresql_where=INTERPRETED,
    )
    op.create_table(
        "meeting_preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("counterpart_id", sa.Integer(), nullable=False),
        sa.Column(
            "level",
            sa.Enum(*LEVELS, name="preferencelevel", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        *_timestamps(),
        sa.CheckConstraint("organization_id <> counterpart_id", name=op.f("ck_meeting_preferences_two_sides")),
        sa.ForeignKeyConstraint(
            ["fair_id"], ["fairs.id"], name=op.f("fk_meeting_preferences_fair_id_fairs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_meeting_preferences_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["counterpart_id"],
            ["organizations.id"],
            name=op.f("fk_meeting_preferences_counterpart_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"], ["users.id"], name=op.f("fk_meeting_preferences_set_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_preferences")),
        sa.UniqueConstraint(
            "fair_id",
            "organization_id",
            "counterpart_id",
            name=op.f("uq_meeting_preferences_fair_id_organization_id_counterpart_id"),
        ),
    )
    op.create_index(op.f("ix_meeting_preferences_fair_id"), "meeting_preferences", ["fair_id"])
    with op.batch_alter_table("schedule_runs") as batch_op:
        batch_op.add_column(sa.Column("answers_due_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "schedule_slot_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("released", sa.Boolean(), server_default="0", nullable=False),
        *_timestamps(),
        sa.ForeignKeyConstraint(
            ["run_id"], ["schedule_runs.id"], name=op.f("fk_schedule_slot_answers_run_id_schedule_runs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["meeting_requests.id"],
            name=op.f("fk_schedule_slot_answers_request_id_meeting_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_schedule_slot_answers_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_slot_answers")),
        sa.UniqueConstraint(
            "run_id", "request_id", "user_id", name=op.f("uq_schedule_slot_answers_run_id_request_id_user_id")
        ),
    )
    op.create_index(op.f("ix_schedule_slot_answers_run_id"), "schedule_slot_answers", ["run_id"])


def downgrade():
    op.drop_index(op.f("ix_schedule_slot_answers_run_id"), table_name="schedule_slot_answers")
    op.drop_table("schedule_slot_answers")
    with op.batch_alter_table("schedule_runs") as batch_op:
        batch_op.drop_column("answers_due_at")
    op.drop_index(op.f("ix_meeting_preferences_fair_id"), table_name="meeting_preferences")
    op.drop_table("meeting_preferences")
    op.drop_index("uq_meetings_interpreter_slot", table_name="meetings")
    with op.batch_alter_table("meetings") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_meetings_interpreter_id_interpreters"), type_="foreignkey")
        batch_op.drop_column("interpreter_id")
    op.drop_index(op.f("ix_interpreters_center_id"), table_name="interpreters")
    op.drop_table("interpreters")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("meeting_languages")
