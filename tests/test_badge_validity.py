"""Organizers give existing badges days and zones, one badge or every badge of a role: validated against the fair's
days (build-up for exhibitors) and zones, audited, and reaching desks as a reprint (the old code is revoked)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from eventsys.models import (
    AuditEntry,
    Badge,
    BadgeRole,
    BadgeStatus,
    FairRole,
    FairStaff,
    MemberRole,
    Membership,
    Role,
    Sector,
)
from eventsys.services.badges import checkin, desk, issuing, signing, validity
from eventsys.services.errors import InvalidInput
from tests.badges_factories import exhibitor, staff_fair, tokyo_today
from tests.conftest import create_hall, create_organization, create_user, login

SECRET = "test-secret-key"  # tests.conftest.app_config


@pytest.fixture
def show(db, organizer):
    """A fair in ten days for three days, with two days of build-up before it and a hall and a sector zone."""
    today = tokyo_today()
    fair = staff_fair(
        db,
        organizer,
        slug="zone-show",
        name="Zone Show 2027",
        starts_on=today + timedelta(days=10),
        ends_on=today + timedelta(days=12),
        build_up_starts_at=datetime.combine(today + timedelta(days=8), datetime.min.time(), UTC),
        build_up_ends_at=datetime.combine(today + timedelta(days=9), datetime.min.time(), UTC),
    )
    create_hall(db, fair, slug="hall-a", name="Hall A")
    fair.sectors.append(Sector(slug="vip", name="VIP lounge"))
    db.flush()
    return fair


def guest(db, fair, organizer, role=BadgeRole.VISITOR, name="Keiko Ito"):
    return issuing.add_guest_badge(
        db, fair, role=role, name=name, name_local=None, organization=None, country=None, actor=organizer
    )


def code_of(db, badge):
    return signing.sign_badge(badge, signing.get_signing_key(db, badge.fair))


def at(fair, days_after_start: int):
    tokyo = fair.zone
    return datetime.combine(fair.starts_on + timedelta(days=days_after_start), datetime.min.time(), tokyo) + timedelta(
        hours=10
    )


def verdict(db, fair, badge_code, organizer, when, zone=None):
    return checkin.check_in(
        db, fair, badge_code, gate="East", actor=organizer, secret_key=SECRET, now=when, zone=zone
    ).verdict


def test_one_badge_gets_a_day_and_a_zone_by_reprint_and_the_old_code_is_revoked(db, show, organizer):
    badge = guest(db, show, organizer)
    old_code = code_of(db, badge)
    second_day = show.starts_on + timedelta(days=1)
    new = validity.set_badge_validity(db, badge, days=[second_day], zones=["Hall-A "], actor=organizer)
    assert new is not None and new.replaces_id == badge.id and new.serial != badge.serial
    assert (new.day_list, new.zones, new.name) == ([second_day], "hall-a", "Keiko Ito")
    assert badge.status == BadgeStatus.REVOKED
    claims = signing.read_signed(code_of(db, new), show.id, signing.get_signing_key(db, show).public_key)
    assert (claims.days, claims.zones) == ((second_day,), ("hall-a",))
    # Desks refuse the old code from their next sync, and the new one off its day or zone.
    state = desk.get_desk_state(db, show, SECRET)
    assert badge.serial in state["revoked"] and new.serial in {row["serial"] for row in state["roster"]}
    assert verdict(db, show, old_code, organizer, at(show, 1)) == checkin.Verdict.REFUSED
    assert verdict(db, show, code_of(db, new), organizer, at(show, 0)) == checkin.Verdict.REFUSED
    assert verdict(db, show, code_of(db, new), organizer, at(show, 1), zone="vip") == checkin.Verdict.REFUSED
    assert verdict(db, show, code_of(db, new), organizer, at(show, 1), zone="hall-a") == checkin.Verdict.WELCOME
    entry = db.query(AuditEntry).filter_by(action="badge.validity", subject_id=new.id).one()
    assert entry.details["before"] == {"valid_days": None, "zones": None}
    assert entry.details["after"] == {"valid_days": second_day.isoformat(), "zones": "hall-a"}
    # The same days and zones again change nothing: no reprint.
    assert validity.set_badge_validity(db, new, days=[second_day], zones=["hall-a"], actor=organizer) is None
    assert db.query(Badge).filter_by(fair_id=show.id).count() == 2


def test_days_must_be_the_roles_and_zones_the_fairs(db, show, organizer):
    visitor = guest(db, show, organizer)
    build_up = show.starts_on - timedelta(days=2)
    bad = [
        ({"days": [build_up], "zones": []}, "days"),  # build-up admits exhibitors and organizers only
        ({"days": [show.ends_on + timedelta(days=1)], "zones": []}, "days"),
        ({"days": [], "zones": ["hall-z"]}, "zones"),
        ({"days": [], "zones": [f"z{n}" for n in range(7)]}, "zones"),
    ]
    for values, field in bad:
        with pytest.raises(InvalidInput) as refused:
            validity.set_badge_validity(db, visitor, actor=organizer, **values)
        assert refused.value.field == field
    assert visitor.is_active and db.query(Badge).count() == 1
    assert [zone.slug for zone in validity.get_fair_zones(db, show)] == ["hall-a", "vip"]
    person = exhibitor(db, show, "Hanako Suzuki")
    (builder,) = [b for b in issuing.issue_badges(db, show, actor=organizer) if b.user_id == person.id]
    new = validity.set_badge_validity(db, builder, days=[build_up], zones=[], actor=organizer)
    assert new.day_list == [build_up] and new.user_id == person.id
    with pytest.raises(InvalidInput):
        validity.set_badge_validity(db, builder, days=[], zones=[], actor=organizer)  # already replaced
    assert validity.get_admission_days(show, BadgeRole.EXHIBITOR)[0] == build_up
    assert validity.get_admission_days(show, BadgeRole.PRESS)[0] == show.starts_on


def test_a_role_at_once_visitors_one_day_press_every_day(db, show, organizer):
    visitors = [guest(db, show, organizer, name=f"Visitor {n}") for n in range(3)]
    press = guest(db, show, organizer, BadgeRole.PRESS, name="Reporter")
    first_day = show.starts_on
    replaced = validity.set_role_validity(db, show, BadgeRole.VISITOR, days=[first_day], zones=[], actor=organizer)
    assert len(replaced) == 3 and all(b.day_list == [first_day] and b.role == BadgeRole.VISITOR for b in replaced)
    assert all(b.status == BadgeStatus.REVOKED for b in visitors) and press.is_active
    # Applying the same rule again replaces nothing; press badges admit every day already.
    assert validity.set_role_validity(db, show, BadgeRole.VISITOR, days=[first_day], zones=[], actor=organizer) == []
    assert validity.set_role_validity(db, show, BadgeRole.PRESS, days=[], zones=[], actor=organizer) == []
    entries = db.query(AuditEntry).filter_by(action="badge.validity_by_role").all()
    assert [(e.details["role"], e.details["count"]) for e in entries] == [("visitor", 3), ("visitor", 0), ("press", 0)]
    with pytest.raises(InvalidInput):
        validity.set_role_validity(db, show, BadgeRole.PRESS, days=[], zones=["nowhere"], actor=organizer)


def test_the_pages_set_days_and_zones_and_refuse_bad_input(db, client, show, organizer):
    badge = guest(db, show, organizer)
    login(client, organizer.email)
    page = client.get(f"/fairs/{show.slug}/badges/validity")
    assert page.status_code == 200 and "Hall A (hall-a)" in page.get_data(as_text=True)
    own = client.get(f"/fairs/{show.slug}/badges/{badge.id}/validity")
    assert own.status_code == 200 and "Keiko Ito" in own.get_data(as_text=True)
    url = f"/fairs/{show.slug}/badges/{badge.id}/validity"
    for bad, message in (
        ({"days": "2001-01-01"}, "not a valid choice"),
        ({"days": "yesterday"}, "not a valid choice"),
        ({"zones": ["hall-z"]}, "not a valid choice"),
        ({"days": (show.starts_on - timedelta(days=1)).isoformat()}, "not a day this badge"),
    ):
        answer = client.post(url, data=bad)
        assert answer.status_code == 422 and message in answer.get_data(as_text=True)
    assert client.post(f"/fairs/{show.slug}/badges/validity", data={"role": "boss"}).status_code == 422
    db.expire_all()
    assert db.query(Badge).count() == 1 and badge.is_active
    day = show.starts_on.isoformat()
    answer = client.post(url, data={"days": day, "zones": ["hall-a", "vip"]})
    assert answer.status_code == 302 and "q=Keiko" in answer.location
    new = db.query(Badge).filter_by(replaces_id=badge.id).one()
    assert (new.valid_days, new.zones) == (day, "hall-a+vip")
    assert client.get(url).status_code == 404  # the replaced badge has no page any more
    again = client.post(url, data={"days": day})
    assert again.status_code == 422 and "already replaced" in again.get_data(as_text=True)
    answer = client.post(f"/fairs/{show.slug}/badges/validity", data={"role": "visitor"})
    assert answer.status_code == 302
    listed = client.get(f"/fairs/{show.slug}/badges/validity").get_data(as_text=True)
    assert "Every badge admits on every day" in listed
    other = staff_fair(db, organizer, slug="other-zone-show")
    latest = db.query(Badge).filter_by(status=BadgeStatus.ACTIVE).one()
    assert client.get(f"/fairs/{other.slug}/badges/{latest.id}/validity").status_code == 404


def test_a_roles_kept_rule_shows_ticked_after_saving(db, client, show, organizer):
    login(client, organizer.email)
    url = f"/fairs/{show.slug}/badges/validity"
    first, last = show.starts_on.isoformat(), show.ends_on.isoformat()
    answer = client.post(url, data={"role": "press", "days": [first, last], "zones": ["vip"]})
    assert answer.status_code == 302 and answer.location.endswith(f"{url}?role=press")
    page = client.get(answer.location).get_data(as_text=True)
    ticked = lambda name, value: re.search(rf'<input checked[^>]*name="{name}"[^>]*value="{value}"', page)  # noqa: E731
    assert ticked("days", first) and ticked("days", last) and ticked("zones", "vip")
    assert not ticked("days", (show.starts_on + timedelta(days=1)).isoformat()) and not ticked("zones", "hall-a")
    assert '<option selected value="press">' in page
    for other in ("visitor", "boss", ""):  # a role without a rule, or no role: nothing ticked
        page = client.get(url, query_string={"role": other}).get_data(as_text=True)
        assert client.get(url, query_string={"role": other}).status_code == 200 and "<input checked" not in page


def test_only_the_fairs_managers_set_days_and_zones(db, client, show, organizer, startup):
    badge = guest(db, show, organizer)
    other_organizer = create_user(db, Role.ORGANIZER, organization=create_organization(db))
    desk_staff = create_user(db, Role.ORGANIZER, email="desk@example.com")
    db.add(Membership(user=desk_staff, organization_id=show.organizer_id, role=MemberRole.MEMBER))
    db.add(FairStaff(fair_id=show.id, user_id=desk_staff.id, role=FairRole.CHECK_IN))
    db.flush()
    day = {"days": show.starts_on.isoformat()}
    for user in (startup, other_organizer, desk_staff):
        login(client, user.email)
        assert client.get(f"/fairs/{show.slug}/badges/validity").status_code == 403
        assert client.post(f"/fairs/{show.slug}/badges/validity", data={"role": "visitor", **day}).status_code == 403
        assert client.post(f"/fairs/{show.slug}/badges/{badge.id}/validity", data=day).status_code == 403
        client.post("/logout")
    db.expire_all()
    assert badge.is_active and db.query(Badge).count() == 1
