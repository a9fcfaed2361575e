"""Badges of any set of the fair's days (press every day, visitors one day, exhibitors build-up and some fair days):
signed into the code as a first day and a mask, read the same by the server and the desk's script, refused off
their days with the reason (an override is recorded); and rules by role that badges issued later follow too."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from eventsys.extensions import db as app_db
from eventsys.models import AuditEntry, Badge, BadgeRole, BadgeRoleRule, BadgeStatus, CheckIn
from eventsys.services.badges import checkin, desk, issuing, signing, validity
from eventsys.services.errors import InvalidInput
from tests.badges_factories import exhibitor, running_fair, tokyo_today
from tests.conftest import create_organization, create_user, login
from tests.live_database import DATABASES, live_app

SECRET = "test-secret-key"  # tests.conftest.app_config
SCRIPT = str(Path(__file__).parents[1] / "static/js/desk_verify.js")


@pytest.fixture
def fair(db, organizer):
    """A fair running today for five days, with two days of build-up before it."""
    today = tokyo_today()
    return running_fair(
        db,
        organizer,
        slug="days-show",
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=3),
        build_up_starts_at=datetime.combine(today - timedelta(days=3), datetime.min.time(), UTC),
    )


def guest(db, fair, organizer, role=BadgeRole.PRESS, name="Ken Ito", **values):
    return issuing.add_guest_badge(
        db, fair, role=role, name=name, name_local=None, organization=None, country=None, actor=organizer, **values
    )


def code_of(db, badge):
    return signing.sign_badge(badge, signing.get_signing_key(db, badge.fair))


def scan(db, fair, badge, organizer, day: date, override=None):
    when = datetime.combine(day, datetime.min.time(), fair.zone) + timedelta(hours=11)
    return checkin.check_in(
        db, fair, code_of(db, badge), gate="East", actor=organizer, secret_key=SECRET, now=when, override=override
    )


def test_days_claim_spells_a_set_as_first_day_and_mask_and_reads_back():
    first = date(2027, 5, 10)
    assert signing.days_claim([]) == ""
    assert signing.days_claim([first]) == "d20270510"  # the form printed before sets of days: unchanged
    days = [first, first + timedelta(days=1), first + timedelta(days=3), first + timedelta(days=4)]
    assert signing.days_claim(days) == "d20270510md"
    assert signing._days_of_claim("20270510", "d") == tuple(days)
    with pytest.raises(ValueError):
        signing.days_claim([first, first + timedelta(days=64)])


def test_a_badge_of_some_days_admits_on_those_only_and_says_why_it_refuses(db, fair, organizer):
    today = tokyo_today()
    press = guest(db, fair, organizer)
    chosen = [today - timedelta(days=1), today + timedelta(days=1)]
    new = validity.set_badge_validity(db, press, days=chosen, zones=[], actor=organizer)
    assert new.day_list == chosen and new.valid_days == ",".join(day.isoformat() for day in chosen)
    read = signing.read_signed(code_of(db, new), fair.id, signing.get_signing_key(db, fair).public_key)
    assert read.days == tuple(chosen) and signing.claims_of(new) == f"R{signing.days_claim(chosen)}"
    refused = scan(db, fair, new, organizer, today)
    assert refused.verdict == checkin.Verdict.REFUSED and refused.entry is None
    assert chosen[0].isoformat() in refused.message and chosen[1].isoformat() in refused.message
    assert scan(db, fair, new, organizer, chosen[1]).verdict == checkin.Verdict.WELCOME
    # Staff let the person in on another day: the entry records the refusal and their note.
    other = validity.set_badge_validity(db, new, days=[chosen[1]], zones=[], actor=organizer)
    let_in = scan(db, fair, other, organizer, today, override="Press pass shown")
    assert let_in.verdict == checkin.Verdict.WELCOME
    reason = let_in.entry.override_reason
    assert "Not a day of this badge" in reason and "Press pass shown" in reason


def test_days_are_the_roles_within_a_code_and_every_day_is_no_limit(db, fair, organizer):
    today = tokyo_today()
    build_up = today - timedelta(days=3)
    press = guest(db, fair, organizer)
    with pytest.raises(InvalidInput) as refused:
        validity.set_badge_validity(db, press, days=[build_up, today], zones=[], actor=organizer)
    assert refused.value.field == "days" and build_up.isoformat() in str(refused.value)
    assert press.is_active
    every = validity.get_admission_days(fair, BadgeRole.PRESS)
    assert validity.set_badge_validity(db, press, days=every, zones=[], actor=organizer) is None  # all: no limit
    person = exhibitor(db, fair, "Hanako Suzuki")
    (builder,) = [b for b in issuing.issue_badges(db, fair, actor=organizer) if b.user_id == person.id]
    new = validity.set_badge_validity(db, builder, days=[build_up, today], zones=[], actor=organizer)
    assert new.day_list == [build_up, today]


def test_the_desk_script_reads_the_days_as_the_server_does(db, fair, organizer):
    if shutil.which("node") is None:
        pytest.skip("node runs the desk's script")
    rng = random.Random(15)
    first = date(2027, 5, 10)
    sets = [[first]] + [[first, *rng.sample([first + timedelta(days=n) for n in range(1, 64)], k)] for k in (1, 5, 30)]
    script = """
