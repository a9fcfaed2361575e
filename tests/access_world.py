"""The world of the access matrix: two fairs of two organizer organizations and one of everything at fair A.

Organization A's owner ("organizer") owns fair A; three plain members of A hold a role at fair A only: staff,
check-in and finance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from eventsys.models import (
    Availability,
    Badge,
    BadgeRole,
    CenterClosure,
    Delivery,
    Exhibitor,
    ExhibitorStatus,
    ExtraOrder,
    FairRole,
    FairStaff,
    Interpreter,
    Lead,
    MemberRole,
    Notice,
    NoticeKind,
    OrganizationKind,
    ProposedSlot,
    Role,
    Sector,
    ShortlistEntry,
    SlotProposal,
    TeamInvitation,
    Verification,
    WaitlistEntry,
)
from eventsys.services.invoices import issuing
from eventsys.services.meetings import runs
from tests.badges_factories import book_booth, investor_in, partner_member
from tests.calendar_factories import create_meeting
from tests.conftest import create_booth, create_booth_type, create_fair, create_hall, create_organization, create_user
from tests.extras_factories import create_extra, create_package
from tests.invoice_factories import create_issuer
from tests.meeting_factories import create_center

#: Who the matrix asks, in its column order.
ACTORS = (
    "anonymous",
    "startup",
    "other_startup",
    "investor",
    "other_investor",
    "pending_investor",
    "partner",
    "organizer",
    "other_organizer",
    "staff",
    "check_in",
    "finance",
    "admin",
)


@dataclass
class World:
    users: dict[str, object] = field(default_factory=dict)
    values: dict[str, object] = field(default_factory=dict)


def build_world(db) -> World:
    """Fair A run by organizer organization A, fair B by B; every object a route names belongs to fair A."""
    world = World()
    org_a, org_b = (create_organization(db, OrganizationKind.ORGANIZER) for _ in range(2))
    fair_a = create_fair(db, organizer_id=org_a.id)
    sector = Sector(slug="access-zone", name="Access zone")
    fair_a.sectors = [sector]
    create_fair(db, organizer_id=org_b.id)
    users = world.users
    users["organizer"] = create_user(db, Role.ORGANIZER, organization=org_a)
    users["other_organizer"] = create_user(db, Role.ORGANIZER, organization=org_b)
    for actor, role in (("staff", FairRole.STAFF), ("check_in", FairRole.CHECK_IN), ("finance", FairRole.FINANCE)):
        users[actor] = fair_member(db, org_a, fair_a, role)
    member = fair_member(db, org_a, fair_a, None)
    pending_organizer = create_organization(db, OrganizationKind.ORGANIZER, verification=Verification.PENDING)
    users["admin"] = create_user(db, Role.ADMIN)
    users["startup"] = create_user(db, Role.STARTUP)
    users["other_startup"] = create_user(db, Role.STARTUP)
    users["investor"] = investor_in(db)
    users["other_investor"] = investor_in(db)
    users["pending_investor"] = investor_in(db, Verification.PENDING)
    users["partner"] = partner_member(db)
    startup = users["startup"]
    hall = create_hall(db, fair_a)
    booth_type = create_booth_type(db, fair_a)
    free_booth = create_booth(db, hall, booth_type)
    booking = book_booth(db, fair_a, startup)
    book_booth(db, fair_a, users["other_startup"])
    center = create_center(db)
    room = center.rooms[0]
    meeting = create_meeting(db, fair_a, room, users["investor"], startup)
    proposal = _open_proposal(db, meeting.request, center)
    closure = CenterClosure(center=center, on=date(2031, 1, 6), reason="Inventory")
    availability = Availability(
        fair_id=fair_a.id,
        user_id=startup.id,
        center_id=center.id,
        starts_at=datetime.combine(fair_a.starts_on, time(9), center.zone),
        ends_at=datetime.combine(fair_a.starts_on, time(17), center.zone),
    )
    exhibitor = Exhibitor(fair_id=fair_a.id, organization_id=startup.organization.id)
    # Startup B may book: its hold is refused for its booth, not for who it is.
    approved = Exhibitor(
        fair_id=fair_a.id, organization_id=users["other_startup"].organization.id, status=ExhibitorStatus.APPROVED
    )
    waitlist = WaitlistEntry(fair_id=fair_a.id, booth_type_id=booth_type.id, organization_id=startup.organization.id)
    badge = Badge(fair_id=fair_a.id, user_id=startup.id, role=BadgeRole.EXHIBITOR, name=startup.name)
    invitation = TeamInvitation(organization=startup.organization, email="colleague@example.com")
    invitation.sent_at = datetime.now(UTC) - timedelta(minutes=1)
    shortlist = ShortlistEntry(investor_id=users["investor"].organization.id, startup_id=startup.organization.id)
    notice = Notice(user_id=startup.id, kind=NoticeKind.REQUEST_RECEIVED, params={}, delivery=Delivery.AT_ONCE)
    staff_invitation = TeamInvitation(
        organization=org_a, email="desk@example.com", fair_id=fair_a.id, fair_role=FairRole.CHECK_IN
    )
    staff_invitation.sent_at = invitation.sent_at
    db.add_all(
        [closure, availability, exhibitor, approved, waitlist, badge, invitation, shortlist, staff_invitation, notice]
    )
    db.flush()
    interpreter = Interpreter(
        center_id=center.id,
        name="Access interpreter",
        languages=["ja", "es"],
        days=[fair_a.starts_on.isoformat()],
        starts_at=time(9),
        ends_at=time(17),
    )
    db.add(interpreter)
    # Startup A's lead at fair A (of its own member's badge: who is scanned does not matter to who may read it).
    lead = Lead(
        fair_id=fair_a.id, organization_id=startup.organization.id, badge_id=badge.id, scanned_at=datetime.now(UTC),
        client_scan_id="world-lead", answers={},
    )  # fmt: skip
    db.add(lead)
    db.flush()
    run = runs.run_scheduler(db, fair_a, users["organizer"], daily_cap=8, floor=0)
    create_issuer(db, fair_a)
    invoice = issuing.issue_for_booking(db, booking)
    extra, package = create_extra(db, fair_a, stock=10, sold=1), create_package(db, fair_a)
    order = ExtraOrder(
        fair_id=fair_a.id, organization_id=startup.organization.id, booking_id=booking.id, extra_id=extra.id,
        quantity=1, unit_price_jpy=extra.price_jpy, rate_percent=10, description=extra.name,
    )  # fmt: skip
    db.add(order)
    db.flush()
    world.values = {
        "slug": fair_a.slug,
        "center_slug": center.slug,
        "hall_slug": hall.slug,
        "code": free_booth.code,
        "booth_id": free_booth.id,
        "booking_id": booking.id,
        "booth_type_id": booth_type.id,
        "sector_id": sector.id,
        "badge_id": badge.id,
        "lead_id": lead.id,
        "job_id": "no-such-job",
        "meeting_id": meeting.id,
        "request_id": meeting.request_id,
        "proposal_id": proposal.id,
        "availability_id": availability.id,
        "investor_id": users["investor"].organization.id,
        "startup_id": startup.organization.id,
        "closure_id": closure.id,
        "run_id": run.id,
        "interpreter_id": interpreter.id,
        "choice": "release",
        "invitation_id": invitation.id,
        "staff_invitation_id": staff_invitation.id,
        "member_id": member.id,
        "pending_organizer_id": pending_organizer.id,
        "entry_id": waitlist.id,
        "exhibitor_id": exhibitor.id,
        "calendar_token": startup.calendar_token,
        "session_id": _other_device(db, startup),
        "token": "not-a-valid-token",
        "name": "no-such-logo.png",
        "answer": "decline",
        "room_id": room.id,
        "change": "close",
        "part": "settings",
        "table": "booths-by-hall",
        "invoice_id": invoice.id,
        "notice_id": notice.id,
        "extra_id": extra.id,
        "package_id": package.id,
        "order_id": order.id,
    }
    return world


def _open_proposal(db, request, center) -> SlotProposal:
    """Three slots investor A proposed to startup A (written directly: the request already has its meeting)."""
    start = datetime.combine(date(2031, 1, 7), time(10), center.zone)
    proposal = SlotProposal(
        request_id=request.id,
        proposer_id=request.requester_id,
        proposer_organization_id=request.requester_organization_id,
        slots=[ProposedSlot(position=n, center_id=center.id, starts_at=start + timedelta(hours=n)) for n in (1, 2, 3)],
    )
    db.add(proposal)
    db.flush()
    return proposal


def fair_member(db, organization, fair, role: FairRole | None):
    """An organizer who is a plain member of `organization`, with `role` at `fair` (no row for None)."""
    user = create_user(db, Role.ORGANIZER, organization=organization)
    user.memberships[0].role = MemberRole.MEMBER
    if role is not None:
        db.add(FairStaff(fair=fair, user=user, role=role))
    db.flush()
    db.expire(user)
    return user


def _other_device(db, user) -> int:
    """A log-in of `user` on another device, which only `user` may end."""
    from eventsys.services.accounts import sessions

    sessions.start_session(db, user, user_agent="Mozilla/5.0 (Windows NT 10.0) Firefox/130.0")
    return user.current_session.id
