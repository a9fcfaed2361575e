"""offline check-in desks and lead scanning: a signing key per fair, day and zone badges, one entry per badge,
desk scans; lead scanning per fair, consents, exhibitors' questions and leads

Revision ID: 0020
Revises: 0016
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

revision = "0020"
down_revision = "0016"
branch_labels = None
depends_on = None

_FIRST = sa.text("duplicate_of_id IS NULL")
# Repeated scans recorded before this revision point to the badge's first check-in, so the unique index holds.
_FIRST_OF_BADGE = (
    "(SELECT first.id FROM check_ins AS first WHERE first.badge_id = check_ins.badge_id"
    " ORDER BY first.checked_in_at, first.id LIMIT 1)"
)


def upgrade():
    op.create_table(
        "badge_signing_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("private_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("public_key", sa.LargeBinary(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["fair_id"], ["fairs.id"], name="fk_badge_signing_keys_fair_id_fairs", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_badge_signing_keys"),
        sa.UniqueConstraint("fair_id", name="uq_badge_signing_keys_fair_id"),
    )
    _key_every_fair()
    with op.batch_alter_table("badges") as batch_op:
        batch_op.add_column(sa.Column("valid_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("zones", sa.String(length=200), nullable=True))
    with op.batch_alter_table("check_ins") as batch_op:
        batch_op.add_column(sa.Column("duplicate_of_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("override_reason", sa.String(length=300), nullable=True))
        batch_op.create_foreign_key(
            "fk_check_ins_duplicate_of_id_check_ins", "check_ins", ["duplicate_of_id"], ["id"], ondelete="CASCADE"
        )
    op.execute(f"UPDATE check_ins SET duplicate_of_id = {_FIRST_OF_BADGE} WHERE id <> {_FIRST_OF_BADGE}")
    op.create_index(
        "uq_check_ins_first", "check_ins", ["badge_id"], unique=True, sqlite_where=_FIRST, postgresql_where=_FIRST
    )
    op.create_table(
        "desk_scans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("desk_id", sa.String(length=64), nullable=False),
        sa.Column("gate", sa.String(length=40), nullable=False),
        sa.Column("client_scan_id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=200), nullable=False),
        sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("message", sa.String(length=300), server_default="", nullable=False),
        sa.Column("badge_id", sa.Integer(), nullable=True),
        sa.Column("check_in_id", sa.Integer(), nullable=True),
        sa.Column("scanned_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["badge_id"], ["badges.id"], name="fk_desk_scans_badge_id_badges", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["check_in_id"], ["check_ins.id"], name="fk_desk_scans_check_in_id_check_ins", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["fair_id"], ["fairs.id"], name="fk_desk_scans_fair_id_fairs", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["scanned_by_id"], ["users.id"], name="fk_desk_scans_scanned_by_id_users", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_desk_scans"),
        sa.UniqueConstraint("fair_id", "client_scan_id", name="uq_desk_scans_fair_id_client_scan_id"),
    )

    _lead_tables()


def _fk(table, column, target, ondelete="CASCADE"):
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete=ondelete
    )


def _lead_tables():
    op.create_table(
        "lead_scanning",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("enabled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("enabled_by_id", sa.Integer(), nullable=True),
        _fk("lead_scanning", "fair_id", "fairs"),
        _fk("lead_scanning", "enabled_by_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_lead_scanning"),
        sa.UniqueConstraint("fair_id", name="uq_lead_scanning_fair_id"),
    )
    op.create_table(
        "lead_consents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("badge_id", sa.Integer(), nullable=True),
        sa.Column("shares", sa.Boolean(), nullable=False),
        sa.Column("wording", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        _fk("lead_consents", "user_id", "users"),
        _fk("lead_consents", "badge_id", "badges"),
        sa.PrimaryKeyConstraint("id", name="pk_lead_consents"),
    )
    op.create_index("ix_lead_consents_user", "lead_consents", ["user_id", "recorded_at"])
    op.create_index("ix_lead_consents_badge", "lead_consents", ["badge_id", "recorded_at"])
    op.create_table(
        "lead_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.SmallInteger(), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        _fk("lead_questions", "fair_id", "fairs"),
        _fk("lead_questions", "organization_id", "organizations"),
        sa.PrimaryKeyConstraint("id", name="pk_lead_questions"),
        sa.UniqueConstraint("fair_id", "organization_id", "position", name="uq_lead_questions_fair_id_organization_id_position"),
    )
    op.create_table(
        "leads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("badge_id", sa.Integer(), nullable=False),
        sa.Column("scanned_by_id", sa.Integer(), nullable=True),
        sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("client_scan_id", sa.String(length=64), nullable=False),
        sa.Column("rating", sa.SmallInteger(), nullable=True),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        _fk("leads", "fair_id", "fairs"),
        _fk("leads", "organization_id", "organizations"),
        _fk("leads", "badge_id", "badges"),
        _fk("leads", "scanned_by_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_leads"),
        sa.UniqueConstraint("fair_id", "organization_id", "badge_id", name="uq_leads_fair_id_organization_id_badge_id"),
    )
    op.create_index("ix_leads_organization_id", "leads", ["organization_id"])


def _key_every_fair():
    """A key pair for each fair there is, so that its badges printed from now on carry signed codes."""
    connection = op.get_bind()
    keys = sa.table(
        "badge_signing_keys",
        sa.column("fair_id", sa.Integer),
        sa.column("private_key", sa.LargeBinary),
        sa.column("public_key", sa.LargeBinary),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    rows = []
    for fair_id in connection.execute(sa.text("SELECT id FROM fairs")).scalars():
        private = Ed25519PrivateKey.generate()
        rows.append(
            {
                "fair_id": fair_id,
                "private_key": private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()),
                "public_key": private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
                "created_at": datetime.now(UTC),
            }
        )
    if rows:
        op.bulk_insert(keys, rows)


def downgrade():
    for table in ("leads", "lead_questions", "lead_consents", "lead_scanning"):
        op.drop_table(table)
    op.drop_table("desk_scans")
    op.drop_index("uq_check_ins_first", table_name="check_ins")
    with op.batch_alter_table("check_ins") as batch_op:
        batch_op.drop_constraint("fk_check_ins_duplicate_of_id_check_ins", type_="foreignkey")
        batch_op.drop_column("override_reason")
        batch_op.drop_column("duplicate_of_id")
    with op.batch_alter_table("badges") as batch_op:
        batch_op.drop_column("zones")
        batch_op.drop_column("valid_on")
    op.drop_table("badge_signing_keys")
