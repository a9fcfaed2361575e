"""center translations: centers.city_translations, centers.name_translations and centers.address_translations, a
center's city, name and address per interface language like a fair's venue; the Japanese ones so far in
city_local/address_local become their "ja" entries (the columns stay, kept equal to them)

Revision ID: 0037
Revises: 0036
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None

#: As models.base.TRANSLATIONS_TYPE: JSONB on PostgreSQL, whose json type has no equality.
_TRANSLATIONS = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
_COLUMNS = ("city_translations", "name_translations", "address_translations")

_centers = sa.table(
    "centers",
    sa.column("id", sa.Integer),
    sa.column("city_local", sa.String),
    sa.column("address_local", sa.String),
    sa.column("city_translations", _TRANSLATIONS),
    sa.column("address_translations", _TRANSLATIONS),
)


def upgrade():
    with op.batch_alter_table("centers", schema=None) as batch_op:
        for name in _COLUMNS:
            batch_op.add_column(sa.Column(name, _TRANSLATIONS, server_default=sa.text("'{}'"), nullable=False))
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_centers.c.id, _centers.c.city_local, _centers.c.address_local).where(
            sa.or_(_centers.c.city_local.is_not(None), _centers.c.address_local.is_not(None))
        )
    )
    for center_id, city_local, address_local in rows.all():
        connection.execute(
            _centers.update()
            .where(_centers.c.id == center_id)
            .values(
                city_translations={"ja": city_local} if city_local else {},
                address_translations={"ja": address_local} if address_local else {},
            )
        )


def downgrade():
    # city_local and address_local still hold the Japanese texts; the names and the Spanish texts have no column
    # to go to.
    with op.batch_alter_table("centers", schema=None) as batch_op:
        for name in reversed(_COLUMNS):
            batch_op.drop_column(name)
