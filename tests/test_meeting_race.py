"""Concurrent self-service bookings on SQLite and PostgreSQL: exactly one wins, the others get 409, no 5xx.

These tests cannot use the rolled-back `db` fixture: every thread needs its own connection that commits for
real (and on SQLite the test connection's write lock would block the others). Each test builds its own app on
a fresh database. The negative controls drop the partial unique index and show the double booking it prevents.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from eventsys import create_app
from eventsys.extensions import db
from eventsys.models import Center, Fair, Meeting, MeetingParticipant, MeetingRequest, MeetingStatus, Role, Room, User
from eventsys.services.errors import DomainError
from eventsys.services.meetings import booking as meeting_service
from eventsys.services.meetings.booking import SlotTaken
from tests.conftest import POSTGRES_URL, app_config, create_user, login
from tests.meeting_factories import (
    accepted_request,
    at,
    create_center,
    create_meeting_fair,
    drop_person_overlap_guard,
    make_available,
)

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(not POSTGRES_URL, reason="EVENTSYS_TEST_DATABASE_URL is not set"),
        ],
    ),
]
THREADS = 6


@contextmanager
def fresh_app(backend: str, tmp_path) -> Iterator:
    """An app on a database of its own, its schema built by the migrations."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'race.db'}"
    else:
        url = str(make_url(POSTGRES_URL).set(database=make_url(POSTGRES_URL).database + "_meeting_race"))
        _recreate_postgres_database(url)
    app = create_app(app_config(tmp_path, url))
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if backend == "postgresql":
            _drop_postgres_database(url)


def _recreate_postgres_database(url: str) -> None:
    _drop_postgres_database(url, create=True)


def _drop_postgres_database(url: str, *, create: bool = False) -> None:
    name = make_url(url).database
    server_url = make_url(url).set(drivername="postgresql+psycopg", database="postgres")
    server = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if create:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    server.dispose()


def seed(app, *, rooms: int, pairs: int, shared_investor: bool) -> dict:
    """A fair, a center with `rooms` rooms, and `pairs` accepted requests, everyone free all week."""
    with app.app_context():
        session = db.session
        fair = create_meeting_fair(session)
        center = create_center(session, rooms=[(f"Room {n}", 4) for n in range(rooms)])
        investor = create_user(session, Role.INVESTOR)
        make_available(session, fair, investor, center)
        bookers, requests = [], []
        for _ in range(pairs):
            startup = create_user(session, Role.STARTUP)
            make_available(session, fair, startup, center)
            one_investor = investor if shared_investor else create_user(session, Role.INVESTOR)
            if not shared_investor:
                make_available(session, fair, one_investor, center)
            requests.append(accepted_request(session, fair, one_investor, startup).id)
            bookers.append(startup.email)
        start = at(fair, 1, 10).isoformat()
        seeded = {
            "center": center.id,
            "start": start,
            "requests": requests,
            "bookers": bookers,
            "investor": investor.id,
        }
        session.commit()
        return seeded


def book_all_at_once(app, seeded: dict) -> list[int]:
    """Every booker posts the same slot at the same moment, each with its own client and connection."""
    barrier = threading.Barrier(len(seeded["bookers"]))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def book(email: str, request_id: int) -> None:
        try:
            client = app.test_client()
            assert login(client, email).status_code == 302
            barrier.wait(timeout=30)
            response = client.post(
                f"/meetings/requests/{request_id}/book", data={"center": seeded["center"], "starts_at": seeded["start"]}
            )
            statuses.append(response.status_code)
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)

    threads = [
        threading.Thread(target=book, args=(email, request_id))
        for email, request_id in zip(seeded["bookers"], seeded["requests"], strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return statuses


def live_meetings(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Meeting.id)).where(Meeting.status != MeetingStatus.CANCELLED))


@pytest.mark.parametrize("backend", BACKENDS)
def test_same_room_slot_exactly_one_wins(backend, tmp_path):
    with fresh_app(backend, tmp_path) as app:
        seeded = seed(app, rooms=1, pairs=THREADS, shared_investor=False)
        statuses = book_all_at_once(app, seeded)
        assert sorted(statuses) == [302] + [409] * (THREADS - 1)
        assert live_meetings(app) == 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_one_person_in_two_rooms_exactly_one_wins(backend, tmp_path):
    with fresh_app(backend, tmp_path) as app:
        seeded = seed(app, rooms=THREADS, pairs=THREADS, shared_investor=True)
        statuses = book_all_at_once(app, seeded)
        assert sorted(statuses) == [302] + [409] * (THREADS - 1)
        assert live_meetings(app) == 1
        with app.app_context():
            active = db.session.scalar(
                select(func.count(MeetingParticipant.id)).where(
                    MeetingParticipant.user_id == seeded["investor"], MeetingParticipant.is_active
                )
            )
        assert active == 1


