"""offline check-in desks: a signing key per fair, day and zone badges, one entry per badge, desk scans

Revision ID: 0020
Revises: 0014
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

revision = "0020"
down_revision = "0014"
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
