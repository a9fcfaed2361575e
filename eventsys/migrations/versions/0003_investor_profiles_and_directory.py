"""investor profiles and directory

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


STAGES = ("pre_seed", "seed", "series_a", "series_b", "growth")
REGIONS = ("hokkaido_tohoku", "kanto", "chubu", "kansai", "chugoku_shikoku", "kyushu_okinawa", "overseas")
#: The text the directory searches; the PostgreSQL trigram index is on exactly this expression.
SEARCH_EXPRESSION = "lower(coalesce(name, '') || ' ' || coalesce(name_local, '') || ' ' || coalesce(description, ''))"


def upgrade():
    with op.batch_alter_table("organizations") as batch:
        batch.add_column(sa.Column("ticket_min", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("ticket_max", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("ticket_currency", _enum("currency", "JPY", "USD"), nullable=True))
        batch.add_column(sa.Column("is_listed", sa.Boolean(), server_default="1", nullable=False))
        batch.add_column(sa.Column("shows_ticket_size", sa.Boolean(), server_default="1", nullable=False))
        batch.add_column(sa.Column("verification_reason", sa.Text(), nullable=True))
        batch.add_column(sa.Column("verification_decided_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("verification_decided_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_organizations_verification_decided_by_id_users"),
            "users",
            ["verification_decided_by_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_check_constraint(
            op.f("ck_organizations_ticket_range_in_order"),
            "ticket_min IS NULL OR ticket_max IS NULL OR ticket_min <= ticket_max",
        )
        batch.create_check_constraint(
            op.f("ck_organizations_ticket_min_not_negative"), "ticket_min IS NULL OR ticket_min >= 0"
        )
    op.create_table(
        "organization_stages",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("stage", _enum("stage", *STAGES), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_stages_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_stages")),
        sa.UniqueConstraint("organization_id", "stage", name=op.f("uq_organization_stages_organization_id_stage")),
    )
    op.create_table(
        "organization_regions",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("region", _enum("region", *REGIONS), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_organization_regions_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization_regions")),
        sa.UniqueConstraint("organization_id", "region", name=op.f("uq_organization_regions_organization_id_region")),
    )
    op.create_table(
        "shortlist_entries",
        sa.Column("investor_id", sa.Integer(), nullable=False),
        sa.Column("startup_id", sa.Integer(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["added_by_id"], ["users.id"], name=op.f("fk_shortlist_entries_added_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["investor_id"],
            ["organizations.id"],
            name=op.f("fk_shortlist_entries_investor_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["startup_id"],
            ["organizations.id"],
            name=op.f("fk_shortlist_entries_startup_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shortlist_entries")),
        sa.UniqueConstraint("investor_id", "startup_id", name=op.f("uq_shortlist_entries_investor_id_startup_id")),
    )
    op.create_index(op.f("ix_shortlist_entries_investor_id"), "shortlist_entries", ["investor_id"])
    op.create_index(op.f("ix_shortlist_entries_startup_id"), "shortlist_entries", ["startup_id"])
    op.create_table(
        "team_invitations",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("role", _enum("memberrole", "owner", "member"), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=True),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["accepted_by_id"], ["users.id"], name=op.f("fk_team_invitations_accepted_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["invited_by_id"], ["users.id"], name=op.f("fk_team_invitations_invited_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_team_invitations_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_invitations")),
    )
    open_only = sa.text("accepted_at IS NULL AND revoked_at IS NULL")
    op.create_index(
        "uq_team_invitations_open",
        "team_invitations",
        ["organization_id", "email"],
        unique=True,
        sqlite_where=open_only,
        postgresql_where=open_only,
    )
    if op.get_bind().dialect.name == "postgresql":
        _create_trigram_index()


def _create_trigram_index():
    """Substring search (Japanese included) served by a trigram index, where the server has pg_trgm."""
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).scalar() is None:
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        f"CREATE INDEX ix_organizations_search_trgm ON organizations USING gin (({SEARCH_EXPRESSION}) gin_trgm_ops)"
    )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_organizations_search_trgm")
    op.drop_index("uq_team_invitations_open", table_name="team_invitations")
    op.drop_table("team_invitations")
    op.drop_index(op.f("ix_shortlist_entries_startup_id"), table_name="shortlist_entries")
    op.drop_index(op.f("ix_shortlist_entries_investor_id"), table_name="shortlist_entries")
    op.drop_table("shortlist_entries")
    op.drop_table("organization_regions")
    op.drop_table("organization_stages")
    with op.batch_alter_table("organizations") as batch:
        batch.drop_constraint(op.f("ck_organizations_currency"), type_="check")
        batch.drop_constraint(op.f("ck_organizations_ticket_min_not_negative"), type_="check")
        batch.drop_constraint(op.f("ck_organizations_ticket_range_in_order"), type_="check")
        batch.drop_constraint(op.f("fk_organizations_verification_decided_by_id_users"), type_="foreignkey")
        for column in (
            "verification_decided_by_id",
            "verification_decided_at",
            "verification_reason",
            "shows_ticket_size",
            "is_listed",
            "ticket_currency",
            "ticket_max",
            "ticket_min",
        ):
            batch.drop_column(column)
