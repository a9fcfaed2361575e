"""kana long vowels in search: organizations.search_text recomputed, its short copy now also writing each kana long
vowel as one short kana (タロー, たろう, タロウ: たろ; オーノ, おおの: おの)

Revision ID: 0033
Revises: 0030
"""

import sqlalchemy as sa
from alembic import op

revision = "0033"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade():
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
    columns = organizations.c
    rows = bind.execute(
        sa.select(columns.id, columns.name, columns.name_local, columns.description, columns.search_text)
    ).all()
    for row in rows:
        text = searchable(row.name, row.name_local, description=row.description)
        if text != row.search_text:
            bind.execute(organizations.update().where(columns.id == row.id).values(search_text=text))


def downgrade():
    # The plain fold is still the first part of the text: searches before this revision find what they found.
    pass
