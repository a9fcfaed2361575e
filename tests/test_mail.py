"""The one mail service: .eml files in the outbox by default, SMTP when configured."""

from __future__ import annotations

import signal
import socket
import time
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

import eventsys
from eventsys.models import BookingStatus
from eventsys.services import jobs, mail
from eventsys.services.booths import booking
from eventsys.services.meetings import booking as meeting_service
from tests.booth_factories import approved_startup
from tests.conftest import create_user, login, run_jobs
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available


def test_outbox_keeps_every_mail_as_an_eml_file(tmp_path):
    message = mail.compose(
        "eventsys <no-reply@example.com>",
        ["山田 太郎 <taro@example.com>"],
        "ようこそ — welcome",
        "本文 and text",
        html="<p>本文</p>",
        attachments=[mail.Attachment("invite.ics", b"BEGIN:VCALENDAR", "text/calendar")],
    )
    path = mail.deliver(message, {"MAIL_OUTBOX": str(tmp_path)})
    parsed = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert parsed["Subject"] == "ようこそ — welcome"
    assert parsed.get_body(preferencelist=("plain",)).get_content().strip() == "本文 and text"
    assert [part.get_filename() for part in parsed.iter_attachments()] == ["invite.ics"]


def test_smtp_is_used_when_configured(tmp_path):
    """A real SMTP conversation with a local aiosmtpd server."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received = []

    class Collect(Message):
        def handle_message(self, message):
            received.append(message)

    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Collect(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        message = mail.compose("a@example.com", "b@example.com", "こんにちは", "Hello 山田さん")
        config = {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": False, "MAIL_OUTBOX": str(tmp_path)}
        assert mail.deliver(message, config) is None
    finally:
        controller.stop()
    assert [m["To"] for m in received] == ["b@example.com"]
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def queued_mail(app, redis_url):
    """The app with its job queue on the test Redis, for the length of one test."""
    app.config.update(REDIS_URL=redis_url)
    yield jobs.get_queue(app.config, mail.QUEUE_NAME)
    app.config.update(REDIS_URL=None)


def test_with_a_job_queue_mails_after_a_commit_are_sent_by_the_worker(app, db, fair, outbox, queued_mail):
    user = approved_startup(db, fair)
    with app.app_context():
        booking.hold_booth(db, fair.halls[0].booths[0], user.organization, actor=user)
        db.commit()
    assert list(outbox.glob("*.eml")) == []  # the request only queued it
    assert queued_mail.count == 1
    run_jobs(app, mail.QUEUE_NAME)
    (sent,) = outbox.glob("*.eml")
    message = BytesParser(policy=policy.default).parsebytes(sent.read_bytes())
    assert message["To"] == user.email and message["Subject"] == "Booth A01 is held for you"
    assert queued_mail.count == 0


def test_the_worker_words_a_booking_notice_as_the_change_left_it(app, db, fair, outbox, queued_mail, monkeypatch):
    """The hold's transaction only queues its notice (no lookup of the members, no wording); the worker words it
    later, from the booking as the hold left it, though it was booked in between."""
    from sqlalchemy import event

    user = approved_startup(db, fair)
    statements = []

    def note(_connection, _cursor, statement, *_args) -> None:
        statements.append(statement)

    with app.app_context():
        event.listen(db.get_bind(), "before_cursor_execute", note)
        try:
            held = booking.hold_booth(db, fair.halls[0].booths[0], user.organization, actor=user)
            db.commit()
        finally:
            event.remove(db.get_bind(), "before_cursor_execute", note)
        held.status, held.held_until = BookingStatus.CONFIRMED, None  # no notice of its own
        db.commit()
    assert not [sql for sql in statements if "memberships" in sql and "users.email" in sql]
    assert list(outbox.glob("*.eml")) == [] and queued_mail.count == 1
    queued_jobs = []
    original = queued_mail.__class__.enqueue_many
    monkeypatch.setattr(
        queued_mail.__class__, "enqueue_many", lambda *a, **k: queued_jobs.append(1) or original(*a, **k)
    )
    run_jobs(app, mail.QUEUE_NAME)
    assert queued_jobs == [], "a notice in one language is sent by the job that words it"
    (sent,) = outbox.glob("*.eml")
    message = BytesParser(policy=policy.default).parsebytes(sent.read_bytes())
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert message["Subject"] == "Booth A01 is held for you" and message["To"] == user.email
    assert "Status: On hold" in text and "Held until" in text


def test_a_refused_change_queues_no_mail(app, db, fair, outbox, queued_mail):
    first, second = approved_startup(db, fair), approved_startup(db, fair)
    with app.app_context():
        booking.hold_booth(db, fair.halls[0].booths[0], first.organization, actor=first)
        db.commit()
        with pytest.raises(booking.BoothUnavailable):
            booking.hold_booth(db, fair.halls[0].booths[0], second.organization, actor=second)
        db.rollback()
        db.commit()
    assert queued_mail.count == 1


def test_mails_go_out_at_once_when_redis_is_unreachable(app, db, fair, outbox, caplog):
    user = approved_startup(db, fair)
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.config.update(REDIS_URL=f"redis://127.0.0.1:{port}/0")
    try:
        with app.app_context():
            booking.hold_booth(db, fair.halls[0].booths[0], user.organization, actor=user)
            db.commit()
    finally:
        app.config.update(REDIS_URL=None)
    assert len(list(outbox.glob("*.eml"))) == 1
    assert "mail queue is unreachable" in caplog.text


def test_the_worker_command_needs_redis_and_runs_the_queued_mails(app, db, fair, outbox, redis_url, queued_mail):
    app.config.update(REDIS_URL=None)
    refused = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert refused.exit_code != 0 and "EVENTSYS_REDIS_URL" in refused.output
    app.config.update(REDIS_URL=redis_url)
    user = approved_startup(db, fair)
    with app.app_context():
        booking.hold_booth(db, fair.halls[0].booths[0], user.organization, actor=user)
        db.commit()
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    finally:  # the worker takes over SIGTERM and SIGINT; give them back to pytest
        for number, handler in handlers.items():
            signal.signal(number, handler)
    assert result.exit_code == 0, result.output
    assert len(list(outbox.glob("*.eml"))) == 1


def test_a_mail_the_smtp_server_refused_is_sent_again_later(app, db, fair, outbox, queued_mail, monkeypatch):
    """One job per mail, retried by the worker's scheduler: a mail is late while SMTP is down, never lost."""
    monkeypatch.setattr(mail, "RETRY_SECONDS", [1])
    first, second = approved_startup(db, fair), approved_startup(db, fair)
    with app.app_context():
        booking.hold_booth(db, fair.halls[0].booths[0], first.organization, actor=first)
        booking.hold_booth(db, fair.halls[0].booths[1], second.organization, actor=second)
        db.commit()
    assert queued_mail.count == 2
    with socket.socket() as probe:  # an SMTP server that is down: nothing listens on this port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        run_jobs(app, mail.QUEUE_NAME)
    finally:
        app.config.update(MAIL_SERVER=None)
    assert list(outbox.glob("*.eml")) == [] and queued_mail.scheduled_job_registry.count == 2
    time.sleep(1.2)
    run_jobs(app, mail.QUEUE_NAME)  # the server is back (here: the outbox)
    sent = sorted(BytesParser(policy=policy.default).parsebytes(p.read_bytes())["To"] for p in outbox.glob("*.eml"))
    assert sent == sorted([first.email, second.email])


