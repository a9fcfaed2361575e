"""slot proposals: one side proposes three slots of an accepted request, the other picks one or declines

Revision ID: 0021
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0015"
branch_labels = None
depends_on = None

_OLD_KINDS = (
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
_NEW_KINDS = (*_OLD_KINDS, "slots_proposed", "slots_declined")
_OPEN = sa.text("status = 'open'")


def _set_kinds(kinds) -> None:
    for table in ("notices", "notice_preferences"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_noticekind"), type_="check")
            batch_op.create_check_constraint(op.f(f"ck_{table}_noticekind"), sa.column("kind").in_(kinds))


def upgrade():
    _set_kinds(_NEW_KINDS)
    op.create_table(
        "slot_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("proposer_id", sa.Integer(), nullable=False),
        sa.Column("proposer_organization_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "picked",
                "declined",
                name="proposalstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("picked_position", sa.Integer(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status <> 'picked' OR picked_position IS NOT NULL", name=op.f("ck_slot_proposals_picked_has_slot")
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["users.id"], name=op.f("fk_slot_proposals_answered_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_slot_proposals_meeting_id_meetings"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["proposer_id"], ["users.id"], name=op.f("fk_slot_proposals_proposer_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["proposer_organization_id"],
            ["organizations.id"],
            name=op.f("fk_slot_proposals_proposer_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["meeting_requests.id"],
            name=op.f("fk_slot_proposals_request_id_meeting_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slot_proposals")),
    )
    op.create_index(
        "uq_slot_proposals_open_request",
        "slot_proposals",
        ["request_id"],
        unique=True,
        sqlite_where=_OPEN,
        postgresql_where=_OPEN,
    )
    op.create_table(
        "proposed_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("center_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("position BETWEEN 1 AND 3", name=op.f("ck_proposed_slots_at_most_three")),
        sa.ForeignKeyConstraint(
            ["center_id"], ["centers.id"], name=op.f("fk_proposed_slots_center_id_centers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["slot_proposals.id"],
            name=op.f("fk_proposed_slots_proposal_id_slot_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposed_slots")),
        sa.UniqueConstraint(
            "proposal_id", "center_id", "starts_at", name=op.f("uq_proposed_slots_proposal_id_center_id_starts_at")
        ),
        sa.UniqueConstraint("proposal_id", "position", name=op.f("uq_proposed_slots_proposal_id_position")),
    )


def downgrade():
    op.drop_table("proposed_slots")
    op.drop_index("uq_slot_proposals_open_request", table_name="slot_proposals")
    op.drop_table("slot_proposals")
    op.execute("DELETE FROM notices WHERE kind IN ('slots_proposed', 'slots_declined')")
    op.execute("DELETE FROM notice_preferences WHERE kind IN ('slots_proposed', 'slots_declined')")
    _set_kinds(_OLD_KINDS)
