"""Reading the Business Support Centers with their rooms and hours."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from eventsys.models import Center


def get_centers(session: Session) -> list[Center]:
    """All centers with rooms, hours and closures loaded: three queries whatever their number."""
    return list(
        session.scalars(
            select(Center)
            .options(selectinload(Center.rooms), selectinload(Center.opening_hours), selectinload(Center.closures))
            .order_by(Center.id)
        )
    )


def get_center(session: Session, slug: str) -> Center | None:
    return session.scalar(select(Center).where(Center.slug == slug))
