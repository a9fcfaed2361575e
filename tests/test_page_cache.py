"""The shared page cache (services/page_cache.py): the hall floor plan and the free booths are built once per change,
and each change (a hold, a cancellation, a hold's end, an organizer's edit) makes stale exactly the pages it
changes, on SQLite and PostgreSQL, with the cache in this process and in Redis."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from eventsys import create_app
from eventsys.extensions import db
from eventsys.models import BookingStatus, BoothBooking, BoothType, Organization
from eventsys.services import page_cache
from eventsys.services.booths import expiry
from eventsys.services.fairs import catalog
from tests.booth_factories import approved_startup
from tests.conftest import app_config, create_booth, create_booth_type, create_fair, create_hall, login
from tests.live_database import live_app

WORLDS = [
    pytest.param(("sqlite", "local"), id="sqlite-local"),
    pytest.param(("sqlite", "redis"), id="sqlite-redis"),
    pytest.param(("postgresql", "local"), id="postgresql-local", marks=pytest.mark.postgres),
    pytest.param(("postgresql", "redis"), id="postgresql-redis", marks=pytest.mark.postgres),
]


@pytest.fixture(params=WORLDS)
def world(request, tmp_path, monkeypatch):
    """A fair on a live database (views really commit) with two halls, two startups, and the cache in `store`."""
    kind, store = request.param
    overrides = {}
    if store == "redis":
        overrides["REDIS_URL"] = request.getfixturevalue("redis_url")
    with live_app(kind, tmp_path, **overrides) as app:
        with app.app_context():
            fair = create_fair(db.session, slug="cached-fair")
            kind_of_booth = create_booth_type(db.session, fair, name="Standard")
            main, annex = create_hall(db.session, fair, slug="main"), create_hall(db.session, fair, slug="annex")
            booths = [create_booth(db.session, main, kind_of_booth, code=f"M{n}", x=n * 4) for n in range(3)]
            create_booth(db.session, annex, kind_of_booth, code="X1")
            holder, other = approved_startup(db.session, fair), approved_startup(db.session, fair)
            db.session.commit()
            world = {
                "app": app,
                "fair_id": fair.id,
                "booth_ids": [b.id for b in booths],
                "type_id": kind_of_booth.id,
                "holder": holder.email,
                "other": other.email,
                "holder_org": holder.organization.id,
            }
        builds = []
        original = catalog.get_floor_plan
        monkeypatch.setattr(catalog, "get_floor_plan", lambda *a, **k: builds.append(1) or original(*a, **k))
        world["builds"] = builds
        yield world


def _client(world, email=None):
    client = world["app"].test_client()
    if email:
        login(client, email)
    return client


def _free(client, etag=None):
    headers = {"If-None-Match": etag} if etag else {}
    return client.get("/api/v1/fairs/cached-fair/free-booths", headers=headers)


def _state(html: str, code: str) -> str:
    start = html.index(f'data-code="{code}"')
    return html[start:].split('data-state="', 1)[1].split('"', 1)[0]


def test_the_plan_is_built_once_and_a_hold_makes_only_its_hall_stale(world):
    client, builds = _client(world, world["holder"]), world["builds"]
    anonymous = _client(world)
    assert _state(anonymous.get("/fairs/cached-fair/halls/main").get_data(as_text=True), "M0") == "free"
    anonymous.get("/fairs/cached-fair/halls/annex")
    assert len(builds) == 2
    anonymous.get("/fairs/cached-fair/halls/main")
    client.get("/fairs/cached-fair/halls/main")
    assert len(builds) == 2, "both served from the cache, the startup's page too"
    first = _free(anonymous)
    assert _free(anonymous, first.headers["ETag"]).status_code == 304
    booth = world["booth_ids"][0]
    assert client.post(f"/api/v1/booths/{booth}/hold").status_code == 201
    html = anonymous.get("/fairs/cached-fair/halls/main").get_data(as_text=True)
    assert _state(html, "M0") == "held" and len(builds) == 3
    anonymous.get("/fairs/cached-fair/halls/annex")
    assert len(builds) == 3, "the other hall's plan did not change and was not rebuilt"
    again = _free(anonymous, first.headers["ETag"])
    assert again.status_code == 200 and booth not in again.json["booth_ids"]


def test_the_holders_own_booth_is_marked_for_them_only(world):
    holder, other = _client(world, world["holder"]), _client(world, world["other"])
    booth = world["booth_ids"][1]
    held = holder.post(f"/api/v1/booths/{booth}/hold").json
    mine = holder.get("/fairs/cached-fair/halls/main").get_data(as_text=True)
    theirs = other.get("/fairs/cached-fair/halls/main").get_data(as_text=True)
    assert len(world["builds"]) == 1
    tag = mine[
        mine.index(f'data-booth-id="{booth}"') - 40 : mine.index(
            'aria-label="M1', mine.index(f'data-booth-id="{booth}"')
        )
    ]
    assert "booth--own" in tag and f'data-booking-id="{held["id"]}"' in tag and "data-held-until=" in tag
    assert "booth--own" not in theirs and "data-booking-id" not in theirs
    assert mine.count('id="booth-panel"') == theirs.count('id="booth-panel"') == 1


def test_a_cancellation_frees_the_booth_on_the_cached_pages(world):
    holder, anonymous = _client(world, world["holder"]), _client(world)
    booth = world["booth_ids"][0]
    held = holder.post(f"/api/v1/booths/{booth}/hold").json
    assert booth not in _free(anonymous).json["booth_ids"]
    assert _state(anonymous.get("/fairs/cached-fair/halls/main").get_data(as_text=True), "M0") == "held"
    assert holder.post(f"/api/v1/bookings/{held['id']}/cancel").status_code == 200
    assert booth in _free(anonymous).json["booth_ids"]
    assert _state(anonymous.get("/fairs/cached-fair/halls/main").get_data(as_text=True), "M0") == "free"


def test_a_hold_that_lapses_shows_as_free_without_any_write(world):
    """Expiry is time: the entry lives until the hold's end, so the first read after it rebuilds the page."""
    app, anonymous = world["app"], _client(world)
    booth = world["booth_ids"][2]
    with app.app_context():
        ends = datetime.now(UTC) + timedelta(seconds=1.5)
        db.session.add(
            BoothBooking(
                fair_id=world["fair_id"],
                booth_id=booth,
                organization_id=world["holder_org"],
                status=BookingStatus.HELD,
                held_until=ends,
            )
        )
        db.session.commit()
    assert booth not in _free(anonymous).json["booth_ids"]
    assert _state(anonymous.get("/fairs/cached-fair/halls/main").get_data(as_text=True), "M2") == "held"
    time.sleep(max(0.0, (ends - datetime.now(UTC)).total_seconds()) + 0.1)
    assert booth in _free(anonymous).json["booth_ids"]
    assert _state(anonymous.get("/fairs/cached-fair/halls/main").get_data(as_text=True), "M2") == "free"
    builds = len(world["builds"])
    with app.app_context():  # the minute job marks it expired: the pages are built again, and say the same
        assert len(expiry.expire_holds(db.session)) == 1
        db.session.commit()
    assert _state(anonymous.get("/fairs/cached-fair/halls/main").get_data(as_text=True), "M2") == "free"
    assert len(world["builds"]) == builds + 1


