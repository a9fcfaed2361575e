"""Reminders and the day's agenda in the inbox as well as by mail: once each, in the reader's language and zone,
mailed at once or not at all as the person chose (never in a digest), listed in the inbox and offered in the
settings."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from eventsys.models import Delivery, Notice, NoticeKind, NoticePreference, TimedMail
from eventsys.services.errors import InvalidInput
from eventsys.services.notifications import preferences
from eventsys.services.notifications.timed import Timing, send_agendas, send_digests, send_due, send_reminders
from eventsys.services.notifications.wording import TITLES, describe, target
from tests.calendar_factories import create_meeting
from tests.conftest import login
from tests.meeting_factories import create_center, create_meeting_fair

NOW = datetime(2031, 5, 13, 0, 0, tzinfo=UTC)  # 9:00 in Tokyo
pytestmark = pytest.mark.usefixtures("app_context")


def mails(outbox) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in outbox.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        found.setdefault(message["To"].addresses[0].addr_spec, []).append(str(message["Subject"]))
    return found


@pytest.fixture
def meeting(db, investor, startup, organizer_organization):
    fair = create_meeting_fair(db, organizer_id=organizer_organization.id)
    center = create_center(db)
    return create_meeting(db, fair, center.rooms[0], investor, startup, starts_at=NOW + timedelta(minutes=45))


def timed_notices(db, user=None) -> list[Notice]:
    query = select(Notice).where(Notice.kind.in_([NoticeKind.MEETING_REMINDER, NoticeKind.DAILY_AGENDA]))
    if user is not None:
        query = query.where(Notice.user_id == user.id)
    return list(db.scalars(query.order_by(Notice.kind, Notice.user_id)))


def test_a_reminder_is_in_each_inbox_once_with_the_other_side_and_the_own_zone(db, meeting, investor, startup):
    investor.timezone = "America/Mexico_City"
    assert send_reminders(db, Timing(), NOW) == 2
    assert send_reminders(db, Timing(), NOW + timedelta(minutes=5)) == 0
    notices = timed_notices(db)
    assert [n.kind for n in notices] == [NoticeKind.MEETING_REMINDER] * 2
    by_user = {n.user_id: n for n in notices}
    mine = by_user[investor.id]
    assert mine.meeting_id == meeting.id and mine.delivery == Delivery.AT_ONCE and mine.read_at is None
    assert mine.timed_mail_id == db.scalar(
        select(TimedMail.id).where(TimedMail.kind == "reminder", TimedMail.user_id == investor.id)
    )
    text = describe(mine.kind, mine.params).replace("\u202f", " ")
    assert text.startswith(f"Your meeting with {startup.organization.name} at ")
    assert "(6:45 PM Mexico City, previous day)" in text
    assert investor.organization.name in describe(NoticeKind.MEETING_REMINDER, by_user[startup.id].params)
    assert target(mine.kind, mine.params) == ("meetings.agenda", {"day": "2031-05-13"})


def test_the_days_agenda_is_one_notice_per_person_and_day(db, meeting, investor, startup):
    assert send_agendas(db, Timing(agenda_hour=7), NOW) == 2
    assert send_agendas(db, Timing(agenda_hour=7), NOW + timedelta(hours=1)) == 0
    notices = timed_notices(db, startup)
    assert [n.kind for n in notices] == [NoticeKind.DAILY_AGENDA]
    text = describe(notices[0].kind, notices[0].params).replace("\u202f", " ")
    assert text == "You have 1 meeting(s) today, the first at 9:45 AM JST."
    assert target(notices[0].kind, notices[0].params) == ("meetings.agenda", {"day": "2031-05-13"})


def test_turned_off_the_notice_stays_in_the_inbox_and_no_mail_goes(db, meeting, investor, startup, outbox):
    preferences.set_preferences(db, investor, {"meeting_reminder": "off", "daily_agenda": "off"})
    send_due(db, Timing(agenda_hour=7), now=NOW)
    db.commit()
    sent = mails(outbox)
    assert investor.email not in sent
    assert sorted(s.split(":")[0] for s in sent[startup.email]) == ["Reminder", "Your meetings today"]
    assert [(n.kind, n.delivery) for n in timed_notices(db, investor)] == [
        (NoticeKind.DAILY_AGENDA, Delivery.OFF),
        (NoticeKind.MEETING_REMINDER, Delivery.OFF),
    ]


def test_a_reminder_never_waits_for_the_digest(db, meeting, investor, outbox):
    with pytest.raises(InvalidInput, match="at once or not by mail"):
        preferences.set_preferences(db, investor, {"meeting_reminder": "digest"})
    assert db.scalar(select(func.count(NoticePreference.id))) == 0
    # A digest choice stored before this rule (or by hand) still reminds at once, and no digest carries it.
    db.add(NoticePreference(user_id=investor.id, kind=NoticeKind.MEETING_REMINDER, delivery=Delivery.DIGEST))
    db.flush()
    send_reminders(db, Timing(), NOW)
    assert [n.delivery for n in timed_notices(db, investor)] == [Delivery.AT_ONCE]
    assert send_digests(db, Timing(digest_hour=7), NOW + timedelta(days=1)) == 0
    db.commit()
    assert [s.split(":")[0] for s in mails(outbox)[investor.email]] == ["Reminder"]


def test_the_reminder_is_worded_in_the_readers_language(db, meeting, investor):
    investor.locale = "ja"
    send_reminders(db, Timing(), NOW)
    (notice,) = timed_notices(db, investor)
    assert notice.params["when"].startswith("2031/05/13")  # formatted for the reader, not for the sender


def test_the_inbox_lists_reminders_and_agendas_and_opens_the_day(client, db, meeting, investor):
    send_due(db, Timing(agenda_hour=7), now=NOW)
    login(client, investor.email)
    page = client.get("/inbox/").get_data(as_text=True)
    assert 'data-kind="meeting_reminder"' in page and 'data-kind="daily_agenda"' in page
    assert "Reminder before a meeting" in page and "You have 1 meeting(s) today" in page
    assert 'data-testid="inbox-count">2<' in client.get("/").get_data(as_text=True)
    (reminder,) = [n for n in timed_notices(db, investor) if n.kind == NoticeKind.MEETING_REMINDER]
    opened = client.post(f"/inbox/{reminder.id}/read")
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/meetings/?day=2031-05-13")


def test_the_settings_offer_reminders_and_agendas_at_once_or_off(client, db, startup):
    login(client, startup.email)
    page = client.get("/inbox/settings").get_data(as_text=True)
    offered = set(re.findall(r'name="(\w+)"[^>]*type="radio" value="(\w+)"', page))
    assert {("meeting_reminder", "at_once"), ("meeting_reminder", "off"), ("daily_agenda", "off")} <= offered
    assert ("meeting_reminder", "digest") not in offered and ("daily_agenda", "digest") not in offered
    assert ("request_received", "digest") in offered
    assert "Reminder before a meeting" in page and "Your meetings of the day" in page
    full = {kind.value: "at_once" for kind in preferences.CHOOSABLE}
    assert client.post("/inbox/settings", data=full | {"meeting_reminder": "off"}).status_code == 302
    assert db.scalar(select(NoticePreference.delivery).where(NoticePreference.kind == NoticeKind.MEETING_REMINDER)) == (
        Delivery.OFF
    )
    refused = client.post("/inbox/settings", data=full | {"daily_agenda": "digest"})
    assert refused.status_code == 422 and "Not a valid choice" in refused.get_data(as_text=True)
    assert db.scalar(select(NoticePreference.delivery).where(NoticePreference.kind == NoticeKind.DAILY_AGENDA)) == (
        Delivery.AT_ONCE
    )


@pytest.mark.parametrize("locale", ["ja", "es"])
def test_the_new_kinds_are_translated(app, locale):
    from flask_babel import force_locale

    with app.test_request_context(), force_locale(locale):
        for kind in (NoticeKind.MEETING_REMINDER, NoticeKind.DAILY_AGENDA):
            params = {"organization": "Kaze", "fair": "Fair", "when": "10:00", "count": 2}
            text = describe(kind, params)
            assert not text.startswith(("Your meeting", "You have")) and "10:00" in text
            assert str(TITLES[kind]) not in ("Reminder before a meeting", "Your meetings of the day")
