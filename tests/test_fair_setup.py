"""Creating and editing a fair: every rule refused through the service and through the form, who may do it, and the
confirmation a move in time needs before it changes anything."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from eventsys.models import AuditEntry, Fair, FairRole, FairStatus, OrganizationKind, Role
from eventsys.services.errors import InvalidInput, NotAllowed
from eventsys.services.fairs import setup
from eventsys.services.fairs.impact import change_key
from eventsys.services.fairs.setup import ChangeNeedsConfirmation
from tests.badges_factories import book_booth
from tests.calendar_factories import create_meeting, create_room
from tests.conftest import (
    create_booth,
    create_booth_type,
    create_fair,
    create_hall,
    create_organization,
    create_user,
    login,
)
from tests.fair_setup_factories import create_sector, fair_settings, form_data, organizer_member
from tests.meeting_factories import create_center

#: (setting overrides, the field refused, words of its message): every refusal of a fair's settings.
REFUSALS = [
    ({"ends_on": date(2031, 5, 12)}, "ends_on", "cannot end before it starts"),
    ({"booking_closes": datetime(2031, 5, 16, 0, 1)}, "booking_closes", "close by the end of the fair's last day"),
    ({"booking_opens": datetime(2029, 5, 11, 23, 0)}, "booking_opens", "at most two years before"),
    ({"booking_closes": datetime(2031, 1, 10, 9, 0)}, "booking_closes", "close after it opens"),
    ({"build_up_ends": datetime(2031, 5, 14, 0, 1)}, "build_up_ends", "end by the end of the fair's first day"),
    ({"tear_down_starts": datetime(2031, 5, 14, 23, 0)}, "tear_down_starts", "start on or after the fair's last day"),
    ({"build_up_ends": None}, "build_up_ends", "both the start and the end"),
    ({"tear_down_ends": datetime(2031, 5, 15, 17, 0)}, "tear_down_ends", "end must come after the start"),
    ({"hold_minutes": 4}, "hold_minutes", "from 5 to 1440 minutes"),
    ({"hold_minutes": 1441}, "hold_minutes", "from 5 to 1440 minutes"),
    ({"max_booths_per_organization": 0}, "max_booths_per_organization", "from 1 to 1000 booths"),
    ({"timezone": "Mars/Olympus_Mons"}, "timezone", "Unknown time zone Mars/Olympus_Mons"),
    ({"slug": "Robotics Expo"}, "slug", "lowercase letters"),
    ({"slug": "robotics--expo"}, "slug", "lowercase letters"),
    ({"starts_on": date(9999, 12, 31), "ends_on": date(9999, 12, 31)}, "starts_on", "between 2000 and 2100"),
    ({"website": "javascript:alert(1)"}, "website", "https://"),
    ({"contact_email": "not an address"}, "contact_email", "valid e-mail"),
    ({"venue": "  "}, "venue", "required"),
]


@pytest.fixture
def owner(db, organizer):
    """The `organizer` fixture owns the organizer organization that runs the `fair` fixture."""
    return organizer


# The service


def test_creating_a_fair_makes_a_draft_of_the_owners_organization_with_times_in_utc(db, owner, organizer_organization):
    robotics = create_sector(db, "Robotics")
    fair = setup.create_fair(db, fair_settings(sector_ids=[robotics.id]), organizer=organizer_organization, actor=owner)
    assert fair.status == FairStatus.DRAFT and fair.organizer_id == organizer_organization.id
    assert fair.booking_opens_at == datetime(2031, 1, 10, 1, 0, tzinfo=UTC)  # 10:00 in Tokyo
    assert fair.tear_down_ends_at == datetime(2031, 5, 16, 3, 0, tzinfo=UTC)
    assert fair.name_translations == {"ja": "ロボティクス展2031"} and fair.name_local == "ロボティクス展2031"
    assert fair.venue_local == "東京ビッグサイト" and fair.address_local == "江東区有明3-11-1"
    assert [sector.name for sector in fair.sectors] == ["Robotics"]
    entry = db.scalar(select(AuditEntry).where(AuditEntry.fair_id == fair.id))
    assert (entry.action, entry.actor_id) == ("fair.create", owner.id)


@pytest.mark.parametrize(("overrides", "field", "words"), REFUSALS)
def test_the_service_refuses_settings_that_break_a_rule(db, owner, organizer_organization, overrides, field, words):
    with pytest.raises(InvalidInput) as refused:
        setup.create_fair(db, fair_settings(**overrides), organizer=organizer_organization, actor=owner)
    assert refused.value.field == field and words in str(refused.value)


def test_a_translation_too_long_is_refused_at_its_own_field(db, owner, organizer_organization):
    with pytest.raises(InvalidInput, match="At most 160 characters") as refused:
        setup.create_fair(
            db, fair_settings(name_translations={"ja": "展" * 161}), organizer=organizer_organization, actor=owner
        )
    assert refused.value.field == "name_ja"


def test_a_duplicate_slug_is_refused_clearly(db, owner, organizer_organization, fair):
    with pytest.raises(InvalidInput, match="Another fair already has the address test-fair"):
        setup.create_fair(db, fair_settings(slug="test-fair"), organizer=organizer_organization, actor=owner)


def test_only_owners_of_an_organizer_organization_create_fairs_in_it(db, owner, organizer_organization):
    stranger = create_user(db, Role.ORGANIZER, organization=create_organization(db, OrganizationKind.ORGANIZER))
    with pytest.raises(NotAllowed):
        setup.create_fair(db, fair_settings(), organizer=organizer_organization, actor=stranger)
    member = organizer_member(db, organizer_organization, None, None)
    with pytest.raises(NotAllowed):
        setup.create_fair(db, fair_settings(), organizer=organizer_organization, actor=member)


def test_a_zone_in_use_by_booths_stays_offered(db, owner, fair):
    robotics, fintech = create_sector(db, "Robotics"), create_sector(db, "Fintech")
    settings = replace(setup.settings_of(fair), sector_ids=[robotics.id, fintech.id])
    setup.update_fair(db, fair, settings, actor=owner)
    hall = create_hall(db, fair)
    create_booth(db, hall, create_booth_type(db, fair), sector_id=robotics.id)
    with pytest.raises(InvalidInput, match="The zone Robotics has 1 booths") as refused:
        setup.update_fair(db, fair, replace(settings, sector_ids=[fintech.id]), actor=owner)
    assert "unknown zone" in str(refused.value) and refused.value.field == "sectors"
    with pytest.raises(InvalidInput, match="Choose sectors from the list"):
        setup.update_fair(db, fair, replace(settings, sector_ids=[robotics.id, 2**31 - 1]), actor=owner)


def test_editing_records_which_settings_changed(db, owner, fair):
    setup.update_fair(db, fair, replace(setup.settings_of(fair), hold_minutes=30, venue="Makuhari Messe"), actor=owner)
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "fair.update", AuditEntry.fair_id == fair.id))
    assert entry.details["changed"] == ["hold_minutes", "venue"]


def _planned_fair(db, owner):
    """The `fair` fixture's kind with a confirmed booking and a meeting on its first day."""
    fair = create_fair(db, organizer_id=owner.organization.id, starts_on=date(2031, 5, 13), ends_on=date(2031, 5, 15))
    fair.booking_opens_at, fair.booking_closes_at = datetime(2031, 1, 1, tzinfo=UTC), datetime(2031, 5, 1, tzinfo=UTC)
    startup = create_user(db, Role.STARTUP)
    book_booth(db, fair, startup)
    center = create_center(db)
    investor = create_user(db, Role.INVESTOR)
    create_meeting(db, fair, create_room(db, center), investor, startup, starts_at=datetime(2031, 5, 13, 1, tzinfo=UTC))
    db.flush()
    return fair


