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
                "other_org": other.organization.id,
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


def hold_lapsing(world, booth_id: int, seconds: float = 1.5) -> datetime:
    """A hold of the holder's on `booth_id`, written to the database as it is, that lapses in `seconds`: its end."""
    ends = datetime.now(UTC) + timedelta(seconds=seconds)
    with world["app"].app_context():
        held = BoothBooking(
            fair_id=world["fair_id"],
            booth_id=booth_id,
            organization_id=world["holder_org"],
            status=BookingStatus.HELD,
            held_until=ends,
        )
        db.session.add(held)
        db.session.commit()
    return ends


def sleep_until(ends: datetime) -> None:
    """Until just after `ends`: a hold that ended then has lapsed, with no write."""
    time.sleep(max(0.0, (ends - datetime.now(UTC)).total_seconds()) + 0.1)


def _plan(client, hall: str, etag: str | None = None):
    """The hall's plan layer as the hall page's script loads it (the text; the answer itself with `etag`)."""
    headers = {"If-None-Match": etag} if etag else {}
    answer = client.get(f"/fairs/cached-fair/halls/{hall}/plan?lang=en", headers=headers)
    return answer if etag is not None else answer.get_data(as_text=True)


def _state(html: str, code: str) -> str:
    start = html.index(f'data-code="{code}"')
    return html[start:].split('data-state="', 1)[1].split('"', 1)[0]


def test_the_plan_is_built_once_and_a_hold_makes_only_its_hall_stale(world):
    client, builds = _client(world, world["holder"]), world["builds"]
    anonymous = _client(world)
    assert _state(_plan(anonymous, "main"), "M0") == "free"
    _plan(anonymous, "annex")
    assert len(builds) == 2
    _plan(anonymous, "main")
    _plan(client, "main")
    assert client.get("/fairs/cached-fair/halls/main").status_code == 200
    assert len(builds) == 2, "both served from the cache, the startup's plan and page too"
    first = _free(anonymous)
    assert _free(anonymous, first.headers["ETag"]).status_code == 304
    booth = world["booth_ids"][0]
    assert client.post(f"/api/v1/booths/{booth}/hold").status_code == 201
    html = _plan(anonymous, "main")
    assert _state(html, "M0") == "held" and len(builds) == 3
    _plan(anonymous, "annex")
    assert len(builds) == 3, "the other hall's plan did not change and was not rebuilt"
    again = _free(anonymous, first.headers["ETag"])
    assert again.status_code == 200 and booth not in again.json["booth_ids"]


def _own_bookings(client) -> list[dict]:
    """The viewer's own bookings, as the hall page's script loads them (fairs.show_hall_mine)."""
    return client.get("/fairs/cached-fair/halls/main/mine").json["own_bookings"]


def test_the_holders_own_booth_is_theirs_on_their_page_and_the_plan_is_the_same_for_all(world):
    holder, other = _client(world, world["holder"]), _client(world, world["other"])
    booth = world["booth_ids"][1]
    held = holder.post(f"/api/v1/booths/{booth}/hold").json
    holder.get("/fairs/cached-fair/halls/main"), other.get("/fairs/cached-fair/halls/main")  # their log-in messages
    mine = holder.get("/fairs/cached-fair/halls/main").get_data(as_text=True)
    theirs = other.get("/fairs/cached-fair/halls/main").get_data(as_text=True)
    [own] = _own_bookings(holder)
    assert own["booth_id"] == booth and own["id"] == held["id"] and own["status"] == "held" and own["held_until"]
    assert _own_bookings(other) == [] and _own_bookings(_client(world)) == []
    assert mine == theirs, "the hall page is the same for every startup: their own part comes by itself"
    assert mine.count('id="booth-panel"') == 1
    assert 'data-plan-src="/fairs/cached-fair/halls/main/plan?lang=en"' in mine
    their_plan, my_plan = _plan(other, "main", etag=""), _plan(holder, "main", etag="")
    assert my_plan.data == their_plan.data and my_plan.headers["ETag"] == their_plan.headers["ETag"]
    assert "booth--own" not in my_plan.get_data(as_text=True) and len(world["builds"]) == 1


def test_a_cancellation_frees_the_booth_on_the_cached_pages(world):
    holder, anonymous = _client(world, world["holder"]), _client(world)
    booth = world["booth_ids"][0]
    held = holder.post(f"/api/v1/booths/{booth}/hold").json
    assert booth not in _free(anonymous).json["booth_ids"]
    assert _state(_plan(anonymous, "main"), "M0") == "held"
    assert holder.post(f"/api/v1/bookings/{held['id']}/cancel").status_code == 200
    assert booth in _free(anonymous).json["booth_ids"]
    assert _state(_plan(anonymous, "main"), "M0") == "free"


