"""The world the fuzz tests run in: a fair with data behind every path variable, and the four roles they act as.

Each role has something of its own to reach: the startup an approved exhibitor row and a held booking, the
investor a verified firm and an accepted meeting request, the organizer the fair itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from eventsys.models import BookingStatus, ExtraOrder, OrganizationKind, ProposedSlot, Role, SlotProposal, Verification
from tests.badges_factories import book_booth
from tests.booth_factories import approve
from tests.calendar_factories import create_meeting, create_room
from tests.conftest import create_organization, create_user, login
from tests.extras_factories import create_extra, create_package
from tests.meeting_factories import accepted_request, create_center, create_meeting_fair, make_available

ROLES = ["anonymous", "startup", "investor", "organizer"]


@dataclass
class World:
    """Who can log in, and a value for each path variable name the routes use."""

    emails: dict[str, str] = field(default_factory=dict)
    path_values: dict[str, object] = field(default_factory=dict)

    def client(self, app: Flask, role: str) -> FlaskClient:
        """A new client logged in as `role` (a fuzzed request may have logged the last one out)."""
        client = app.test_client()
        if role != "anonymous":
            assert login(client, self.emails[role]).status_code == 302, f"{role} could not log in"
        return client

    def path_value(self, rule: str, name: str) -> object:
        """The value for a path variable; a center route's `slug` is the center's, not the fair's."""
        if name == "slug" and "/centers/" in rule:
            return self.path_values["center_slug"]
        return self.path_values.get(name, 1)


def build_world(db: Session) -> World:
    """A fair organized by the organizer, with a startup exhibiting and an investor it met."""
    organizer = create_user(db, Role.ORGANIZER, organization=create_organization(db, OrganizationKind.ORGANIZER))
    fair = create_meeting_fair(db, organizer_id=organizer.organization.id)
    startup = create_user(db, Role.STARTUP)
    exhibitor = approve(db, fair, startup.organization)
    booking = book_booth(db, fair, startup, status=BookingStatus.HELD)
    firm = create_organization(db, OrganizationKind.INVESTOR_FIRM, verification=Verification.VERIFIED)
    investor = create_user(db, Role.INVESTOR, organization=firm)
    center = create_center(db)
    request = accepted_request(db, fair, startup, investor, centers=[center])
    make_available(db, fair, startup, center)
    make_available(db, fair, investor, center)
    meeting = create_meeting(db, fair, create_room(db, center), investor, startup)
    proposal = _open_proposal(db, fair, center, investor, startup)
    booth = booking.booth
    extra = create_extra(db, fair, stock=3, sold=1)
    package = create_package(db, fair, booth_type_id=booth.booth_type_id)
    order = ExtraOrder(
        fair_id=fair.id, organization_id=startup.organization.id, booking_id=booking.id, extra_id=extra.id,
        quantity=1, unit_price_jpy=extra.price_jpy, rate_percent=10, description=extra.name,
    )  # fmt: skip
    db.add(order)
    db.flush()
    values = {
        "slug": fair.slug,
        "hall_slug": booth.hall.slug,
        "code": booth.code,
        "booth_id": booth.id,
        "booking_id": booking.id,
        "booth_type_id": booth.booth_type_id,
        "exhibitor_id": exhibitor.id,
        "request_id": request.id,
        "proposal_id": proposal.id,
        "meeting_id": meeting.id,
        "organization_id": startup.organization.id,
        "center_slug": center.slug,
        "answer": "accept",
        "room_id": center.rooms[0].id,
        "change": "reopen",
        "extra_id": extra.id,
        "package_id": package.id,
        "order_id": order.id,
    }
    db.commit()
    emails = {"startup": startup.email, "investor": investor.email, "organizer": organizer.email}
    return World(emails=emails, path_values=values)


def _open_proposal(db: Session, fair, center, investor, startup) -> SlotProposal:
    """Three slots the investor proposed to the startup on a request of their own (written directly: no notice)."""
    request = accepted_request(db, fair, investor, startup, centers=[center])
    start = datetime.combine(fair.starts_on + timedelta(days=2), time(10), center.zone)
    proposal = SlotProposal(
        request_id=request.id,
        proposer_id=investor.id,
        proposer_organization_id=investor.organization.id,
        slots=[
            ProposedSlot(position=n, center_id=center.id, starts_at=start + timedelta(hours=n - 1)) for n in (1, 2, 3)
        ],
    )
    db.add(proposal)
    db.flush()
    return proposal
