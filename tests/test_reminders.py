"""Timed mail: reminders before meetings, the day's agenda, expiry warnings; each once, from the CLI or a job."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from eventsys.models import Notice, NoticeKind, RequestStatus, Role, TimedMail
from eventsys.services.notifications import scheduler
from eventsys.services.notifications.timed import Timing, send_agendas, send_due, send_reminders, warn_expiring
from tests.calendar_factories import create_meeting
from tests.conftest import create_user
from tests.meeting_factories import accepted_request, create_center, create_meeting_fair

pytestmark = pytest.mark.usefixtures("app_context")


def subjects(outbox) -> list[str]:
    messages = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in outbox.glob("*.eml")]
    return sorted(f"{m['To']} | {m['Subject']}" for m in messages)


@pytest.fixture
def meeting_soon(db, investor, startup, organizer_organization):
    fair = create_meeting_fair(db, organizer_id=organizer_organization.id)
    center = create_center(db)
    now = datetime(2031, 5, 13, 0, 0, tzinfo=UTC)  # 9:00 in Tokyo
    meeting = create_meeting(db, fair, center.rooms[0], investor, startup, starts_at=now + timedelta(minutes=45))
    return meeting, now


def test_a_reminder_goes_to_each_participant_once(db, meeting_soon, outbox):
    meeting, now = meeting_soon
    assert send_reminders(db, Timing(reminder_minutes=60), now - timedelta(minutes=30)) == 0  # not yet due
    assert send_reminders(db, Timing(reminder_minutes=60), now) == 2
    db.commit()
    assert send_reminders(db, Timing(reminder_minutes=60), now + timedelta(minutes=5)) == 0  # never twice
    db.commit()
    sent = subjects(outbox)
    assert len(sent) == 2 and all("Reminder" in s for s in sent)


def test_a_moved_meeting_is_reminded_of_again_and_a_cancelled_one_not(db, meeting_soon, outbox):
    meeting, now = meeting_soon
    send_reminders(db, Timing(), now)
    meeting.starts_at += timedelta(minutes=10)
    assert send_reminders(db, Timing(), now) == 2
    meeting.status = meeting.status.__class__("cancelled")
    meeting.starts_at += timedelta(minutes=5)
    assert send_reminders(db, Timing(), now) == 0


def test_the_days_agenda_from_the_agenda_hour_in_the_centers_zone(db, meeting_soon, outbox):
    meeting, now = meeting_soon  # 9:00 in Tokyo, the meeting at 9:45
    assert send_agendas(db, Timing(agenda_hour=10), now) == 0
    assert send_agendas(db, Timing(agenda_hour=7), now) == 2
    assert send_agendas(db, Timing(agenda_hour=7), now + timedelta(minutes=1)) == 0
    db.commit()
    assert all("today: 1" in s for s in subjects(outbox))


def test_an_open_request_about_to_expire_warns_the_side_asked_once(db, investor, startup, organizer_organization):
    fair = create_meeting_fair(db, organizer_id=organizer_organization.id)
    now = datetime.now(UTC)
    request = accepted_request(
        db, fair, investor, startup, status=RequestStatus.OPEN, expires_at=now + timedelta(hours=5)
    )
    request.recipient = None
    db.flush()
    colleague = create_user(db, Role.STARTUP, organization=startup.organization)
    assert warn_expiring(db, now) == 2 and warn_expiring(db, now) == 0
    told = set(db.scalars(select(Notice.user_id).where(Notice.kind == NoticeKind.REQUEST_EXPIRING)))
    assert told == {startup.id, colleague.id}


def test_the_cli_sends_what_is_due_and_refuses_a_bad_time(app, db, meeting_soon, outbox):
    meeting, now = meeting_soon
    runner = app.test_cli_runner()
    result = runner.invoke(args=["notifications", "send-due", "--at", now.isoformat()])
    assert result.exit_code == 0 and "reminders: 2" in result.output
    again = runner.invoke(args=["notifications", "send-due", "--at", now.isoformat()])
    assert again.exit_code == 0 and "reminders: 0" in again.output
    assert db.scalar(select(func.count(TimedMail.id)).where(TimedMail.kind == "reminder")) == 2
    for bad in ("tomorrow", "2031-05-13T09:00"):
        refused = runner.invoke(args=["notifications", "send-due", "--at", bad])
        assert refused.exit_code == 2 and "ISO 8601" in refused.output or "offset" in refused.output


def test_the_tick_job_ids_are_one_per_minute():
    first = datetime(2031, 5, 13, 0, 0, 12, tzinfo=UTC)
    assert scheduler.next_tick(first) == datetime(2031, 5, 13, 0, 1, tzinfo=UTC)
    assert scheduler.job_id(scheduler.next_tick(first)) == scheduler.job_id(
        scheduler.next_tick(first + timedelta(seconds=40))
    )


def test_rq_scheduler_schedules_one_tick_for_many_workers(app, redis_url):
    from rq import Queue
    from rq.registry import ScheduledJobRegistry

    config = dict(app.config, REDIS_URL=redis_url)
    now = datetime(2031, 5, 13, 0, 0, 12, tzinfo=UTC)
    ids = {scheduler.schedule_next(config, now=now) for _server in range(3)}
    assert len(ids) == 1
    from eventsys.services import jobs

    queue = jobs.get_queue(config, scheduler.QUEUE_NAME)
    assert isinstance(queue, Queue) and ScheduledJobRegistry(queue=queue).get_job_ids() == list(ids)


def test_send_due_reports_every_kind(db):
    counts = send_due(db, Timing(), now=datetime(2031, 1, 1, tzinfo=UTC))
    assert set(counts) == {"reminders", "agendas", "expiring", "digests", "payments"}
