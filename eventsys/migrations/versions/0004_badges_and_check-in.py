"""badges and check-in

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    # Press and visitors entered by organizers have no account, so a badge carries a snapshot of the person.
    with op.batch_alter_table("badges", schema=None) as batch_op:
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("name", sa.String(length=120), server_default="", nullable=False))
        batch_op.add_column(sa.Column("name_local", sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column("organization_name", sa.String(length=160), nullable=True))
        batch_op.add_column(sa.Column("country", sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column("replaces_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_badges_replaces_id_badges"), "badges", ["replaces_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_index("ix_badges_fair_role", ["fair_id", "role"], unique=False)


def downgrade():
    op.execute("DELETE FROM badges WHERE user_id IS NULL")
    with op.batch_alter_table("badges", schema=None) as batch_op:
        batch_op.drop_index("ix_badges_fair_role")
        batch_op.drop_constraint(batch_op.f("fk_badges_replaces_id_badges"), type_="foreignkey")
        batch_op.drop_column("replaces_id")
        batch_op.drop_column("country")
        batch_op.drop_column("organization_name")
        batch_op.drop_column("name_local")
        batch_op.drop_column("name")
        batch_op.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
