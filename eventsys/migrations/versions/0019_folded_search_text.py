"""folded search text: organizations.search_text (NFKC, case-folded, with Japanese readings), filled for every row

Revision ID: 0019
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0017"
branch_labels = None
depends_on = None

OLD_EXPRESSION = "lower(coalesce(name, '') || ' ' || coalesce(name_local, '') || ' ' || coalesce(description, ''))"


def _has_trigrams(bind) -> bool:
    return bind.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).scalar() is not None


def upgrade():
    from eventsys.services.directory.search_text import searchable

    with op.batch_alter_table("organizations") as batch:
        batch.add_column(sa.Column("search_text", sa.Text(), server_default="", nullable=False))
    bind = op.get_bind()
    organizations = sa.table(
        "organizations",
        sa.column("id", sa.Integer),
        sa.column("name", sa.String),
        sa.column("name_local", sa.String),
        sa.column("description", sa.Text),
        sa.column("search_text", sa.Text),
    )
    rows = bind.execute(sa.select(organizations.c.id, organizations.c.name, organizations.c.name_local,
                                  organizations.c.description)).all()
    for row in rows:
        bind.execute(
            organizations.update()
            .where(organizations.c.id == row.id)
            .values(search_text=searchable(row.name, row.name_local, description=row.description))
        )
    if bind.dialect.name == "postgresql" and _has_trigrams(bind):
        op.execute("DROP INDEX IF EXISTS ix_organizations_search_trgm")
        op.execute("CREATE INDEX ix_organizations_search_trgm ON organizations USING gin (search_text gin_trgm_ops)")


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql" and _has_trigrams(bind):
        op.execute("DROP INDEX IF EXISTS ix_organizations_search_trgm")
        op.execute(
            f"CREATE INDEX ix_organizations_search_trgm ON organizations USING gin (({OLD_EXPRESSION}) gin_trgm_ops)"
        )
    with op.batch_alter_table("organizations") as batch:
        batch.drop_column("search_text")
