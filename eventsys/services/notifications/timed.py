"""Timed mail: reminders before meetings, the day's agenda, warnings of requests about to expire, daily digests.

`send_due` is run every minute or so by RQ's scheduler (scheduler.py) or by `eventsys notifications send-due`
from cron or a systemd timer; claims.py makes sure each mail goes out once however many run it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext
from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from eventsys.formatting import meeting_time, translated
from eventsys.models import (
    Delivery,
    Fair,
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    MeetingStatus,
    Notice,
    NoticeKind,
    Organization,
    RequestStatus,
    User,
    utcnow,
)
from eventsys.services import mail
from eventsys.services.calendars.invitations import meeting_summary
from eventsys.services.invoices.reminders import send_payment_reminders
from eventsys.services.meetings.notices import notify_request
from eventsys.services.notifications import inbox, preferences
from eventsys.services.notifications.claims import BATCH, claim


@dataclass(frozen=True)
class Timing:
    """Settings MEETING_REMINDER_MINUTES, MEETING_AGENDA_HOUR, NOTICE_DIGEST_HOUR and INVOICE_REMINDER_DAYS_*."""

    reminder_minutes: int = 60
    agenda_hour: int = 7
    digest_hour: int = 7
    payment_days_before: int = 7
    payment_days_after: int = 1

    @classmethod
    def from_config(cls, config) -> Timing:
        return cls(
            int(config["MEETING_REMINDER_MINUTES"]),
            int(config["MEETING_AGENDA_HOUR"]),
            int(config["NOTICE_DIGEST_HOUR"]),
            int(config["INVOICE_REMINDER_DAYS_BEFORE"]),
            int(config["INVOICE_REMINDER_DAYS_AFTER"]),
        )


def send_due(session: Session, timing: Timing, *, now: datetime | None = None) -> dict[str, int]:
    """Queue every mail due at `now` that nobody sent yet; the caller commits, and the mails go after it."""
    now = now or utcnow()
    # One query of the coming day's meetings serves the reminders and the agendas.
    upcoming = _upcoming(session, now, now + max(timedelta(days=1), timedelta(minutes=timing.reminder_minutes)))
    return {
        "reminders": send_reminders(session, timing, now, upcoming=upcoming),
        "agendas": send_agendas(session, timing, now, upcoming=upcoming),
        "expiring": warn_expiring(session, now),
        "digests": send_digests(session, timing, now),
        "payments": send_payment_reminders(
            session, now, days_before=timing.payment_days_before, days_after=timing.payment_days_after
        ),
    }


def _upcoming(session: Session, now: datetime, until: datetime) -> list[Meeting]:
    query = (
        select(Meeting)
        .where(Meeting.status == MeetingStatus.SCHEDULED, Meeting.starts_at > now, Meeting.starts_at <= until)
        .options(
            selectinload(Meeting.participants).selectinload(MeetingParticipant.user),
            selectinload(Meeting.center),
            selectinload(Meeting.room),
        )
        .options(selectinload(Meeting.request).selectinload(MeetingRequest.requester_organization))
        .options(selectinload(Meeting.request).selectinload(MeetingRequest.recipient_organization))
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return list(session.scalars(query))


def send_reminders(session: Session, timing: Timing, now: datetime, *, upcoming: list[Meeting] | None = None) -> int:
    """A reminder to each participant of a meeting starting within the next MEETING_REMINDER_MINUTES: a notice in
    the inbox, and a mail unless the person turned reminders off."""
    until = now + timedelta(minutes=timing.reminder_minutes)
    meetings = _upcoming(session, now, until) if upcoming is None else [m for m in upcoming if m.starts_at <= until]
    # The start is part of the subject: a meeting moved into the window again is reminded of again.
    wanted = {
        (p.user_id, f"meeting:{m.id}:{m.starts_at:%Y%m%dT%H%M}"): (p, m)
        for m in meetings
        for p in m.participants
        if p.is_active
    }
    claimed = claim(session, "reminder", list(wanted), now)
    keys = sorted(claimed)
    names = _names(session, meetings)
    chosen = preferences.get_deliveries(session, [user_id for user_id, _subject in keys], NoticeKind.MEETING_REMINDER)
    notices = []
    for key in keys:
        participant, meeting = wanted[key]
        user, delivery = participant.user, _timed_delivery(chosen.get(participant.user_id))
        with mail.in_language_of(user):
            others = sorted(names.organizations[o] for o in _sides(meeting, participant) if o in names.organizations)
            params = {
                "organization": ", ".join(others),
                "fair": names.fairs.get(meeting.fair_id, ""),
                "when": meeting_time(meeting.starts_at, meeting.center.timezone, user.timezone),
                "day": meeting.starts_at.astimezone(meeting.center.zone).date().isoformat(),
            }
            if delivery == Delivery.AT_ONCE:
                subject, text = _reminder(user, meeting, params["when"])
                mail.send_after_commit(session, inbox.address_of(user), subject, text)
        notices.append(_timed_notice(user.id, meeting, params, delivery, claimed.get(key), now))
    inbox.add_timed_notices(session, NoticeKind.MEETING_REMINDER, notices)
    return len(claimed)


@dataclass(frozen=True)
class _Names:
    organizations: dict[int, str]
    fairs: dict[int, str]


def _names(session: Session, meetings: list[Meeting]) -> _Names:
    """The names of the meetings' organizations and fairs, in two queries for however many meetings."""
    org_ids = {p.organization_id for m in meetings for p in m.participants if p.organization_id is not None}
    return _Names(
        dict(session.execute(select(Organization.id, Organization.name).where(Organization.id.in_(org_ids))).all()),
        _fair_names(session, meetings),
    )


