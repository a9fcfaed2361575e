"""Cheap weak ETags: the organizer export answers 304 without a build, and both tags follow what the files show."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from eventsys.services.calendars import feeds as calendar_feeds
from tests.calendar_factories import cancel, create_center, create_meeting, create_room, reschedule
from tests.conftest import create_fair, create_user, login

START = datetime(2027, 5, 13, 1, 30, tzinfo=UTC)
EXPORT = "/calendar/export?fair=test-fair"


@pytest.fixture
def rooms(db):
    tokyo = create_center(db, slug="tokyo", city="Tokyo", name="Business Support Center Tokyo")
    osaka = create_center(db, slug="osaka", city="Osaka", name="Business Support Center Osaka")
    return create_room(db, tokyo, name="Sakura"), create_room(db, osaka, name="Ume")


@pytest.fixture
def meeting(db, fair, rooms, startup, investor):
    return create_meeting(db, fair, rooms[0], investor, startup, starts_at=START)


@pytest.fixture
def exporter(client, organizer):
    login(client, organizer.email)
    return client


def etag(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.headers["ETag"]


def test_export_answers_304_without_building(exporter, meeting, query_counter, monkeypatch):
    first = exporter.get(EXPORT)
    tag = first.headers["ETag"]
    assert tag.startswith('W/"') and first.headers["Cache-Control"] == "private, no-cache"
    assert "attachment" in first.headers["Content-Disposition"]
    assert exporter.get(EXPORT, headers={"If-None-Match": 'W/"stale"'}).status_code == 200
    monkeypatch.setattr(calendar_feeds, "organizer_export", lambda *args, **kwargs: pytest.fail("built for a 304"))
    with query_counter() as statements:
        again = exporter.get(EXPORT, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == tag
    # The form's choices, the scope, then aggregates and distinct names and places: never a row per meeting.
    assert len(statements) <= 10


def _book(db, meeting, rooms, fair):
    create_meeting(db, fair, rooms[0], create_user(db), create_user(db), starts_at=START + timedelta(hours=1))


def _rename_participant(db, meeting, rooms, fair):
    meeting.participants[0].user.name_local = "新しい 名前"


def _rename_organization(db, meeting, rooms, fair):
    meeting.participants[1].user.organization.name = "Renamed Robotics"


#: Each change to what an export of the Tokyo center (and the startup's feed) shows.
CHANGES = {
    "meeting booked": _book,
    "meeting rescheduled": lambda db, meeting, rooms, fair: reschedule(db, meeting, START + timedelta(hours=3)),
    "meeting cancelled": lambda db, meeting, rooms, fair: cancel(db, meeting),
    "participant renamed": _rename_participant,
    "organization renamed": _rename_organization,
    "center renamed": lambda db, meeting, rooms, fair: setattr(rooms[0].center, "name", "BSC Tokyo Annex"),
    "room renamed": lambda db, meeting, rooms, fair: setattr(rooms[0], "name", "Sakura 2"),
    "fair dates": lambda db, meeting, rooms, fair: setattr(fair, "ends_on", fair.ends_on + timedelta(days=1)),
    "fair mailbox": lambda db, meeting, rooms, fair: setattr(fair, "contact_email", "meet@fair.example"),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_export_etag_follows_every_change_in_it(exporter, db, fair, rooms, meeting, change):
    url = f"{EXPORT}&center=tokyo"
    before = etag(exporter, url)
    CHANGES[change](db, meeting, rooms, fair)
    db.flush()
    response = exporter.get(url, headers={"If-None-Match": before})
    assert response.status_code == 200
    assert response.headers["ETag"] != before


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_feed_etag_follows_every_change_in_it(client, db, fair, rooms, meeting, startup, change):
    url = f"/calendar/{calendar_feeds.calendar_token(db, startup)}.ics"
    before = etag(client, url)
    if change == "meeting booked":  # one of the user's own, as the feed holds only theirs
        create_meeting(db, fair, rooms[1], create_user(db), startup, starts_at=START + timedelta(hours=1))
    else:
        CHANGES[change](db, meeting, rooms, fair)
    db.flush()
    response = client.get(url, headers={"If-None-Match": before})
    assert response.status_code == 200
    assert response.headers["ETag"] != before


def test_export_etag_ignores_what_is_outside_its_scope(exporter, db, fair, rooms, meeting):
    url = f"{EXPORT}&center=tokyo&first_day=2027-05-13&last_day=2027-05-13"
    before = etag(exporter, url)
    other = create_fair(db, slug="other-fair", starts_on=date(2027, 9, 1), ends_on=date(2027, 9, 3))
    create_meeting(db, other, rooms[0], create_user(db), create_user(db), starts_at=START + timedelta(hours=1))
    create_meeting(db, fair, rooms[1], create_user(db), create_user(db), starts_at=START)  # Osaka
    create_meeting(db, fair, rooms[0], create_user(db), create_user(db), starts_at=START + timedelta(days=2))
    other.ends_on = date(2027, 9, 4)
    db.flush()
    assert exporter.get(url, headers={"If-None-Match": before}).status_code == 304


def test_export_etag_unchanged_by_an_unrelated_fair(exporter, db, fair, rooms, meeting):
    other = create_fair(db, slug="other-fair", starts_on=date(2027, 9, 1), ends_on=date(2027, 9, 3))
    before = etag(exporter, EXPORT)
    create_meeting(db, other, rooms[0], create_user(db), create_user(db), starts_at=START + timedelta(hours=1))
    other.ends_on = date(2027, 9, 4)
    other.name = "Another Fair"
    db.flush()
    assert exporter.get(EXPORT, headers={"If-None-Match": before}).status_code == 304


def test_export_etag_is_per_scope(exporter, meeting, rooms):
    tags = {etag(exporter, url) for url in (EXPORT, f"{EXPORT}&center=tokyo", f"{EXPORT}&room={rooms[0].id}")}
    assert len(tags) == 3
