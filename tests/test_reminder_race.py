"""Two senders at once on PostgreSQL send each reminder once, by mail and in the inbox: the claimed row is the
guarantee, and each inbox reminder refers to its claim by a unique key.

Both senders run send_due in their own thread, session and connection, released together by a barrier; the query
of what is due is slowed a little so that both see every reminder as unsent. The negative control swaps the claim
for a check-then-send without the unique row and shows that the test sees the duplicates.
"""

from __future__ import annotations

import email
import email.policy
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from eventsys.extensions import db
from eventsys.models import Delivery, Notice, NoticeKind, OrganizationKind, Role, TimedMail
from eventsys.services.notifications import timed
from tests.calendar_factories import create_meeting
from tests.conftest import create_organization, create_user
from tests.live_database import live_app
from tests.meeting_factories import create_center, create_meeting_fair

pytestmark = [pytest.mark.timeout(300), pytest.mark.postgres]
NOW = datetime(2031, 5, 13, 0, 0, tzinfo=UTC)
MEETINGS = 15


def _seed(app) -> None:
    with app.app_context():
        organizer = create_organization(db.session, OrganizationKind.ORGANIZER)
        fair = create_meeting_fair(db.session, organizer_id=organizer.id)
        center = create_center(db.session, rooms=[(f"Room {n}", 2) for n in range(MEETINGS)])
        for n in range(MEETINGS):
            investor = create_user(db.session, Role.INVESTOR)
            startup = create_user(db.session, Role.STARTUP)
            create_meeting(db.session, fair, center.rooms[n], investor, startup, starts_at=NOW + timedelta(minutes=30))
        db.session.commit()


def _two_senders(app) -> Counter:
    barrier = threading.Barrier(2, timeout=60)
    errors = []

    def sender() -> None:
        try:
            with app.app_context():
                barrier.wait()
                timed.send_reminders(db.session, timed.Timing(), NOW)
                db.session.commit()
                db.session.remove()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    outbox = app.config["MAIL_OUTBOX"]
    from pathlib import Path

    messages = [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in Path(outbox).glob("*.eml")
    ]
    return Counter((m["To"], m["Subject"]) for m in messages)


def _inbox_reminders(app) -> Counter:
    with app.app_context():
        rows = db.session.execute(
            select(Notice.user_id, Notice.meeting_id).where(Notice.kind == NoticeKind.MEETING_REMINDER)
        ).all()
        db.session.remove()
    return Counter(rows)


@pytest.fixture
def slow_due_query(monkeypatch):
    """Both senders read what is due before either claims anything."""
    original = timed._upcoming

    def slowed(session, now, until):
        found = original(session, now, until)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(timed, "_upcoming", slowed)


@pytest.mark.usefixtures("slow_due_query")
def test_two_senders_at_once_send_each_reminder_once(tmp_path):
    with live_app("postgresql", tmp_path) as app:
        _seed(app)
        sent = _two_senders(app)
        assert len(sent) == 2 * MEETINGS and set(sent.values()) == {1}
        inboxed = _inbox_reminders(app)
        assert len(inboxed) == 2 * MEETINGS and set(inboxed.values()) == {1}
        with app.app_context():
            assert len(db.session.scalars(select(TimedMail)).all()) == 2 * MEETINGS
            # The database refuses a second notice of the same claim, whoever would write it.
            first = db.session.scalars(select(Notice).where(Notice.kind == NoticeKind.MEETING_REMINDER)).first()
            db.session.add(
                Notice(
                    user_id=first.user_id,
                    kind=NoticeKind.MEETING_REMINDER,
                    meeting_id=first.meeting_id,
                    params={},
                    delivery=Delivery.AT_ONCE,
                    timed_mail_id=first.timed_mail_id,
                )
            )
            with pytest.raises(IntegrityError, match="uq_notices_timed_mail_id"):
                db.session.commit()
            db.session.rollback()
            assert db.session.scalar(select(func.count(Notice.id))) == 2 * MEETINGS


@pytest.mark.usefixtures("slow_due_query")
def test_negative_control_without_the_claimed_row_both_send(tmp_path, monkeypatch):
    def unguarded(session, kind, wanted, now):
        """Check, then send: what a sender without the unique row does."""
        taken = set(session.execute(select(TimedMail.user_id, TimedMail.subject).where(TimedMail.kind == kind)).all())
        return {pair: None for pair in wanted if pair not in taken}  # no claim row, so no claim to refer to

    monkeypatch.setattr(timed, "claim", unguarded)
    with live_app("postgresql", tmp_path) as app:
        _seed(app)
        sent = _two_senders(app)
        assert max(sent.values()) == 2  # the race is real: without the claim, reminders go twice
        assert max(_inbox_reminders(app).values()) == 2  # and stand twice in the inbox
