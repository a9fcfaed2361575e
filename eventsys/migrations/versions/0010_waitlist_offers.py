"""waitlist offers end booked, declined or lapsed; one waiting-or-offered entry per booth type and company

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_OLD = ("waiting", "offered", "left")
_NEW = ("waiting", "offered", "booked", "declined", "lapsed", "left")

_entries = sa.table(
    "waitlist_entries",
    sa.column("id", sa.Integer),
    sa.column("status", sa.String(32)),
    sa.column("booking_id", sa.Integer),
    sa.column("booth_type_id", sa.Integer),
    sa.column("organization_id", sa.Integer),
)
_bookings = sa.table("booth_bookings", sa.column("id", sa.Integer), sa.column("status", sa.String(32)))


def upgrade():
    with op.batch_alter_table("waitlist_entries", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_waitlist_entries_waitliststatus"), type_="check")
        batch_op.create_check_constraint(op.f("ck_waitlist_entries_waitliststatus"), sa.column("status").in_(_NEW))
    _settle_ended_offers()
    with op.batch_alter_table("waitlist_entries", schema=None) as batch_op:
        batch_op.drop_index("uq_waitlist_entries_waiting")
        batch_op.create_index(
            "uq_waitlist_entries_active",
            ["booth_type_id", "organization_id"],
            unique=True,
            sqlite_where=sa.text("status IN ('waiting', 'offered')"),
            postgresql_where=sa.text("status IN ('waiting', 'offered')"),
        )


def _settle_ended_offers():
    """Offers used to stay 'offered' for good: give the ended ones their outcome, so the new index can hold."""
    outcome = {"confirmed": "booked", "cancelled": "declined", "expired": "lapsed"}
    for booking_status, entry_status in outcome.items():
        ended = sa.select(_bookings.c.id).where(_bookings.c.status == booking_status)
        op.execute(
            _entries.update()
            .where(_entries.c.status == "offered", _entries.c.booking_id.in_(ended))
            .values(status=entry_status)
        )
    op.execute(
        _entries.update().where(_entries.c.status == "offered", _entries.c.booking_id.is_(None)).values(status="lapsed")
    )
    # A company that queued again while an offer was live keeps the offer; its newer place in line is let go.
    offered = sa.select(_entries.c.booth_type_id, _entries.c.organization_id).where(_entries.c.status == "offered")
    op.execute(
        _entries.update()
        .where(
            _entries.c.status == "waiting",
            sa.tuple_(_entries.c.booth_type_id, _entries.c.organization_id).in_(offered),
        )
        .values(status="left")
    )


def downgrade():
    with op.batch_alter_table("waitlist_entries", schema=None) as batch_op:
        batch_op.drop_index("uq_waitlist_entries_active")
    op.execute(
        _entries.update().where(_entries.c.status.in_(("booked", "declined", "lapsed"))).values(status="offered")
    )
    with op.batch_alter_table("waitlist_entries", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_waitlist_entries_waitliststatus"), type_="check")
        batch_op.create_check_constraint(op.f("ck_waitlist_entries_waitliststatus"), sa.column("status").in_(_OLD))
        batch_op.create_index(
            "uq_waitlist_entries_waiting",
            ["booth_type_id", "organization_id"],
            unique=True,
            sqlite_where=sa.text("status = 'waiting'"),
            postgresql_where=sa.text("status = 'waiting'"),
        )
