"""badge days and role rules: a badge admits on any set of the fair's days (not one day or all), and the days and
zones set for a role are kept as a rule that badges of the role issued later follow too

A one-day badge keeps its day (valid_on becomes valid_days with that one day); its printed code stays as it was
("d20270512" in its claims reads the same), so nothing has to be reprinted.

Revision ID: 0032
Revises: 0033
"""

from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0033"
branch_labels = None
depends_on = None

_ROLES = ("exhibitor", "investor", "partner", "organizer", "press", "visitor")
_BADGES = sa.table("badges", sa.column("id"), sa.column("valid_on", sa.Date()), sa.column("valid_days", sa.String()))


def upgrade():
    op.create_table(
        "badge_role_rules",
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(*_ROLES, name="badgerole", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("valid_days", sa.String(length=704), nullable=True),
        sa.Column("zones", sa.String(length=200), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["fair_id"], ["fairs.id"], name=op.f("fk_badge_role_rules_fair_id_fairs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_badge_role_rules_updated_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_badge_role_rules")),
        sa.UniqueConstraint("fair_id", "role", name="uq_badge_role_rules_fair_role"),
    )
    with op.batch_alter_table("badges") as batch_op:
        batch_op.add_column(sa.Column("valid_days", sa.String(length=704), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.select(_BADGES.c.id, _BADGES.c.valid_on).where(_BADGES.c.valid_on.is_not(None)))
    for badge_id, day in rows.all():
        connection.execute(_BADGES.update().where(_BADGES.c.id == badge_id).values(valid_days=day.isoformat()))
    with op.batch_alter_table("badges") as batch_op:
        batch_op.drop_column("valid_on")


def downgrade():
    # Before this revision a badge admits on one day or every day: a badge of several days keeps its first one
    # (its printed code still says all of them; desks of that version read only one-day codes).
    with op.batch_alter_table("badges") as batch_op:
        batch_op.add_column(sa.Column("valid_on", sa.Date(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.select(_BADGES.c.id, _BADGES.c.valid_days).where(_BADGES.c.valid_days.is_not(None)))
    for badge_id, days in rows.all():
        first = date.fromisoformat(days.split(",")[0])
        connection.execute(_BADGES.update().where(_BADGES.c.id == badge_id).values(valid_on=first))
    with op.batch_alter_table("badges") as batch_op:
        batch_op.drop_column("valid_days")
    op.drop_table("badge_role_rules")
