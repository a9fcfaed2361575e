"""Create notices and mail them after commit as each person wishes; read, count and mark them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from typing import Any

from flask import has_app_context
from flask_babel import gettext
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from eventsys.models import ALWAYS_AT_ONCE, Delivery, Membership, Notice, NoticeKind, User, utcnow
from eventsys.services import mail
from eventsys.services.errors import NotFound
from eventsys.services.notifications import preferences
from eventsys.services.notifications.claims import BATCH
from eventsys.services.notifications.wording import TITLES, describe, target


@dataclass(frozen=True)
class About:
    """What a notice is about: its fair, request or meeting, and the values its sentence is worded from."""

    fair_id: int | None = None
    request_id: int | None = None
    meeting_id: int | None = None
    params: dict[str, Any] | None = None


def notify(
    session: Session, users: Iterable[User], kind: NoticeKind, about: About, *, mailed_elsewhere: bool = False
) -> list[Notice]:
    """Put a notice in each user's inbox and queue its mail (at once, or for the digest) for after commit.

    `mailed_elsewhere`: the caller sends its own mail (a meeting's iTIP invitation), so none is queued here.
    """
    users = list({user.id: user for user in users}.values())
    chosen = preferences.get_deliveries(session, [user.id for user in users], kind)
    notices = []
    for user in users:
        delivery = Delivery.AT_ONCE if kind in ALWAYS_AT_ONCE else chosen.get(user.id, Delivery.AT_ONCE)
        notice = Notice(
            user_id=user.id,
            kind=kind,
            fair_id=about.fair_id,
            request_id=about.request_id,
            meeting_id=about.meeting_id,
            params=dict(about.params or {}),
            delivery=delivery,
        )
        session.add(notice)
        notices.append(notice)
        if delivery == Delivery.AT_ONCE and not mailed_elsewhere:
            _mail_at_once(session, user, notice)
    session.flush()
    return notices


def add_timed_notices(session: Session, kind: NoticeKind, rows: list[dict[str, Any]]) -> None:
    """Insert the notices of a timed sender (reminders, agendas) in one statement per batch: each row already
    carries its delivery, its claim (timed_mail_id, unique) and its mail, which the sender queued."""
    for start in range(0, len(rows), BATCH):
        session.execute(insert(Notice), [row | {"kind": kind} for row in rows[start : start + BATCH]])


def members_of(session: Session, organization_id: int) -> list[User]:
    """Everybody in an organization: who hears of what happens to it."""
    query = select(User).join(Membership, Membership.user_id == User.id)
    return list(session.scalars(query.where(Membership.organization_id == organization_id).order_by(User.id)))


def address_of(user: User) -> str:
    return str(Address(user.name or user.email, addr_spec=user.email))


def _mail_at_once(session: Session, user: User, notice: Notice) -> None:
    with mail.in_language_of(user):
        subject, text = compose(user, [notice])
    mail.send_after_commit(session, address_of(user), subject, text)


def compose(user: User, notices: list[Notice]) -> tuple[str, str]:
    """Subject and text of a mail of one notice, or of a digest of several, in the language in force."""
    lines = [gettext("Hello %(name)s,", name=user.name or user.email)]
    for notice in notices:
        lines.append("- " + describe(notice.kind, notice.params) + "\n  " + _link(notice))
    lines.append(gettext("Choose which notices you get by mail in your inbox settings."))
    if len(notices) == 1:
        subject = str(TITLES[notices[0].kind])
    else:
        subject = gettext("Your daily digest: %(n)d notices", n=len(notices))
    return subject, "\n\n".join(lines) + "\n"


def _link(notice: Notice) -> str:
    if not has_app_context():
        return ""
    from eventsys.services.links import external_url

    endpoint, values = target(notice.kind, notice.params)
    return external_url(endpoint, **values)


def count_unread(session: Session, user: User) -> int:
    query = select(func.count(Notice.id)).where(Notice.user_id == user.id, Notice.read_at.is_(None))
    return session.scalar(query) or 0


def get_notices(session: Session, user: User, *, unread_only: bool = False, limit: int = 100) -> list[Notice]:
    """The user's notices, newest first."""
    query = select(Notice).where(Notice.user_id == user.id)
    if unread_only:
        query = query.where(Notice.read_at.is_(None))
    return list(session.scalars(query.order_by(Notice.created_at.desc(), Notice.id.desc()).limit(limit)))


def mark_read(session: Session, user: User, notice_id: int, *, now: datetime | None = None) -> Notice:
    """Mark one of the user's notices read; another person's notice is not found."""
    notice = session.get(Notice, notice_id)
    if notice is None or notice.user_id != user.id:
        raise NotFound(gettext("No such notice."))
    if notice.read_at is None:
        notice.read_at = now or utcnow()
        session.flush()
    return notice


def mark_all_read(session: Session, user: User, *, now: datetime | None = None) -> int:
    result = session.execute(
        update(Notice)
        .where(Notice.user_id == user.id, Notice.read_at.is_(None))
        .values(read_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
