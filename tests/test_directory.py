"""The startup directory: search (Japanese too), filters, sorting, pages, a fixed number of queries, access."""

from __future__ import annotations

import pytest

from eventsys.models import Region, Role, Stage, Verification
from eventsys.services.directory import search as directory
from eventsys.services.directory.search import DirectoryQuery
from tests.conftest import create_user, login
from tests.directory_factories import confirmed_booth, investor_org, investor_user, startup_org


@pytest.fixture
def startups(db, fair):
    sakura = startup_org(
        db,
        "Sakura Robotics",
        name_local="さくらロボティクス",
        description="介護ロボットで高齢者の自立を支えます。Care robots for elderly people.",
        sectors=["robotics"],
        stage=Stage.SEED,
        region=Region.KANSAI,
    )
    green = startup_org(
        db,
        "GreenLoop Energy",
        description="Battery recycling_100% for solar farms.",
        sectors=["renewable-energy"],
        stage=Stage.SERIES_A,
        region=Region.OVERSEAS,
        country="FR",
    )
    medi = startup_org(
        db,
        "Medi Robotics",
        description="Surgical robots.",
        sectors=["robotics", "healthtech"],
        stage=Stage.SERIES_B,
        region=Region.KANTO,
    )
    confirmed_booth(db, fair, sakura, code="R01")
    return {"sakura": sakura, "green": green, "medi": medi}


def _names(page) -> list[str]:
    return [o.name for o in page.items]


def test_search_matches_japanese_and_latin_words_in_name_and_pitch(db, startups):
    assert _names(directory.search_startups(db, DirectoryQuery(text="ロボット"))) == ["Sakura Robotics"]
    assert _names(directory.search_startups(db, DirectoryQuery(text="さくら"))) == ["Sakura Robotics"]
    assert _names(directory.search_startups(db, DirectoryQuery(text="ROBOTICS"))) == [
        "Medi Robotics",
        "Sakura Robotics",
    ]
    assert _names(directory.search_startups(db, DirectoryQuery(text="robots　surgical"))) == ["Medi Robotics"]
    assert _names(directory.search_startups(db, DirectoryQuery(text="nothing-like-this"))) == []


def test_like_wildcards_in_the_search_are_taken_literally(db, startups):
    assert _names(directory.search_startups(db, DirectoryQuery(text="100%"))) == ["GreenLoop Energy"]
    assert _names(directory.search_startups(db, DirectoryQuery(text="g_een"))) == []
    assert _names(directory.search_startups(db, DirectoryQuery(text="%"))) == ["GreenLoop Energy"]
    assert _names(directory.search_startups(db, DirectoryQuery(text="_"))) == ["GreenLoop Energy"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (DirectoryQuery(sectors=("robotics",)), ["Medi Robotics", "Sakura Robotics"]),
        (DirectoryQuery(sectors=("healthtech", "renewable-energy")), ["GreenLoop Energy", "Medi Robotics"]),
        (DirectoryQuery(stages=(Stage.SERIES_A,)), ["GreenLoop Energy"]),
        (DirectoryQuery(countries=("fr",)), ["GreenLoop Energy"]),
        (DirectoryQuery(regions=(Region.KANSAI,)), ["Sakura Robotics"]),
        (DirectoryQuery(fair_slug="test-fair"), ["Sakura Robotics"]),
        (DirectoryQuery(has_booth=True), ["Sakura Robotics"]),
        (DirectoryQuery(has_booth=True, fair_slug="no-such-fair"), []),
        (DirectoryQuery(sort="country"), ["GreenLoop Energy", "Medi Robotics", "Sakura Robotics"]),
        (DirectoryQuery(sort="stage"), ["Sakura Robotics", "GreenLoop Energy", "Medi Robotics"]),
    ],
)
def test_filters_and_sorting(db, startups, query, expected):
    assert _names(directory.search_startups(db, query)) == expected


def test_pages_and_booth_locations(db, startups):
    first = directory.search_startups(db, DirectoryQuery(per_page=2))
    second = directory.search_startups(db, DirectoryQuery(per_page=2, page=2))
    assert first.total == 3 and first.pages == 2
    assert _names(first) + _names(second) == ["GreenLoop Energy", "Medi Robotics", "Sakura Robotics"]
    assert directory.search_startups(db, DirectoryQuery(per_page=10_000)).per_page == directory.MAX_PER_PAGE
    booth = directory.search_startups(db, DirectoryQuery(text="sakura")).booths[startups["sakura"].id]
    assert (booth.fair_slug, booth.code) == ("test-fair", "R01")


