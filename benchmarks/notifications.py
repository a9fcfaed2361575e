"""Benchmark: 10,000 due reminders and the daily digests sent to the outbox by two senders at once, each once.

Builds a throwaway database by the migrations (SQLite, or PostgreSQL with --database-url), adds 5,000 meetings
of two people starting within the hour (so 10,000 reminders and, the fair being today, 10,000 agendas, each also
a notice in the inbox) and two notices queued for the daily digest of each of those people (10,000 digests), then
starts two `send_due` senders together, each with its own session, as two servers running `eventsys notifications
send-due` from cron would. Counts the .eml files by recipient and subject and the inbox rows by person and subject.
The baseline, in the same run: the same mails (recipients, subjects, texts) written by the bare mail service, one
session and commit, with no query, claim or notice; `ratio` is seconds ÷ baseline_seconds.
Last line: JSON with mails, reminders, agendas, digests, senders, seconds, duplicates (must be 0),
inbox_duplicates (must be 0), baseline_seconds, ratio. `--profile` prints where one sender's time goes.
Run it on PostgreSQL: on SQLite the second sender waits for the first's write lock beyond SQLite's busy timeout.
"""

from __future__ import annotations

import argparse
import cProfile
import email
import email.policy
import io
import json
import pstats
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402

from eventsys import create_app  # noqa: E402
from eventsys.extensions import db  # noqa: E402
from eventsys.models import (  # noqa: E402
    Center,
    Delivery,
    Fair,
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    Membership,
    Notice,
    NoticeKind,
    Organization,
    OrganizationKind,
    RequestStatus,
    Role,
    Room,
    User,
    organization_pair,
)
from eventsys.services import mail  # noqa: E402
from eventsys.services.notifications.timed import Timing, send_due  # noqa: E402

MEETINGS = 5_000
ROOMS = 100
#: Notices each person has waiting for the daily digest.
DIGEST_NOTICES = 2
NOW = datetime(2031, 5, 13, 0, 0, tzinfo=UTC)


def _insert(model, rows: list[dict]) -> list[int]:
    """Insert rows in one statement per 1,000 and return their ids in order."""
    ids: list[int] = []
    for start in range(0, len(rows), 1000):
        statement = insert(model).values(rows[start : start + 1000]).returning(model.id)
        ids.extend(db.session.scalars(statement).all())
    return ids