def insert_while_other_holds(app, seeded: dict, *, same_room: bool, offset: int = 0) -> list[str]:
    """Two transactions insert a meeting for the same slot (the insert booking makes after its checks): the first
    holds its transaction open for a moment, the second inserts meanwhile, then both commit."""
    first_inserted = threading.Event()
    outcomes: list[str] = []

    def insert(index: int) -> None:
        if index == 1:  # before any query: on SQLite the first query takes the write lock
            first_inserted.wait(timeout=30)
        with app.app_context():
            session = db.session
            request = session.get(MeetingRequest, seeded["requests"][offset + index])
            rooms = session.scalars(select(Room).where(Room.center_id == seeded["center"]).order_by(Room.id)).all()
            room = rooms[0] if same_room else rooms[index]
            start = datetime.fromisoformat(seeded["start"])
            try:
                meeting_service.create_meeting(session, request, room, start, start + timedelta(minutes=30))
            except SlotTaken:
                session.rollback()
                outcomes.append("refused")
                return
            finally:
                if index == 0:
                    first_inserted.set()
            if index == 0:
                time.sleep(0.5)  # the second transaction tries to insert while this one is open
            session.commit()
            outcomes.append("booked")

    threads = [threading.Thread(target=insert, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


@pytest.mark.parametrize("backend", BACKENDS)
def test_room_index_refuses_the_second_insert(backend, tmp_path):
    with fresh_app(backend, tmp_path) as app:
        seeded = seed(app, rooms=1, pairs=2, shared_investor=False)
        assert insert_while_other_holds(app, seeded, same_room=True) == ["booked", "refused"]
        assert live_meetings(app) == 1


@pytest.mark.parametrize("backend", BACKENDS)
def test_negative_control_without_the_room_index_the_room_is_double_booked(backend, tmp_path):
    with fresh_app(backend, tmp_path) as app:
        seeded = seed(app, rooms=1, pairs=2, shared_investor=False)
        with app.app_context():
            db.session.execute(text("DROP INDEX uq_meetings_room_slot"))
            db.session.commit()
        assert insert_while_other_holds(app, seeded, same_room=True) == ["booked", "booked"]
        assert live_meetings(app) == 2


@pytest.mark.parametrize("backend", BACKENDS)
def test_negative_control_without_the_person_index_a_person_is_in_two_rooms(backend, tmp_path):
    with fresh_app(backend, tmp_path) as app:
        seeded = seed(app, rooms=2, pairs=4, shared_investor=True)
        assert insert_while_other_holds(app, seeded, same_room=False) == ["booked", "refused"]
        with app.app_context():
            db.session.execute(text("DROP INDEX uq_meeting_participants_person_slot"))
            drop_person_overlap_guard(db.session)
            db.session.commit()
        seeded["start"] = seeded["start"].replace("T10:00", "T11:00")
        assert insert_while_other_holds(app, seeded, same_room=False, offset=2) == ["booked", "booked"]


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="EVENTSYS_TEST_DATABASE_URL is not set")
def test_negative_control_full_booking_race_on_postgres(tmp_path):
    """With the index gone, two bookings that both pass the checks before either commits both succeed."""
    with fresh_app("postgresql", tmp_path) as app:
        seeded = seed(app, rooms=1, pairs=2, shared_investor=False)
        with app.app_context():
            db.session.execute(text("DROP INDEX uq_meetings_room_slot"))
            db.session.commit()
        first_booked = threading.Event()
        outcomes: list[str] = []

        def book(index: int) -> None:
            if index == 1:
                first_booked.wait(timeout=30)
            with app.app_context():
                session = db.session
                request = session.get(MeetingRequest, seeded["requests"][index])
                actor = session.get(User, request.recipient_id)
                try:
                    meeting_service.book_meeting(
                        session,
                        request,
                        actor,
                        center=session.get(Center, seeded["center"]),
                        starts_at=datetime.fromisoformat(seeded["start"]),
                        daily_cap=8,
                    )
                except SlotTaken:
                    outcomes.append("refused")
                    session.rollback()
                    return
                finally:
                    first_booked.set()
                if index == 0:
                    time.sleep(0.5)
                session.commit()
                outcomes.append("booked")

        threads = [threading.Thread(target=book, args=(n,)) for n in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(outcomes) == ["booked", "booked"]
        assert live_meetings(app) == 2


# The daily cap and the one-city rule are read-then-write checks: a lock on the people (lock_people) must hold them.


def seed_same_investor_day(app, *, cities: int, cap_filler: int) -> dict:
    """One investor free all week at `cities` centers; two startups with accepted requests; the investor already
    has `cap_filler` meetings on the fair's second day (with other startups) at the first center."""
    with app.app_context():
        session = db.session
        fair = create_meeting_fair(session)
        centers = [create_center(session, rooms=[("Room 1", 4), ("Room 2", 4)]) for _ in range(cities)]
        investor = create_user(session, Role.INVESTOR)
        for center in centers:
            make_available(session, fair, investor, center)
        for hour in range(9, 9 + cap_filler):
            filler = create_user(session, Role.STARTUP)
            make_available(session, fair, filler, centers[0])
            request = accepted_request(session, fair, investor, filler)
            meeting_service.book_meeting(
                session, request, investor, center=centers[0], starts_at=at(fair, 1, hour), daily_cap=99
            )
        requests = []
        for center in (centers[0], centers[-1]):
            startup = create_user(session, Role.STARTUP)
            make_available(session, fair, startup, center)
            requests.append(accepted_request(session, fair, investor, startup).id)
        session.commit()
        return {"requests": requests, "centers": [centers[0].id, centers[-1].id], "fair_start": fair.starts_on}


def book_while_other_books(app, seeded: dict, *, daily_cap: int) -> list[str]:
    """Two bookings of the same investor on the same day: the first keeps its transaction open for a moment after
    its checks and insert, the second books meanwhile; both commit if they can."""
    first_booked = threading.Event()
    outcomes: list[str] = []

    def book(index: int) -> None:
        if index == 1:
            first_booked.wait(timeout=30)
        with app.app_context():
            session = db.session
            request = session.get(MeetingRequest, seeded["requests"][index])
            fair = session.get(Fair, request.fair_id)
            try:
                meeting_service.book_meeting(
                    session,
                    request,
                    session.get(User, request.recipient_id),
                    center=session.get(Center, seeded["centers"][index]),
                    starts_at=at(fair, 1, 14 + index),
                    daily_cap=daily_cap,
                )
            except DomainError:
                session.rollback()
                outcomes.append("refused")
                return
            finally:
                first_booked.set()
            if index == 0:
                time.sleep(0.5)  # the second booking checks the cap and the city while this one is uncommitted
            session.commit()
            outcomes.append("booked")

    threads = [threading.Thread(target=book, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def investor_meetings_that_day(app, seeded: dict) -> tuple[int, int]:
    """(live meetings, distinct centers) of the investor on the fair's second day."""
    with app.app_context():
        request = db.session.get(MeetingRequest, seeded["requests"][0])
        rows = db.session.execute(
            select(Meeting.center_id)
            .join(MeetingParticipant)
            .where(MeetingParticipant.user_id == request.requester_id, Meeting.status != MeetingStatus.CANCELLED)
        ).all()
        return len(rows), len({row.center_id for row in rows})


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_daily_cap_holds_when_two_bookings_race(backend, tmp_path):
    with fresh_app(backend, tmp_path) as app:
        seeded = seed_same_investor_day(app, cities=1, cap_filler=2)
        assert book_while_other_books(app, seeded, daily_cap=3) == ["booked", "refused"]
        assert investor_meetings_that_day(app, seeded) == (3, 1)


@pytest.mark.parametrize("backend", BACKENDS)
def test_one_city_a_day_holds_when_two_bookings_race(backend, tmp_path):
    with fresh_app(backend, tmp_path) as app:
        seeded = seed_same_investor_day(app, cities=2, cap_filler=0)
        assert book_while_other_books(app, seeded, daily_cap=8) == ["booked", "refused"]
        assert investor_meetings_that_day(app, seeded) == (1, 1)


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="EVENTSYS_TEST_DATABASE_URL is not set")
@pytest.mark.parametrize("rule", ["daily cap", "one city"])
def test_negative_control_without_the_lock_both_bookings_pass_their_checks(tmp_path, monkeypatch, rule):
    """Without lock_people the second booking reads the day before the first commits: the rule breaks."""
    monkeypatch.setattr(meeting_service, "lock_people", lambda session, user_ids: None)
    with fresh_app("postgresql", tmp_path) as app:
        if rule == "daily cap":
            seeded = seed_same_investor_day(app, cities=1, cap_filler=2)
            assert book_while_other_books(app, seeded, daily_cap=3) == ["booked", "booked"]
            assert investor_meetings_that_day(app, seeded) == (4, 1), "four meetings under a cap of three"
        else:
            seeded = seed_same_investor_day(app, cities=2, cap_filler=0)
            assert book_while_other_books(app, seeded, daily_cap=8) == ["booked", "booked"]
            assert investor_meetings_that_day(app, seeded) == (2, 2), "two cities on one day"
