"""romaji long vowels in search: organizations.search_text recomputed, adding each name's and description's fold
with long vowels written short (tarō, tarou, taroo: taro; Ohno, Oono, Ōno: ono)

Revision ID: 0027
Revises: 0026
"""

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def _recompute() -> None:
    """Every organization's search text as the current `searchable` makes it."""
    from eventsys.services.directory.search_text import searchable

    bind = op.get_bind()
    organizations = sa.table(
        "organizations",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("name_local", sa.String),
        sa.column("description", sa.Text),
        sa.column("search_text", sa.Text),
    )
    rows = bind.execute(
        sa.select(
            organizations.c.id,
            organizations.c.name,
            organizations.c.name_local,
            organizations.c.description,
            organizations.c.search_text,
        )
    ).all()
    for row in rows:
        text = searchable(row.name, row.name_local, description=row.description)
        if text != row.search_text:
            bind.execute(organizations.update().where(organizations.c.id == row.id).values(search_text=text))


def upgrade():
    _recompute()


def downgrade():
    # The older fold is the first part of the new text: searches before this revision find what they found.
    pass