def _sides(meeting: Meeting, participant: MeetingParticipant) -> set[int]:
    """The organizations `participant` meets: everyone else's in the meeting."""
    return {
        p.organization_id for p in meeting.participants if p.organization_id not in (None, participant.organization_id)
    }


def _timed_delivery(chosen: Delivery | None) -> Delivery:
    """A reminder or agenda is mailed at once or not at all: a digest would bring it too late."""
    return Delivery.OFF if chosen == Delivery.OFF else Delivery.AT_ONCE


def _timed_notice(user_id: int, meeting: Meeting, params: dict, delivery: Delivery, claim_id, now) -> dict:
    return {
        "user_id": user_id,
        "fair_id": meeting.fair_id,
        "request_id": meeting.request_id,
        "meeting_id": meeting.id,
        "params": params,
        "delivery": delivery,
        "timed_mail_id": claim_id,
        "created_at": now,
    }


def _reminder(user: User, meeting: Meeting, when: str) -> tuple[str, str]:
    summary = meeting_summary(meeting)
    subject = gettext("Reminder: %(summary)s at %(when)s", summary=summary, when=when)
    if meeting.is_online:
        place = gettext("Online, at %(link)s", link=meeting.video_url)
    else:
        place = gettext(
            "At %(center)s, room %(room)s.",
            center=translated(meeting.center.city, meeting.center.city_translations),
            room=meeting.room.name,
        )
    greeting = gettext("Hello %(name)s,", name=user.name)
    return subject, "\n\n".join((greeting, subject, place)) + "\n"


def send_agendas(session: Session, timing: Timing, now: datetime, *, upcoming: list[Meeting] | None = None) -> int:
    """On a meeting day, from MEETING_AGENDA_HOUR in the center's zone, each participant's meetings of that day: a
    notice in the inbox, and a mail unless the person turned the agenda off."""
    days: dict[tuple[int, str], list[Meeting]] = defaultdict(list)
    users: dict[int, User] = {}
    day_after = now + timedelta(days=1)
    upcoming = (
        _upcoming(session, now, day_after) if upcoming is None else [m for m in upcoming if m.starts_at <= day_after]
    )
    for meeting in upcoming:
        local_now, local_start = now.astimezone(meeting.center.zone), meeting.starts_at.astimezone(meeting.center.zone)
        if local_start.date() != local_now.date() or local_now.time() < time(timing.agenda_hour):
            continue
        for participant in meeting.participants:
            if participant.is_active:
                users[participant.user_id] = participant.user
                days[(participant.user_id, f"day:{local_start.date().isoformat()}")].append(meeting)
    claimed = claim(session, "agenda", list(days), now)
    keys = sorted(claimed)
    fairs = _fair_names(session, upcoming) if keys else {}
    chosen = preferences.get_deliveries(session, [user_id for user_id, _subject in keys], NoticeKind.DAILY_AGENDA)
    notices = []
    for key in keys:
        user, meetings, delivery = users[key[0]], days[key], _timed_delivery(chosen.get(key[0]))
        first = meetings[0]
        with mail.in_language_of(user):
            params = {
                "count": len(meetings),
                "fair": fairs.get(first.fair_id, ""),
                "when": meeting_time(first.starts_at, first.center.timezone, user.timezone, "time"),
                "day": key[1].removeprefix("day:"),
            }
            if delivery == Delivery.AT_ONCE:
                subject, text = _agenda(user, meetings)
                mail.send_after_commit(session, inbox.address_of(user), subject, text)
        notices.append(_timed_notice(user.id, first, params, delivery, claimed.get(key), now) | {"meeting_id": None})
    inbox.add_timed_notices(session, NoticeKind.DAILY_AGENDA, notices)
    return len(claimed)