def test_moving_a_fair_people_plan_around_needs_confirmation_and_changes_nothing_before(db, owner):
    fair = _planned_fair(db, owner)
    moved = replace(setup.settings_of(fair), starts_on=date(2031, 5, 20), ends_on=date(2031, 5, 22))
    opens_before = fair.booking_opens_at
    with pytest.raises(ChangeNeedsConfirmation) as asked:
        setup.update_fair(db, fair, moved, actor=owner)
    impact = asked.value.impact
    assert (impact.bookings, impact.meetings, impact.meetings_outside) == (1, 1, 1)
    db.expire_all()
    assert fair.starts_on == date(2031, 5, 13) and fair.booking_opens_at == opens_before
    with pytest.raises(ChangeNeedsConfirmation):  # confirming another move does not confirm this one
        setup.update_fair(db, fair, moved, actor=owner, confirmation=change_key(replace(moved, timezone="UTC")))
    setup.update_fair(db, fair, moved, actor=owner, confirmation=asked.value.key)
    assert fair.starts_on == date(2031, 5, 20)


def test_a_new_time_zone_also_asks_and_a_fair_nobody_plans_around_moves_at_once(db, owner, fair):
    planned = _planned_fair(db, owner)
    with pytest.raises(ChangeNeedsConfirmation) as asked:
        setup.update_fair(db, planned, replace(setup.settings_of(planned), timezone="Europe/Berlin"), actor=owner)
    assert asked.value.impact.meetings_outside == 0  # 10:00 in Tokyo is still on the first day in Berlin
    setup.update_fair(db, fair, replace(setup.settings_of(fair), timezone="Europe/Berlin"), actor=owner)
    assert fair.timezone == "Europe/Berlin"


