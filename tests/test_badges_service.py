"""Who gets a badge, issuing, reprinting, press and visitor badges, and the database's guarantees."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from eventsys.models import Badge, BadgeRole, BadgeStatus, BookingStatus, Role, Verification
from eventsys.services.badges import issuing
from eventsys.services.errors import InvalidInput, NotAllowed
from tests.badges_factories import book_booth, exhibitor, investor_in, partner_member, pdf_text, staff_fair
from tests.conftest import create_user


@pytest.fixture
def show(db, organizer):
    return staff_fair(db, organizer, slug="badge-show", name="Badge Show 2027")


def test_entitlements_follow_bookings_verification_and_the_organizer(db, show, organizer):
    booked = exhibitor(db, show, "Taro Yamada", "山田 太郎")
    held = create_user(db, Role.STARTUP)
    book_booth(db, show, held, BookingStatus.HELD)
    verified = investor_in(db)
    pending = investor_in(db, Verification.PENDING)
    partner = partner_member(db)
    create_user(db, Role.STARTUP)  # no booking at all
    roles = {e.user.id: e.role for e in issuing.get_entitlements(db, show)}
    assert roles[booked.id] == BadgeRole.EXHIBITOR
    assert roles[verified.id] == BadgeRole.INVESTOR
    assert roles[partner.id] == BadgeRole.PARTNER
    assert roles[organizer.id] == BadgeRole.ORGANIZER
    assert held.id not in roles and pending.id not in roles


def test_issue_badges_is_idempotent_and_snapshots_the_person(db, show, organizer):
    person = exhibitor(db, show, "Kim Min-jun", "김민준", country="KR")
    first = issuing.issue_badges(db, show, actor=organizer, role=BadgeRole.EXHIBITOR)
    again = issuing.issue_badges(db, show, actor=organizer, role=BadgeRole.EXHIBITOR)
    assert [b.id for b in first] == [b.id for b in again]
    (badge,) = first
    assert (badge.user_id, badge.name, badge.name_local, badge.country) == (person.id, "Kim Min-jun", "김민준", "KR")
    assert badge.organization_name == person.organization.name


def test_one_active_badge_per_person_is_guaranteed_by_the_database(db, show, organizer):
    issuing.issue_badges(db, show, actor=organizer)
    with pytest.raises(IntegrityError), db.begin_nested():
        db.add(Badge(fair_id=show.id, user_id=organizer.id, role=BadgeRole.ORGANIZER, name="Twice"))
        db.flush()


def test_reprint_revokes_the_old_badge_and_issues_a_new_serial(db, show, organizer):
    (old,) = issuing.issue_badges(db, show, actor=organizer, role=BadgeRole.ORGANIZER)
    new = issuing.reprint_badge(db, old, actor=organizer)
    assert old.status == BadgeStatus.REVOKED and old.revoked_at is not None
    assert new.status == BadgeStatus.ACTIVE and new.serial != old.serial and new.replaces_id == old.id
    with pytest.raises(InvalidInput):
        issuing.reprint_badge(db, old, actor=organizer)


def test_own_badge_is_refused_until_entitled(db, show, startup):
    with pytest.raises(NotAllowed):
        issuing.ensure_own_badge(db, show, startup)
    book_booth(db, show, startup)
    badge = issuing.ensure_own_badge(db, show, startup)
    assert badge.role == BadgeRole.EXHIBITOR and badge.name_local == "山田 太郎"
    assert issuing.ensure_own_badge(db, show, startup).id == badge.id


def test_guest_badges_for_press_and_visitors_only_with_printable_names(db, show, organizer):
    badge = issuing.add_guest_badge(
        db,
        show,
        role=BadgeRole.PRESS,
        name="Zhang Wei",
        name_local="张伟",
        organization="Xinhua",
        country="CN",
        actor=organizer,
    )
    assert badge.user_id is None and badge.role == BadgeRole.PRESS
    for role, name, local, field in (
        (BadgeRole.INVESTOR, "Someone", None, "role"),
        (BadgeRole.VISITOR, "   ", None, "name"),
        (BadgeRole.VISITOR, "Ankh", "𓋹", "name_local"),
    ):
        with pytest.raises(InvalidInput) as refused:
            issuing.add_guest_badge(
                db, show, role=role, name=name, name_local=local, organization=None, country=None, actor=organizer
            )
        assert refused.value.field == field


def test_unprintable_names_are_reported(db, show, organizer):
    exhibitor(db, show, "Hiero 𓀀 Glyph")
    badges = issuing.issue_badges(db, show, actor=organizer)
    assert [(b.name, chars) for b, chars in issuing.unprintable(badges)] == [("Hiero 𓀀 Glyph", ["𓀀"])]


def test_cli_prints_a_fair_with_a_progress_bar(db, runner, show, organizer, tmp_path):
    for name, local in (("Taro Yamada", "山田 太郎"), ("Zoë Ørsted", None)):
        exhibitor(db, show, name, local)
    exhibitor(db, show, "Hiero 𓀀 Glyph")
    output = tmp_path / "badges.pdf"
    result = runner.invoke(args=["badges", "print", "--fair", show.slug, "--role", "exhibitor", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "Wrote 2 badges on 1 pages" in result.output
    assert "Hiero" in result.output  # reported, not printed as boxes
    text = pdf_text(output.read_bytes())
    assert "山田太郎" in text and "ZoëØrsted" in text and "Hiero" not in text
    assert runner.invoke(args=["badges", "print", "--fair", "nope", "-o", str(output)]).exit_code != 0
    assert (
        runner.invoke(args=["badges", "print", "--fair", show.slug, "--layout", "A0", "-o", str(output)]).exit_code != 0
    )


def test_a_later_download_prints_the_current_name_with_the_same_token(db, show, startup):
    book_booth(db, show, startup)
    first = issuing.ensure_own_badge(db, show, startup)
    serial = first.serial
    startup.name, startup.name_local = "Taro Yamada-Smith", "山田スミス 太郎"
    again = issuing.ensure_own_badge(db, show, startup)
    assert (again.id, again.serial) == (first.id, serial)
    assert (again.name, again.name_local) == ("Taro Yamada-Smith", "山田スミス 太郎")


def test_worker_needs_redis(runner):
    result = runner.invoke(args=["badges", "worker", "--burst"])
    assert result.exit_code == 1 and "EVENTSYS_REDIS_URL" in result.output
