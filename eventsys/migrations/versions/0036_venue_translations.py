"""venue translations: fairs.venue_translations and fairs.address_translations, the venue and address per
interface language like the fair's name; the Japanese ones so far in venue_local/address_local become their "ja"
entries (the columns stay, kept equal to them)

Revision ID: 0036
Revises: 0035
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None

#: As models.base.TRANSLATIONS_TYPE: JSONB on PostgreSQL, whose json type has no equality.
_TRANSLATIONS = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

_fairs = sa.table(
    "fairs",
    sa.column("id", sa.Integer),
    sa.column("venue_local", sa.String),
    sa.column("address_local", sa.String),
    sa.column("venue_translations", _TRANSLATIONS),
    sa.column("address_translations", _TRANSLATIONS),
)


def upgrade():
    with op.batch_alter_table("fairs", schema=None) as batch_op:
        for name in ("venue_translations", "address_translations"):
            batch_op.add_column(sa.Column(name, _TRANSLATIONS, server_default=sa.text("'{}'"), nullable=False))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_fairs.c.id, _fairs.c.venue_local, _fairs.c.address_local).where(
            sa.or_(_fairs.c.venue_local.is_not(None), _fairs.c.address_local.is_not(None))
        )
    )
    for fair_id, venue_local, address_local in rows.all():
        connection.execute(
            _fairs.update()
            .where(_fairs.c.id == fair_id)
            .values(
                venue_translations={"ja": venue_local} if venue_local else {},
                address_translations={"ja": address_local} if address_local else {},
            )
        )


def downgrade():
    # venue_local and address_local still hold the Japanese texts; the Spanish ones have no column to go to.
    with op.batch_alter_table("fairs", schema=None) as batch_op:
        batch_op.drop_column("address_translations")
        batch_op.drop_column("venue_translations")