def _fair_names(session: Session, meetings: list[Meeting]) -> dict[int, str]:
    fair_ids = {m.fair_id for m in meetings}
    return dict(session.execute(select(Fair.id, Fair.name).where(Fair.id.in_(fair_ids))).all())


def _agenda(user: User, meetings: list[Meeting]) -> tuple[str, str]:
    subject = gettext("Your meetings today: %(n)d", n=len(meetings))
    lines = [gettext("Hello %(name)s,", name=user.name), subject]
    for meeting in meetings:
        when = meeting_time(meeting.starts_at, meeting.center.timezone, user.timezone, "short")
        place = (
            meeting.video_url
            if meeting.is_online
            else f"{translated(meeting.center.city, meeting.center.city_translations)}, {meeting.room.name}"
        )
        lines.append(f"- {when} · {meeting_summary(meeting)} · {place}")
    return subject, "\n\n".join(lines) + "\n"


def warn_expiring(session: Session, now: datetime) -> int:
    """Tell the side asked that an open request expires within 24 hours, once per request and person."""
    query = select(MeetingRequest).where(
        MeetingRequest.status == RequestStatus.OPEN,
        MeetingRequest.expires_at > now,
        MeetingRequest.expires_at <= now + timedelta(hours=24),
    )
    told = 0
    for request in session.scalars(query.order_by(MeetingRequest.id)).all():
        people = (
            [request.recipient] if request.recipient else inbox.members_of(session, request.recipient_organization_id)
        )
        by_key = {(user.id, f"request:{request.id}"): user for user in people}
        claimed = claim(session, "expiring", list(by_key), now)
        if claimed:
            notify_request(session, request, NoticeKind.REQUEST_EXPIRING, users=[by_key[k] for k in sorted(claimed)])
            told += len(claimed)
    return told


def digest_cutoff(timing: Timing, now: datetime, zone: str | None = None) -> datetime:
    """The latest NOTICE_DIGEST_HOUR in `zone` (the recipient's own; UTC for one without) at or before `now`:
    a digest gathers the notices made before it."""
    local = now.astimezone(ZoneInfo(zone or "UTC"))
    cutoff = local.replace(hour=timing.digest_hour, minute=0, second=0, microsecond=0)
    return cutoff if cutoff <= local else cutoff - timedelta(days=1)


def send_digests(session: Session, timing: Timing, now: datetime) -> int:
    """One mail per person gathering their digest notices made before the digest hour of their own zone, once a
    day (of that zone)."""
    pending = session.scalars(
        select(Notice)
        .where(Notice.delivery == Delivery.DIGEST, Notice.digested_at.is_(None), Notice.created_at <= now)
        .order_by(Notice.user_id, Notice.created_at, Notice.id)
    ).all()
    users = _users(session, {notice.user_id for notice in pending})
    cutoffs = {user_id: digest_cutoff(timing, now, user.timezone) for user_id, user in users.items()}
    by_user: dict[int, list[Notice]] = defaultdict(list)
    for notice in pending:
        if notice.created_at <= cutoffs[notice.user_id]:
            by_user[notice.user_id].append(notice)
    wanted = [(user_id, f"day:{cutoffs[user_id].date().isoformat()}") for user_id in by_user]
    claimed = claim(session, "digest", wanted, now)
    carried: list[int] = []
    for user_id, _day in sorted(claimed):
        user = users[user_id]
        with mail.in_language_of(user):
            subject, text = inbox.compose(user, by_user[user_id])
        mail.send_after_commit(session, inbox.address_of(user), subject, text)
        for notice in by_user[user_id]:
            carried.append(notice.id)
            set_committed_value(notice, "digested_at", now)  # as the UPDATE below stores it, without a flush each
    for start in range(0, len(carried), BATCH):  # one UPDATE per batch, not one per notice
        session.execute(
            update(Notice)
            .where(Notice.id.in_(carried[start : start + BATCH]))
            .values(digested_at=now)
            .execution_options(synchronize_session=False)
        )
    return len(claimed)


def _users(session: Session, user_ids: set[int]) -> dict[int, User]:
    ids, users = sorted(user_ids), {}
    for start in range(0, len(ids), BATCH):
        users.update((u.id, u) for u in session.scalars(select(User).where(User.id.in_(ids[start : start + BATCH]))))
    return users
