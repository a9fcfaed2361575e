"""Meeting requests: an investor or partner asks a startup, or a startup asks an investor; the other side answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eventsys.models import (
    Center,
    Fair,
    Meeting,
    MeetingRequest,
    Membership,
    NoticeKind,
    Organization,
    OrganizationKind,
    RequestStatus,
    User,
    Verification,
    organization_pair,
    utcnow,
)
from eventsys.services.audit import record
from eventsys.services.directory.search import term_condition
from eventsys.services.directory.search_text import terms as search_terms
from eventsys.services.errors import DomainError, InvalidInput, NotAllowed, NotFound
from eventsys.services.meetings import attendance
from eventsys.services.meetings import centers as center_service
from eventsys.services.meetings.notices import notify_request

INVESTOR_KINDS = (OrganizationKind.INVESTOR_FIRM, OrganizationKind.CORPORATE_PARTNER)


@dataclass(frozen=True)
class RequestLimits:
    """Settings MEETING_OPEN_REQUEST_LIMIT, MEETING_REQUEST_EXPIRY_DAYS, MEETING_NO_SHOWS_ALLOWED and
    MEETING_NO_SHOW_PENALTY (open requests fewer per no-show beyond those allowed)."""

    open_requests: int = 30
    expiry_days: int = 7
    no_shows_allowed: int = 1
    no_show_penalty: int = 10

    @classmethod
    def from_config(cls, config) -> RequestLimits:
        return cls(
            int(config["MEETING_OPEN_REQUEST_LIMIT"]),
            int(config["MEETING_REQUEST_EXPIRY_DAYS"]),
            int(config["MEETING_NO_SHOWS_ALLOWED"]),
            int(config["MEETING_NO_SHOW_PENALTY"]),
        )


def expire_requests(session: Session, *, now: datetime | None = None) -> int:
    """Unanswered requests past their expiry stop blocking: they become expired."""
    result = session.execute(
        update(MeetingRequest)
        .where(MeetingRequest.status == RequestStatus.OPEN, MeetingRequest.expires_at <= (now or utcnow()))
        .values(status=RequestStatus.EXPIRED)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


@dataclass(frozen=True)
class RecipientRule:
    """Which organizations a requester may ask: these kinds, and only verified ones when `verified_only`."""

    kinds: tuple[OrganizationKind, ...]
    verified_only: bool

    def admits(self, organization: Organization) -> bool:
        return organization.kind in self.kinds and (
            not self.verified_only or organization.verification == Verification.VERIFIED
        )

    def condition(self):
        """The same rule as a WHERE clause on Organization."""
        kinds = Organization.kind.in_(self.kinds)
        return kinds & (Organization.verification == Verification.VERIFIED) if self.verified_only else kinds


def recipient_rule(requester_org: Organization | None) -> RecipientRule | None:
    """Startups ask verified investors or partners; investors and partners ask startups; nobody else asks."""
    if requester_org is None:
        return None
    if requester_org.kind == OrganizationKind.STARTUP:
        return RecipientRule(INVESTOR_KINDS, verified_only=True)
    if requester_org.kind in INVESTOR_KINDS:
        return RecipientRule((OrganizationKind.STARTUP,), verified_only=False)
    return None


def is_pending_investor(organization: Organization | None) -> bool:
    """An investor or partner the organizers have not verified yet: it may look, not ask."""
    return (
        organization is not None
        and organization.kind in INVESTOR_KINDS
        and organization.verification != Verification.VERIFIED
    )


def can_request(requester_org: Organization | None, recipient_org: Organization) -> bool:
    """Startups ask investors or partners; verified investors and partners ask startups."""
    rule = recipient_rule(requester_org)
    if rule is None or requester_org.id == recipient_org.id:
        return False
    if requester_org.kind in INVESTOR_KINDS and requester_org.verification != Verification.VERIFIED:
        return False
    return rule.admits(recipient_org)


def get_possible_recipients(session: Session, requester_org: Organization | None) -> list[Organization]:
    """Organizations `requester_org` may ask (the recipient side of can_request), by name.

    An investor still waiting for verification sees them too: sending then says why it may not yet.
    """
    rule = recipient_rule(requester_org)
    if rule is None:
        return []
    query = select(Organization).where(rule.condition(), Organization.id != requester_org.id)
    return list(session.scalars(query.order_by(Organization.name, Organization.id)))


def find_recipients(
    session: Session, requester_org: Organization | None, term: str, *, limit: int = 20
) -> list[Organization]:
    """Organizations `requester_org` may ask whose name or description contains `term` (the directory's search)."""
    rule, folded = recipient_rule(requester_org), search_terms((term or "")[:100])
    if rule is None or not folded:
        return []
    query = select(Organization).where(
        rule.condition(),
        Organization.id != requester_org.id,
        *(term_condition(term) for term in folded),
    )
    return list(session.scalars(query.order_by(Organization.name, Organization.id).limit(limit)))


def get_recipient(session: Session, requester_org: Organization | None, organization_id: int | None):
    """The organization of that id if `requester_org` may ask it, else None."""
    rule = recipient_rule(requester_org)
    organization = session.get(Organization, organization_id) if organization_id else None
    if rule is None or organization is None or organization.id == requester_org.id or not rule.admits(organization):
        return None
    return organization


def send_request(
    session: Session,
    fair: Fair,
    requester: User,
    recipient_org: Organization,
    *,
    message: str | None,
    language: str | None,
    centers: list[Center],
    limits: RequestLimits,
    now: datetime | None = None,
) -> MeetingRequest:
    """Ask `recipient_org` for a meeting at `fair`."""
    now = now or utcnow()
    requester_org = requester.organization
    investor = requester_org is not None and requester_org.kind in INVESTOR_KINDS
    if investor and requester_org.verification != Verification.VERIFIED:
        raise NotAllowed(_l("Only verified investors can send meeting requests."))
    if not can_request(requester_org, recipient_org):
        raise NotAllowed(_l("You cannot ask this organization for a meeting."))
    for center in centers:
        center_service.ensure_open(center)
    expire_requests(session, now=now)
    open_count = session.scalar(
        select(func.count(MeetingRequest.id)).where(
            MeetingRequest.fair_id == fair.id,
            MeetingRequest.requester_id == requester.id,
            MeetingRequest.status == RequestStatus.OPEN,
        )
    )
    allowed = attendance.open_request_limit(
        limits.open_requests,
        attendance.no_show_count(session, requester.id),
        allowed=limits.no_shows_allowed,
        penalty=limits.no_show_penalty,
    )
    if open_count >= allowed:
        raise DomainError(_l("You have %(n)d open requests, the most allowed. Wait for answers.", n=open_count))
    request = MeetingRequest(
        fair_id=fair.id,
        requester=requester,
        requester_organization_id=requester_org.id,
        recipient_organization_id=recipient_org.id,
        pair_key=organization_pair(requester_org.id, recipient_org.id),
        message=(message or "").strip() or None,
        language=language or None,
        preferred_centers=list(centers),
        expires_at=now + timedelta(days=limits.expiry_days),
    )
    try:
        with session.begin_nested():
            session.add(request)
            session.flush()
    except IntegrityError:
        raise DomainError(_l("There is already an open request between your two organizations.")) from None
    record(session, "meeting_request.send", request, actor=requester, fair_id=fair.id)
    notify_request(session, request, NoticeKind.REQUEST_RECEIVED)
    return request


def get_request(session: Session, request_id: int) -> MeetingRequest:
    request = session.get(MeetingRequest, request_id)
    if request is None:
        raise NotFound(_l("No such meeting request."))
    return request


def is_member(session: Session, user: User, organization_id: int) -> bool:
    return (
        session.scalar(
            select(Membership.id).where(Membership.user_id == user.id, Membership.organization_id == organization_id)
        )
        is not None
    )


def is_party(session: Session, request: MeetingRequest, user: User) -> bool:
    """Whether `user` is on either side of the request."""
    return any(
        is_member(session, user, org) for org in (request.requester_organization_id, request.recipient_organization_id)
    )


def respond(
    session: Session,
    request: MeetingRequest,
    actor: User,
    *,
    accept: bool,
    reason: str | None = None,
    now: datetime | None = None,
) -> MeetingRequest:
    """The recipient side accepts or declines (with an optional reason)."""
    now = now or utcnow()
    if not is_member(session, actor, request.recipient_organization_id):
        raise NotAllowed(_l("Only the organization asked can answer this request."))
    if request.recipient_id is not None and request.recipient_id != actor.id:
        raise NotAllowed(_l("This request was sent to a colleague of yours."))
    if request.status == RequestStatus.OPEN and request.expires_at is not None and request.expires_at <= now:
        request.status = RequestStatus.EXPIRED
    if request.status != RequestStatus.OPEN:
        raise DomainError(_l("This request is no longer open."))
    request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    request.responded_at = now
    request.recipient_id = actor.id
    request.decline_reason = None if accept else ((reason or "").strip()[:255] or None)
    session.flush()
    record(
        session, f"meeting_request.{'accept' if accept else 'decline'}", request, actor=actor, fair_id=request.fair_id
    )
    notify_request(session, request, NoticeKind.REQUEST_ACCEPTED if accept else NoticeKind.REQUEST_DECLINED)
    return request


def withdraw(session: Session, request: MeetingRequest, actor: User) -> None:
    """The requester takes back an open request."""
    if request.requester_id != actor.id:
        raise NotAllowed(_l("Only who sent the request can withdraw it."))
    if request.status != RequestStatus.OPEN:
        raise DomainError(_l("This request is no longer open."))
    request.status = RequestStatus.WITHDRAWN
    session.flush()
    record(session, "meeting_request.withdraw", request, actor=actor, fair_id=request.fair_id)
    notify_request(session, request, NoticeKind.REQUEST_WITHDRAWN)


def get_requests(session: Session, fair: Fair, user: User) -> tuple[list[MeetingRequest], list[MeetingRequest]]:
    """Requests to and from the user's organization at `fair`: (incoming, outgoing), newest first."""
    org_ids = [m.organization_id for m in user.memberships]
    rows = session.scalars(
        select(MeetingRequest)
        .where(
            MeetingRequest.fair_id == fair.id,
            or_(
                MeetingRequest.requester_organization_id.in_(org_ids),
                MeetingRequest.recipient_organization_id.in_(org_ids),
            ),
        )
        .order_by(MeetingRequest.created_at.desc(), MeetingRequest.id.desc())
    ).all()
    incoming = [r for r in rows if r.recipient_organization_id in org_ids]
    outgoing = [r for r in rows if r.requester_organization_id in org_ids]
    return incoming, outgoing


def get_booked_request_ids(session: Session, fair: Fair) -> set[int]:
    """Requests of `fair` that already have a meeting (cancelled ones included: their slot was picked once)."""
    return set(session.scalars(select(Meeting.request_id).where(Meeting.fair_id == fair.id)))


def validate_language(language: str | None) -> str | None:
    if language and (len(language) > 8 or not language.replace("-", "").isalpha()):
        raise InvalidInput(_l("Choose a language."), field="language")
    return language or None