def test_an_organizers_edit_of_a_booth_type_or_a_name_rebuilds_the_plans(world):
    app, anonymous = world["app"], _client(world)
    assert "Standard" in anonymous.get("/fairs/cached-fair/halls/main").get_data(as_text=True)
    with app.app_context():
        db.session.get(BoothType, world["type_id"]).name = "Premium corner"
        db.session.commit()
    assert "Premium corner" in anonymous.get("/fairs/cached-fair/halls/main").get_data(as_text=True)
    assert "Premium corner" in anonymous.get("/fairs/cached-fair/halls/annex").get_data(as_text=True)
    holder = _client(world, world["holder"])
    held = holder.post(f"/api/v1/booths/{world['booth_ids'][0]}/hold").json
    billing = {"billing_name": "Ada", "billing_email": "ada@example.com"}
    assert holder.post(f"/api/v1/bookings/{held['id']}/confirm", json=billing).status_code == 200
    with app.app_context():
        organization = db.session.get(Organization, world["holder_org"])
        organization.name = "Renamed Robotics"
        db.session.commit()
    assert "Renamed Robotics" in anonymous.get("/fairs/cached-fair/halls/main").get_data(as_text=True)


def test_a_change_rolled_back_or_in_another_fair_keeps_the_entries(world):
    app, anonymous = world["app"], _client(world)
    anonymous.get("/fairs/cached-fair/halls/main")
    etag = _free(anonymous).headers["ETag"]
    with app.app_context():
        other = create_fair(db.session, slug="elsewhere")
        create_hall(db.session, other)
        db.session.commit()
        db.session.get(BoothType, world["type_id"]).name = "Never saved"
        db.session.flush()
        db.session.rollback()
    assert _free(anonymous, etag).status_code == 304
    anonymous.get("/fairs/cached-fair/halls/main")
    assert len(world["builds"]) == 1


