"""job titles, badge validity, sealed and rotatable signing keys: an optional job title on accounts and walk-ins'
badges, shared with exhibitors only under a consent whose wording covered it; a badge is replaced at most once (days
and zones are set by reprint); fairs' private keys sealed with the app's secret, and retired keys kept for verifying

Run by `eventsys init-db` / `flask db upgrade`, this seals the stored keys with the configured SECRET_KEY; run
without the app (plain alembic), it leaves them as they are, and `eventsys badges seal-keys` seals them later.

Revision ID: 0026
Revises: 0023
"""

import sqlalchemy as sa
from alembic import op
from flask import current_app, has_app_context

revision = "0026"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("job_title", sa.String(length=100), nullable=True))
    with op.batch_alter_table("badges") as batch_op:
        batch_op.add_column(sa.Column("job_title", sa.String(length=100), nullable=True))
        batch_op.create_index("uq_badges_replaces", ["replaces_id"], unique=True)
    # Decisions recorded so far were worded without the job title: they keep sharing name, company and e-mail only.
    with op.batch_alter_table("lead_consents") as batch_op:
        batch_op.add_column(sa.Column("covers_title", sa.Boolean(), server_default="0", nullable=False))
    with op.batch_alter_table("badge_signing_keys") as batch_op:
        batch_op.drop_constraint("uq_badge_signing_keys_fair_id", type_="unique")
        batch_op.alter_column(
            "private_key", existing_type=sa.LargeBinary(length=32), type_=sa.LargeBinary(length=200), nullable=False
        )
        batch_op.add_column(sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index("ix_badge_signing_keys_fair_id", ["fair_id"], unique=False)
        batch_op.create_index(
            "uq_badge_signing_keys_current", ["fair_id"], unique=True, sqlite_where=_CURRENT, postgresql_where=_CURRENT
        )
    if has_app_context():
        _rewrite_keys(seal=True)


_CURRENT = sa.text("retired_at IS NULL")
_KEYS = sa.table("badge_signing_keys", sa.column("id"), sa.column("private_key"), sa.column("retired_at"))


def _rewrite_keys(*, seal: bool) -> None:
    """Seal (or unseal) with the app's SECRET_KEY every stored private key that is not so yet."""
    from eventsys.services.badges import key_store

    sealer = key_store.sealer_for(current_app.config["SECRET_KEY"])
    connection = op.get_bind()
    for key_id, stored in connection.execute(sa.select(_KEYS.c.id, _KEYS.c.private_key)).all():
        stored = bytes(stored)
        if key_store.is_sealed(stored) == seal:
            continue
        rewritten = key_store.seal(stored, sealer) if seal else key_store.unseal(stored, sealer)
        connection.execute(_KEYS.update().where(_KEYS.c.id == key_id).values(private_key=rewritten))


def downgrade():
    # Before this revision a fair has one key, unsealed: retired keys go (codes they signed stop verifying).
    op.execute(_KEYS.delete().where(_KEYS.c.retired_at.is_not(None)))
    if has_app_context():
        _rewrite_keys(seal=False)
    with op.batch_alter_table("badge_signing_keys") as batch_op:
        batch_op.drop_index("uq_badge_signing_keys_current")
        batch_op.drop_index("ix_badge_signing_keys_fair_id")
        batch_op.drop_column("retired_at")
        batch_op.alter_column(
            "private_key", existing_type=sa.LargeBinary(length=200), type_=sa.LargeBinary(length=32), nullable=False
        )
        batch_op.create_unique_constraint("uq_badge_signing_keys_fair_id", ["fair_id"])
    with op.batch_alter_table("lead_consents") as batch_op:
        batch_op.drop_column("covers_title")
    with op.batch_alter_table("badges") as batch_op:
        batch_op.drop_index("uq_badges_replaces")
        batch_op.drop_column("job_title")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("job_title")
