"""A fair's audit log for its organizers: filtered by action, actor and days, a page at a time, or as a file."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from eventsys.formatting import local_datetime
from eventsys.models import AuditEntry, Fair, User
from eventsys.services.fairs.dashboard import AuditLine, audit_query

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
#: A download holds at most this many entries, the newest.
MAX_EXPORT_ROWS = 50_000


@dataclass(frozen=True)
class AuditFilters:
    """What the organizer narrows the log to; None is any."""

    action: str | None = None
    #: Part of the acting user's name or e-mail address, in any case.
    actor: str | None = None
    #: First and last day, in the fair's zone.
    starts_on: date | None = None
    ends_on: date | None = None


@dataclass(frozen=True)
class AuditPage:
    lines: list[AuditLine]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def get_audit_actions(session: Session, fair: Fair) -> list[str]:
    """The actions the fair's log holds, for the filter's choices."""
    query = select(AuditEntry.action).where(AuditEntry.fair_id == fair.id).distinct().order_by(AuditEntry.action)
    return list(session.scalars(query))


def get_audit_page(
    session: Session,
    fair: Fair,
    viewer: User,
    filters: AuditFilters,
    *,
    page: int = 1,
    per_page: int = DEFAULT_PER_PAGE,
) -> AuditPage:
    """One page of the fair's entries that `viewer` may read, newest first; a page past the last shows the last."""
    per_page = min(max(per_page, 1), MAX_PER_PAGE)
    query = _filtered(fair, viewer, filters)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    page = min(max(page, 1), max(1, math.ceil(total / per_page)))
    rows = session.execute(query.limit(per_page).offset((page - 1) * per_page)).tuples()
    return AuditPage([AuditLine(entry, name) for entry, name in rows], total, page, per_page)


def get_audit_lines(session: Session, fair: Fair, viewer: User, filters: AuditFilters) -> list[AuditLine]:
    """Every entry the filters match, newest first, up to MAX_EXPORT_ROWS."""
    rows = session.execute(_filtered(fair, viewer, filters).limit(MAX_EXPORT_ROWS)).tuples()
    return [AuditLine(entry, name) for entry, name in rows]


def _filtered(fair: Fair, viewer: User, filters: AuditFilters) -> Select:
    query = audit_query(viewer).where(AuditEntry.fair_id == fair.id)
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.actor:
        needle = filters.actor.strip().lower()
        query = query.where(
            or_(
                func.lower(User.name).contains(needle, autoescape=True),
                func.lower(User.email).contains(needle, autoescape=True),
            )
        )
    if filters.starts_on:
        query = query.where(AuditEntry.at >= _midnight(filters.starts_on, fair))
    if filters.ends_on:
        query = query.where(AuditEntry.at < _midnight(filters.ends_on + timedelta(days=1), fair))
    return query


def _midnight(day: date, fair: Fair) -> datetime:
    """The start of `day` in the fair's zone."""
    return datetime.combine(day, time(0), fair.zone)


def describe_details(details: dict[str, Any] | None) -> str:
    """An entry's details as "key: value" pairs, for the page and the download."""
    return "; ".join(f"{key}: {value}" for key, value in sorted((details or {}).items()) if value not in (None, ""))


def audit_rows(lines: list[AuditLine], fair: Fair) -> list[tuple[str, str, str, str, str]]:
    """Entries as rows for a download: when (in the fair's zone), action, subject, actor's name, details."""
    return [
        (
            local_datetime(line.entry.at, fair.timezone),
            line.entry.action,
            f"{line.entry.subject_type} {line.entry.subject_id or ''}".strip(),
            line.actor_name or "",
            describe_details(line.entry.details),
        )
        for line in lines
    ]
