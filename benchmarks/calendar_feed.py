"""How fast a private feed and an organizer export of 5,000 meetings are built, and what a 304 costs.

Builds a temporary SQLite database by the migrations (or uses EVENTSYS_BENCH_DATABASE_URL, e.g. a PostgreSQL
database of your own), puts 5,000 meetings of one investor with 50 startups into it, then times through the
Flask test client: the full feed, the feed again with its ETag (If-None-Match → 304), the fair's export (built
directly), and the export page's download again with its ETag (an organizer logged in).

    .venv/bin/python benchmarks/calendar_feed.py

The last line is JSON: {"events": …, "seconds": …, "seconds_304": …, "export_seconds": …, "rebuilds_on_304": 0,
"export_seconds_304": …, "export_rebuilds_on_304": 0}.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import icalendar  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import insert, select, text  # noqa: E402

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
from eventsys.services.accounts.users import PasswordPolicy, hash_password  # noqa: E402
from eventsys.services.calendars import feeds as calendar_feeds  # noqa: E402

MEETINGS = 5000
STARTUPS = 50
SLOTS_PER_DAY = 16
RUNS = 5
ORGANIZER = ("organizer@bench.example", "Bench-Organizer-2027")


def seed() -> User:
    """One investor with MEETINGS meetings at six centers, each with one of STARTUPS startups; bulk inserts."""
    session = db.session
    fair = Fair(
        slug="bench-fair",
        name="Bench Fair",
        venue="Tokyo Big Sight",
        city="Tokyo",
        starts_on=date(2027, 5, 12),
        ends_on=date(2027, 5, 14),
        booking_opens_at=datetime(2026, 11, 1, tzinfo=UTC),
        booking_closes_at=datetime(2027, 3, 31, tzinfo=UTC),
        contact_email="meetings@bench.example",
    )
    session.add(fair)
    rooms = []
    for n, city in enumerate(("Tokyo", "Yokohama", "Nagoya", "Osaka", "Kobe", "Fukuoka")):
        center = Center(slug=city.lower(), city=city, name=f"Business Support Center {city}", address=f"{n} Main St")
        session.add(center)
        rooms += [Room(center=center, name=f"Room {r}", capacity=4) for r in range(6)]
    session.add_all(rooms)
    investor_org = Organization(kind=OrganizationKind.INVESTOR_FIRM, name="Shibuya Frontier Ventures", country="JP")
    investor = User(email="investor@bench.example", name="Hanako Sato", name_local="佐藤 花子", role=Role.INVESTOR)
    investor.password_hash = "x"
    session.add_all([investor_org, investor, Membership(user=investor, organization=investor_org)])
    cheap = PasswordPolicy(time_cost=1, memory_cost_kib=64)
    session.add(
        User(email=ORGANIZER[0], name="Org", role=Role.ORGANIZER, password_hash=hash_password(ORGANIZER[1], cheap))
    )
    startups = []
    for n in range(STARTUPS):
        org = Organization(kind=OrganizationKind.STARTUP, name=f"Startup {n}", country="FR")
        user = User(email=f"s{n}@bench.example", name=f"Founder {n}", role=Role.STARTUP, password_hash="x")
        session.add_all([org, user, Membership(user=user, organization=org)])
        startups.append((user, org))
    session.flush()
    first = datetime(2027, 5, 10, 0, 0, tzinfo=UTC)
    request_rows, meeting_rows, participant_rows = [], [], []
    for i in range(MEETINGS):
        user, org = startups[i % STARTUPS]
        room = rooms[i % len(rooms)]
        starts = first + timedelta(days=i // SLOTS_PER_DAY, minutes=30 * (i % SLOTS_PER_DAY))
        request_rows.append(
            dict(
                id=i + 1,
                fair_id=fair.id,
                requester_id=investor.id,
                requester_organization_id=investor_org.id,
                recipient_id=user.id,
                recipient_organization_id=org.id,
                pair_key=organization_pair(investor_org.id, org.id),
                message="Seed round for robots",
                language="en",
                status=RequestStatus.ACCEPTED,
            )
        )
        meeting_rows.append(
            dict(
                id=i + 1,
                fair_id=fair.id,
                request_id=i + 1,
                center_id=room.center_id,
                room_id=room.id,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=30),
                uid=f"bench-{i}@eventsys",
                sequence=i % 3,
            )
        )
        for person, organization in ((investor, investor_org), (user, org)):
            participant_rows.append(
                dict(meeting_id=i + 1, user_id=person.id, organization_id=organization.id, starts_at=starts)
            )
    session.execute(insert(MeetingRequest), request_rows)
    session.execute(insert(Meeting), meeting_rows)
    session.execute(insert(MeetingParticipant), participant_rows)
    token = calendar_feeds.calendar_token(session, investor)
    session.commit()
    return token


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="eventsys-bench-"))
    url = os.environ.get("EVENTSYS_BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'bench.db'}"
    app = create_app(
        {
            "ENV": "testing",
            "SECRET_KEY": "bench",
            "DATABASE_URL": url,
            "MAIL_OUTBOX": str(workdir / "outbox"),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text("DROP SCHEMA public CASCADE"))
                connection.execute(text("CREATE SCHEMA public"))
        upgrade(directory=app.extensions["migrate"].directory)
        seconds, token = timed(seed)
        print(f"seeded {MEETINGS} meetings on {db.engine.dialect.name} in {seconds:.1f} s")
        fair = db.session.scalar(select(Fair).where(Fair.slug == "bench-fair"))
        scope = calendar_feeds.export_scope(fair)
        db.session.remove()

    client = app.test_client()
    feed_url = f"/calendar/{token}.ics"
    builds = []
    original = calendar_feeds.user_feed

    def counting_feed(*args, **kwargs):
        builds.append(1)
        return original(*args, **kwargs)

    calendar_feeds.user_feed = counting_feed
    full, conditional, exports = [], [], []
    for _ in range(RUNS):
        seconds, response = timed(client.get, feed_url)
        assert response.status_code == 200
        full.append(seconds)
        etag = response.headers["ETag"]
        before = len(builds)
        seconds, again = timed(client.get, feed_url, headers={"If-None-Match": etag})
        assert again.status_code == 304 and len(builds) == before
        conditional.append(seconds)
    events = len(icalendar.Calendar.from_ical(response.data).walk("VEVENT"))
    meetings = sum(1 for e in icalendar.Calendar.from_ical(response.data).walk("VEVENT") if "bench-" in str(e["UID"]))
    with app.app_context():
        for _ in range(RUNS):
            scope = calendar_feeds.export_scope(db.session.merge(scope.fair))
            seconds, data = timed(calendar_feeds.organizer_export, db.session, scope)
            exports.append(seconds)
            db.session.remove()
    rebuilds = len(builds) - RUNS
    export_304, export_rebuilds = conditional_exports(app)

    print(f"feed of {meetings} meetings ({events} events, {len(response.data) / 1e6:.1f} MB):")
    print(f"  full build and response:   median {statistics.median(full):.3f} s, best {min(full):.3f} s")
    print(f"  If-None-Match → 304:       median {statistics.median(conditional) * 1000:.1f} ms, rebuilds: {rebuilds}")
    print(f"organizer export of the fair: median {statistics.median(exports):.3f} s")
    export_ms = statistics.median(export_304) * 1000
    print(f"  export If-None-Match → 304: median {export_ms:.1f} ms, rebuilds: {export_rebuilds}")
    result = {
        "events": meetings,
        "seconds": round(statistics.median(full), 3),
        "seconds_304": round(statistics.median(conditional), 4),
        "export_seconds": round(statistics.median(exports), 3),
        "rebuilds_on_304": rebuilds,
        "export_seconds_304": round(statistics.median(export_304), 4),
        "export_rebuilds_on_304": export_rebuilds,
    }
    print(json.dumps(result))


def conditional_exports(app) -> tuple[list[float], int]:
    """The export page's download once, then RUNS times with its ETag; each must be a 304 that builds nothing."""
    client = app.test_client()
    assert client.post("/login", data={"email": ORGANIZER[0], "password": ORGANIZER[1]}).status_code == 302
    builds = []
    original = calendar_feeds.organizer_export

    def counting_export(*args, **kwargs):
        builds.append(1)
        return original(*args, **kwargs)

    calendar_feeds.organizer_export = counting_export
    first = client.get("/calendar/export?fair=bench-fair")
    assert first.status_code == 200 and len(builds) == 1
    seconds = []
    for _ in range(RUNS):
        took, again = timed(
            client.get, "/calendar/export?fair=bench-fair", headers={"If-None-Match": first.headers["ETag"]}
        )
        assert again.status_code == 304
        seconds.append(took)
    calendar_feeds.organizer_export = original
    return seconds, len(builds) - 1


if __name__ == "__main__":
    main()
