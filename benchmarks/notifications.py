"""Benchmark: 10,000 due reminders sent to the outbox by two senders at once, each reminder once.

Builds a throwaway database by the migrations (SQLite, or PostgreSQL with --database-url), adds 5,000 meetings
of two people starting within the hour, then starts two `send_due` senders together, each with its own session,
as two servers running `eventsys notifications send-due` from cron would. Counts the .eml files by recipient and
subject. Last line: JSON with mails, reminders, senders, seconds, duplicates (must be 0).
Run it on PostgreSQL: on SQLite the second sender waits for the first's write lock beyond SQLite's busy timeout.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import json
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from eventsys import create_app  # noqa: E402
from eventsys.extensions import db  # noqa: E402
from eventsys.models import (  # noqa: E402
    Center,
    Fair,
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    Membership,
    Organization,
    OrganizationKind,
    RequestStatus,
    Role,
    Room,
    User,
    organization_pair,
)
from eventsys.services.notifications.timed import Timing, send_due  # noqa: E402

MEETINGS = 5_000
ROOMS = 100
NOW = datetime(2031, 5, 13, 0, 0, tzinfo=UTC)


def _insert(model, rows: list[dict]) -> list[int]:
    """Insert rows in one statement per 1,000 and return their ids in order."""
    ids: list[int] = []
    for start in range(0, len(rows), 1000):
        statement = insert(model).values(rows[start : start + 1000]).returning(model.id)
        ids.extend(db.session.scalars(statement).all())
    return ids


def seed() -> None:
    """5,000 meetings, each of an investor and a startup, starting over the coming 50 minutes in 100 rooms."""
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
            Organization, [{"name": f"{kind.value} {n}", "country": "JP", "kind": kind} for n in range(MEETINGS)]
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
                for n in range(MEETINGS)
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
    starts = [NOW + timedelta(minutes=1 + n // ROOMS) for n in range(MEETINGS)]
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
            {"meeting_id": m, "user_id": user, "organization_id": org, "starts_at": starts[n]}
            for n, (m, ((iu, io), (su, so))) in enumerate(zip(meetings, pairs, strict=True))
            for user, org in ((iu, io), (su, so))
        ],
    )
    db.session.commit()


def race(app) -> float:
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def sender() -> None:
        try:
            with app.app_context():
                barrier.wait()
                send_due(db.session, Timing(reminder_minutes=60), now=NOW)
                db.session.commit()  # the mails go to the outbox after this
                db.session.remove()
        except BaseException as error:  # noqa: BLE001 - reported after the run
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="an empty PostgreSQL database (default: a new SQLite file)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        outbox = Path(folder) / "outbox"
        url = arguments.database_url or f"sqlite:///{folder}/bench.db"
        app = create_app(
            {"ENV": "benchmark", "SECRET_KEY": "benchmark", "DATABASE_URL": url, "MAIL_OUTBOX": str(outbox)}
        )
        with app.app_context():
            upgrade(directory=app.extensions["migrate"].directory)
            seed()
        seconds = race(app)
        messages = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in outbox.glob("*.eml")]
        sent = Counter((m["To"], m["Subject"]) for m in messages)
        result = {
            "mails": len(sent),  # the 10,000 reminders, and the day's agenda of each person (the fair is today)
            "reminders": sum(1 for _to, subject in sent if subject.startswith("Reminder")),
            "senders": 2,
            "seconds": round(seconds, 2),
            "duplicates": sum(count - 1 for count in sent.values()),
            "database": url.split(":", 1)[0],
        }
        print(f"{result['mails']} mails by 2 senders in {result['seconds']} s, {result['duplicates']} twice")
        print(json.dumps(result))


if __name__ == "__main__":
    main()
