"""the booth a sponsorship package books: extra_orders.booth_booking_id, unique (one order per booking)

Revision ID: 0030
Revises: 0028
"""

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("extra_orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("booth_booking_id", sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_extra_orders_booth_booking_id"), ["booth_booking_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_extra_orders_booth_booking_id_booth_bookings"),
            "booth_bookings",
            ["booth_booking_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade():
    with op.batch_alter_table("extra_orders", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_extra_orders_booth_booking_id_booth_bookings"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("uq_extra_orders_booth_booking_id"), type_="unique")
        batch_op.drop_column("booth_booking_id")
