"""refunds: invoice_refunds, money paid back against an invoice (date, amount, method, reference, who)

Revision ID: 0034
Revises: 0032
"""

import sqlalchemy as sa
from alembic import op

revision = "0034"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "invoice_refunds",
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("refunded_on", sa.Date(), nullable=False),
        sa.Column("amount_jpy", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=40), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount_jpy > 0", name=op.f("ck_invoice_refunds_amount_positive")),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_invoice_refunds_invoice_id_invoices"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["users.id"], name=op.f("fk_invoice_refunds_recorded_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_refunds")),
    )
    with op.batch_alter_table("invoice_refunds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invoice_refunds_invoice_id"), ["invoice_id"], unique=False)


def downgrade():
    with op.batch_alter_table("invoice_refunds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoice_refunds_invoice_id"))
    op.drop_table("invoice_refunds")