const DeskVerify = require(process.argv[1]);
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const days = input.claims.map(function (c) { return DeskVerify.daysOf(c[0], c[1]); });
const state = input.state;
const desk = {
  fairId: state.fair.id, timezone: state.fair.timezone, publicKeys: state.public_keys.map(DeskVerify.fromBase64url),
  windows: state.windows, rosterBySerial: {}, rosterByCode: {}, revoked: new Set(), entries: {}, zone: ''
};
state.roster.forEach(function (p) { desk.rosterBySerial[p.serial] = p; desk.rosterByCode[p.code] = p; });
const decided = input.codes.map(function (code) {
  const r = DeskVerify.decide(code, desk, new Date()); return [r.verdict, r.reason || null];
});
console.log(JSON.stringify({days: days, decided: decided}));
"""
    claims = [signing.days_claim(days)[1:].split("m") for days in sets]
    today = tokyo_today()
    off_day = guest(db, fair, organizer, name="Off Day", days=[today + timedelta(days=1)])
    on_day = guest(db, fair, organizer, name="On Day", days=[today - timedelta(days=1), today])
    state = desk.get_desk_state(db, fair, SECRET)
    typed = next(person["code"] for person in state["roster"] if person["serial"] == off_day.serial)
    payload = {
        "claims": [[c[0], c[1] if len(c) > 1 else None] for c in claims],
        "state": state,
        "codes": [code_of(db, off_day), code_of(db, on_day), typed],
    }
    answer = subprocess.run(
        ["node", "-e", script, SCRIPT], input=json.dumps(payload), capture_output=True, text=True, check=True
    )
    read = json.loads(answer.stdout)
    assert read["days"] == [[day.isoformat() for day in sorted(days)] for days in sets]
    # Offline, the desk refuses a badge off its days, signed or typed as its short code, with the reason.
    assert read["decided"] == [["refused", "day"], ["welcome", None], ["refused", "day"]]


def test_a_roles_rule_applies_to_badges_issued_later(db, fair, organizer):
    today = tokyo_today()
    early = guest(db, fair, organizer, name="Early Press")
    fair_days = validity.get_admission_days(fair, BadgeRole.PRESS)
    (replaced,) = validity.set_role_validity(db, fair, BadgeRole.PRESS, days=fair_days[:2], zones=[], actor=organizer)
    assert replaced.replaces_id == early.id and replaced.day_list == fair_days[:2]
    rule = issuing.get_role_rule(db, fair, BadgeRole.PRESS)
    assert (rule.valid_days, rule.zones, rule.updated_by_id) == (replaced.valid_days, None, organizer.id)
    later = guest(db, fair, organizer, name="Late Press")
    assert later.day_list == fair_days[:2]
    walk_in = guest(db, fair, organizer, role=BadgeRole.VISITOR, name="Walk In", days=[today])
    assert walk_in.day_list == [today]  # no visitor rule: the day the desk gives
    # Exhibitors: the rule reaches badges printed in bulk and downloaded by the exhibitor.
    build_up = today - timedelta(days=3)
    validity.set_role_validity(db, fair, BadgeRole.EXHIBITOR, days=[build_up, today], zones=[], actor=organizer)
    person = exhibitor(db, fair, "Hanako Suzuki")
    (printed,) = [b for b in issuing.issue_badges(db, fair, actor=organizer) if b.user_id == person.id]
    assert printed.day_list == [build_up, today]
    other = exhibitor(db, fair, "Jiro Tanaka")
    assert issuing.ensure_own_badge(db, fair, other).day_list == [build_up, today]
    # Set again, the rule is one row that changes; set to every day, later badges are unlimited again.
    validity.set_role_validity(db, fair, BadgeRole.PRESS, days=[], zones=[], actor=organizer)
    assert db.query(BadgeRoleRule).filter_by(fair_id=fair.id, role=BadgeRole.PRESS).count() == 1
    assert guest(db, fair, organizer, name="Press Three").valid_days is None
    details = [e.details for e in db.query(AuditEntry).filter_by(action="badge.validity_by_role")]
    assert [d["role"] for d in details] == ["press", "exhibitor", "press"]


def test_the_role_page_sets_several_days_lists_the_rules_and_refuses_bad_input(db, client, fair, organizer):
    login(client, organizer.email)
    url = f"/fairs/{fair.slug}/badges/validity"
    days = [day.isoformat() for day in validity.get_admission_days(fair, BadgeRole.PRESS)[1:3]]
    for bad in ({"role": "press", "days": "2001-01-01"}, {"role": "press", "days": "soon"}, {"role": "chief"}):
        assert client.post(url, data=bad).status_code == 422
    assert db.query(BadgeRoleRule).count() == 0
    assert client.post(url, data={"role": "press", "days": days}).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert 'id="role-rules"' in page and "Every zone" in page
    assert issuing.get_role_rule(db, fair, BadgeRole.PRESS).valid_days == ",".join(days)
    assert guest(db, fair, organizer).valid_days == ",".join(days)


@pytest.mark.parametrize("kind", DATABASES)
def test_migration_0032_keeps_one_day_badges_and_their_codes(kind, tmp_path):
    with live_app(kind, tmp_path) as app, app.app_context():
        session = app_db.session
        organizer = create_user(session, organization=create_organization(session))
        fair = running_fair(session, organizer, slug="old-days-show")
        one_day = guest(session, fair, organizer, days=[fair.starts_on])
        code = code_of(session, one_day)
        badge_id, first_day = one_day.id, fair.starts_on
        session.commit()
        session.remove()
        directory = app.extensions["migrate"].directory
        downgrade(directory=directory, revision="0032-1")  # just before this migration
        assert session.execute(text("SELECT valid_on FROM badges")).scalar_one() is not None
        session.remove()
        upgrade(directory=directory)
        badge = session.get(Badge, badge_id)
        assert badge.day_list == [first_day] and badge.status == BadgeStatus.ACTIVE
        assert code_of(session, badge) == code  # a printed one-day code reads the same after the migration
        assert session.query(CheckIn).count() == 0
