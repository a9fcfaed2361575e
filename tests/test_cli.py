"""The command line: init-db, seed-demo and create-user."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from eventsys import demo
from eventsys.__main__ import main
from eventsys.demo.people import DEMO_PASSWORD
from eventsys.models import Booth, Center, Fair, Organization, OrganizationKind, Role, User
from eventsys.services.meetings import centers as center_service
from eventsys.services.meetings import online
from tests.conftest import TEST_POLICY
from tests.meeting_factories import accepted_request


def _count(db, model, *where):
    return db.scalar(select(func.count()).select_from(model).where(*where))


def test_seed_demo_creates_both_fairs_the_centers_and_every_role(db):
    demo.seed_demo(db, policy=TEST_POLICY)
    assert set(db.scalars(select(Fair.slug))) == {"sushi-tech-tokyo-2027", "expo-2025-osaka"}
    assert [c.city for c in db.scalars(select(Center).order_by(Center.id))] == [
        "Tokyo",
        "Yokohama",
        "Nagoya",
        "Osaka",
        "Kobe",
        "Fukuoka",
    ]
    assert {role for role in db.scalars(select(User.role))} == set(Role)
    sushi = db.scalar(select(Fair).where(Fair.slug == "sushi-tech-tokyo-2027"))
    bookable = _count(db, Booth, Booth.fair_id == sushi.id, Booth.is_blocked.is_(False))
    assert bookable == 434
    open_sides = Counter(db.scalars(select(Booth.open_sides).where(Booth.fair_id == sushi.id)))
    assert open_sides[1] and open_sides[2] and open_sides[4], "rows, corners and islands"


def test_demo_booths_lie_inside_their_halls_and_do_not_overlap(db):
    demo.seed_demo(db, policy=TEST_POLICY)
    for fair in db.scalars(select(Fair)):
        for hall in fair.halls:
            booths = hall.booths
            for booth in booths:
                assert booth.x >= 0 and booth.x + booth.width <= hall.width, booth.code
                assert booth.y >= 0 and booth.y + booth.depth <= hall.depth, booth.code
            cells = Counter(
                (x, y) for b in booths for x in range(b.x, b.x + b.width) for y in range(b.y, b.y + b.depth)
            )
            assert max(cells.values()) == 1, f"overlapping booths in {hall.name}"


def test_seed_demo_twice_changes_nothing(db):
    demo.seed_demo(db, policy=TEST_POLICY)
    before = {model: _count(db, model) for model in (User, Organization, Fair, Booth, Center)}
    report = demo.seed_demo(db, policy=TEST_POLICY)
    assert report.created == {}
    assert {model: _count(db, model) for model in before} == before


def test_sushitech_scale(db):
    demo.seed_demo(db, scale="sushitech", policy=TEST_POLICY)
    startups = db.scalars(
        select(Organization)
        .join(Organization.memberships)
        .join(User)
        .where(User.email.like("startup-____@example.com"))
    ).all()
    assert len(startups) == 434
    assert len({o.name for o in startups}) == 434
    countries = Counter(o.country for o in startups)
    assert len(countries) == 82
    assert 0.58 <= 1 - countries["JP"] / 434 <= 0.62
    investors = _count(db, User, User.email.like("investor-____@example.com"))
    assert investors == 635
    japanese = db.scalars(
        select(User).where(User.email.like("startup-____@example.com"), User.name_local.is_not(None))
    ).all()
    assert any("\u4e00" <= ch <= "\u9fff" for user in japanese for ch in user.name_local)
    partners = _count(db, Organization, Organization.kind == OrganizationKind.CORPORATE_PARTNER)
    assert partners >= 80
    assert demo.seed_demo(db, scale="sushitech", policy=TEST_POLICY).created == {}


def test_seed_demo_command_prints_the_accounts(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert DEMO_PASSWORD in result.output and "organizer@example.com" in result.output


def test_init_db_is_idempotent(app):
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output


def test_create_user_command(runner, db):
    args = ["create-user", "--email", "Chief@Example.com", "--name", "Kenji Watanabe", "--name-local", "渡辺 健二"]
    result = runner.invoke(args=[*args, "--password", "Organizer-2027"])
    assert result.exit_code == 0, result.output
    user = db.scalar(select(User).where(User.email == "chief@example.com"))
    assert user.role == Role.ORGANIZER and user.name_local == "渡辺 健二"
    again = runner.invoke(args=[*args, "--password", "Organizer-2027"])
    assert again.exit_code == 1 and "already exists" in again.output
    weak = runner.invoke(args=["create-user", "--email", "x@example.com", "--name", "X", "--password", "short"])
    assert weak.exit_code == 1 and "at least 10 characters" in weak.output


def test_the_console_script_names_a_missing_setting_without_a_traceback(monkeypatch, tmp_path):
    monkeypatch.setenv("EVENTSYS_ENV", "production")
    monkeypatch.delenv("EVENTSYS_SECRET_KEY", raising=False)
    monkeypatch.setenv("EVENTSYS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setattr(sys, "argv", ["eventsys", "worker", "--burst"])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == "eventsys: EVENTSYS_SECRET_KEY must be set when EVENTSYS_ENV is production."


def test_the_demo_fair_offers_online_meetings_before_it_and_two_demo_people_meet_online(db):
    """A newcomer who books a demo request between the investor and the French startup is offered online slots."""
    demo.seed_demo(db, policy=TEST_POLICY)
    sushi = db.scalar(select(Fair).where(Fair.slug == "sushi-tech-tokyo-2027"))
    assert online.online_days(sushi)[0] == date(2027, 4, 26) and online.online_days(sushi)[-1] == sushi.ends_on
    investor = db.scalar(select(User).where(User.email == "investor@example.com"))
    startup = db.scalar(select(User).where(User.email == "startup2@example.com"))
    assert investor.online_meeting_url and startup.online_meeting_url
    request = accepted_request(db, sushi, investor, startup)
    centers = center_service.get_centers(db)
    slots = online.get_free_online_slots(
        db, request, [online.online_center(db, request, centers)], daily_cap=8, now=datetime(2027, 1, 4, tzinfo=UTC)
    )
    assert slots and slots[0].starts_at.astimezone(sushi.zone).date() == date(2027, 4, 26)