def test_a_hold_that_lapses_shows_as_free_without_any_write(world):
    """Expiry is time: the entry lives until the hold's end, so the first read after it rebuilds the page."""
    app, anonymous, booth = world["app"], _client(world), world["booth_ids"][2]
    ends = hold_lapsing(world, booth)
    assert booth not in _free(anonymous).json["booth_ids"]
    assert _state(_plan(anonymous, "main"), "M2") == "held"
    sleep_until(ends)
    assert booth in _free(anonymous).json["booth_ids"]
    assert _state(_plan(anonymous, "main"), "M2") == "free"
    builds = len(world["builds"])
    with app.app_context():  # the minute job marks it expired: the pages are built again, and say the same
        assert len(expiry.expire_holds(db.session)) == 1
        db.session.commit()
    assert _state(_plan(anonymous, "main"), "M2") == "free"
    assert len(world["builds"]) == builds + 1


def test_an_organizers_edit_of_a_booth_type_or_a_name_rebuilds_the_plans(world):
    app, anonymous = world["app"], _client(world)
    assert "Standard" in _plan(anonymous, "main")
    with app.app_context():
        db.session.get(BoothType, world["type_id"]).name = "Premium corner"
        db.session.commit()
    assert "Premium corner" in _plan(anonymous, "main")
    assert "Premium corner" in _plan(anonymous, "annex")
    holder = _client(world, world["holder"])
    held = holder.post(f"/api/v1/booths/{world['booth_ids'][0]}/hold").json
    billing = {"billing_name": "Ada", "billing_email": "ada@example.com"}
    assert holder.post(f"/api/v1/bookings/{held['id']}/confirm", json=billing).status_code == 200
    with app.app_context():
        organization = db.session.get(Organization, world["holder_org"])
        organization.name = "Renamed Robotics"
        db.session.commit()
    assert "Renamed Robotics" in _plan(anonymous, "main")


def test_a_change_rolled_back_or_in_another_fair_keeps_the_entries(world):
    app, anonymous = world["app"], _client(world)
    _plan(anonymous, "main")
    etag = _free(anonymous).headers["ETag"]
    with app.app_context():
        other = create_fair(db.session, slug="elsewhere")
        create_hall(db.session, other)
        db.session.commit()
        db.session.get(BoothType, world["type_id"]).name = "Never saved"
        db.session.flush()
        db.session.rollback()
        db.session.get(BoothType, world["type_id"])
        db.session.commit()  # the session goes on: its next commit does not bump what the rollback undid
    assert _free(anonymous, etag).status_code == 304
    _plan(anonymous, "main")
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


def test_a_browser_that_has_the_plan_or_its_page_gets_304_until_it_changes(world):
    holder, other = _client(world, world["holder"]), _client(world, world["other"])
    first = holder.get("/fairs/cached-fair/halls/main")  # shows the log-in message: no ETag
    assert "ETag" not in first.headers
    again = holder.get("/fairs/cached-fair/halls/main")
    etag = again.headers["ETag"]
    assert again.status_code == 200 and first.status_code == 200
    assert holder.get("/fairs/cached-fair/halls/main", headers={"If-None-Match": etag}).status_code == 304
    other.get("/fairs/cached-fair/halls/main")  # their log-in message, once
    assert other.get("/fairs/cached-fair/halls/main").headers["ETag"] == etag, "every startup's page is the same"
    assert _client(world).get("/fairs/cached-fair/halls/main").headers["ETag"] != etag, "a visitor's is not"
    plan = _plan(holder, "main", etag="")
    plan_etag = plan.headers["ETag"]
    assert plan.headers["Cache-Control"] == "public, no-cache" and "Accept-Encoding" in plan.headers["Vary"]
    assert _plan(other, "main", etag=plan_etag).status_code == 304
    assert other.post(f"/api/v1/booths/{world['booth_ids'][0]}/hold").status_code == 201
    changed = _plan(holder, "main", etag=plan_etag)
    assert changed.status_code == 200 and _state(changed.get_data(as_text=True), "M0") == "held"
    assert holder.get("/fairs/cached-fair/halls/main", headers={"If-None-Match": etag}).status_code == 304
    assert holder.post(f"/api/v1/booths/{world['booth_ids'][1]}/hold").status_code == 201
    assert holder.get("/fairs/cached-fair/halls/main", headers={"If-None-Match": etag}).status_code == 304
    assert [own["booth_id"] for own in _own_bookings(holder)] == world["booth_ids"][1:2]


