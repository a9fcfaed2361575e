"""extras and sponsorship packages per fair, and their orders; stock kept by CHECK (stock IS NULL OR sold <= stock)

Revision ID: 0024
Revises: 0021
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0024"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():

    op.create_table(
        "extras",
        sa.Column(
            "kind",
            sa.Enum(
                "power",
                "furniture",
                "badges",
                "listing",
                "other",
                name="extrakind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.String(length=500), server_default="", nullable=False),
        sa.Column("price_jpy", sa.Integer(), nullable=False),
        sa.Column("rate_percent", sa.Integer(), server_default="10", nullable=False),
        sa.Column("stock", sa.Integer(), nullable=True),
        sa.Column("sold", sa.Integer(), server_default="0", nullable=False),
        sa.Column("active", sa.Boolean(), server_default="1", nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.CheckConstraint("price_jpy >= 0", name=op.f("ck_extras_price_not_negative")),
        sa.CheckConstraint("rate_percent IN (8, 10)", name=op.f("ck_extras_known_rate")),
        sa.CheckConstraint("sold >= 0", name=op.f("ck_extras_sold_not_negative")),
        sa.CheckConstraint("stock IS NULL OR sold <= stock", name=op.f("ck_extras_not_oversold")),
        sa.CheckConstraint("stock IS NULL OR stock >= 0", name=op.f("ck_extras_stock_not_negative")),
        sa.ForeignKeyConstraint(["fair_id"], ["fairs.id"], name=op.f("fk_extras_fair_id_fairs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extras")),
    )
    with op.batch_alter_table("extras", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_extras_fair_id"), ["fair_id"], unique=False)

    op.create_table(
        "sponsorship_packages",
        sa.Column("booth_type_id", sa.Integer(), nullable=True),
        sa.Column("badge_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.String(length=500), server_default="", nullable=False),
        sa.Column("price_jpy", sa.Integer(), nullable=False),
        sa.Column("rate_percent", sa.Integer(), server_default="10", nullable=False),
        sa.Column("stock", sa.Integer(), nullable=True),
        sa.Column("sold", sa.Integer(), server_default="0", nullable=False),
        sa.Column("active", sa.Boolean(), server_default="1", nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.CheckConstraint("price_jpy >= 0", name=op.f("ck_sponsorship_packages_price_not_negative")),
        sa.CheckConstraint("rate_percent IN (8, 10)", name=op.f("ck_sponsorship_packages_known_rate")),
        sa.CheckConstraint("sold >= 0", name=op.f("ck_sponsorship_packages_sold_not_negative")),
        sa.CheckConstraint("stock IS NULL OR sold <= stock", name=op.f("ck_sponsorship_packages_not_oversold")),
        sa.CheckConstraint("stock IS NULL OR stock >= 0", name=op.f("ck_sponsorship_packages_stock_not_negative")),
        sa.ForeignKeyConstraint(
            ["booth_type_id"],
            ["booth_types.id"],
            name=op.f("fk_sponsorship_packages_booth_type_id_booth_types"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["fair_id"], ["fairs.id"], name=op.f("fk_sponsorship_packages_fair_id_fairs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sponsorship_packages")),
    )
    with op.batch_alter_table("sponsorship_packages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sponsorship_packages_fair_id"), ["fair_id"], unique=False)

    op.create_table(
        "extra_orders",
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("extra_id", sa.Integer(), nullable=True),
        sa.Column("package_id", sa.Integer(), nullable=True),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price_jpy", sa.Integer(), nullable=False),
        sa.Column("rate_percent", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column(
            "status",
            sa.Enum("ordered", "cancelled", name="orderstatus", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("ordered_by_id", sa.Integer(), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.CheckConstraint("(extra_id IS NULL) <> (package_id IS NULL)", name=op.f("ck_extra_orders_one_offer")),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_extra_orders_quantity_positive")),
        sa.CheckConstraint("unit_price_jpy >= 0", name=op.f("ck_extra_orders_price_not_negative")),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["booth_bookings.id"],
            name=op.f("fk_extra_orders_booking_id_booth_bookings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["extra_id"], ["extras.id"], name=op.f("fk_extra_orders_extra_id_extras"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["fair_id"], ["fairs.id"], name=op.f("fk_extra_orders_fair_id_fairs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_extra_orders_invoice_id_invoices"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["ordered_by_id"], ["users.id"], name=op.f("fk_extra_orders_ordered_by_id_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_extra_orders_organization_id_organizations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["sponsorship_packages.id"],
            name=op.f("fk_extra_orders_package_id_sponsorship_packages"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extra_orders")),
    )
    with op.batch_alter_table("extra_orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_extra_orders_booking_id"), ["booking_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_extra_orders_extra_id"), ["extra_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_extra_orders_fair_id"), ["fair_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_extra_orders_invoice_id"), ["invoice_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_extra_orders_organization_id"), ["organization_id"], unique=False)

    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("extras_only", sa.Boolean(), server_default="0", nullable=False))


def downgrade():

    with op.batch_alter_table("invoices", schema=None) as batch_op:
        batch_op.drop_column("extras_only")

    with op.batch_alter_table("extra_orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_extra_orders_organization_id"))
        batch_op.drop_index(batch_op.f("ix_extra_orders_invoice_id"))
        batch_op.drop_index(batch_op.f("ix_extra_orders_fair_id"))
        batch_op.drop_index(batch_op.f("ix_extra_orders_extra_id"))
        batch_op.drop_index(batch_op.f("ix_extra_orders_booking_id"))

    op.drop_table("extra_orders")
    with op.batch_alter_table("sponsorship_packages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sponsorship_packages_fair_id"))

    op.drop_table("sponsorship_packages")
    with op.batch_alter_table("extras", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_extras_fair_id"))

    op.drop_table("extras")
