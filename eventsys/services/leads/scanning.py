"""Leads: who may collect them, the exhibitor's questions, scans synced from a booth's scanner, and the lead list
(what a person shares follows their latest consent; without it, only what is printed on the badge)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from eventsys.models import (
    Badge,
    BadgeStatus,
    BookingStatus,
    BoothBooking,
    Fair,
    Lead,
    LeadQuestion,
    LeadScanning,
    Organization,
    OrganizationKind,
    User,
    Verification,
    utcnow,
)
from eventsys.services.badges import signing
from eventsys.services.badges.checkin import find_serial
from eventsys.services.badges.desk import OLDEST_SCAN
from eventsys.services.errors import InvalidInput, NotAllowed
from eventsys.services.leads.consent import Sharing, get_sharing

MAX_QUESTIONS = 5
MAX_BATCH = 200
_CLOCK_SLACK = timedelta(minutes=10)


def is_enabled(session: Session, fair: Fair) -> bool:
    return session.scalar(select(LeadScanning.id).where(LeadScanning.fair_id == fair.id)) is not None


def set_enabled(session: Session, fair: Fair, enabled: bool, *, actor: User) -> None:
    """The organizer allows or stops lead scanning at the fair (leads already collected stay their owners')."""
    row = session.scalar(select(LeadScanning).where(LeadScanning.fair_id == fair.id))
    if enabled and row is None:
        session.add(LeadScanning(fair_id=fair.id, enabled_by_id=actor.id))
    elif not enabled and row is not None:
        session.delete(row)
    session.flush()


def collecting_organization(session: Session, fair: Fair, user: User) -> Organization | None:
    """The organization whose leads `user` collects and reads at `fair`: their startup with a confirmed booth there,
    or their verified investor firm; None for anybody else (organizers and check-in staff included)."""
    organization = user.organization if user.is_authenticated else None
    if organization is None:
        return None
    if organization.kind == OrganizationKind.INVESTOR_FIRM and organization.verification == Verification.VERIFIED:
        return organization
    if organization.kind == OrganizationKind.STARTUP:
        booked = session.scalar(
            select(BoothBooking.id).where(
                BoothBooking.fair_id == fair.id,
                BoothBooking.organization_id == organization.id,
                BoothBooking.status == BookingStatus.CONFIRMED,
            )
        )
        return organization if booked is not None else None
    return None


def require_collector(session: Session, fair: Fair, user: User, *, scanning: bool = False) -> Organization:
    """The collecting organization, or NotAllowed; scanning also needs the fair to allow it now."""
    organization = collecting_organization(session, fair, user)
    if organization is None:
        raise NotAllowed(_l("Leads are for exhibitors with a confirmed booth and verified investors of this fair."))
    if scanning and not is_enabled(session, fair):
        raise NotAllowed(_l("The organizer has not allowed lead scanning at this fair."))
    return organization


def get_questions(session: Session, fair: Fair, organization: Organization) -> list[LeadQuestion]:
    query = select(LeadQuestion).where(LeadQuestion.fair_id == fair.id, LeadQuestion.organization_id == organization.id)
    return list(session.scalars(query.order_by(LeadQuestion.position)))


def set_questions(session: Session, fair: Fair, organization: Organization, texts: list[str]) -> list[LeadQuestion]:
    """Replace the organization's questions with `texts` (blank lines dropped); answers already given stay."""
    texts = [text.strip() for text in texts if text.strip()]
    if len(texts) > MAX_QUESTIONS:
        raise InvalidInput(_l("Ask at most %(count)d questions.", count=MAX_QUESTIONS), field="questions")
    if any(len(text) > 200 for text in texts):
        raise InvalidInput(_l("Keep each question under 200 characters."), field="questions")
    current = get_questions(session, fair, organization)
    for question in current[len(texts) :]:
        session.delete(question)
    session.flush()
    for position, text in enumerate(texts):
        if position < len(current):
            current[position].text = text
        else:
            session.add(LeadQuestion(fair_id=fair.id, organization_id=organization.id, position=position, text=text))
    session.flush()
    return get_questions(session, fair, organization)


@dataclass(frozen=True)
class LeadScan:
    client_scan_id: str
    code: str
    scanned_at: datetime
    rating: int | None = None
    notes: str = ""
    answers: dict[str, str] | None = None


def sync_lead_scans(
    session: Session, fair: Fair, scans: list[LeadScan], *, actor: User, secret_key: str
) -> list[tuple[str, str, int | None]]:
    """Record a scanner's queued scans as leads of the actor's organization: (client scan id, outcome, lead id).
    Scanning a person again keeps one lead and adds what is new (a later rating, more notes)."""
    organization = require_collector(session, fair, actor, scanning=True)
    if len(scans) > MAX_BATCH:
        raise InvalidInput(_l("Send at most %(count)d scans at once.", count=MAX_BATCH), field="scans")
    if any(scan.scanned_at > utcnow() + _CLOCK_SLACK for scan in scans):
        raise InvalidInput(_l("A scan is dated in the future: check the device's clock."), field="scanned_at")
    if any(scan.scanned_at < utcnow() - OLDEST_SCAN for scan in scans):
        raise InvalidInput(_l("A scan is dated long ago: check the device's clock."), field="scanned_at")
    questions = {str(q.id) for q in get_questions(session, fair, organization)}
    results = []
    public_keys = signing.get_public_keys(session, fair)  # once for the batch, not once per scan
    for scan in scans:
        serial = find_serial(session, fair, scan.code, secret_key, public_keys)
        badge = session.scalar(select(Badge).where(Badge.serial == serial)) if serial else None
        if badge is None or badge.fair_id != fair.id or badge.status != BadgeStatus.ACTIVE:
            results.append((scan.client_scan_id, "refused", None))
            continue
        answers = {k: str(v)[:500] for k, v in (scan.answers or {}).items() if k in questions and v}
        lead = _upsert(session, fair, organization, badge, scan, answers, actor)
        results.append((scan.client_scan_id, "recorded", lead.id))
    return results


def _upsert(session, fair, organization, badge, scan: LeadScan, answers, actor) -> Lead:
    for _attempt in range(3):
        lead = session.scalar(
            select(Lead).where(
                Lead.fair_id == fair.id, Lead.organization_id == organization.id, Lead.badge_id == badge.id
            )
        )
        if lead is None:
            lead = Lead(
                fair_id=fair.id,
                organization_id=organization.id,
                badge_id=badge.id,
                scanned_by_id=actor.id,
                scanned_at=scan.scanned_at,
                client_scan_id=scan.client_scan_id,
                rating=scan.rating,
                notes=scan.notes.strip(),
                answers=answers,
            )
            try:
                with session.begin_nested():
                    session.add(lead)
            except IntegrityError:
                continue  # a colleague's scanner recorded this person at the same moment
            return lead
        if lead.client_scan_id != scan.client_scan_id:  # a new scan, not the same one sent again
            lead.rating = scan.rating if scan.rating is not None else lead.rating
            note = scan.notes.strip()
            if note and note not in lead.notes:
                lead.notes = f"{lead.notes}\n{note}".strip()
            lead.answers = {**lead.answers, **answers}
            lead.client_scan_id = scan.client_scan_id
            session.flush()
        return lead
    raise RuntimeError("a lead could not be recorded")


def update_lead(
    session: Session, lead: Lead, *, rating: int | None, notes: str, answers: dict[str, str], actor: User
) -> Lead:
    """A collector edits a lead's rating, notes and answers."""
    organization = require_collector(session, lead.fair, actor)
    if lead.organization_id != organization.id:
        raise NotAllowed(_l("This lead belongs to another organization."))
    questions = {str(q.id) for q in get_questions(session, lead.fair, organization)}
    lead.rating, lead.notes = rating, notes.strip()
    lead.answers = {k: v.strip()[:500] for k, v in answers.items() if k in questions and v.strip()}
    session.flush()
    return lead


@dataclass(frozen=True)
class LeadRow:
    """A lead as its owner sees it: the printed badge always; name, company, job title and e-mail only with
    consent (the title under a consent whose wording named it)."""

    lead: Lead
    shares: bool
    name: str
    name_local: str | None
    organization: str | None
    country: str | None
    role: str
    email: str | None
    job_title: str | None


def get_leads(
    session: Session,
    fair: Fair,
    organization: Organization,
    *,
    min_rating: int | None = None,
    query: str = "",
    shared_only: bool = False,
) -> list[LeadRow]:
    """The organization's leads at the fair, newest first, filtered by rating, text and consent."""
    leads = list(
        session.scalars(
            select(Lead)
            .where(Lead.fair_id == fair.id, Lead.organization_id == organization.id)
            .options(selectinload(Lead.badge).selectinload(Badge.user))
            .order_by(Lead.scanned_at.desc(), Lead.id.desc())
        )
    )
    sharing = get_sharing(session, [lead.badge for lead in leads])
    rows = [_row(lead, sharing[lead.badge_id]) for lead in leads]
    wanted = query.strip().casefold()
    return [
        row
        for row in rows
        if (min_rating is None or (row.lead.rating or 0) >= min_rating)
        and (not shared_only or row.shares)
        and (not wanted or wanted in _searched(row))
    ]


def _searched(row: LeadRow) -> str:
    return (
        f"{row.name} {row.name_local or ''} {row.organization or ''} {row.job_title or ''} {row.lead.notes}".casefold()
    )


def _row(lead: Lead, sharing: Sharing) -> LeadRow:
    badge = lead.badge
    user = badge.user if sharing.shares else None
    title = (badge.user.job_title if badge.user else badge.job_title) if sharing.title else None
    return LeadRow(
        lead=lead,
        shares=sharing.shares,
        name=user.name if user else badge.name,
        name_local=badge.name_local,
        organization=(user.organization.name if user and user.organization else badge.organization_name),
        country=badge.country,
        role=badge.role.value,
        email=user.email if user else None,
        job_title=title,
    )


def get_lead_counts(session: Session, fair: Fair) -> list[tuple[str, int]]:
    """For the organizer's dashboard: how many leads each organization collected, never the leads themselves."""
    rows = session.execute(
        select(Organization.name, func.count(Lead.id))
        .join(Lead, Lead.organization_id == Organization.id)
        .where(Lead.fair_id == fair.id)
        .group_by(Organization.name)
        .order_by(func.count(Lead.id).desc(), Organization.name)
    )
    return [(name, count) for name, count in rows]
