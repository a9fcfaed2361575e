"""How the fair dashboard performs at the SusHi Tech scale, against a fair a quarter its size in the same run.

Builds a temporary SQLite database by the migrations (or uses EVENTSYS_BENCH_DATABASE_URL, e.g. a PostgreSQL
database of your own), loads `seed-demo --scale sushitech` (434 booths, 434 startups, 635 investors), then gives
SusHi Tech Tokyo its activity: bookings of nearly every booth over the booking window (some cancelled, a few
on hold), applications, 1,600 meeting requests and 900 meetings at the six centers over its three days, a badge
for every account and 3,000 visitors, and about 10,000 check-ins at four gates. A second fair a quarter that size
(109 booths, a quarter of everything) is the baseline. For each, it measures the dashboard page
(/organizer/fairs/<slug>/dashboard as the fair's organizer: SQL statements and the median of 30 requests) and
`get_fair_dashboard` alone.

    .venv/bin/python benchmarks/fair_dashboard.py

The last line is JSON: {"dashboard_ms": …, "dashboard_queries": …, "dashboard_cpu_ms": …, "service_ms": …,
"service_queries": …, "baseline_dashboard_ms": …, "baseline_dashboard_queries": …, …}: medians of wall-clock time,
and of CPU time, which varies less on a shared machine.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import event, insert, select, text, update  # noqa: E402

from eventsys import create_app  # noqa: E402
from eventsys.demo import seed_demo  # noqa: E402
from eventsys.demo.people import DEMO_PASSWORD  # noqa: E402
from eventsys.extensions import db  # noqa: E402
from eventsys.models import (  # noqa: E402
    Badge,
    BadgeRole,
    BookingStatus,
    Booth,
    BoothBooking,
    BoothType,
    Center,
    CheckIn,
    Exhibitor,
    ExhibitorStatus,
    Fair,
    Hall,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Membership,
    Organization,
    OrganizationKind,
    RequestStatus,
    Room,
)
from eventsys.models.badges import new_serial  # noqa: E402
from eventsys.services.accounts.users import PasswordPolicy  # noqa: E402
from eventsys.services.fairs.fair_report import get_fair_dashboard  # noqa: E402

RUNS = 30
FAIR = "sushi-tech-tokyo-2027"
GATES = ("East 1", "East 2", "West", "South")
OTHER_ANSWERS = [s for s in RequestStatus if s != RequestStatus.ACCEPTED]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = _app(folder)
        with app.app_context():
            _build(app)
            fairs = {"sushitech": db.session.scalar(select(Fair.id).where(Fair.slug == FAIR))}
            fairs["quarter"] = _quarter_fair(db.session, fairs["sushitech"])
            _add_activity(db.session, db.session.get(Fair, fairs["sushitech"]), share=1.0)
            _add_activity(db.session, db.session.get(Fair, fairs["quarter"]), share=0.25)
            db.session.commit()
            slugs = {key: db.session.get(Fair, fair_id).slug for key, fair_id in fairs.items()}
            db.session.remove()
        figures = {key: _measure(app, slug) for key, slug in slugs.items()}
        with app.app_context():
            db.engine.dispose()
    full, quarter = figures["sushitech"], figures["quarter"]
    for key, label in (("sushitech", "SusHi Tech scale"), ("quarter", "a quarter of it")):
        f = figures[key]
        print(
            f"{label}: {f['booths']} booths, {f['meetings']} meetings, {f['check_ins']} check-ins — page "
            f"{f['page_ms']:.1f} ms median ({f['page_cpu_ms']:.1f} ms CPU), {f['page_queries']} SQL statements; "
            f"get_fair_dashboard {f['service_ms']:.1f} ms ({f['service_cpu_ms']:.1f} ms CPU), "
            f"{f['service_queries']} statements"
        )
    same = full["page_queries"] == quarter["page_queries"] and full["service_queries"] == quarter["service_queries"]
    print("Same number of statements at both sizes:", "yes" if same else "NO")
    result = {
        "dashboard_ms": round(full["page_ms"], 1),
        "dashboard_queries": full["page_queries"],
        "dashboard_cpu_ms": round(full["page_cpu_ms"], 1),
        "service_ms": round(full["service_ms"], 1),
        "service_queries": full["service_queries"],
        "baseline_dashboard_ms": round(quarter["page_ms"], 1),
        "baseline_dashboard_queries": quarter["page_queries"],
        "baseline_dashboard_cpu_ms": round(quarter["page_cpu_ms"], 1),
        "baseline_service_ms": round(quarter["service_ms"], 1),
        "baseline_service_queries": quarter["service_queries"],
        "booths": full["booths"],
        "meetings": full["meetings"],
        "check_ins": full["check_ins"],
    }
    print(json.dumps(result))


def _app(folder: str):
    url = os.environ.get("EVENTSYS_BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.db"
    return create_app(
        {
            "ENV": "benchmark",
            "SECRET_KEY": "benchmark",
            "DATABASE_URL": url,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "PASSWORD_HASH_TIME_COST": 1,
            "PASSWORD_HASH_MEMORY_KIB": 64,
            "MAIL_OUTBOX": f"{folder}/outbox",
        }
    )


def _build(app) -> None:
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade(directory=app.extensions["migrate"].directory)
    seed_demo(db.session, scale="sushitech", policy=PasswordPolicy(time_cost=1, memory_cost_kib=64))
    db.session.commit()


def _quarter_fair(session, model_id: int) -> int:
    """A fair like SusHi Tech a week later, with one hall of 109 booths, run by the same organizers."""
    model = session.get(Fair, model_id)
    fair = Fair(
        slug="sushi-tech-quarter",
        name="SusHi Tech Quarter",
        venue=model.venue,
        city=model.city,
        timezone=model.timezone,
        # A week later, so that its meetings take the centers' rooms at other times.
        starts_on=model.starts_on + timedelta(days=7),
        ends_on=model.ends_on + timedelta(days=7),
        booking_opens_at=model.booking_opens_at,
        booking_closes_at=model.booking_closes_at,
        organizer_id=model.organizer_id,
    )
    hall = Hall(fair=fair, slug="hall", name="Hall", width=60, depth=40)
    standard = BoothType(fair=fair, name="Standard 3×3 m", width=3, depth=3, price_jpy=330_000)
    session.add_all([fair, hall, standard])
    session.flush()
    for n in range(109):
        session.add(
            Booth(
                fair_id=fair.id,
                hall=hall,
                booth_type=standard,
                code=f"Q{n:03d}",
                x=(n % 15) * 4,
                y=(n // 15) * 5,
                width=3,
                depth=3,
            )
        )
    session.flush()
    return fair.id


def _add_activity(session, fair: Fair, *, share: float) -> None:
    """Bookings, applications, meeting requests and meetings, badges and check-ins, in proportion to `share`."""
    rng = random.Random(fair.slug)
    startups = _members(session, OrganizationKind.STARTUP)
    investors = _members(session, OrganizationKind.INVESTOR_FIRM) + _members(
        session, OrganizationKind.CORPORATE_PARTNER
    )
    rng.shuffle(startups)
    _book(session, fair, startups, rng)
    _meet(session, fair, startups, investors, share, rng)
    _check_in(session, fair, startups, investors, share, rng)


def _members(session, kind: OrganizationKind) -> list[tuple[int, int]]:
    """(user id, organization id) of one member of each organization of `kind`."""
    rows = session.execute(
        select(Membership.user_id, Membership.organization_id)
        .join(Organization, Organization.id == Membership.organization_id)
        .where(Organization.kind == kind)
        .order_by(Membership.organization_id)
    ).all()
    return list({org: (user, org) for user, org in rows}.values())


def _book(session, fair: Fair, startups: list[tuple[int, int]], rng: random.Random) -> None:
    """Nearly every bookable booth confirmed over the window's first month (a rush on its first day), one in
    thirty cancelled later, a few held; every startup an exhibitor, a few still waiting for a decision."""
    booths = session.scalars(select(Booth.id).where(Booth.fair_id == fair.id, Booth.is_blocked.is_(False))).all()
    opens = fair.booking_opens_at
    bookings, exhibitors = [], []
    for n, ((_, organization_id), booth_id) in enumerate(zip(startups, booths, strict=False)):
        confirmed = opens + timedelta(hours=rng.random() * 2 if n % 5 < 3 else rng.random() * 24 * 30)
        status = BookingStatus.HELD if n % 97 == 0 else BookingStatus.CONFIRMED
        booking = {"fair_id": fair.id, "booth_id": booth_id, "organization_id": organization_id, "status": status}
        booking |= {"confirmed_at": None if status == BookingStatus.HELD else confirmed, "price_jpy": 330_000}
        booking |= {"held_until": datetime.now(UTC) + timedelta(minutes=15) if status == BookingStatus.HELD else None}
        bookings.append(booking)
        if n % 30 == 29:  # an earlier booking of the same booth that its startup cancelled
            cancelled = dict(booking, status=BookingStatus.CANCELLED, held_until=None, confirmed_at=opens)
            bookings.append(cancelled | {"ended_at": confirmed - timedelta(minutes=1)})
    listed = set(session.scalars(select(Exhibitor.organization_id).where(Exhibitor.fair_id == fair.id)))
    for n, (_, organization_id) in enumerate(startups[: len(booths) + 20]):
        status = ExhibitorStatus.APPLIED if n >= len(booths) else ExhibitorStatus.APPROVED
        if organization_id in listed:
            session.execute(
                update(Exhibitor)
                .where(Exhibitor.fair_id == fair.id, Exhibitor.organization_id == organization_id)
                .values(status=status)
            )
        else:
            exhibitors.append({"fair_id": fair.id, "organization_id": organization_id, "status": status})
    if exhibitors:
        session.execute(insert(Exhibitor), exhibitors)
    session.execute(insert(BoothBooking), bookings)


def _meet(session, fair: Fair, startups, investors, share: float, rng: random.Random) -> None:
    """Requests between investors and startups; meetings from accepted ones in the six centers' rooms."""
    rooms = session.execute(select(Room.id, Room.center_id, Center.timezone).join(Center)).all()
    requests = []
    for n in range(int(1600 * share)):
        (investor, firm), (_, startup) = investors[n % len(investors)], startups[n % len(startups)]
        status = RequestStatus.ACCEPTED if n < 900 * share else rng.choice(OTHER_ANSWERS)
        requests.append(
            {
                "fair_id": fair.id,
                "requester_id": investor,
                "requester_organization_id": firm,
                "recipient_organization_id": startup,
                "pair_key": f"{min(firm, startup)}-{max(firm, startup)}-{n}",
                "status": status,
            }
        )
    session.execute(insert(MeetingRequest), requests)
    accepted = session.scalars(
        select(MeetingRequest.id).where(MeetingRequest.fair_id == fair.id, MeetingRequest.status == "accepted")
    ).all()
    first = datetime.combine(fair.starts_on, datetime.min.time(), fair.zone).replace(hour=9)
    statuses = [MeetingStatus.HELD] * 6 + [MeetingStatus.NO_SHOW, MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED]
    meetings = []
    for n, request_id in enumerate(accepted):
        room_id, center_id, _ = rooms[n % len(rooms)]
        slot = n // len(rooms)
        starts = first + timedelta(days=slot // 16, minutes=30 * (slot % 16))
        meetings.append(
            {
                "fair_id": fair.id,
                "request_id": request_id,
                "center_id": center_id,
                "room_id": room_id,
                "starts_at": starts,
                "ends_at": starts + timedelta(minutes=30),
                "status": rng.choice(statuses),
                "uid": f"bench-{fair.slug}-{n}@eventsys",
            }
        )
    session.execute(insert(Meeting), meetings)


def _check_in(session, fair: Fair, startups, investors, share: float, rng: random.Random) -> None:
    """A badge for each account (exhibitor or investor) and for visitors; each scanned on one to three days."""
    people = [(user, BadgeRole.EXHIBITOR) for user, _ in startups] + [
        (user, BadgeRole.INVESTOR) for user, _ in investors
    ]
    badges = [
        {"fair_id": fair.id, "user_id": user_id, "role": role, "serial": new_serial(), "name": "Bench Person"}
        for user_id, role in rng.sample(people, k=int(len(people) * share))
    ]
    badges += [
        {"fair_id": fair.id, "user_id": None, "role": BadgeRole.VISITOR, "serial": new_serial(), "name": "Visitor"}
        for _ in range(int(3000 * share))
    ]
    session.execute(insert(Badge), badges)
    ids = session.scalars(select(Badge.id).where(Badge.fair_id == fair.id)).all()
    opens = datetime.combine(fair.starts_on, datetime.min.time(), fair.zone).replace(hour=9)
    scans = []
    for badge_id in ids:
        for day in rng.sample(range(3), k=rng.randint(1, 3)):
            at = opens + timedelta(days=day, minutes=rng.randint(0, 8 * 60))
            scans.append({"fair_id": fair.id, "badge_id": badge_id, "gate": rng.choice(GATES), "checked_in_at": at})
    session.execute(insert(CheckIn), scans)


def _measure(app, slug: str) -> dict:
    """The page's statements and median time as the fair's organizer, and get_fair_dashboard's alone."""
    client = app.test_client()
    client.post("/login", data={"email": "organizer@example.com", "password": DEMO_PASSWORD})
    path = f"/organizer/fairs/{slug}/dashboard"
    assert client.get(path).status_code == 200  # opens the pooled connection and warms the caches
    with app.app_context():
        engine = db.engine
    page_queries = _count(engine, lambda: client.get(path))
    page_ms, page_cpu_ms = _median(lambda: client.get(path))
    with app.app_context():
        fair = db.session.scalar(select(Fair).where(Fair.slug == slug))
        service_queries = _count(engine, lambda: get_fair_dashboard(db.session, fair))
        service_ms, service_cpu_ms = _median(lambda: get_fair_dashboard(db.session, fair))
        dashboard = get_fair_dashboard(db.session, fair)
        figures = {
            "booths": sum(c.total for c in dashboard.by_hall),
            "meetings": sum(dashboard.meeting_totals.values()),
            "check_ins": sum(dashboard.check_ins.by_gate.values()),
        }
        db.session.remove()
    return figures | {
        "page_ms": page_ms,
        "page_cpu_ms": page_cpu_ms,
        "service_cpu_ms": service_cpu_ms,
        "page_queries": page_queries,
        "service_ms": service_ms,
        "service_queries": service_queries,
    }


def _count(engine, action) -> int:
    statements: list[str] = []

    def on_execute(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
    return len(statements)


def _median(action) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of `action`; on a shared machine CPU time varies less."""
    wall, cpu = [], []
    for _ in range(RUNS):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


if __name__ == "__main__":
    main()
