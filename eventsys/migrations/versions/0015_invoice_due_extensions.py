"""invoice due date extensions: an organizer moves a deposit or balance due date later, with a reason

Revision ID: 0015
Revises: 0019
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "invoice_due_extensions",
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column(
            "part",
            sa.Enum("deposit", "balance", name="duepart", native_enum=False, create_constraint=True, length=32),
            nullable=False,
        ),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("extended_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_invoice_due_extensions_invoice_id_invoices"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["extended_by_id"],
            ["users.id"],
            name=op.f("fk_invoice_due_extensions_extended_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_due_extensions")),
    )
    with op.batch_alter_table("invoice_due_extensions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_invoice_due_extensions_invoice_id"), ["invoice_id"], unique=False)


def downgrade():
    with op.batch_alter_table("invoice_due_extensions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_invoice_due_extensions_invoice_id"))
    op.drop_table("invoice_due_extensions")
