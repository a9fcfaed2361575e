"""Migration 0022 (online meetings) goes up, down and up again on SQLite and PostgreSQL, keeping the meetings in
person, the partial unique indexes and the new checks."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from eventsys import create_app
from eventsys.extensions import db
from tests.conftest import app_config
from tests.live_database import DATABASES, database_url

BEFORE, AFTER = "0015", "0022"
INDEXES = {"uq_meetings_room_slot", "uq_meetings_live_request", "uq_meetings_interpreter_slot"}


def _seed_in_person(connection) -> None:
    connection.execute(
        text(
            "INSERT INTO centers (id, slug, city, name, address, timezone, slot_minutes, buffer_minutes) "
            "VALUES (1, 'tokyo', 'Tokyo', 'Tokyo Center', '1-1', 'Asia/Tokyo', 30, 0)"
        )
    )
    connection.execute(text("INSERT INTO rooms (id, center_id, name, capacity) VALUES (1, 1, 'A', 2)"))
    connection.execute(
        text(
            "INSERT INTO fairs (id, slug, name, venue, city, timezone, starts_on, ends_on, booking_opens_at, "
            "booking_closes_at, booking_mode, hold_minutes, max_booths_per_organization, status) VALUES "
            "(1, 'f', 'F', 'V', 'Tokyo', 'Asia/Tokyo', '2027-05-10', '2027-05-14', '2027-01-01 00:00:00+00', "
            "'2027-05-01 00:00:00+00', 'first_come', 15, 1, 'published')"
        )
    )
    connection.execute(
        text(
            "INSERT INTO meetings (id, fair_id, center_id, room_id, starts_at, ends_at, status, uid, sequence) "
            "VALUES (1, 1, 1, 1, '2027-05-10 01:00:00+00', '2027-05-10 01:30:00+00', 'scheduled', 'u1', 0)"
        )
    )


def _online(connection, id_: int, **values) -> None:
    row = {"room_id": None, "video_url": "https://meet.example.com/x", "mode": "online"} | values
    connection.execute(
        text(
            "INSERT INTO meetings (id, fair_id, center_id, room_id, starts_at, ends_at, status, uid, sequence, mode, "
            "video_url) VALUES (:id, 1, 1, :room_id, '2027-05-09 01:00:00+00', '2027-05-09 01:30:00+00', "
            "'scheduled', :uid, 0, :mode, :video_url)"
        ),
        {"id": id_, "uid": f"u{id_}", **row},
    )


@pytest.mark.parametrize("kind", DATABASES)
def test_up_down_up_keeps_meetings_in_person_and_the_indexes(kind, tmp_path):
    app = create_app(app_config(tmp_path, database_url(kind, tmp_path)))
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision=BEFORE)
        with db.engine.begin() as connection:
            _seed_in_person(connection)
        upgrade(directory=directory, revision=AFTER)
        with db.engine.begin() as connection:
            assert connection.execute(text("SELECT mode, video_url FROM meetings")).one() == ("in_person", None)
            _online(connection, 2)
        with db.engine.connect() as connection, pytest.raises(IntegrityError):
            _online(connection, 3, video_url=None)  # the room_or_link check is there
        downgrade(directory=directory, revision=BEFORE)
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT id FROM meetings")).scalars().all() == [1]  # the online one went
        upgrade(directory=directory, revision=AFTER)
        with db.engine.begin() as connection:
            _online(connection, 4)
        with db.engine.connect() as connection, pytest.raises(IntegrityError):
            _online(connection, 5, room_id=1)
        names = {index["name"] for index in inspect(db.engine).get_indexes("meetings")}
        assert names >= INDEXES
        if kind == "sqlite":  # batch mode rebuilt the table: the indexes must still be partial
            with db.engine.connect() as connection:
                sql = connection.execute(
                    text("SELECT sql FROM sqlite_master WHERE name = 'uq_meetings_room_slot'")
                ).scalar_one()
            assert "WHERE" in sql.upper()
        db.engine.dispose()