def seed(meetings: int = MEETINGS) -> None:
    """`meetings` (5,000) meetings, each of an investor and a startup, starting within the hour in 100 rooms."""
    organizer = Organization(name="Bench organizer", country="JP", kind=OrganizationKind.ORGANIZER)
    fair = Fair(
        slug="bench",
        name="Bench fair",
        venue="Bench hall",
        city="Tokyo",
        timezone="Asia/Tokyo",
        organizer=organizer,
        starts_on=NOW.date(),
        ends_on=NOW.date(),
        booking_opens_at=NOW - timedelta(days=30),
        booking_closes_at=NOW - timedelta(days=1),
    )
    center = Center(slug="bench-center", city="Tokyo", name="Bench center", address="1-1 Bench", timezone="Asia/Tokyo")
    rooms = [Room(center=center, name=f"Room {n}", capacity=2) for n in range(ROOMS)]
    db.session.add_all([organizer, fair, center, *rooms])
    db.session.flush()
    sides = {}
    for role, kind in ((Role.INVESTOR, OrganizationKind.INVESTOR_FIRM), (Role.STARTUP, OrganizationKind.STARTUP)):
        orgs = _insert(
            Organization, [{"name": f"{kind.value} {n}", "country": "JP", "kind": kind} for n in range(meetings)]
        )
        users = _insert(
            User,
            [
                {
                    "email": f"{role.value}{n}@bench.example",
                    "name": f"{role.value} {n}",
                    "password_hash": "x",
                    "role": role,
                    "calendar_token": f"{role.value}-{n}",
                }
                for n in range(meetings)
            ],
        )
        _insert(Membership, [{"user_id": u, "organization_id": o} for u, o in zip(users, orgs, strict=True)])
        sides[role] = list(zip(users, orgs, strict=True))
    pairs = list(zip(sides[Role.INVESTOR], sides[Role.STARTUP], strict=True))
    requests = _insert(
        MeetingRequest,
        [
            {
                "fair_id": fair.id,
                "requester_id": iu,
                "requester_organization_id": io,
                "recipient_id": su,
                "recipient_organization_id": so,
                "pair_key": organization_pair(io, so),
                "status": RequestStatus.ACCEPTED,
            }
            for (iu, io), (su, so) in pairs
        ],
    )
    starts = [NOW + timedelta(minutes=1 + n * 50 // meetings) for n in range(meetings)]
    meetings = _insert(
        Meeting,
        [
            {
                "fair_id": fair.id,
                "request_id": r,
                "center_id": center.id,
                "room_id": rooms[n % ROOMS].id,
                "starts_at": starts[n],
                "ends_at": starts[n] + timedelta(minutes=30),
                "uid": f"bench-{n}@eventsys",
            }
            for n, r in enumerate(requests)
        ],
    )
    _insert(
        MeetingParticipant,
        [
            {
                "meeting_id": m,
                "user_id": user,
                "organization_id": org,
                "starts_at": starts[n],
                "ends_at": starts[n] + timedelta(minutes=30),
            }
            for n, (m, ((iu, io), (su, so))) in enumerate(zip(meetings, pairs, strict=True))
            for user, org in ((iu, io), (su, so))
        ],
    )
    # Requests received the day before yesterday by people who want them in the daily digest (07:00 UTC for them).
    _insert(
        Notice,
        [
            {
                "user_id": user,
                "kind": NoticeKind.REQUEST_RECEIVED,
                "fair_id": fair.id,
                "params": {"organization": f"Sender {n}", "fair": fair.name, "fair_slug": fair.slug},
                "delivery": Delivery.DIGEST,
                "created_at": NOW - timedelta(days=2, minutes=n),
            }
            for side in sides.values()
            for user, _org in side
            for n in range(DIGEST_NOTICES)
        ],
    )
    db.session.commit()


def race(app, *, profile: bool = False) -> tuple[float, list[pstats.Stats]]:
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []
    profiles: list[pstats.Stats] = []

    def sender() -> None:
        profiler = cProfile.Profile() if profile else None
        counts: dict[str, int] = {}
        try:
            with app.app_context():
                barrier.wait()
                if profiler:
                    profiler.enable()
                counts = send_due(db.session, Timing(reminder_minutes=60), now=NOW)
                db.session.commit()  # the mails go to the outbox after this
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported after the run
            errors.append(error)
        finally:
            if profiler:
                profiler.disable()
                # The sender that claimed most first: the other mostly waits for its commit.
                profiles.insert(0 if sum(counts.values()) else len(profiles), pstats.Stats(profiler))

    threads = [threading.Thread(target=sender) for _ in range(2)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - started, profiles


def read_outbox(outbox: Path) -> list[email.message.EmailMessage]:
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in outbox.glob("*.eml")]


def baseline(app, messages: list[email.message.EmailMessage], outbox: Path) -> float:
    """The same mails by the bare mail service: queued in one session and written to the outbox on its commit."""
    mails = [(str(m["To"]), str(m["Subject"]), m.get_body(("plain",)).get_content()) for m in messages]
    app.config["MAIL_OUTBOX"] = str(outbox)
    with app.app_context():
        started = time.perf_counter()
        for to, subject, text in mails:
            mail.send_after_commit(db.session, to, subject, text)
        db.session.commit()
        seconds = time.perf_counter() - started
        db.session.remove()
    if len(list(outbox.glob("*.eml"))) != len(mails):
        raise RuntimeError("the baseline wrote a different number of mails")
    return seconds


def inbox_counts(app) -> tuple[Counter, int]:
    """Timed notices by kind, and how many (person, kind, meeting or day) stand more than once."""
    with app.app_context():
        rows = db.session.execute(
            select(Notice.kind, Notice.user_id, Notice.meeting_id, Notice.params).where(
                Notice.kind.in_([NoticeKind.MEETING_REMINDER, NoticeKind.DAILY_AGENDA])
            )
        ).all()
        db.session.remove()
    kinds = Counter(kind.value for kind, *_rest in rows)
    keys = Counter((kind, user, meeting, params.get("day")) for kind, user, meeting, params in rows)
    return kinds, sum(count - 1 for count in keys.values())


def print_profile(profiles: list[pstats.Stats]) -> None:
    out = io.StringIO()
    stats = profiles[0]
    stats.stream = out
    stats.sort_stats("cumulative").print_stats(60)
    print(out.getvalue(), file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: a new SQLite file)")
    parser.add_argument("--meetings", type=int, default=MEETINGS, help="meetings of two (default 5,000)")
    parser.add_argument("--profile", action="store_true", help="print where one sender's time goes (stderr)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        outbox = Path(folder) / "outbox"
        url = arguments.database_url or f"sqlite:///{folder}/bench.db"
        app = create_app(
            {"ENV": "benchmark", "SECRET_KEY": "benchmark", "DATABASE_URL": url, "MAIL_OUTBOX": str(outbox)}
        )
        with app.app_context():
            upgrade(directory=app.extensions["migrate"].directory)
            seed(arguments.meetings)
        seconds, profiles = race(app, profile=arguments.profile)
        messages = read_outbox(outbox)
        sent = Counter((m["To"], m["Subject"]) for m in messages)
        inboxed, inbox_duplicates = inbox_counts(app)
        base = baseline(app, messages, Path(folder) / "baseline")
        result = {
            "mails": len(sent),
            "reminders": sum(1 for _to, subject in sent if subject.startswith("Reminder")),
            "agendas": sum(1 for _to, subject in sent if subject.startswith("Your meetings today")),
            "digests": sum(1 for _to, subject in sent if subject.startswith("Your daily digest")),
            "inbox_reminders": inboxed[NoticeKind.MEETING_REMINDER.value],
            "inbox_agendas": inboxed[NoticeKind.DAILY_AGENDA.value],
            "senders": 2,
            "seconds": round(seconds, 2),
            "duplicates": sum(count - 1 for count in sent.values()),
            "inbox_duplicates": inbox_duplicates,
            "baseline_seconds": round(base, 2),
            "ratio": round(seconds / base, 2),
            "database": url.split(":", 1)[0],
        }
        if profiles:
            print_profile(profiles)
        print(
            f"{result['mails']} mails ({result['reminders']} reminders, {result['agendas']} agendas, "
            f"{result['digests']} digests) by 2 senders in {result['seconds']} s, {result['duplicates']} twice; "
            f"the bare mail service writes them in {result['baseline_seconds']} s (ratio {result['ratio']})"
        )
        print(json.dumps(result))


if __name__ == "__main__":
    main()
