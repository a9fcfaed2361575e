"""booth type description translations: booth_types.description_translations, the description per interface
language like the type's name (an empty object for the types there are)

Revision ID: 0038
Revises: 0036
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None

#: As models.base.TRANSLATIONS_TYPE: JSONB on PostgreSQL, whose json type has no equality.
_TRANSLATIONS = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade():
    with op.batch_alter_table("booth_types", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("description_translations", _TRANSLATIONS, server_default=sa.text("'{}'"), nullable=False)
        )


def downgrade():
    # The descriptions in the fair's main language stay in booth_types.description.
    with op.batch_alter_table("booth_types", schema=None) as batch_op:
        batch_op.drop_column("description_translations")