# The forms


def test_an_owner_creates_a_fair_through_the_form(client, db, owner):
    robotics = create_sector(db, "Robotics")
    login(client, owner.email)
    assert "New fair" in client.get("/organizer/fairs").get_data(as_text=True)
    page = client.get("/organizer/fairs/new").get_data(as_text=True)
    assert 'name="name_ja"' in page and "Asia/Tokyo" in page and "Robotics" in page
    response = client.post(
        "/organizer/fairs/new", data=form_data(fair_settings(slug="robo-2031", sector_ids=[robotics.id]))
    )
    assert response.status_code == 303 and response.headers["Location"].endswith("/organizer/fairs/robo-2031/settings")
    fair = db.scalar(select(Fair).where(Fair.slug == "robo-2031"))
    assert fair.status == FairStatus.DRAFT and fair.sectors == [robotics] and fair.hold_minutes == 20
    assert "saved as a draft" in client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize(("overrides", "field", "words"), REFUSALS)
def test_the_form_shows_each_refusal_with_422(client, db, owner, overrides, field, words):
    login(client, owner.email)
    data = form_data(fair_settings(**overrides))
    response = client.post("/organizer/fairs/new", data=data)
    assert response.status_code == 422
    assert words in response.get_data(as_text=True).replace("&#39;", "'")
    assert db.scalar(select(Fair).where(Fair.slug == data["slug"])) is None


def test_the_form_refuses_a_duplicate_slug_and_malformed_input(client, db, owner, fair):
    login(client, owner.email)
    response = client.post("/organizer/fairs/new", data=form_data(slug="test-fair"))
    assert response.status_code == 422 and "Another fair already has the address test-fair" in response.get_data(
        as_text=True
    )
    for broken in ({"starts_on": "2031-02-30"}, {"booking_opens": "soon"}, {"hold_minutes": "1e309"}, {"name": ""}):
        assert client.post("/organizer/fairs/new", data=form_data(**broken)).status_code == 422


def test_a_user_who_owns_two_organizations_chooses_one(client, db, owner):
    from eventsys.models import MemberRole, Membership

    second = create_organization(db, OrganizationKind.ORGANIZER, name="Kansai Expo Office")
    db.add(Membership(user=owner, organization=second, role=MemberRole.OWNER))
    db.flush()
    login(client, owner.email)
    assert "Kansai Expo Office" in client.get("/organizer/fairs/new").get_data(as_text=True)
    data = form_data(slug="kansai-2031", organization_id=second.id)
    assert client.post("/organizer/fairs/new", data=data).status_code == 303
    assert db.scalar(select(Fair).where(Fair.slug == "kansai-2031")).organizer_id == second.id
    assert client.post("/organizer/fairs/new", data=form_data(organization_id="")).status_code == 422


def test_the_settings_form_shows_the_fair_in_its_zone_and_saves(client, db, owner, fair):
    fair.booking_opens_at = fair.booking_closes_at.replace(hour=1, minute=0, second=0, microsecond=0) - timedelta(
        days=2
    )
    db.flush()
    login(client, owner.email)
    page = client.get(f"/organizer/fairs/{fair.slug}/settings").get_data(as_text=True)
    assert (
        f'value="{fair.booking_opens_at.date().isoformat()}T10:00"' in page and "Booths" in page and "Check-in" in page
    )
    data = form_data(replace(setup.settings_of(fair), venue="Makuhari Messe", name_translations={"ja": "テスト展"}))
    response = client.post(f"/organizer/fairs/{fair.slug}/settings", data=data)
    assert response.status_code == 303
    assert fair.venue == "Makuhari Messe" and fair.name_translations == {"ja": "テスト展"}
    bad = dict(data, ends_on=(fair.starts_on - timedelta(days=1)).isoformat())
    response = client.post(f"/organizer/fairs/{fair.slug}/settings", data=bad)
    assert response.status_code == 422 and "cannot end before it starts" in response.get_data(as_text=True)


