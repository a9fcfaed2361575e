"""Holds of taken booths refused before the app (api/hold_refusals.py): the app's 409 in its words and headers, for
a signed-in startup, while the fair's taken booths in the page cache are current; everyone and everything else is
left to the app. On SQLite and PostgreSQL, with the cache in this process and in Redis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from eventsys.extensions import db
from eventsys.models import BookingStatus, BoothBooking, Fair, User
from eventsys.services.booths import booking as booking_service
from tests.test_page_cache import _client, _free, hold_lapsing, sleep_until, world  # noqa: F401 - world: the fixture

HOST = "eventsys.test"  # the tests' SERVER_NAME
SAME_HEADERS = ("Content-Type", "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Vary")


@pytest.fixture
def hold_views(world, monkeypatch) -> list[int]:  # noqa: F811
    """One item per hold that reached the app's service."""
    views = []
    original = booking_service.hold_booth_by_id
    monkeypatch.setattr(booking_service, "hold_booth_by_id", lambda *a, **k: views.append(1) or original(*a, **k))
    return views


def _hold(client, booth_id: int, **headers):
    return client.post(f"/api/v1/booths/{booth_id}/hold", headers=headers)


def _taken_by_holder(world) -> tuple[int, object]:  # noqa: F811
    """The first booth held by the holder, the free booths read since, and the other startup signed in."""
    booth = world["booth_ids"][0]
    assert _hold(_client(world, world["holder"]), booth).status_code == 201
    other = _client(world, world["other"])
    assert booth not in _free(other).json["booth_ids"]
    return booth, other


def test_a_taken_booth_is_refused_before_the_app_in_the_apps_words_and_headers(world, hold_views):  # noqa: F811
    booth, other = _taken_by_holder(world)
    app_answer = _hold(other, booth)
    assert app_answer.status_code == 409 and hold_views == [1, 1]
    fast = _hold(other, booth, **{"X-Request-Id": "proxy-id-4321"})
    assert hold_views == [1, 1], "refused from the cache, not by the app"
    assert fast.status_code == 409 and fast.data == app_answer.data
    assert fast.json["error"] == {"code": "booth_unavailable", "message": "Booth M0 is already taken.", "field": None}
    for header in SAME_HEADERS:
        assert fast.headers.get(header) == app_answer.headers.get(header), header
    assert fast.headers["X-Request-Id"] == "proxy-id-4321" and "X-Eventsys-Taken-Booths" not in app_answer.headers
    free = world["booth_ids"][1]
    assert _hold(other, free).status_code == 201 and hold_views == [1, 1, 1], "a free booth goes to the app"


@pytest.mark.parametrize("language", ["ja", "es"])
def test_the_fast_refusal_is_in_the_users_language_as_the_apps(world, hold_views, language):  # noqa: F811
    with world["app"].app_context():
        user = db.session.scalar(db.select(User).where(User.email == world["other"]))
        user.locale = language
        db.session.commit()
    booth, other = _taken_by_holder(world)
    app_answer, fast = _hold(other, booth), _hold(other, booth)
    assert hold_views == [1, 1] and fast.data == app_answer.data
    assert fast.json["error"]["message"] != "Booth M0 is already taken." and "M0" in fast.json["error"]["message"]


def test_whoever_is_not_a_signed_in_startup_gets_the_apps_answer(world, hold_views):  # noqa: F811
    booth, other = _taken_by_holder(world)
    assert _hold(other, booth).status_code == 409 and _hold(other, booth).status_code == 409
    assert hold_views == [1, 1]
    anonymous = _client(world)
    anonymous.set_cookie("eventsys_view", "startup.en", domain=HOST)
    assert _hold(anonymous, booth).status_code == 401
    forged = _client(world)
    forged.set_cookie("eventsys_view", "startup.en", domain=HOST)
    forged.set_cookie("session", "eyJfdXNlcl9pZCI6IjEifQ.forged.signature", domain=HOST)
    assert _hold(forged, booth).status_code == 401, "a session cookie this app did not sign is nobody's"
    other.delete_cookie("eventsys_view", domain=HOST)
    assert _hold(other, booth).status_code == 409 and hold_views == [1, 1, 1], "no viewer cookie: the app answers"


