"""What browser tests of booth sales do first on the demo: log in, and confirm a booth for a startup of the fair
that has none (each such module has its own demo database, see own_server)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.demo.people import DEMO_PASSWORD
from eventsys.models import BookingStatus, Booth, BoothBooking, Exhibitor, Fair, Membership, Role, User
from eventsys.services.booths import booking, confirmation

SLUG = "sushi-tech-tokyo-2027"


def log_in(page, live_server: str, email: str) -> None:
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/")


def confirm_booth_of_bookless_startup(session: Session, billing_name: str) -> tuple[Fair, User, BoothBooking]:
    """The first demo startup of the fair without a booth holds and confirms the last free one."""
    fair = session.scalar(select(Fair).where(Fair.slug == SLUG))
    booked = select(BoothBooking.organization_id).where(BoothBooking.fair_id == fair.id)
    user = session.scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .join(Exhibitor, Exhibitor.organization_id == Membership.organization_id)
        .where(Exhibitor.fair_id == fair.id, Membership.organization_id.not_in(booked), User.role == Role.STARTUP)
        .order_by(User.id)
    )
    taken = select(BoothBooking.booth_id).where(BoothBooking.status.in_([BookingStatus.HELD, BookingStatus.CONFIRMED]))
    booth = session.scalar(
        select(Booth)
        .where(Booth.fair_id == fair.id, Booth.is_blocked.is_(False), Booth.id.not_in(taken))
        .order_by(Booth.id.desc())
    )
    held = booking.hold_booth(session, booth, user.organization, actor=user)
    record = confirmation.confirm_booking(
        session, held, user.organization, actor=user, billing_name=billing_name, billing_email="b@example.com"
    )
    return fair, user, record