def test_the_plan_is_gzipped_for_a_client_that_accepts_it_from_the_app_and_the_fast_path(world):
    import gzip

    from eventsys.fairs import plan_layer

    anonymous = _client(world)
    plain = _plan(anonymous, "main")
    path = "/fairs/cached-fair/halls/main/plan?lang=en"
    for _ in range(2):  # first from the app (entry known to the store, bytes made here), then from the fast path
        zipped = anonymous.get(path, headers={"Accept-Encoding": "br, gzip;q=0.8"})
        assert zipped.headers["Content-Encoding"] == "gzip"
        assert gzip.decompress(zipped.data).decode() == plain
        assert int(zipped.headers["Content-Length"]) == len(zipped.data)
        assert zipped.headers["X-Content-Type-Options"] == "nosniff" and zipped.headers["Content-Security-Policy"]
    refused = anonymous.get(path, headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers and refused.get_data(as_text=True) == plain
    assert plan_layer.accepts_gzip("deflate, GZIP") and not plan_layer.accepts_gzip("br")
    assert len(world["builds"]) == 1


def test_the_plan_of_a_draft_is_never_stored_nor_shown_to_outsiders(world):
    from eventsys.models import Fair, FairStatus

    app, anonymous = world["app"], _client(world)
    etag = _plan(anonymous, "main", etag="").headers["ETag"]
    with app.app_context():
        db.session.get(Fair, world["fair_id"]).status = FairStatus.DRAFT
        db.session.commit()
    assert _plan(anonymous, "main", etag=etag).status_code == 404, "the stored layer is stale with its fair"
    assert anonymous.get("/fairs/cached-fair/halls/main/plan?lang=en").status_code == 404


def test_the_plan_comes_in_the_language_of_its_address(world):
    anonymous = _client(world)
    english, japanese = _plan(anonymous, "main"), anonymous.get("/fairs/cached-fair/halls/main/plan?lang=ja")
    assert japanese.status_code == 200 and japanese.get_data(as_text=True) != english
    assert _plan(anonymous, "main") == english and len(world["builds"]) == 2
    unknown = anonymous.get("/fairs/cached-fair/halls/main/plan?lang=xx")
    assert unknown.status_code == 200 and unknown.get_data(as_text=True) == english


def test_the_booth_states_that_hall_pages_poll_are_built_once_per_change_with_an_etag(world):
    holder, anonymous, builds = _client(world, world["holder"]), _client(world), world["builds"]
    path = "/api/v1/fairs/cached-fair/halls/main/booths"
    first = anonymous.get(path)
    assert first.status_code == 200 and len(builds) == 1
    assert holder.get(path).json == first.json and len(builds) == 1, "the same for everyone, from the cache"
    assert anonymous.get(path, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    booth = world["booth_ids"][2]
    assert holder.post(f"/api/v1/booths/{booth}/hold").status_code == 201
    again = anonymous.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and len(builds) == 2
    assert {b["id"]: b["state"] for b in again.json["booths"]}[booth] == "held"


def _cached_parts(world, fair_slug: str, hall: str) -> dict[str, tuple[list[str], str | None]]:
    """Every shared part of `fair_slug` and its hall `hall` (scopes, ETag), as everyone's requests just stored them."""
    from eventsys.fairs import hall_shell, plan_layer
    from eventsys.models import Fair, Hall

    anonymous, startup = _client(world), _client(world, world["other"])
    for client in (anonymous, startup, startup):  # the startup's first page shows its log-in message: not cached
        assert client.get(f"/fairs/{fair_slug}").status_code == 200
        assert client.get(f"/fairs/{fair_slug}/halls/{hall}").status_code == 200
    assert anonymous.get(f"/fairs/{fair_slug}/halls/{hall}/plan?lang=en").status_code == 200
    assert anonymous.get(f"/api/v1/fairs/{fair_slug}/free-booths").status_code == 200
    assert anonymous.get(f"/api/v1/fairs/{fair_slug}/halls/{hall}/booths").status_code == 200
    with world["app"].app_context():
        fair_id = db.session.scalars(select(Fair.id).where(Fair.slug == fair_slug)).one()
        hall_id = db.session.scalars(select(Hall.id).where(Hall.fair_id == fair_id, Hall.slug == hall)).one()
        booths, halls = page_cache.booth_scopes(fair_id), page_cache.hall_scopes(fair_id, hall_id)
        parts = {
            f"fair-aside:{fair_id}:en": hall_shell.shell_scopes(fair_id),
            f"availability:{fair_id}": booths,
            f"free-booths:{fair_slug}": booths,
            f"hall-booths:{fair_id}:{hall_id}": halls,
            plan_layer.entry_name(fair_slug, hall, "en"): halls,
            hall_shell.entry_name(fair_slug, hall, "anonymous", "en"): hall_shell.shell_scopes(fair_id),
            hall_shell.entry_name(fair_slug, hall, "startup", "en"): hall_shell.shell_scopes(fair_id),
        }
        return {name: (scopes, page_cache.peek(name, scopes)) for name, scopes in parts.items()}


def _stale_parts(world, parts: dict[str, tuple[list[str], str | None]]) -> list[str]:
    with world["app"].app_context():
        return [name for name, (scopes, etag) in parts.items() if page_cache.peek(name, scopes) != etag]


def test_a_hold_keeps_the_pages_of_other_fairs_and_the_other_halls_of_its_own(world):
    """A hold changes its hall's plan and booths and its fair's free booths, nothing else: not another fair's pages,
    nor its fair's other hall's plan, nor any hall page's shell or fair page's aside (they show no booth)."""
    from eventsys.models import Fair
    from tests.booth_factories import approve

    app, fair_id = world["app"], world["fair_id"]
    with app.app_context():
        other_fair = create_fair(db.session, slug="other-fair")
        hall = create_hall(db.session, other_fair, slug="main")
        create_booth(db.session, hall, create_booth_type(db.session, other_fair), code="O1")
        approve(db.session, other_fair, db.session.get(Organization, world["other_org"]))
        db.session.commit()
    other_fair_parts = _cached_parts(world, "other-fair", "main")
    other_hall_parts = _cached_parts(world, "cached-fair", "annex")
    assert all(etag for _scopes, etag in (*other_fair_parts.values(), *other_hall_parts.values()))
    builds = len(world["builds"])
    holder = _client(world, world["holder"])
    assert holder.post(f"/api/v1/booths/{world['booth_ids'][0]}/hold").status_code == 201
    form = _client(world, world["other"]).post("/fairs/cached-fair/booths/M1/hold")  # the HTML form (no CSRF in tests)
    assert form.status_code == 303 and "/bookings/" in form.headers["Location"]
    assert holder.post(f"/api/v1/booths/{world['booth_ids'][0]}/hold").status_code == 409  # and a refusal
    with app.app_context():  # a lapsed hold on M2: taking the booth expires it first
        lapsed = datetime.now(UTC) - timedelta(minutes=1)
        db.session.add(
            BoothBooking(
                fair_id=fair_id,
                booth_id=world["booth_ids"][2],
                organization_id=world["other_org"],
                status=BookingStatus.HELD,
                held_until=lapsed,
            )
        )
        latecomer = approved_startup(db.session, db.session.get(Fair, fair_id)).email
        db.session.commit()
    assert holder.post(f"/api/v1/booths/{world['booth_ids'][2]}/hold").status_code == 409  # limit, after the expiry
    assert _client(world, latecomer).post(f"/api/v1/booths/{world['booth_ids'][2]}/hold").status_code == 201
    assert _stale_parts(world, other_fair_parts) == [], "a hold in one fair made another fair's pages stale"
    assert _stale_parts(world, other_hall_parts) == [f"availability:{fair_id}", "free-booths:cached-fair"]
    assert _state(_plan(_client(world), "annex"), "X1") == "free" and len(world["builds"]) == builds


def test_a_saved_floor_plan_rebuilds_its_hall_and_the_free_booths_but_not_the_other_hall(world):
    """The plan editor writes booths with Core statements, which no flush sees: its save says what it changed."""
    from eventsys.models import Booth, Hall, User
    from eventsys.services.booths.floor_plan_edit import save_floor_plan
    from eventsys.services.booths.plan_checks import DrawnBooth, DrawnPlan

    app, anonymous, builds = world["app"], _client(world), world["builds"]
    assert 'data-code="M9"' not in _plan(anonymous, "main")
    _plan(anonymous, "annex")
    free = _free(anonymous)
    assert len(builds) == 2
    with app.app_context():
        hall = db.session.scalar(select(Hall).where(Hall.slug == "main", Hall.fair_id == world["fair_id"]))
        kept = [
            DrawnBooth(b.id, b.code, b.x, b.y, b.width, b.depth, b.booth_type_id)
            for b in db.session.scalars(select(Booth).where(Booth.hall_id == hall.id).order_by(Booth.id))
        ]
        actor = db.session.scalar(select(User).where(User.email == world["holder"]))
        save_floor_plan(
            db.session, hall, DrawnPlan([*kept, DrawnBooth(None, "M9", 40, 0, 3, 3, world["type_id"])]), actor=actor
        )
        db.session.commit()
    assert 'data-code="M9"' in _plan(anonymous, "main") and len(builds) == 3
    _plan(anonymous, "annex")
    assert len(builds) == 3, "the other hall's plan did not change and was not rebuilt"
    assert _free(anonymous, free.headers["ETag"]).status_code == 200


@pytest.fixture
def free_booth_views(world, monkeypatch) -> list[int]:
    """One item per free-booths request that reached the app (its view looks the fair up first)."""
    views = []
    original = catalog.get_booking_window
    monkeypatch.setattr(catalog, "get_booking_window", lambda *a, **k: views.append(1) or original(*a, **k))
    return views


def test_the_free_booths_are_answered_before_the_app_with_its_body_and_headers(world, free_booth_views):
    import gzip

    anonymous, holder = _client(world), _client(world, world["holder"])
    from_app = _free(anonymous)
    assert from_app.status_code == 200 and free_booth_views == [1]
    assert "X-Eventsys-Keep" not in from_app.headers, "the mark for the fast path is not sent"
    fast = _free(holder)  # a signed-in startup gets the same public answer
    assert free_booth_views == [1], "answered before the app"
    assert fast.data == from_app.data and fast.headers["ETag"] == from_app.headers["ETag"]
    for header in ("Content-Type", "Cache-Control", "X-Content-Type-Options", "Content-Security-Policy"):
        assert fast.headers.get(header) == from_app.headers.get(header), header
    assert "Accept-Encoding" in fast.headers["Vary"] and "Set-Cookie" not in fast.headers
    assert fast.headers["X-Request-Id"] != from_app.headers["X-Request-Id"], "each answer has its own request id"
    assert _free(anonymous, from_app.headers["ETag"]).status_code == 304
    zipped = anonymous.get("/api/v1/fairs/cached-fair/free-booths", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip" and gzip.decompress(zipped.data) == from_app.data
    assert anonymous.head("/api/v1/fairs/cached-fair/free-booths").data == b""
    assert free_booth_views == [1]
    assert anonymous.get("/api/v1/fairs/cached-fair/free-booths?x=1").json == from_app.json
    assert free_booth_views == [1, 1], "any query is the app's"


def test_each_change_makes_the_next_fast_answer_of_the_free_booths_fresh(world, free_booth_views):
    from eventsys.models import Booth

    app, anonymous, holder = world["app"], _client(world), _client(world, world["holder"])
    booth, other_booth = world["booth_ids"][0], world["booth_ids"][1]
    etag = _free(anonymous).headers["ETag"]
    held = holder.post(f"/api/v1/booths/{booth}/hold").json
    after_hold = _free(anonymous, etag)
    assert after_hold.status_code == 200 and booth not in after_hold.json["booth_ids"]
    assert holder.post(f"/api/v1/bookings/{held['id']}/cancel").status_code == 200
    assert booth in _free(anonymous).json["booth_ids"]
    with app.app_context():  # an organizer blocks a booth
        db.session.get(Booth, other_booth).is_blocked = True
        db.session.commit()
    assert other_booth not in _free(anonymous).json["booth_ids"]
    views = len(free_booth_views)
    _free(anonymous)
    assert len(free_booth_views) == views, "and then from the fast path again"


def test_a_lapsed_hold_is_free_in_the_fast_answer_without_any_write(world, free_booth_views):
    booth = world["booth_ids"][2]
    ends = hold_lapsing(world, booth)
    anonymous = _client(world)
    assert booth not in _free(anonymous).json["booth_ids"] and booth not in _free(anonymous).json["booth_ids"]
    assert free_booth_views == [1]
    sleep_until(ends)
    assert booth in _free(anonymous).json["booth_ids"] and free_booth_views == [1, 1]


def test_a_fair_renamed_or_made_a_draft_is_not_answered_by_its_old_free_booths(world):
    from eventsys.models import Fair, FairStatus

    app, anonymous = world["app"], _client(world)
    assert _free(anonymous).status_code == 200 and _free(anonymous).status_code == 200
    with app.app_context():
        db.session.get(Fair, world["fair_id"]).slug = "renamed-fair"
        db.session.commit()
    assert anonymous.get("/api/v1/fairs/renamed-fair/free-booths").status_code == 200
    assert _free(anonymous).status_code == 404, "the old address's entry is stale with its fair's old slug"
    with app.app_context():
        fair = db.session.get(Fair, world["fair_id"])
        fair.slug, fair.status = "cached-fair", FairStatus.DRAFT
        db.session.commit()
    assert _free(anonymous).status_code == 404
    assert anonymous.get("/api/v1/fairs/renamed-fair/free-booths").status_code == 404


def test_fast_answers_of_the_free_booths_are_logged_and_counted(world, free_booth_views, capsys):
    import json

    from eventsys.operations.metrics import REQUESTS

    anonymous = _client(world)
    _free(anonymous)
    counted = REQUESTS.labels("api.booths.list_free_booths", "GET", "200")
    before = counted._value.get()
    capsys.readouterr()
    fast = anonymous.get("/api/v1/fairs/cached-fair/free-booths", headers={"X-Request-Id": "proxy-id-1234"})
    assert free_booth_views == [1] and fast.headers["X-Request-Id"] == "proxy-id-1234"
    assert counted._value.get() == before + 1
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    [line] = [line for line in lines if line.get("message") == "request"]
    assert line["request_id"] == "proxy-id-1234" and line["endpoint"] == "api.booths.list_free_booths"
    assert line["status"] == 200 and line["path"] == "/api/v1/fairs/cached-fair/free-booths"


def _other_process(world):
    """A client of the app without this process's fast path: as another worker or server, it builds the entries
    in the shared cache, and the fast path here does not see its answers."""
    from werkzeug.test import Client

    return Client(world["app"].wsgi_app.wsgi_app)


def test_free_booths_built_by_another_process_are_fetched_before_the_app(world, free_booth_views):
    from eventsys.models import Booth

    anonymous, booth = _client(world), world["booth_ids"][0]
    first = _free(anonymous)
    with world["app"].app_context():
        db.session.get(Booth, booth).is_blocked = True
        db.session.commit()
    elsewhere = _other_process(world).get("/api/v1/fairs/cached-fair/free-booths")
    assert booth not in elsewhere.json["booth_ids"] and free_booth_views == [1, 1]
    fast = _free(anonymous)
    assert free_booth_views == [1, 1], "the other process's bytes, read from the cache, not this app"
    assert fast.data == elsewhere.data and fast.headers["ETag"] == elsewhere.headers["ETag"] != first.headers["ETag"]
    for header in ("Content-Type", "Cache-Control", "X-Content-Type-Options", "Content-Security-Policy"):
        assert fast.headers.get(header) == first.headers.get(header), header
    assert _free(anonymous, fast.headers["ETag"]).status_code == 304


def test_a_plan_built_by_another_process_is_fetched_before_the_app(world, monkeypatch):
    import gzip

    from eventsys.fairs import plan_layer

    holder, anonymous = _client(world, world["holder"]), _client(world)
    _plan(anonymous, "main")
    assert holder.post(f"/api/v1/booths/{world['booth_ids'][0]}/hold").status_code == 201
    kept = plan_layer.remember
    with monkeypatch.context() as elsewhere_only:  # the other process keeps its bytes in its own memory
        own = lambda _name, _scopes, _etag, body: (body.encode(), gzip.compress(body.encode()))  # noqa: E731
        elsewhere_only.setattr(plan_layer, "remember", own)
        elsewhere = _other_process(world).get("/fairs/cached-fair/halls/main/plan?lang=en")
    assert _state(elsewhere.get_data(as_text=True), "M0") != "free"
    answered = []
    monkeypatch.setattr(plan_layer, "remember", lambda *a: answered.append(1) or kept(*a))
    fast = anonymous.get("/fairs/cached-fair/halls/main/plan?lang=en")
    assert answered == [], "the other process's bytes, read from the cache, not this app"
    assert fast.data == elsewhere.data and fast.headers["ETag"] == elsewhere.headers["ETag"]
    assert fast.headers["Content-Type"].startswith("text/html") and len(world["builds"]) == 2
