"""one credit note per invoice: a unique partial index on invoices.original_id for credit notes, so that two
release runs (or a release and a cancellation) at the same moment cannot both credit an invoice

Revision ID: 0031
Revises: 0029
"""

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0029"
branch_labels = None
depends_on = None

_CREDIT_NOTE_SQL = sa.text("kind = 'credit_note'")


def upgrade() -> None:
    op.create_index(
        "uq_invoices_one_credit_note",
        "invoices",
        ["original_id"],
        unique=True,
        sqlite_where=_CREDIT_NOTE_SQL,
        postgresql_where=_CREDIT_NOTE_SQL,
    )


def downgrade() -> None:
    op.drop_index("uq_invoices_one_credit_note", table_name="invoices")