def test_page_uses_a_fixed_number_of_queries_whatever_the_page_size(client, db, startups, query_counter):
    for n in range(30):
        startup_org(db, f"Extra {n:02d}", sectors=["robotics", "fintech"])
    user = investor_user(db, investor_org(db, "Counting Capital"), "count@example.com")
    login(client, user.email)
    counts = []
    for per_page in (1, 5, 30):
        db.expire_all()  # as in production, where every request starts with an empty session
        with query_counter() as statements:
            response = client.get(f"/startups/?per_page={per_page}")
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1] == counts[2] <= 10, counts


def test_directory_page_shows_results_and_links_the_booth_on_the_floor_plan(client, db, startups):
    user = investor_user(db, investor_org(db, "Page Capital"), "page@example.com")
    login(client, user.email)
    html = client.get("/startups/?q=ロボット").get_data(as_text=True)
    assert "Sakura Robotics" in html and "GreenLoop" not in html
    assert "/fairs/test-fair/halls/main#booth-R01" in html


@pytest.mark.parametrize(
    "query", ["stage=unicorn", "region=mars", "sector=nope", "page=0", "per_page=1000", "fair=nope", "country=XX"]
)
def test_bad_filters_are_a_422_not_a_500(client, db, startups, query):
    user = investor_user(db, investor_org(db, "Bad Capital"), "bad@example.com")
    login(client, user.email)
    assert client.get(f"/startups/?{query}").status_code == 422
    assert client.get(f"/api/v1/directory/startups?{query}").status_code == 422


def test_startup_directory_is_for_investors_and_organizers_only(client, db, startups, startup, organizer):
    assert client.get("/startups/").status_code == 302
    assert client.get("/api/v1/directory/startups").status_code == 401
    login(client, "startup@example.com")
    assert client.get("/startups/").status_code == 403
    assert client.get(f"/startups/{startups['medi'].id}").status_code == 403
    assert client.get("/api/v1/directory/startups").status_code == 403
    client.post("/logout")
    login(client, "organizer@example.com")
    assert client.get("/startups/").status_code == 200
    assert client.get("/api/v1/directory/startups?q=robot").json["total"] == 2


def test_pending_investor_browses_but_sees_no_contact_details(client, db, startups):
    owner = create_user(db, Role.STARTUP, organization=startups["medi"], email="founder@medi.example.com")
    pending = investor_user(db, investor_org(db, "Pending", verification=Verification.PENDING), "p@example.com")
    verified = investor_user(db, investor_org(db, "Verified"), "v@example.com")
    login(client, pending.email)
    page = client.get(f"/startups/{startups['medi'].id}")
    assert page.status_code == 200 and owner.email not in page.get_data(as_text=True)
    assert owner.email not in client.get("/api/v1/directory/startups").get_data(as_text=True)
    client.post("/logout")
    login(client, verified.email)
    assert owner.email in client.get(f"/startups/{startups['medi'].id}").get_data(as_text=True)


def test_api_lists_startups_with_booths(client, db, startups, organizer):
    login(client, "organizer@example.com")
    data = client.get("/api/v1/directory/startups?has_booth=y&fair=test-fair").json
    assert data["total"] == 1
    (item,) = data["items"]
    assert item["name_local"] == "さくらロボティクス"
    assert item["booth"]["code"] == "R01" and item["booth"]["floor_plan"].endswith("/fairs/test-fair/halls/main")
    assert client.get("/startups/999999").status_code == 404


@pytest.mark.parametrize("path, role", [("/investors/", Role.STARTUP), ("/startups/", Role.INVESTOR)])
def test_every_directory_page_has_working_pager_links(client, db, path, role):
    """The investor directory answered 500 once its results passed one page: its view forgot the pager's links."""
    for n in range(3):
        investor_org(db, f"Pager Capital {n}")
        startup_org(db, f"Pager Robotics {n}")
    user = create_user(db, role)
    if role == Role.INVESTOR:
        user.organization.verification = Verification.VERIFIED
    login(client, user.email)
    first = client.get(f"{path}?per_page=1")
    assert first.status_code == 200
    assert 'rel="next"' in first.get_data(as_text=True) and "page=2" in first.get_data(as_text=True)
    assert 'rel="prev"' in client.get(f"{path}?per_page=1&page=2").get_data(as_text=True)