def test_the_settings_form_asks_before_moving_a_fair_in_time(client, db, owner):
    fair = _planned_fair(db, owner)
    login(client, owner.email)
    data = form_data(replace(setup.settings_of(fair), starts_on=date(2031, 5, 20), ends_on=date(2031, 5, 22)))
    response = client.post(f"/organizer/fairs/{fair.slug}/settings", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "Confirm the move in time" in page
    assert "Live booth bookings and holds: 1" in page and "of which 1 would lie outside the new days" in page
    assert 'value="Asia/Tokyo|2031-05-20|2031-05-22"' in page
    db.expire_all()
    assert fair.starts_on == date(2031, 5, 13)
    response = client.post(
        f"/organizer/fairs/{fair.slug}/settings", data=dict(data, confirm="Asia/Tokyo|2031-05-20|2031-05-22")
    )
    assert response.status_code == 303 and fair.starts_on == date(2031, 5, 20)


# Who may


def test_anonymous_users_are_sent_to_log_in_and_non_organizers_are_refused(client, db, fair, startup, investor):
    pages = ("/organizer/fairs", "/organizer/fairs/new", f"/organizer/fairs/{fair.slug}/settings")
    for path in pages:
        assert "/login" in client.get(path).headers["Location"]
    for user in (startup, investor):
        login(client, user.email)
        assert {client.get(path).status_code for path in pages} == {403}
        assert client.post("/organizer/fairs/new", data=form_data()).status_code == 403
        client.post("/logout")


def test_staff_check_in_and_other_organizations_cannot_reach_owner_pages(client, db, fair, organizer_organization):
    other = create_user(db, Role.ORGANIZER, organization=create_organization(db, OrganizationKind.ORGANIZER))
    staff = organizer_member(db, organizer_organization, fair, FairRole.STAFF)
    desk = organizer_member(db, organizer_organization, fair, FairRole.CHECK_IN)
    for user in (other, staff, desk):
        login(client, user.email)
        assert client.get(f"/organizer/fairs/{fair.slug}/settings").status_code == 403
        assert client.post(f"/organizer/fairs/{fair.slug}/settings", data=form_data()).status_code == 403
        assert client.get(f"/organizer/fairs/{fair.slug}/copy").status_code == 403
        for action in ("publish", "archive", "unpublish"):
            assert client.post(f"/organizer/fairs/{fair.slug}/{action}").status_code == 403
        client.post("/logout")
    login(client, staff.email)  # a member who owns nothing creates nothing, but sees the fairs they work at
    assert client.get("/organizer/fairs/new").status_code == 403
    page = client.get("/organizer/fairs").get_data(as_text=True)
    assert fair.name in page and "New fair" not in page and f"/organizer/fairs/{fair.slug}/settings" not in page


def test_the_console_lists_only_the_fairs_the_user_works_at(client, db, fair, owner):
    theirs = create_fair(
        db, name="Someone Else's Expo", organizer_id=create_organization(db, OrganizationKind.ORGANIZER).id
    )
    login(client, owner.email)
    for path in ("/organizer/fairs", "/organizer/"):
        page = client.get(path).get_data(as_text=True)
        assert fair.name in page and theirs.name not in page
    assert "/organizer/fairs" in client.get("/organizer/").get_data(as_text=True)


def test_the_demo_fairs_save_unchanged_through_their_settings_form(client, db):
    """The first fairs an organizer opens keep every rule: saving their settings as shown changes nothing."""
    from eventsys import demo
    from tests.conftest import TEST_POLICY

    demo.seed_demo(db, policy=TEST_POLICY)
    sushi = db.scalar(select(Fair).where(Fair.slug == "sushi-tech-tokyo-2027"))
    assert len(sushi.sectors) == 14  # every program sector is offered, as the booths are zoned by them
    login(client, "admin@example.com", "Demo-2026-eventsys")
    for slug in ("sushi-tech-tokyo-2027", "expo-2025-osaka"):
        fair = db.scalar(select(Fair).where(Fair.slug == slug))
        response = client.post(f"/organizer/fairs/{slug}/settings", data=form_data(setup.settings_of(fair)))
        assert response.status_code == 303, response.get_data(as_text=True)
    changes = db.scalars(select(AuditEntry).where(AuditEntry.action == "fair.update")).all()
    assert [entry.details for entry in changes] == []
