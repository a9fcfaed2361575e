"""job titles and badge validity: an optional job title on accounts and walk-ins' badges, shared with exhibitors
only under a consent whose wording covered it; a badge is replaced at most once (days and zones are set by reprint)

Revision ID: 0026
Revises: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0015"
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


def downgrade():
    with op.batch_alter_table("lead_consents") as batch_op:
        batch_op.drop_column("covers_title")
    with op.batch_alter_table("badges") as batch_op:
        batch_op.drop_index("uq_badges_replaces")
        batch_op.drop_column("job_title")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("job_title")
