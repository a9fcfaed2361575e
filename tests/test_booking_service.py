"""The booking service without requests: holds, confirmations, cancellations, expiry, limits, waitlists."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from eventsys.models import (
    AuditEntry,
    BookingSource,
    BookingStatus,
    Booth,
    BoothBooking,
    ExhibitorStatus,
    WaitlistStatus,
)
from eventsys.services.booths import booking, changes, confirmation, expiry, waitlist
from eventsys.services.booths.booking import BookingClosed, BoothUnavailable, HoldExpired, LimitReached, NotApproved
from eventsys.services.errors import DomainError, InvalidInput, NotAllowed
from tests.booth_factories import approve, approved_startup
from tests.conftest import create_booth, create_booth_type, create_user


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def booths(fair):
    return fair.halls[0].booths  # A01, A02 free; A03 blocked


def test_hold_a_free_booth(db, fair, booths):
    user = approved_startup(db, fair)
    now = datetime.now(UTC)
    held = booking.hold_booth(db, booths[0], user.organization, actor=user, now=now)
    assert held.status == BookingStatus.HELD
    assert held.held_until == now + timedelta(minutes=15)
    assert held.price_jpy == 330_000
    assert db.scalar(select(AuditEntry.action).where(AuditEntry.subject_id == held.id)) == "booking.hold"


def test_a_held_booth_cannot_be_held_again(db, fair, booths):
    first, second = approved_startup(db, fair), approved_startup(db, fair)
    booking.hold_booth(db, booths[0], first.organization, actor=first)
    with pytest.raises(BoothUnavailable, match="A01 is already taken"):
        booking.hold_booth(db, booths[0], second.organization, actor=second)


@pytest.mark.parametrize("status", [None, ExhibitorStatus.APPLIED, ExhibitorStatus.REJECTED])
def test_only_approved_startups_can_hold(db, fair, booths, status):
    user = create_user(db)
    if status:
        approve(db, fair, user.organization, status)
    with pytest.raises(NotApproved, match="approved"):
        booking.hold_booth(db, booths[0], user.organization, actor=user)


def test_only_inside_the_booking_window(db, fair, booths):
    user = approved_startup(db, fair)
    with pytest.raises(BookingClosed, match="not opened yet"):
        booking.hold_booth(
            db, booths[0], user.organization, actor=user, now=fair.booking_opens_at - timedelta(seconds=1)
        )
    with pytest.raises(BookingClosed, match="closed"):
        booking.hold_booth(db, booths[0], user.organization, actor=user, now=fair.booking_closes_at)


def test_blocked_booths_are_never_bookable(db, fair, booths):
    user = approved_startup(db, fair)
    with pytest.raises(BoothUnavailable, match="not available"):
        booking.hold_booth(db, booths[2], user.organization, actor=user)


def test_limit_per_organization_at_the_fair(db, fair, booths):
    user = approved_startup(db, fair)
    booking.hold_booth(db, booths[0], user.organization, actor=user)
    with pytest.raises(LimitReached, match="most allowed"):
        booking.hold_booth(db, booths[1], user.organization, actor=user)


def test_limit_per_booth_type(db, fair, booths):
    fair.max_booths_per_organization = 5
    island = create_booth_type(db, fair, name="Island", max_per_organization=1)
    hall = fair.halls[0]
    i1, i2 = (
        create_booth(db, hall, island, code="I1", x=20, y=20),
        create_booth(db, hall, island, code="I2", x=30, y=20),
    )
    user = approved_startup(db, fair)
    booking.hold_booth(db, i1, user.organization, actor=user)
    booking.hold_booth(db, booths[0], user.organization, actor=user)
    with pytest.raises(LimitReached, match="Island"):
        booking.hold_booth(db, i2, user.organization, actor=user)


def test_an_expired_hold_frees_the_booth_by_itself(db, fair, booths):
    first, second = approved_startup(db, fair), approved_startup(db, fair)
    t0 = datetime.now(UTC)
    old = booking.hold_booth(db, booths[0], first.organization, actor=first, now=t0)
    later = t0 + timedelta(minutes=16)
    assert booking.get_live_booking(db, booths[0], later) is None
    new = booking.hold_booth(db, booths[0], second.organization, actor=second, now=later)
    assert old.status == BookingStatus.EXPIRED and new.status == BookingStatus.HELD


def test_release_expired_for_housekeeping(db, fair, booths):
    user = approved_startup(db, fair)
    t0 = datetime.now(UTC)
    booking.hold_booth(db, booths[0], user.organization, actor=user, now=t0)
    assert expiry.expire_holds(db, t0 + timedelta(minutes=14)) == []
    assert len(expiry.expire_holds(db, t0 + timedelta(minutes=15))) == 1


def _billing(**changes):
    return {"billing_name": "Haruto Sato", "billing_email": "billing@example.com", **changes}


def test_confirm_a_hold(db, fair, booths):
    user = approved_startup(db, fair)
    held = booking.hold_booth(db, booths[0], user.organization, actor=user)
    confirmation.confirm_booking(db, held, user.organization, actor=user, **_billing(billing_address="Tokyo"))
    assert held.status == BookingStatus.CONFIRMED and held.held_until is None and held.billing_address == "Tokyo"


def test_confirm_refusals(db, fair, booths):
    user, other = approved_startup(db, fair), approved_startup(db, fair)
    t0 = datetime.now(UTC)
    held = booking.hold_booth(db, booths[0], user.organization, actor=user, now=t0)
    with pytest.raises(NotAllowed):
        confirmation.confirm_booking(db, held, other.organization, actor=other, **_billing())
    with pytest.raises(InvalidInput):
        confirmation.confirm_booking(db, held, user.organization, actor=user, **_billing(billing_name=" "))
    with pytest.raises(HoldExpired, match="expired"):
        confirmation.confirm_booking(
            db, held, user.organization, actor=user, now=t0 + timedelta(minutes=15), **_billing()
        )
    confirmation.confirm_booking(db, held, user.organization, actor=user, now=t0, **_billing())
    with pytest.raises(DomainError, match="already confirmed"):
        confirmation.confirm_booking(db, held, user.organization, actor=user, **_billing())


def test_confirm_without_a_hold(db, fair, booths):
    user = approved_startup(db, fair)
    held = booking.hold_booth(db, booths[0], user.organization, actor=user)
    changes.cancel_booking(db, held, actor=user, organization=user.organization)
    with pytest.raises(HoldExpired):
        confirmation.confirm_booking(db, held, user.organization, actor=user, **_billing())


def test_cancel_frees_the_booth_and_someone_elses_cannot(db, fair, booths):
    user, other = approved_startup(db, fair), approved_startup(db, fair)
    held = booking.hold_booth(db, booths[0], user.organization, actor=user)
    with pytest.raises(NotAllowed):
        changes.cancel_booking(db, held, actor=other, organization=other.organization)
    changes.cancel_booking(db, held, actor=user, organization=user.organization)
    assert booking.get_live_booking(db, booths[0]) is None
    with pytest.raises(DomainError, match="already ended"):
        changes.cancel_booking(db, held, actor=user, organization=user.organization)


def test_organizer_cancel_needs_a_reason(db, fair, booths, organizer):
    user = approved_startup(db, fair)
    held = booking.hold_booth(db, booths[0], user.organization, actor=user)
    with pytest.raises(InvalidInput):
        changes.cancel_booking(db, held, actor=organizer, organization=None, reason="")
    changes.cancel_booking(db, held, actor=organizer, organization=None, reason="duplicate company")
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "booking.cancel"))
    assert entry.details["reason"] == "duplicate company" and entry.actor_id == organizer.id


def test_assign_and_move_by_an_organizer(db, fair, booths, organizer):
    user = approved_startup(db, fair)
    assigned = changes.assign_booth(db, booths[0], user.organization, actor=organizer, reason="sponsor package")
    assert assigned.status == BookingStatus.CONFIRMED and assigned.source == BookingSource.ORGANIZER
    with pytest.raises(BoothUnavailable):
        changes.move_booking(db, assigned, booths[2], actor=organizer, reason="x")
    with pytest.raises(InvalidInput):
        changes.move_booking(db, assigned, booths[1], actor=organizer, reason=" ")
    changes.move_booking(db, assigned, booths[1], actor=organizer, reason="closer to the stage")
    assert assigned.booth_id == booths[1].id
    assert booking.get_live_booking(db, booths[0]) is None
    other = approved_startup(db, fair)
    with pytest.raises(BoothUnavailable):
        changes.assign_booth(db, booths[1], other.organization, actor=organizer, reason="x")


def test_waitlist_gets_the_freed_booth(db, fair, booths, outbox):
    fair.max_booths_per_organization = 1
    a, b, waiting1, waiting2 = (approved_startup(db, fair) for _ in range(4))
    first = booking.hold_booth(db, booths[0], a.organization, actor=a)
    booking.hold_booth(db, booths[1], b.organization, actor=b)
    booth_type = booths[0].booth_type
    entry1 = waitlist.join_waitlist(db, booth_type, waiting1.organization, actor=waiting1)
    waitlist.join_waitlist(db, booth_type, waiting2.organization, actor=waiting2)
    with pytest.raises(waitlist.AlreadyWaiting):
        waitlist.join_waitlist(db, booth_type, waiting1.organization, actor=waiting1)
    changes.cancel_booking(db, first, actor=a, organization=a.organization)
    offered = booking.get_live_booking(db, booths[0])
    assert offered.organization_id == waiting1.organization.id and offered.source == BookingSource.WAITLIST
    assert entry1.status == WaitlistStatus.OFFERED
    db.commit()
    subjects = [path.read_text() for path in outbox.glob("*.eml")]
    assert any("A booth became free" in text and waiting1.email in text for text in subjects)


def test_waitlist_only_when_sold_out(db, fair, booths):
    user = approved_startup(db, fair)
    with pytest.raises(DomainError, match="still free"):
        waitlist.join_waitlist(db, booths[0].booth_type, user.organization, actor=user)


def test_mails_go_out_only_when_the_change_commits(db, fair, booths, outbox):
    user, other = approved_startup(db, fair), approved_startup(db, fair)
    booking.hold_booth(db, booths[0], user.organization, actor=user)
    assert list(outbox.glob("*.eml")) == []
    db.commit()
    (sent,) = outbox.glob("*.eml")
    assert user.email in sent.read_text() and "A01 is held for you" in sent.read_text()
    savepoint = db.begin_nested()
    booking.hold_booth(db, booths[1], other.organization, actor=other)
    savepoint.rollback()
    db.rollback()
    db.commit()
    assert len(list(outbox.glob("*.eml"))) == 1


def test_the_index_refuses_a_double_booking_the_python_check_missed(db, fair, booths, monkeypatch):
    """Simulates the race: the check sees the booth free, the insert hits the partial unique index."""
    first, second = approved_startup(db, fair), approved_startup(db, fair)
    booking.hold_booth(db, booths[0], first.organization, actor=first)
    monkeypatch.setattr(booking, "free_or_refuse", lambda *args, **kwargs: None)
    with pytest.raises(BoothUnavailable, match="a moment ago"):
        booking.hold_booth(db, booths[0], second.organization, actor=second)
    live = db.scalars(select(BoothBooking).where(BoothBooking.booth_id == booths[0].id)).all()
    assert len(live) == 1


def test_the_index_guard_holds_race_after_race_on_one_connection(db, fair, booths, monkeypatch):
    """Lost races one after another: psycopg prepares a statement after five runs, and each lost insert must roll
    back only its savepoint, leaving the transaction usable for the next."""
    monkeypatch.setattr(booking, "free_or_refuse", lambda *args, **kwargs: None)
    hall, booth_type = booths[0].hall, booths[0].booth_type
    for n in range(8):
        booth = create_booth(db, hall, booth_type, code=f"P{n:02d}", x=40 + 4 * n)
        first, second = approved_startup(db, fair), approved_startup(db, fair)
        booking.hold_booth(db, booth, first.organization, actor=first)
        with pytest.raises(BoothUnavailable, match="a moment ago"):
            booking.hold_booth(db, booth, second.organization, actor=second)
    held = select(BoothBooking).where(BoothBooking.booth_id.in_(select(Booth.id).where(Booth.code.like("P%"))))
    assert len(db.scalars(held).all()) == 8
