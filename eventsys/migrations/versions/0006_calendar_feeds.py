"""calendar feeds

A private calendar token per user, and the fairs' build-up and tear-down windows.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

FAIR_WINDOWS = ("build_up_starts_at", "build_up_ends_at", "tear_down_starts_at", "tear_down_ends_at")


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("calendar_token", sa.String(length=64), nullable=True))
        batch.create_unique_constraint("uq_users_calendar_token", ["calendar_token"])
    with op.batch_alter_table("fairs") as batch:
        for name in FAIR_WINDOWS:
            batch.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))
        batch.create_check_constraint("ck_fairs_build_up_in_order", "build_up_ends_at > build_up_starts_at")
        batch.create_check_constraint("ck_fairs_tear_down_in_order", "tear_down_ends_at > tear_down_starts_at")


def downgrade():
    with op.batch_alter_table("fairs") as batch:
        batch.drop_constraint("ck_fairs_tear_down_in_order", type_="check")
        batch.drop_constraint("ck_fairs_build_up_in_order", type_="check")
        for name in reversed(FAIR_WINDOWS):
            batch.drop_column(name)
    with op.batch_alter_table("users") as batch:
        batch.drop_constraint("uq_users_calendar_token", type_="unique")
        batch.drop_column("calendar_token")
