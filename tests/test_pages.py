"""Every public and organizer page through the test client, with access control and error pages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from eventsys.models import BookingStatus, BoothBooking, Center, OpeningHours, Room
from tests.conftest import create_fair, create_organization, login


@pytest.fixture
def center(db):
    from datetime import time

    center = Center(
        slug="osaka",
        city="Osaka",
        city_local="大阪",
        name="Invest Japan Business Support Center Osaka",
        address="2-3-13 Azuchimachi, Chuo-ku, Osaka",
        timezone="Asia/Tokyo",
    )
    center.rooms = [Room(name="Umeda", capacity=8), Room(name="Namba", capacity=4)]
    center.opening_hours = [OpeningHours(weekday=d, opens_at=time(9, 30), closes_at=time(17, 30)) for d in range(5)]
    db.add(center)
    db.flush()
    return center


def test_home_lists_upcoming_and_past_fairs(client, db, fair):
    create_fair(
        db,
        slug="old-fair",
        name="Old Fair 2024",
        starts_on=datetime(2024, 5, 1).date(),
        ends_on=datetime(2024, 5, 3).date(),
    )
    html = client.get("/").get_data(as_text=True)
    assert "Test Fair" in html and "Old Fair 2024" in html
    assert html.index("Test Fair") < html.index("Old Fair 2024")


def test_home_without_fairs(client, db):
    assert client.get("/").status_code == 200


def test_fair_page_shows_dates_in_the_fairs_zone_and_free_booths(client, db, fair):
    fair.booking_opens_at = datetime(2026, 11, 1, 1, 0, tzinfo=UTC)  # 10:00 in Tokyo
    booth = fair.halls[0].booths[0]
    db.add(
        BoothBooking(fair_id=fair.id, booth=booth, organization=create_organization(db), status=BookingStatus.CONFIRMED)
    )
    db.flush()
    html = client.get("/fairs/test-fair").get_data(as_text=True)
    assert "Main Hall" in html
    assert "10:00" in html and "JST" in html
    assert "¥330,000" in html
    assert "1" in html  # one of two bookable booths is free


def test_unknown_fair_is_404(client, db):
    response = client.get("/fairs/no-such-fair")
    assert response.status_code == 404
    assert "could not find" in response.get_data(as_text=True)


def test_floor_plan_draws_every_booth_with_its_state(client, db, fair):
    a01, a02, a03 = fair.halls[0].booths
    exhibitor = create_organization(db, name="Kaizen Robotics")
    db.add(BoothBooking(fair_id=fair.id, booth=a01, organization=exhibitor, status=BookingStatus.CONFIRMED))
    db.add(
        BoothBooking(
            fair_id=fair.id,
            booth=a02,
            organization=create_organization(db),
            status=BookingStatus.HELD,
            held_until=datetime.now(UTC) + timedelta(minutes=10),
        )
    )
    db.flush()
    page = client.get("/fairs/test-fair/halls/main").get_data(as_text=True)
    assert 'data-plan-src="/fairs/test-fair/halls/main/plan?lang=en"' in page and 'data-code="A01"' not in page
    html = client.get("/fairs/test-fair/halls/main/plan?lang=en").get_data(as_text=True)
    assert "<svg" in html and 'viewBox="0 0 60 40"' in html
    assert 'data-code="A01"' in html and 'data-state="booked"' in html and "Kaizen Robotics" in html
    assert 'data-state="held"' in html and 'data-state="blocked"' in html


def test_expired_hold_shows_as_free(client, db, fair):
    a01 = fair.halls[0].booths[0]
    db.add(
        BoothBooking(
            fair_id=fair.id,
            booth=a01,
            organization=create_organization(db),
            status=BookingStatus.HELD,
            held_until=datetime.now(UTC) - timedelta(minutes=1),
        )
    )
    db.flush()
    html = client.get("/fairs/test-fair/halls/main/plan?lang=en").get_data(as_text=True)
    assert 'data-state="held"' not in html and 'data-code="A01"' in html


def test_floor_plan_uses_the_same_queries_whatever_the_number_of_booths(client, db, fair, query_counter):
    from eventsys.services import page_cache
    from tests.conftest import create_booth

    hall, plan = fair.halls[0], "/fairs/test-fair/halls/main/plan?lang=en"
    with query_counter() as few:
        assert client.get(plan).status_code == 200
    booth_type = hall.booths[0].booth_type
    for n in range(40):
        create_booth(db, hall, booth_type, code=f"Z{n:02d}", x=(n % 10) * 3, y=20 + (n // 10) * 3)
    page_cache.clear_local()  # the booths were only flushed, not committed: build the plan afresh
    with query_counter() as many:
        assert client.get(plan).status_code == 200
    assert len(many) == len(few) <= 5
    with query_counter() as cached:
        assert 'data-code="Z39"' in client.get(plan).get_data(as_text=True)
    assert len(cached) == 0, "from the cache, before the app: not even the fair"
    with query_counter() as page:
        assert client.get("/fairs/test-fair/halls/main").status_code == 200
    assert not [q for q in page if "FROM booths" in q], "the hall page itself draws no booth"


def test_unknown_hall_is_404(client, fair):
    assert client.get("/fairs/test-fair/halls/nope").status_code == 404


def test_centers_page(client, center):
    html = client.get("/centers/").get_data(as_text=True)
    assert (
        "Osaka" in html and "大阪" in html and "Umeda" in html and "9:30\u202fAM" in html
    )  # opening hours in the locale's style
    assert client.get("/centers/osaka").status_code == 200
    assert client.get("/centers/atlantis").status_code == 404


def test_login_and_signup_pages(client, db):
    for path in ("/login", "/signup", "/reset-password"):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("who", ["startup", "investor"])
def test_startups_and_investors_get_403_on_organizer_pages(client, request, who):
    user = request.getfixturevalue(who)
    login(client, user.email)
    for path in ("/organizer/", "/organizer/users/new"):
        response = client.get(path)
        assert response.status_code == 403
        assert "not allowed" in response.get_data(as_text=True)


def test_organizer_dashboard(client, organizer, fair):
    login(client, organizer.email)
    html = client.get("/organizer/").get_data(as_text=True)
    assert "Test Fair" in html
    assert client.get("/organizer/users/new").status_code == 403, "only admins create organizers"


def test_admin_creates_an_organizer(client, admin, db):
    from sqlalchemy import select

    from eventsys.models import Role, User

    login(client, admin.email)
    data = {
        "name": "Kenji Watanabe",
        "name_local": "渡辺 健二",
        "email": "Kenji@Example.com",
        "role": "organizer",
        "password": "Organizer-2027",
        "confirm": "Organizer-2027",
    }
    assert client.post("/organizer/users/new", data=data).status_code == 302
    user = db.scalar(select(User).where(User.email == "kenji@example.com"))
    assert user.role == Role.ORGANIZER and user.name_local == "渡辺 健二"
    response = client.post("/organizer/users/new", data={**data, "role": "startup"})
    assert response.status_code == 422
    response = client.post(
        "/organizer/users/new", data={**data, "email": "other@example.com", "password": "x", "confirm": "x"}
    )
    assert response.status_code == 422


def test_navigation_depends_on_the_role(client, organizer, startup):
    assert "/login" in client.get("/").get_data(as_text=True)
    login(client, organizer.email)
    assert "/organizer/" in client.get("/").get_data(as_text=True)
    client.post("/logout")
    login(client, startup.email)
    assert "/organizer/" not in client.get("/").get_data(as_text=True)


def test_errors_answer_json_to_json_clients(client, db):
    response = client.get("/fairs/nope", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_method_not_allowed(client, db):
    assert client.get("/logout").status_code == 405


def test_unexpected_errors_get_the_500_page(app, db):
    from eventsys.errors import error_response

    with app.test_request_context("/"):
        body, status = error_response(500, "Something went wrong on our side.")
    assert status == 500 and "Something went wrong" in body


def test_pages_load_nothing_from_other_sites(client, fair, center):
    import re

    for path in ("/", "/fairs/test-fair", "/fairs/test-fair/halls/main", "/centers/", "/login", "/signup"):
        html = client.get(path).get_data(as_text=True)
        external = re.findall(r'(?:src|href)="(https?:)?//[^"]+"', html)
        assert external == [], f"{path} loads {external}"
