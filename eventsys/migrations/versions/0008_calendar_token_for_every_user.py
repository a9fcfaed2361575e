"""every account has a calendar token, so showing the calendar page writes nothing

Revision ID: 0008
Revises: 0007
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_users = sa.table("users", sa.column("id", sa.Integer), sa.column("calendar_token", sa.String(64)))


def upgrade():
    connection = op.get_bind()
    missing = connection.scalars(sa.select(_users.c.id).where(_users.c.calendar_token.is_(None))).all()
    for user_id in missing:
        connection.execute(
            _users.update().where(_users.c.id == user_id).values(calendar_token=secrets.token_urlsafe(32))
        )


def downgrade():
    pass  # the tokens stay: 0007 had the column already, and a subscribed calendar keeps working
