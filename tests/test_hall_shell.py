"""The hall page as one shell per viewer kind and language (fairs/hall_shell.py), answered before the app, and the
viewer's own part (fairs.show_hall_mine) that the page's script loads: no person's data in the shell, each viewer's
hold in their own part only, an expired hold no one's, messages and other kinds of viewer left to the app."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from eventsys.models import BookingStatus, BoothBooking
from tests.booth_factories import approved_startup
from tests.conftest import create_user, login

PAGE, MINE = "/fairs/test-fair/halls/main", "/fairs/test-fair/halls/main/mine"


def _logged_in(app, user):
    client = app.test_client()
    login(client, user.email)
    client.get(PAGE)  # the log-in message, shown once by the app
    return client


def _hold(db, fair, user, booth_index: int, minutes: int) -> BoothBooking:
    booking = BoothBooking(
        fair_id=fair.id,
        booth=fair.halls[0].booths[booth_index],
        organization=user.organization,
        status=BookingStatus.HELD,
        held_until=datetime.now(UTC) + timedelta(minutes=minutes),
    )
    db.add(booking)
    db.flush()
    return booking


def test_a_visitors_hall_page_is_answered_before_the_app_and_holds_nothing_of_anyone(client, fair, query_counter):
    first = client.get(PAGE)
    assert first.status_code == 200 and first.headers["Cache-Control"] == "private, no-cache"
    with query_counter() as queries:
        again = client.get(PAGE)
    assert queries == [], "from the fast path: no session, no user, no fair loaded"
    assert again.data == first.data and again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    assert "Set-Cookie" not in again.headers
    assert client.get(PAGE, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    page = again.get_data(as_text=True)
    assert '<meta name="csrf-token" content="">' in page and 'data-viewer-kind="anonymous"' in page
    assert f'data-mine-src="{MINE}"' in page and 'data-viewer-case="anonymous"' in page


def test_every_startup_gets_the_same_page_and_only_their_own_hold_in_their_part(app, db, fair, query_counter):
    holder, other = approved_startup(db, fair, name="Hana Holder"), approved_startup(db, fair, name="Olga Other")
    booking = _hold(db, fair, holder, 0, minutes=10)
    holder_client, other_client = _logged_in(app, holder), _logged_in(app, other)
    mine, theirs = holder_client.get(PAGE), other_client.get(PAGE)
    with query_counter() as queries:
        assert holder_client.get(PAGE).data == mine.data
    assert queries == [], "the startup's page from the fast path too"
    assert mine.data == theirs.data and mine.headers["ETag"] == theirs.headers["ETag"]
    page = mine.get_data(as_text=True)
    assert 'data-viewer-kind="startup"' in page and 'data-testid="nav-company"' in page
    assert "Hana" not in page and "Olga" not in page and "booth--own" not in page and "data-booking-id" not in page
    assert '<meta name="csrf-token" content="">' in page
    own = holder_client.get(MINE)
    assert own.headers["Cache-Control"] == "private, no-store"
    assert own.json["viewer"] == "approved" and own.json["kind"] == "startup" and own.json["initial"] == "H"
    assert own.json["csrf_token"] and own.json["own_bookings"] == [
        {"booth_id": booking.booth_id, "id": booking.id, "status": "held", "held_until": booking.held_until.isoformat()}
    ]
    assert other_client.get(MINE).json["own_bookings"] == []


def test_a_visitor_who_is_logged_out_gets_no_ones_hold(app, db, fair):
    holder = approved_startup(db, fair)
    _hold(db, fair, holder, 0, minutes=10)
    client = _logged_in(app, holder)
    assert client.get(MINE).json["own_bookings"]
    client.post("/logout", data={"csrf_token": client.get(MINE).json["csrf_token"]})
    client.get(PAGE)  # the log-out message
    assert 'data-viewer-kind="anonymous"' in client.get(PAGE).get_data(as_text=True)
    gone = client.get(MINE).json
    assert gone["own_bookings"] == [] and gone["viewer"] == "anonymous" and gone["kind"] == "anonymous"


def test_an_expired_hold_is_no_longer_the_startups_own(app, db, fair):
    holder = approved_startup(db, fair)
    _hold(db, fair, holder, 0, minutes=-1)
    assert _logged_in(app, holder).get(MINE).json["own_bookings"] == []


def test_the_viewers_part_says_what_the_panel_offers_them(app, db, fair, organizer):
    newcomer = create_user(db, email="newcomer@example.com")
    assert _logged_in(app, newcomer).get(MINE).json["viewer"] == "not-exhibitor"
    organizers = _logged_in(app, organizer)
    assert organizers.get(MINE).json == {**organizers.get(MINE).json, "viewer": "not-startup", "kind": "other"}
    assert app.test_client().get(MINE).json["viewer"] == "anonymous"


def test_an_organizers_page_is_their_own_and_a_message_is_shown_by_the_app(app, organizer, fair, query_counter):
    client = _logged_in(app, organizer)
    with query_counter() as queries:
        page = client.get(PAGE).get_data(as_text=True)
    assert queries, "another kind of viewer: built by the app for them"
    assert 'data-viewer-kind="other"' in page and 'content=""' not in page.split('name="csrf-token"')[1][:12]
    with query_counter() as queries:
        client.get(PAGE)
    assert queries


def test_an_edit_of_the_fair_makes_the_shell_stale(app, client, db, fair):
    from eventsys.services import page_cache

    first = client.get(PAGE)
    fair.name = "Renamed Fair"
    db.flush()
    with app.app_context():
        page_cache.bump(f"fair:{fair.id}")  # what the commit of the edit does (flushed only: the test rolls back)
    again = client.get(PAGE)
    assert again.headers["ETag"] != first.headers["ETag"] and "Renamed Fair" in again.get_data(as_text=True)


def test_the_viewers_part_of_an_unknown_hall_is_404(client, fair):
    assert client.get("/fairs/test-fair/halls/nope/mine").status_code == 404
    assert client.get("/fairs/nope/halls/main/mine").status_code == 404