def test_versions_are_shared_by_every_process_through_redis(tmp_path, redis_url):
    """Two apps (as two app servers) on one Redis: a change committed on one makes the other's entry stale."""
    with live_app("sqlite", tmp_path, REDIS_URL=redis_url) as first, first.app_context():
        built = []
        entry = page_cache.fetch("probe", ["hall:1"], lambda: (built.append(1) or "one", None))
        page_cache.fetch("probe", ["hall:1"], lambda: (built.append(1) or "two", None))
        assert built == [1] and entry.body == "one"
        page_cache.bump("hall:1")
        assert page_cache.fetch("probe", ["hall:1"], lambda: ("three", None)).body == "three"
    second = create_app(app_config(tmp_path, "sqlite://", REDIS_URL=redis_url))
    with second.app_context():  # another app server's process: the same entry, then stale for both after a bump
        assert page_cache.fetch("probe", ["hall:1"], lambda: ("four", None)).body == "three"
        page_cache.bump("hall:1")
    with first.app_context():
        assert page_cache.fetch("probe", ["hall:1"], lambda: ("five", None)).body == "five"


def test_the_fair_page_counts_free_booths_once_per_change(world, monkeypatch):
    from eventsys.models import Hall

    app, anonymous, holder = world["app"], _client(world), _client(world, world["holder"])
    page = anonymous.get("/fairs/cached-fair").get_data(as_text=True)
    assert "4 of 4" in page and "Hall" in page  # three booths in the main hall, one in the annex
    built = []
    original = catalog.get_booth_type_availability
    monkeypatch.setattr(catalog, "get_booth_type_availability", lambda *a, **k: built.append(1) or original(*a, **k))
    anonymous.get("/fairs/cached-fair")
    assert built == []
    assert holder.post(f"/api/v1/booths/{world['booth_ids'][0]}/hold").status_code == 201
    assert "3 of 4" in anonymous.get("/fairs/cached-fair").get_data(as_text=True) and built == [1]
    with app.app_context():
        db.session.scalars(select(Hall).where(Hall.slug == "annex")).one().name = "Renamed annex"
        db.session.commit()
    assert "Renamed annex" in anonymous.get("/fairs/cached-fair").get_data(as_text=True)


def test_a_browser_that_has_the_hall_page_gets_304_until_it_or_its_own_part_changes(world):
    holder, other = _client(world, world["holder"]), _client(world, world["other"])
    first = holder.get("/fairs/cached-fair/halls/main")  # builds the shared part, shows the log-in message: no ETag
    assert "ETag" not in first.headers
    again = holder.get("/fairs/cached-fair/halls/main")
    etag = again.headers["ETag"]
    assert again.status_code == 200 and first.status_code == 200
    assert holder.get("/fairs/cached-fair/halls/main", headers={"If-None-Match": etag}).status_code == 304
    other.get("/fairs/cached-fair/halls/main")  # their log-in message, once
    theirs = other.get("/fairs/cached-fair/halls/main").headers["ETag"]
    assert theirs != etag, "another person's page has their own parts"
    assert other.post(f"/api/v1/booths/{world['booth_ids'][0]}/hold").status_code == 201
    changed = holder.get("/fairs/cached-fair/halls/main", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and _state(changed.get_data(as_text=True), "M0") == "held"
    etag = holder.get("/fairs/cached-fair/halls/main").headers["ETag"]
    assert holder.post(f"/api/v1/booths/{world['booth_ids'][1]}/hold").status_code == 201
    own = holder.get("/fairs/cached-fair/halls/main", headers={"If-None-Match": etag})
    assert own.status_code == 200 and "booth--own" in own.get_data(as_text=True)