def test_a_meeting_invitation_goes_through_the_queue_and_the_worker_delivers_it_intact(
    app, db, investor, startup, outbox, queued_mail
):
    """The .ics travels in the job (once, though the mail carries it twice) and arrives byte for byte."""
    fair = create_meeting_fair(db)
    center = create_center(db)
    make_available(db, fair, investor, center)
    make_available(db, fair, startup, center)
    request = accepted_request(db, fair, investor, startup)
    with app.app_context():
        meeting_service.book_meeting(db, request, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
        db.commit()
    jobs_queued = [queued_mail.fetch_job(job_id) for job_id in queued_mail.job_ids]
    assert len(jobs_queued) == 2 and list(outbox.glob("*.eml")) == []
    (queued,) = jobs_queued[0].args[0]
    assert len(jobs_queued[0].data) < 2 * len(queued.calendar), "the .ics is pickled once per job"
    run_jobs(app, mail.QUEUE_NAME)
    messages = [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in outbox.glob("*.eml")]
    assert sorted(m["To"].addresses[0].addr_spec for m in messages) == [investor.email, startup.email]
    for sent in messages:  # both share the meeting's one file
        (attachment,) = sent.iter_attachments()
        assert attachment.get_filename() == "invite.ics" and attachment.get_content() == queued.calendar
        alternative = next(p for p in sent.iter_parts() if p.get_content_type() == "multipart/alternative")
        calendar_part = list(alternative.iter_parts())[1]
        assert calendar_part.get_param("method") == "REQUEST"
        assert calendar_part.get_content().splitlines() == queued.calendar.decode().splitlines()
    assert queued_mail.count == 0


def test_a_rolled_back_savepoint_drops_only_the_mails_queued_inside_it(app, db, outbox):
    with app.app_context():
        mail.send_after_commit(db, "before@example.com", "Before", "kept")
        with pytest.raises(RuntimeError), db.begin_nested():
            mail.send_after_commit(db, "inside@example.com", "Inside", "dropped")
            raise RuntimeError("refused")
        with db.begin_nested():
            mail.send_after_commit(db, "released@example.com", "Released", "kept")
        assert list(outbox.glob("*.eml")) == [], "a released savepoint waits for the real commit"
        db.commit()
    sent = sorted(BytesParser(policy=policy.default).parsebytes(p.read_bytes())["To"] for p in outbox.glob("*.eml"))
    assert sent == ["before@example.com", "released@example.com"]


def test_a_session_closed_without_a_commit_mails_nobody(app, db, outbox):
    with app.app_context():
        user = create_user(db)  # the change the mail would have told of
        mail.send_after_commit(db, user.email, "Never", "the transaction ended unfinished")
        db.close()
        db.commit()
    assert list(outbox.glob("*.eml")) == []


def test_without_a_queue_a_mail_that_fails_is_logged_and_the_change_stands(client, db, fair, outbox, caplog):
    user = approved_startup(db, fair)
    with socket.socket() as probe:  # an SMTP server that is down
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    login(client, user.email)
    client.application.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        response = client.post(f"/fairs/{fair.slug}/booths/{fair.halls[0].booths[0].code}/hold")
    finally:
        client.application.config.update(MAIL_SERVER=None)
    assert response.headers["Location"].startswith("/bookings/"), "the hold stands"
    assert "could not send the mail" in caplog.text
    assert list(outbox.glob("*.eml")) == []


def test_a_job_queued_before_mails_carried_calendars_is_still_sent(app, outbox):
    with app.app_context():
        assert mail.send_queued([(["old@example.com"], "Queued last week", "text")]) == 1
    (sent,) = outbox.glob("*.eml")
    assert BytesParser(policy=policy.default).parsebytes(sent.read_bytes())["To"] == "old@example.com"


def test_only_the_mail_service_delivers():
    """Every other module queues with send_after_commit, so a refused change can never have mailed."""
    package = Path(eventsys.__file__).parent
    callers = [p.relative_to(package).as_posix() for p in package.rglob("*.py") if "deliver(" in p.read_text()]
    assert callers == ["services/mail.py"]
