"""Notices: each kind in the inbox and mailed once after commit, none on a refused change; preferences; digests."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from eventsys.models import (
    Delivery,
    Notice,
    NoticeKind,
    NoticePreference,
    OrganizationKind,
    RequestStatus,
    Role,
    Verification,
)
from eventsys.services.errors import DomainError, InvalidInput
from eventsys.services.meetings import booking as meeting_service
from eventsys.services.meetings import requests as request_service
from eventsys.services.meetings import runs
from eventsys.services.notifications import inbox, preferences
from eventsys.services.notifications.timed import Timing, digest_cutoff, send_digests
from tests.conftest import create_organization, create_user
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available

pytestmark = pytest.mark.usefixtures("app_context")
LIMITS = request_service.RequestLimits(open_requests=5, expiry_days=7)


def mails(outbox) -> list:
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in sorted(outbox.glob("*.eml"))]


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def kinds(db, user) -> list[NoticeKind]:
    return list(db.scalars(select(Notice.kind).where(Notice.user_id == user.id).order_by(Notice.id)))


@pytest.fixture
def world(db, organizer_organization):
    fair = create_meeting_fair(db, organizer_id=organizer_organization.id)
    firm = create_organization(
        db, OrganizationKind.INVESTOR_FIRM, name="Kaze Capital", verification=Verification.VERIFIED
    )
    investor = create_user(db, Role.INVESTOR, email="kaze@example.com", name="Ken", organization=firm)
    startup = create_user(db, Role.STARTUP, email="founder@example.com", name="Hana")
    return fair, investor, startup


def _send(db, world):
    fair, investor, startup = world
    return request_service.send_request(
        db, fair, investor, startup.organization, message="Hi", language="en", centers=[], limits=LIMITS
    )


def test_a_request_is_told_to_the_startup_once_after_commit(db, world, outbox):
    _fair, _investor, startup = world
    _send(db, world)
    assert not mails(outbox)  # nothing before the commit
    db.commit()
    assert kinds(db, startup) == [NoticeKind.REQUEST_RECEIVED]
    [received] = mails(outbox)
    assert received["To"] == "Hana <founder@example.com>" and "Kaze Capital" in body(received)
    assert "/meetings/fairs/" in body(received)  # a link to the requests


def test_decline_with_reason_accept_and_withdraw_are_told_to_the_other_side(db, world, outbox):
    fair, investor, startup = world
    declined = _send(db, world)
    db.commit()
    request_service.respond(db, declined, startup, accept=False, reason="Not our stage")
    db.commit()
    assert kinds(db, investor) == [NoticeKind.REQUEST_DECLINED]
    assert "Not our stage" in body(mails(outbox)[-1]) and mails(outbox)[-1]["To"].endswith("<kaze@example.com>")
    accepted = _send(db, world)
    request_service.respond(db, accepted, startup, accept=True)
    db.commit()
    assert kinds(db, investor)[-1] == NoticeKind.REQUEST_ACCEPTED
    accepted.status = RequestStatus.DECLINED  # frees the pair for a third request
    withdrawn = _send(db, world)
    request_service.withdraw(db, withdrawn, investor)
    db.commit()
    assert kinds(db, startup)[-1] == NoticeKind.REQUEST_WITHDRAWN
    assert len(mails(outbox)) == db.scalar(select(func.count(Notice.id)))  # one mail per notice, none twice


def test_a_refused_or_rolled_back_change_tells_nobody(db, world, outbox):
    fair, investor, startup = world
    sent = _send(db, world)
    db.commit()
    with pytest.raises(DomainError):
        request_service.respond(db, sent, investor, accept=True)  # the requester cannot answer
    db.rollback()
    request_service.withdraw(db, sent, investor)
    db.rollback()
    assert len(mails(outbox)) == 1 and kinds(db, startup) == [NoticeKind.REQUEST_RECEIVED] and kinds(db, investor) == []


def test_booked_moved_cancelled_are_in_the_inbox_beside_the_invitation(db, world, outbox):
    fair, investor, startup = world
    center = create_center(db, rooms=(("Room A", 4),))
    make_available(db, fair, investor, center)
    make_available(db, fair, startup, center)
    request = accepted_request(db, fair, investor, startup)
    meeting = meeting_service.book_meeting(db, request, investor, center=center, starts_at=at(fair, 1, 10), daily_cap=8)
    db.commit()
    meeting_service.reschedule_meeting(db, meeting, investor, center=center, starts_at=at(fair, 1, 11), daily_cap=8)
    db.commit()
    meeting_service.cancel_meeting(db, meeting, startup)
    db.commit()
    expected = [NoticeKind.MEETING_BOOKED, NoticeKind.MEETING_RESCHEDULED, NoticeKind.MEETING_CANCELLED]
    assert kinds(db, investor) == expected and kinds(db, startup) == expected
    assert len(mails(outbox)) == 6  # the invitations are the mails: no second mail per change
    notice = db.scalar(select(Notice).where(Notice.user_id == startup.id).order_by(Notice.id))
    assert notice.params["organization"] == "Kaze Capital"


def test_a_provisional_schedule_tells_each_person_how_many_meetings(db, world, outbox, organizer):
    fair, investor, startup = world
    center = create_center(db)
    make_available(db, fair, investor, center)
    make_available(db, fair, startup, center)
    accepted_request(db, fair, investor, startup)
    runs.run_scheduler(db, fair, organizer, daily_cap=8)
    db.commit()
    notice = db.scalar(
        select(Notice).where(Notice.kind == NoticeKind.SCHEDULE_PROVISIONAL, Notice.user_id == startup.id)
    )
    assert notice.params["count"] == 1 and kinds(db, investor) == [NoticeKind.SCHEDULE_PROVISIONAL]


def test_the_mail_is_in_the_recipients_language(db, world, outbox):
    _fair, _investor, startup = world
    startup.locale = "ja"
    _send(db, world)
    db.commit()
    assert "面談の申し込み" in body(mails(outbox)[0])


def test_off_keeps_the_notice_in_the_inbox_and_mails_nothing(db, world, outbox):
    _fair, _investor, startup = world
    preferences.set_preferences(db, startup, {"request_received": "off"})
    _send(db, world)
    db.commit()
    assert kinds(db, startup) == [NoticeKind.REQUEST_RECEIVED] and mails(outbox) == []


def test_a_digest_gathers_the_days_notices_into_one_mail_once(db, world, outbox):
    fair, investor, startup = world
    preferences.set_preferences(db, startup, {"request_received": "digest", "request_withdrawn": "digest"})
    sent = _send(db, world)
    request_service.withdraw(db, sent, investor)
    db.commit()
    assert mails(outbox) == []
    timing = Timing(digest_hour=7)
    tomorrow = datetime.now(UTC).replace(hour=8) + timedelta(days=1)
    assert send_digests(db, timing, tomorrow) == 1
    db.commit()
    assert send_digests(db, timing, tomorrow + timedelta(minutes=5)) == 0  # once a day
    db.commit()
    [digest] = mails(outbox)
    assert "2" in digest["Subject"] and "withdrew" in body(digest) and "asks you" in body(digest)


def test_meeting_changes_cannot_be_turned_off_and_bad_choices_are_refused(db, world):
    _fair, _investor, startup = world
    for choice in ({"meeting_booked": "off"}, {"request_received": "sometimes"}, {"no_such_kind": "off"}):
        with pytest.raises(InvalidInput):
            preferences.set_preferences(db, startup, choice)
    assert db.scalar(select(func.count(NoticePreference.id))) == 0
    preferences.set_preferences(db, startup, {"request_received": "digest"})
    preferences.set_preferences(db, startup, {"request_received": "off"})
    assert preferences.get_preferences(db, startup)[NoticeKind.REQUEST_RECEIVED] == Delivery.OFF
    assert NoticeKind.MEETING_BOOKED not in preferences.get_preferences(db, startup)


def test_read_and_unread(db, world):
    _fair, _investor, startup = world
    _send(db, world)
    notice = inbox.get_notices(db, startup)[0]
    assert inbox.count_unread(db, startup) == 1
    inbox.mark_read(db, startup, notice.id)
    assert inbox.count_unread(db, startup) == 0 and inbox.get_notices(db, startup, unread_only=True) == []
    stranger = create_user(db, Role.STARTUP)
    with pytest.raises(DomainError):
        inbox.mark_read(db, stranger, notice.id)


def test_a_digest_goes_at_the_digest_hour_of_the_recipients_own_zone(db, world, outbox):
    """Made at 21:00 in Tokyo: a Tokyo reader's digest goes at 07:00 Tokyo (22:00 UTC), a UTC reader's at 07:00 UTC."""
    fair, investor, startup = world
    preferences.set_preferences(db, startup, {"request_received": "digest"})
    _send(db, world)
    made = datetime(2031, 5, 13, 12, 0, tzinfo=UTC)
    for notice in db.scalars(select(Notice).where(Notice.user_id == startup.id)):
        notice.created_at = made
    db.commit()
    timing = Timing(digest_hour=7)
    startup.timezone = "Asia/Tokyo"
    assert digest_cutoff(timing, datetime(2031, 5, 13, 21, 30, tzinfo=UTC), "Asia/Tokyo") == datetime(
        2031, 5, 12, 22, 0, tzinfo=UTC
    )
    assert send_digests(db, timing, datetime(2031, 5, 13, 21, 30, tzinfo=UTC)) == 0  # 06:30 in Tokyo
    assert send_digests(db, timing, datetime(2031, 5, 13, 22, 30, tzinfo=UTC)) == 1  # 07:30 in Tokyo
    db.commit()
    assert len(mails(outbox)) == 1
    startup.timezone = None  # in UTC the same notices would have waited for 07:00 UTC the next day
    assert digest_cutoff(timing, datetime(2031, 5, 13, 22, 30, tzinfo=UTC)) == datetime(2031, 5, 13, 7, 0, tzinfo=UTC)