def test_a_session_cookie_past_its_lifetime_is_not_refused_before_the_app(world, hold_views, monkeypatch):  # noqa: F811
    """The fast path keeps the session cookies whose signature it checked, and still ends them as the app does."""
    import time

    app = world["app"]
    booth, other = _taken_by_holder(world)
    assert _hold(other, booth).status_code == 409 and _hold(other, booth).status_code == 409
    assert hold_views == [1, 1], "the second refusal came before the app, its cookie now known to this process"
    monkeypatch.setattr(app, "permanent_session_lifetime", timedelta(seconds=60))
    monkeypatch.setattr(app.wsgi_app.refusals, "session_seconds", 60)
    later = time.time() + 120  # the hold and the booking window go on
    monkeypatch.setattr(time, "time", lambda: later)
    assert _hold(other, booth).status_code == 401, "the app's answer to a session that has ended"


def test_a_cancelled_or_lapsed_hold_is_not_refused_from_the_old_entry(world, hold_views):  # noqa: F811
    booth, other = _taken_by_holder(world)
    assert _hold(other, booth).status_code == 409 and _hold(other, booth).status_code == 409
    with world["app"].app_context():
        record = db.session.scalar(db.select(BoothBooking).where(BoothBooking.booth_id == booth))
        record.status, record.ended_at = BookingStatus.CANCELLED, datetime.now(UTC)
        db.session.commit()
    assert _hold(other, booth).status_code == 201, "the cancellation made the entry stale"
    assert hold_views == [1, 1, 1]

    second = world["booth_ids"][1]
    ends = hold_lapsing(world, second)
    third = _client(world, world["holder"])
    _free(third)
    assert _hold(third, second).status_code == 409 and _hold(third, second).status_code == 409
    assert hold_views == [1, 1, 1, 1]
    sleep_until(ends)
    _hold(third, second)
    assert hold_views == [1, 1, 1, 1, 1], "the hold has ended: the app answers"


def test_outside_the_booking_window_the_app_says_so(world, hold_views):  # noqa: F811
    booth, other = _taken_by_holder(world)
    assert _hold(other, booth).status_code == 409
    with world["app"].app_context():
        fair = db.session.get(Fair, world["fair_id"])
        fair.booking_closes_at = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
    _free(other)
    closed = _hold(other, booth)
    assert closed.status_code == 409 and "closed" in closed.json["error"]["message"] and hold_views == [1, 1, 1]


def test_a_hold_that_loses_its_race_at_the_insert_is_refused_by_the_app(world, hold_views, monkeypatch):  # noqa: F811
    """The check read the booth as free, another startup's insert won: the unique index refuses this one and the
    transaction is unusable, so the refusal names no entry (it would read the booth again) and is a 409."""
    import dataclasses

    booth, other = _taken_by_holder(world)
    original = booking_service.read_hold_check
    monkeypatch.setattr(booking_service, "read_hold_check", lambda *a: dataclasses.replace(original(*a), live=None))
    lost = _hold(other, booth)
    assert lost.status_code == 409 and "a moment ago" in lost.json["error"]["message"]
    assert "X-Eventsys-Taken-Booths" not in lost.headers
    assert _hold(other, booth).status_code == 409 and hold_views == [1, 1, 1], "nothing learnt: the app again"


def test_a_new_hold_keeps_the_taken_booths_current_and_the_next_free_booths_read_adds_it(world, hold_views):  # noqa: F811
    booth, other = _taken_by_holder(world)
    assert _hold(other, booth).status_code == 409 and hold_views == [1, 1]
    second = world["booth_ids"][1]
    assert _hold(other, second).status_code == 201 and hold_views == [1, 1, 1]
    assert _hold(other, booth).status_code == 409 and hold_views == [1, 1, 1], "a new hold frees nothing"
    holder = _client(world, world["holder"])
    assert _hold(holder, second).status_code == 409 and hold_views == [1, 1, 1, 1], "not listed yet: the app"
    assert second not in _free(holder).json["booth_ids"]
    assert _hold(holder, second).status_code == 409 and hold_views == [1, 1, 1, 1], "listed since the free booths"


def test_a_booth_blocked_since_is_refused_by_the_app_in_its_own_words(world, hold_views):  # noqa: F811
    from eventsys.models import Booth

    booth, other = _taken_by_holder(world)
    assert _hold(other, booth).status_code == 409 and _hold(other, booth).status_code == 409
    with world["app"].app_context():
        db.session.get(Booth, booth).is_blocked = True
        db.session.commit()
    blocked = _hold(other, booth)
    assert blocked.status_code == 409 and "not available" in blocked.json["error"]["message"]
    assert hold_views == [1, 1, 1]
