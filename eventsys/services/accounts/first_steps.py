"""The first hour of each role: next steps that tick themselves off, read from the data (nothing stored)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from eventsys.models import (
    Availability,
    Badge,
    BoothBooking,
    Exhibitor,
    ExhibitorStatus,
    Fair,
    FairStatus,
    Invoice,
    Meeting,
    MeetingRequest,
    Membership,
    Organization,
    Payment,
    RequestStatus,
    Role,
    ShortlistEntry,
    TeamInvitation,
    User,
    Verification,
)
from eventsys.models.invoices import DocumentKind
from eventsys.services import permissions
from eventsys.services.accounts.investors import INVESTOR_KINDS


@dataclass(frozen=True)
class Step:
    """One next step: done or not, and the page where it is done (an endpoint and its arguments)."""

    key: str
    label: str
    done: bool
    endpoint: str
    args: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Waiting:
    """Something that waits for an organizer, with how many."""

    key: str
    label: str
    count: int
    endpoint: str
    args: dict = field(default_factory=dict)


def _any(session: Session, query) -> bool:
    return bool(session.scalar(select(exists(query))))


def startup_steps(session: Session, user: User, fair: Fair | None) -> list[Step]:
    """Company profile and logo → apply to exhibit → booth → team → availability → meetings → badges."""
    org = user.organization
    if org is None:
        return []
    fair_args = {"slug": fair.slug} if fair else {}
    fair_page = ("fairs.show_fair", fair_args) if fair else ("fairs.index", {})
    at_fair = [Exhibitor.fair_id == fair.id] if fair else []
    steps = [
        Step(
            "profile",
            _l("Fill in your company profile and upload your logo"),
            bool(org.description and org.logo_path),
            "companies.edit_company",
        ),
        Step(
            "apply",
            _l("Apply to exhibit at a fair"),
            _any(session, select(Exhibitor.id).where(Exhibitor.organization_id == org.id, *at_fair)),
            *fair_page,
        ),
        Step(
            "booth",
            _l("Book your booth"),
            _any(session, select(BoothBooking.id).where(BoothBooking.organization_id == org.id)),
            *fair_page,
        ),
        Step("team", _l("Invite your team"), _has_team(session, org), "teams.show_team"),
    ]
    return (
        steps
        + _meeting_steps(session, user, org, fair)
        + [
            Step(
                "badges",
                _l("Get your badge"),
                _any(session, select(Badge.id).where(Badge.user_id == user.id)),
                "badges.show_own_badge" if fair else "fairs.index",
                fair_args,
            ),
        ]
    )


def investor_steps(session: Session, user: User, fair: Fair | None) -> list[Step]:
    """Firm profile → verification → directory → requests → availability."""
    org = user.organization
    if org is None:
        return []
    steps = [
        Step(
            "profile", _l("Describe your firm and what you invest in"), bool(org.description), "investors.edit_profile"
        ),
        Step(
            "verification",
            _l("Wait for the organizers to verify your firm"),
            org.verification == Verification.VERIFIED,
            "investors.edit_profile",
        ),
        Step(
            "directory",
            _l("Browse the startups and shortlist the ones you want to meet"),
            _any(session, select(ShortlistEntry.id).where(ShortlistEntry.investor_id == org.id)),
            "directory.list_startups",
        ),
    ]
    return steps + _meeting_steps(session, user, org, fair)


def _meeting_steps(session: Session, user: User, org: Organization, fair: Fair | None) -> list[Step]:
    asked = _any(
        session,
        select(MeetingRequest.id).where(
            (MeetingRequest.requester_organization_id == org.id) | (MeetingRequest.recipient_organization_id == org.id)
        ),
    )
    available = _any(session, select(Availability.id).where(Availability.user_id == user.id))
    requests = Step(
        "requests",
        _l("Send or answer meeting requests"),
        asked,
        "meetings.list_requests" if fair else "meetings.agenda",
        {"slug": fair.slug} if fair else {},
    )
    availability = Step(
        "availability",
        _l("Say when you can meet"),
        available,
        "meetings.edit_availability" if fair else "meetings.agenda",
        {"slug": fair.slug} if fair else {},
    )
    if org.kind in INVESTOR_KINDS:
        return [requests, availability]
    return [availability, requests]


def _has_team(session: Session, org: Organization) -> bool:
    members = session.scalar(select(func.count()).select_from(Membership).where(Membership.organization_id == org.id))
    invited = _any(session, select(TeamInvitation.id).where(TeamInvitation.organization_id == org.id))
    return (members or 0) > 1 or invited


def organizer_waiting(session: Session, user: User) -> list[Waiting]:
    """Applications to decide, firms to verify, unpaid invoices and accepted requests without a meeting, per fair."""
    theirs = permissions.managed_fair_filter(user, Fair.id)
    waiting: list[Waiting] = []
    for fair in session.scalars(select(Fair).where(theirs).order_by(Fair.starts_on)):
        waiting += _fair_waiting(session, fair)
    if permissions.can_verify_investors(user):
        pending = session.scalar(
            select(func.count())
            .select_from(Organization)
            .where(Organization.kind.in_(INVESTOR_KINDS), Organization.verification == Verification.PENDING)
        )
        if pending:
            waiting.append(
                Waiting("verifications", _l("Investor firms to verify"), pending, "investors.verification_queue")
            )
    return waiting


def _fair_waiting(session: Session, fair: Fair) -> list[Waiting]:
    def count(query) -> int:
        return session.scalar(select(func.count()).select_from(query.subquery())) or 0

    applied = count(
        select(Exhibitor.id).where(Exhibitor.fair_id == fair.id, Exhibitor.status == ExhibitorStatus.APPLIED)
    )
    credited = select(Invoice.original_id).where(
        Invoice.kind == DocumentKind.CREDIT_NOTE, Invoice.original_id.is_not(None)
    )
    paid = select(func.coalesce(func.sum(Payment.amount_jpy), 0)).where(Payment.invoice_id == Invoice.id)
    unpaid = count(
        select(Invoice.id).where(
            Invoice.fair_id == fair.id,
            Invoice.kind == DocumentKind.INVOICE,
            Invoice.id.not_in(credited),
            paid.scalar_subquery() < Invoice.total_jpy,
        )
    )
    scheduled = select(Meeting.request_id).where(Meeting.request_id.is_not(None))
    unscheduled = count(
        select(MeetingRequest.id).where(
            MeetingRequest.fair_id == fair.id,
            MeetingRequest.status == RequestStatus.ACCEPTED,
            MeetingRequest.id.not_in(scheduled),
        )
    )
    args = {"slug": fair.slug}
    rows = [
        Waiting(
            "applications",
            _l("%(fair)s: applications to exhibit", fair=fair.name),
            applied,
            "booth_admin.list_exhibitors",
            args,
        ),
        Waiting("unpaid", _l("%(fair)s: unpaid invoices", fair=fair.name), unpaid, "invoices.list_invoices", args),
        Waiting(
            "unscheduled",
            _l("%(fair)s: accepted requests without a meeting", fair=fair.name),
            unscheduled,
            "meeting_admin.schedule",
            args,
        ),
    ]
    return [row for row in rows if row.count]


def steps_for(session: Session, user: User, today: date) -> list[Step]:
    """The checklist of `user`'s role at the next fair (empty for organizers, who get organizer_waiting)."""
    fair = session.scalar(
        select(Fair).where(Fair.status != FairStatus.DRAFT, Fair.ends_on >= today).order_by(Fair.starts_on).limit(1)
    )
    if user.role == Role.STARTUP:
        return startup_steps(session, user, fair)
    if user.role == Role.INVESTOR:
        return investor_steps(session, user, fair)
    return []
