"""Waitlist offers without requests: every freed booth is offered to the line, lapsed and declined offers pass on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from eventsys.models import BookingSource, BookingStatus, WaitlistEntry, WaitlistStatus
from eventsys.services.booths import booking, changes, confirmation, expiry, waitlist
from eventsys.services.booths.booking import PassedToWaitlist
from eventsys.services.errors import NotAllowed
from tests.booth_factories import approved_startup
from tests.conftest import create_booth, create_booth_type


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


class Line:
    """A sold-out fair: `a` holds A01 (from `t0`), `b` has booked A02; w1 then w2 wait for the type."""

    def __init__(self, db, fair, t0):
        fair.max_booths_per_organization = 1
        self.db, self.fair, self.t0 = db, fair, t0
        self.a01, self.a02 = fair.halls[0].booths[:2]
        self.a, self.b, self.w1, self.w2 = (approved_startup(db, fair) for _ in range(4))
        self.first = booking.hold_booth(db, self.a01, self.a.organization, actor=self.a, now=t0)
        self.second = booking.hold_booth(db, self.a02, self.b.organization, actor=self.b, now=t0)
        confirmation.confirm_booking(
            db, self.second, self.b.organization, actor=self.b, billing_name="B", billing_email="b@example.com", now=t0
        )
        self.entry1 = waitlist.join_waitlist(db, self.a01.booth_type, self.w1.organization, actor=self.w1, now=t0)
        self.entry2 = waitlist.join_waitlist(db, self.a01.booth_type, self.w2.organization, actor=self.w2, now=t0)

    def offer(self, booth):
        live = booking.get_live_booking(self.db, booth, self.t0)
        return live if live is not None and live.source == BookingSource.WAITLIST else None


@pytest.fixture
def line(db, fair):
    return Line(db, fair, datetime.now(UTC))


def _mails(outbox) -> list[str]:
    return [path.read_text() for path in sorted(outbox.glob("*.eml"))]


def test_an_offer_lasts_the_setting_not_the_fairs_hold_time(app, line):
    changes.cancel_booking(line.db, line.first, actor=line.a, organization=line.a.organization, now=line.t0)
    offer = line.offer(line.a01)
    assert offer.organization_id == line.w1.organization.id
    assert offer.held_until == line.t0 + timedelta(hours=24)
    assert line.entry1.status == WaitlistStatus.OFFERED and line.entry1.booking_id == offer.id
    app.config["WAITLIST_OFFER_HOURS"] = 2
    try:
        changes.cancel_booking(line.db, line.second, actor=line.b, organization=line.b.organization, now=line.t0)
    finally:
        del app.config["WAITLIST_OFFER_HOURS"]
    assert line.offer(line.a02).held_until == line.t0 + timedelta(hours=2)


def test_an_organizer_cancel_offers_the_booth(line, organizer):
    changes.cancel_booking(line.db, line.first, actor=organizer, organization=None, reason="duplicate", now=line.t0)
    assert line.offer(line.a01).organization_id == line.w1.organization.id


def test_a_move_offers_the_booth_left_behind(line, organizer):
    other_type = create_booth_type(line.db, line.fair, name="Corner")
    corner = create_booth(line.db, line.fair.halls[0], other_type, code="C01", x=20, y=2)
    changes.move_booking(line.db, line.first, corner, actor=organizer, reason="sponsor", now=line.t0)
    assert line.offer(line.a01).organization_id == line.w1.organization.id


def test_expiry_by_release_expired_offers_the_booth(line, runner):
    line.first.held_until = line.t0 - timedelta(minutes=1)  # lapsed before the command runs
    result = runner.invoke(args=["booths", "release-expired"])
    assert result.exit_code == 0 and "Released 1 expired hold(s)" in result.output
    assert line.first.status == BookingStatus.EXPIRED
    assert line.offer(line.a01).organization_id == line.w1.organization.id


def test_expiry_found_by_a_taking_request_offers_the_booth_and_refuses_the_taker(line):
    taker = approved_startup(line.db, line.fair)
    later = line.t0 + timedelta(minutes=16)
    with pytest.raises(PassedToWaitlist, match="first startup on its waitlist"):
        booking.hold_booth(line.db, line.a01, taker.organization, actor=taker, now=later)
    assert line.first.status == BookingStatus.EXPIRED
    offer = booking.get_live_booking(line.db, line.a01, later)
    assert offer.organization_id == line.w1.organization.id and offer.source == BookingSource.WAITLIST


def test_the_first_in_line_taking_a_lapsed_booth_gets_it_as_its_offer(line):
    later = line.t0 + timedelta(minutes=16)
    held = booking.hold_booth(line.db, line.a01, line.w1.organization, actor=line.w1, now=later)
    assert held.source == BookingSource.WAITLIST and line.entry1.status == WaitlistStatus.OFFERED


def test_without_a_line_a_lapsed_booth_is_simply_taken(db, fair):
    a, taker = approved_startup(db, fair), approved_startup(db, fair)
    t0 = datetime.now(UTC)
    booking.hold_booth(db, fair.halls[0].booths[0], a.organization, actor=a, now=t0)
    held = booking.hold_booth(db, fair.halls[0].booths[0], taker.organization, actor=taker, now=t0 + timedelta(hours=1))
    assert held.organization_id == taker.organization.id


def test_a_lapsed_offer_goes_to_the_next_in_line_and_its_startup_leaves_the_line(line, outbox):
    changes.cancel_booking(line.db, line.first, actor=line.a, organization=line.a.organization, now=line.t0)
    first_offer = line.offer(line.a01)
    expired = expiry.expire_holds(line.db, line.t0 + timedelta(hours=24))
    assert first_offer in expired and first_offer.status == BookingStatus.EXPIRED
    assert line.entry1.status == WaitlistStatus.LAPSED
    second_offer = booking.get_live_booking(line.db, line.a01, line.t0 + timedelta(hours=24))
    assert second_offer.organization_id == line.w2.organization.id
    assert line.entry2.status == WaitlistStatus.OFFERED
    line.db.commit()
    assert any(
        "has expired" in text and "left the waitlist" in text and line.w1.email in text for text in _mails(outbox)
    )


def test_a_lapsed_offer_found_by_a_taking_request_goes_to_the_next_in_line(line):
    changes.cancel_booking(line.db, line.first, actor=line.a, organization=line.a.organization, now=line.t0)
    taker, later = approved_startup(line.db, line.fair), line.t0 + timedelta(hours=25)
    with pytest.raises(PassedToWaitlist):
        booking.hold_booth(line.db, line.a01, taker.organization, actor=taker, now=later)
    assert line.entry1.status == WaitlistStatus.LAPSED
    assert booking.get_live_booking(line.db, line.a01, later).organization_id == line.w2.organization.id


def test_decline_passes_the_offer_on_and_mails_after_the_commit(line, outbox):
    changes.cancel_booking(line.db, line.first, actor=line.a, organization=line.a.organization, now=line.t0)
    line.db.commit()
    offer = line.offer(line.a01)
    before = len(_mails(outbox))
    waitlist.decline_offer(line.db, offer, line.w1.organization, actor=line.w1, now=line.t0)
    assert len(_mails(outbox)) == before, "nothing is mailed before the commit"
    assert offer.status == BookingStatus.CANCELLED and line.entry1.status == WaitlistStatus.DECLINED
    assert line.offer(line.a01).organization_id == line.w2.organization.id
    line.db.commit()
    new = _mails(outbox)[before:]
    assert any("You declined booth A01" in text and line.w1.email in text for text in new)
    assert any("A booth became free" in text and line.w2.email in text and "/decline" in text for text in new)


def test_a_refused_decline_changes_nothing_and_mails_nobody(line, outbox):
    changes.cancel_booking(line.db, line.first, actor=line.a, organization=line.a.organization, now=line.t0)
    line.db.commit()
    offer, before = line.offer(line.a01), len(_mails(outbox))
    with pytest.raises(NotAllowed):
        waitlist.decline_offer(line.db, offer, line.w2.organization, actor=line.w2, now=line.t0)
    with pytest.raises(waitlist.OfferEnded):
        waitlist.decline_offer(line.db, line.second, line.b.organization, actor=line.b, now=line.t0)
    with pytest.raises(waitlist.OfferEnded):
        waitlist.decline_offer(line.db, offer, line.w1.organization, actor=line.w1, now=line.t0 + timedelta(days=2))
    line.db.rollback()
    line.db.commit()
    assert len(_mails(outbox)) == before and offer.status == BookingStatus.HELD


def test_confirming_an_offer_books_the_entry(line):
    changes.cancel_booking(line.db, line.first, actor=line.a, organization=line.a.organization, now=line.t0)
    offer = line.offer(line.a01)
    confirmation.confirm_booking(
        line.db, offer, line.w1.organization, actor=line.w1, billing_name="W", billing_email="w@example.com"
    )
    assert line.entry1.status == WaitlistStatus.BOOKED


def test_nobody_holds_two_offers_of_a_type_at_once(line):
    """The partial unique index covers waiting and offered entries: a startup with an offer cannot queue again."""
    changes.cancel_booking(line.db, line.first, actor=line.a, organization=line.a.organization, now=line.t0)
    assert line.entry1.status == WaitlistStatus.OFFERED
    with pytest.raises(IntegrityError), line.db.begin_nested():
        line.db.add(
            WaitlistEntry(fair_id=line.fair.id, booth_type=line.a01.booth_type, organization=line.w1.organization)
        )
        line.db.flush()
    # Two booths freed one after the other go to two different startups.
    line.fair.max_booths_per_organization = 2
    changes.cancel_booking(line.db, line.second, actor=line.b, organization=line.b.organization, now=line.t0)
    assert line.offer(line.a02).organization_id == line.w2.organization.id


def test_the_offer_skips_startups_that_may_not_take_the_booth(line):
    other_type = create_booth_type(line.db, line.fair, name="Island")
    island = create_booth(line.db, line.fair.halls[0], other_type, code="I01", x=30, y=2)
    booking.hold_booth(
        line.db, island, line.w1.organization, actor=line.w1, now=line.t0
    )  # w1 is now at the fair's limit
    changes.cancel_booking(line.db, line.first, actor=line.a, organization=line.a.organization, now=line.t0)
    assert line.offer(line.a01).organization_id == line.w2.organization.id
    assert line.entry1.status == WaitlistStatus.WAITING
