"""Rows the demo lacks but some kinds of page show: a booking with its invoice, a meeting, a request still to be
scheduled, badges and a team invitation, made once on the accessibility module's own demo database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.models import (
    BookingStatus,
    Booth,
    BoothBooking,
    Fair,
    FairRole,
    Hall,
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    Organization,
    RequestStatus,
    Room,
    TeamInvitation,
    User,
    utcnow,
)
from eventsys.services.accounts.teams import make_invitation_token
from eventsys.services.badges import issuing as badge_issuing
from eventsys.services.invoices import issuing as invoice_issuing
from eventsys.services.meetings.requests import organization_pair


def _user(session: Session, email: str) -> User:
    return session.scalar(select(User).where(User.email == email))


def _accepted(session: Session, fair: Fair, requester: User, recipient: User) -> MeetingRequest:
    request = MeetingRequest(
        fair_id=fair.id,
        requester=requester,
        requester_organization=requester.organization,
        recipient=recipient,
        recipient_organization=recipient.organization,
        pair_key=organization_pair(requester.organization.id, recipient.organization.id),
        message="Seed round for care robots",
        language="en",
        status=RequestStatus.ACCEPTED,
    )
    session.add(request)
    return request


def add_rows(session: Session, fair: Fair, secret_key: str) -> dict[str, object]:
    """Make the rows and return the path variables that reach them."""
    startup, investor = _user(session, "startup@example.com"), _user(session, "investor@example.com")
    organizer = _user(session, "organizer@example.com")
    hall = session.scalar(select(Hall).where(Hall.fair_id == fair.id).order_by(Hall.position, Hall.id))
    booth = session.scalar(select(Booth).where(Booth.hall_id == hall.id).order_by(Booth.code))
    booking = BoothBooking(
        fair_id=fair.id,
        booth_id=booth.id,
        organization_id=startup.organization.id,
        status=BookingStatus.CONFIRMED,
        confirmed_at=utcnow(),
        billing_name="Sakura Robotics K.K.",
    )
    session.add(booking)
    session.flush()
    invoice = invoice_issuing.issue_for_booking(session, booking)

    room = session.scalar(select(Room).order_by(Room.id))
    request = _accepted(session, fair, investor, startup)
    starts_at = datetime(2027, 5, 13, 1, 30, tzinfo=UTC)
    meeting = Meeting(
        fair_id=fair.id,
        request=request,
        center=room.center,
        room_id=room.id,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
    )
    session.add(meeting)
    for user in (investor, startup):
        meeting.participants.append(
            MeetingParticipant(user=user, organization_id=user.organization.id, starts_at=starts_at)
        )
    partner = _user(session, "partner@example.com")
    unscheduled = _accepted(session, fair, partner, startup)

    badges = badge_issuing.issue_badges(session, fair, actor=organizer)
    secretariat = session.scalar(select(Organization).where(Organization.name == "SusHi Tech Tokyo Secretariat"))
    invitation = TeamInvitation(
        organization_id=secretariat.id,
        email="new-staff@example.com",
        fair_id=fair.id,
        fair_role=FairRole.STAFF,
        invited_by_id=organizer.id,
        sent_at=utcnow(),
    )
    session.add(invitation)
    session.flush()
    own_badge = next(badge for badge in badges if badge.user_id == startup.id)  # the startup's booking entitles it
    return {
        "booking_id": booking.id,
        "invoice_id": invoice.id,
        "meeting_id": meeting.id,
        "request_id": unscheduled.id,
        "badge_id": own_badge.id,
        "invitation_token": make_invitation_token(invitation, secret_key),
    }
