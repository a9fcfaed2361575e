"""The check-in desk: genuine, repeated, forged, revoked and other-fair badges; who may scan; bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from eventsys.models import BadgeRole, CheckIn, Role
from eventsys.services.badges import checkin, issuing
from eventsys.services.badges.tokens import make_token
from tests.badges_factories import exhibitor, running_fair, staff_fair, tokyo_today
from tests.conftest import create_organization, create_user, login

SECRET = "test-secret-key"  # tests.conftest.app_config


@pytest.fixture
def show(db, organizer):
    return running_fair(db, organizer, slug="gate-show", name="Gate Show 2027")


@pytest.fixture
def visitor_badge(db, show, organizer):
    person = exhibitor(db, show, "Taro Yamada", "山田 太郎")
    (badge,) = [b for b in issuing.issue_badges(db, show, actor=organizer) if b.user_id == person.id]
    return badge


def scan(client, fair, code, gate="East 1"):
    return client.post("/checkin/scan", json={"fair": fair.slug, "gate": gate, "code": code})


def test_first_scan_welcomes_the_second_is_flagged_with_time_and_gate(db, client, show, organizer, visitor_badge):
    login(client, organizer.email)
    token = make_token(visitor_badge.serial, SECRET)
    first = scan(client, show, token)
    assert first.status_code == 200
    assert first.json["verdict"] == "welcome" and first.json["name"] == "Taro Yamada"
    second = scan(client, show, token, gate="West 2")
    assert second.json["verdict"] == "already"
    assert "Already checked in at" in second.json["message"] and "East 1" in second.json["message"]
    rows = db.query(CheckIn).filter_by(badge_id=visitor_badge.id).order_by(CheckIn.id).all()
    assert [(row.gate, row.scanned_by_id) for row in rows] == [("East 1", organizer.id), ("West 2", organizer.id)]


def test_forged_altered_revoked_and_other_fair_badges_are_refused(db, client, show, organizer, visitor_badge):
    login(client, organizer.email)
    token = make_token(visitor_badge.serial, SECRET)
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert scan(client, show, altered).json["verdict"] == "refused"
    assert scan(client, show, make_token(visitor_badge.serial, "another-key")).json["verdict"] == "refused"
    assert scan(client, show, make_token("NoSuchSerial", SECRET)).json["verdict"] == "refused"
    other = staff_fair(db, organizer, slug="other-show", name="Other Show")
    refused = scan(client, other, token).json
    assert refused["verdict"] == "refused" and "another fair" in refused["message"] and refused["name"] is None
    new = issuing.reprint_badge(db, visitor_badge, actor=organizer)
    assert scan(client, show, token).json["verdict"] == "refused"
    assert scan(client, show, make_token(new.serial, SECRET)).json["verdict"] == "welcome"
    assert db.query(CheckIn).count() == 1


def test_bad_input_is_a_422_and_records_nothing(db, client, show, organizer, visitor_badge):
    login(client, organizer.email)
    token = make_token(visitor_badge.serial, SECRET)
    assert scan(client, show, token, gate="").status_code == 422
    assert scan(client, show, "").status_code == 422
    assert scan(client, show, token, gate="G" * 41).status_code == 422
    assert client.post("/checkin/scan", json={"gate": "A", "code": token}).status_code == 422
    assert client.post("/checkin/scan", json={"fair": "no-such-fair", "gate": "A", "code": token}).status_code == 404
    assert db.query(CheckIn).count() == 0


def test_only_the_fairs_organizer_staff_and_admins_may_scan(db, client, show, visitor_badge, admin):
    token = make_token(visitor_badge.serial, SECRET)
    assert scan(client, show, token).status_code in (302, 401)
    assert client.get("/checkin").status_code == 302
    other_organizer = create_user(db, Role.ORGANIZER, organization=create_organization(db))
    for user in (create_user(db, Role.STARTUP), other_organizer):
        login(client, user.email)
        assert scan(client, show, token).status_code == 403
        assert client.get(f"/checkin?fair={show.slug}").status_code == 403
        assert client.post("/checkin", data={"fair": show.slug, "gate": "A", "code": token}).status_code == 403
        client.post("/logout")
    assert db.query(CheckIn).count() == 0
    login(client, admin.email)
    assert scan(client, show, token).json["verdict"] == "welcome"


def test_desk_page_and_its_no_script_form(db, client, show, organizer, visitor_badge):
    login(client, organizer.email)
    page = client.get("/checkin")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Gate Show 2027" in html and "vendor/jsqr/jsQR.js" in html and "checkin.js" in html
    token = make_token(visitor_badge.serial, SECRET)
    answer = client.post("/checkin", data={"fair": show.slug, "gate": "North", "code": token})
    assert answer.status_code == 200 and "checkin__verdict--welcome" in answer.get_data(as_text=True)
    answer = client.post("/checkin", data={"fair": show.slug, "gate": "North", "code": "garbage"})
    assert "checkin__verdict--refused" in answer.get_data(as_text=True)
    assert client.post("/checkin", data={"fair": show.slug, "gate": "", "code": token}).status_code == 422


def test_counts_by_role_gate_and_hour(db, show, organizer, visitor_badge):
    token = make_token(visitor_badge.serial, SECRET)
    for gate in ("East", "East", "West"):
        checkin.check_in(db, show, token, gate=gate, actor=organizer, secret_key=SECRET)
    counts = checkin.get_check_in_counts(db, show)
    assert counts.by_role[BadgeRole.EXHIBITOR.value] == (1, 1)
    assert counts.by_role[BadgeRole.ORGANIZER.value] == (0, 1)
    assert counts.by_gate == {"East": 2, "West": 1}
    assert sum(counts.by_hour.values()) == 3


def test_the_short_code_printed_under_the_qr_is_accepted_when_typed(db, client, show, organizer, visitor_badge):
    from eventsys.services.badges.printing import render_fair_badges
    from eventsys.services.badges.tokens import make_desk_code
    from tests.badges_factories import pdf_text

    code = make_desk_code(visitor_badge.serial, SECRET)
    assert len(code) == 11 and code in pdf_text(render_fair_badges([visitor_badge], show, "label-90x54", SECRET))
    login(client, organizer.email)
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")  # as a person might type it
    assert scan(client, show, typed).json["verdict"] == "welcome"
    assert scan(client, show, code).json["verdict"] == "already"
    assert scan(client, show, make_desk_code(visitor_badge.serial, "another-key")).json["verdict"] == "refused"
    other = staff_fair(db, organizer, slug="code-show", name="Code Show")
    assert scan(client, other, code).json["verdict"] == "refused"
    new = issuing.reprint_badge(db, visitor_badge, actor=organizer)
    assert "revoked" in scan(client, show, code).json["message"]
    assert scan(client, show, make_desk_code(new.serial, SECRET)).json["verdict"] == "welcome"


def _badge_of(db, fair, organizer, role):
    person = exhibitor(db, fair, "Hanako Suzuki")
    badge = next(b for b in issuing.issue_badges(db, fair, actor=organizer) if b.user_id == person.id)
    badge.role = role
    db.flush()
    return badge


def test_badges_admit_only_on_the_fairs_days_and_exhibitors_from_build_up(db, organizer):
    today = tokyo_today()
    fair = staff_fair(
        db,
        organizer,
        starts_on=today + timedelta(days=10),
        ends_on=today + timedelta(days=12),
        build_up_starts_at=datetime.combine(today + timedelta(days=8), datetime.min.time(), UTC),
        build_up_ends_at=datetime.combine(today + timedelta(days=9), datetime.min.time(), UTC),
        tear_down_starts_at=datetime.combine(today + timedelta(days=13), datetime.min.time(), UTC),
        tear_down_ends_at=datetime.combine(today + timedelta(days=14), datetime.min.time(), UTC),
    )
    visitor = _badge_of(db, fair, organizer, BadgeRole.VISITOR)
    builder = _badge_of(db, fair, organizer, BadgeRole.EXHIBITOR)
    tokyo = ZoneInfo("Asia/Tokyo")

    def at(days: int, hour: int = 10) -> datetime:
        return datetime.combine(today + timedelta(days=days), datetime.min.time().replace(hour=hour), tokyo)

    def verdict(badge, when):
        token = make_token(badge.serial, SECRET)
        return checkin.check_in(db, fair, token, gate="East", actor=organizer, secret_key=SECRET, now=when)

    # Months (here days) before the fair: refused, saying from when the badge admits.
    early = verdict(visitor, at(0))
    assert early.verdict == checkin.Verdict.REFUSED and "Not yet" in early.message
    # During build-up the exhibitor comes in, the visitor does not.
    assert verdict(builder, at(8, 12)).verdict == checkin.Verdict.WELCOME
    assert verdict(visitor, at(8, 12)).verdict == checkin.Verdict.REFUSED
    # On the fair's first day, from midnight in the fair's zone, both are in.
    assert verdict(visitor, at(10, 0)).verdict == checkin.Verdict.WELCOME
    # The evening after the last day is tear-down: exhibitors only; after tear-down nobody.
    assert verdict(visitor, at(13, 10)).verdict == checkin.Verdict.REFUSED
    assert verdict(builder, at(13, 10)).verdict == checkin.Verdict.ALREADY
    late = verdict(builder, at(15))
    assert late.verdict == checkin.Verdict.REFUSED and "over" in late.message
    # Refusals record nothing: two entries for the builder, one for the visitor.
    assert db.query(CheckIn).filter(CheckIn.fair_id == fair.id).count() == 3


def test_the_desk_refuses_a_badge_of_a_fair_that_has_not_begun(db, client, organizer):
    fair = staff_fair(db, organizer)  # 60 days ahead, as the factory makes it
    badge = _badge_of(db, fair, organizer, BadgeRole.VISITOR)
    login(client, organizer.email)
    answer = scan(client, fair, make_token(badge.serial, SECRET))
    assert answer.status_code == 200
    assert answer.json["verdict"] == "refused" and "Not yet" in answer.json["message"]
    assert db.query(CheckIn).filter(CheckIn.fair_id == fair.id).count() == 0
