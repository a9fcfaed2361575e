"""booth booking: exhibitor approval, waitlists, booth applications, booking source

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "exhibitors",
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "applied",
                "approved",
                "rejected",
                name="exhibitorstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_exhibitors_decided_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["fair_id"], ["fairs.id"], name=op.f("fk_exhibitors_fair_id_fairs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_exhibitors_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exhibitors")),
        sa.UniqueConstraint("fair_id", "organization_id", name=op.f("uq_exhibitors_fair_id_organization_id")),
    )
    with op.batch_alter_table("exhibitors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exhibitors_organization_id"), ["organization_id"], unique=False)

    op.create_table(
        "booth_applications",
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("booth_type_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "submitted",
                "allocated",
                "unallocated",
                "withdrawn",
                name="applicationstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("submitted_by_id", sa.Integer(), nullable=True),
        sa.Column("allocated_rank", sa.SmallInteger(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booth_type_id"], ["booth_types.id"], name=op.f("fk_booth_applications_booth_type_id_booth_types")
        ),
        sa.ForeignKeyConstraint(
            ["fair_id"], ["fairs.id"], name=op.f("fk_booth_applications_fair_id_fairs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_booth_applications_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"],
            ["users.id"],
            name=op.f("fk_booth_applications_submitted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booth_applications")),
        sa.UniqueConstraint("fair_id", "organization_id", name=op.f("uq_booth_applications_fair_id_organization_id")),
    )
    op.create_table(
        "booth_choices",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.SmallInteger(), nullable=False),
        sa.Column("booth_id", sa.Integer(), nullable=True),
        sa.Column("sector_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.CheckConstraint("(booth_id IS NULL) <> (sector_id IS NULL)", name=op.f("ck_booth_choices_booth_or_zone")),
        sa.CheckConstraint("rank BETWEEN 1 AND 3", name=op.f("ck_booth_choices_rank_range")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["booth_applications.id"],
            name=op.f("fk_booth_choices_application_id_booth_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["booth_id"], ["booths.id"], name=op.f("fk_booth_choices_booth_id_booths"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["sector_id"], ["sectors.id"], name=op.f("fk_booth_choices_sector_id_sectors"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booth_choices")),
        sa.UniqueConstraint("application_id", "rank", name=op.f("uq_booth_choices_application_id_rank")),
    )
    op.create_table(
        "waitlist_entries",
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("booth_type_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "waiting",
                "offered",
                "left",
                name="waitliststatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("booking_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["booth_bookings.id"],
            name=op.f("fk_waitlist_entries_booking_id_booth_bookings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["booth_type_id"],
            ["booth_types.id"],
            name=op.f("fk_waitlist_entries_booth_type_id_booth_types"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["fair_id"], ["fairs.id"], name=op.f("fk_waitlist_entries_fair_id_fairs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_waitlist_entries_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_entries")),
    )
    with op.batch_alter_table("waitlist_entries", schema=None) as batch_op:
        batch_op.create_index("ix_waitlist_entries_queue", ["booth_type_id", "status", "created_at"], unique=False)
        batch_op.create_index(
            "uq_waitlist_entries_waiting",
            ["booth_type_id", "organization_id"],
            unique=True,
            sqlite_where=sa.text("status = 'waiting'"),
            postgresql_where=sa.text("status = 'waiting'"),
        )

    with op.batch_alter_table("booth_bookings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "source",
                sa.Enum(
                    "floor_plan",
                    "waitlist",
                    "allocation",
                    "organizer",
                    name="bookingsource",
                    native_enum=False,
                    create_constraint=True,
                    length=32,
                ),
                server_default="floor_plan",
                nullable=False,
            )
        )


def downgrade():
    with op.batch_alter_table("booth_bookings", schema=None) as batch_op:
        # SQLite's batch copy keeps the enum's CHECK, which names the column: drop it first.
        batch_op.drop_constraint(batch_op.f("ck_booth_bookings_bookingsource"), type_="check")
        batch_op.drop_column("source")

    with op.batch_alter_table("waitlist_entries", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_waitlist_entries_waiting",
            sqlite_where=sa.text("status = 'waiting'"),
            postgresql_where=sa.text("status = 'waiting'"),
        )
        batch_op.drop_index("ix_waitlist_entries_queue")

    op.drop_table("waitlist_entries")
    op.drop_table("booth_choices")
    op.drop_table("booth_applications")
    with op.batch_alter_table("exhibitors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exhibitors_organization_id"))

    op.drop_table("exhibitors")
