"""Investor firms: their profile, what startups may see of it, and organizers' verification."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from eventsys.models import (
    Currency,
    InvestorType,
    Membership,
    Organization,
    OrganizationKind,
    Region,
    Sector,
    Stage,
    User,
    Verification,
    utcnow,
)
from eventsys.services import audit, mail, permissions
from eventsys.services.errors import InvalidInput, NotAllowed, NotFound

INVESTOR_KINDS = (OrganizationKind.INVESTOR_FIRM, OrganizationKind.CORPORATE_PARTNER)

#: Translated names of the codes the models store, for forms, reasons and pages.
STAGE_LABELS = {
    Stage.PRE_SEED: _l("pre-seed"),
    Stage.SEED: _l("seed"),
    Stage.SERIES_A: _l("Series A"),
    Stage.SERIES_B: _l("Series B"),
    Stage.GROWTH: _l("growth"),
}
REGION_LABELS = {
    Region.HOKKAIDO_TOHOKU: _l("Hokkaido/Tohoku"),
    Region.KANTO: _l("Kanto"),
    Region.CHUBU: _l("Chubu"),
    Region.KANSAI: _l("Kansai"),
    Region.CHUGOKU_SHIKOKU: _l("Chugoku/Shikoku"),
    Region.KYUSHU_OKINAWA: _l("Kyushu/Okinawa"),
    Region.OVERSEAS: _l("Overseas"),
}
INVESTOR_TYPE_LABELS = {
    InvestorType.VENTURE_CAPITAL: _l("Venture capital"),
    InvestorType.CORPORATE_VC: _l("Corporate VC"),
    InvestorType.ANGEL: _l("Angel"),
    InvestorType.GOVERNMENT_FUND: _l("Government or public fund"),
    InvestorType.BANK: _l("Bank"),
    InvestorType.ACCELERATOR: _l("Accelerator"),
    InvestorType.CORPORATE_PARTNER: _l("Corporate partner"),
}
#: Largest ticket anyone may state: ten trillion, far above any real fund, far below BIGINT's limit.
MAX_TICKET = 10**13


@dataclass
class InvestorProfile:
    """What an investor firm states about itself; the form and the CSV import both fill one."""

    name: str
    country: str
    investor_type: InvestorType
    name_local: str | None = None
    city: str | None = None
    website: str | None = None
    description: str | None = None
    ticket_min: int | None = None
    ticket_max: int | None = None
    ticket_currency: Currency | None = None
    sector_slugs: Iterable[str] = ()
    stages: Iterable[Stage] = ()
    regions: Iterable[Region] = ()
    is_listed: bool = True
    shows_ticket_size: bool = True


def check_ticket_range(low: int | None, high: int | None, currency: Currency | None) -> None:
    """Refuse negative, reversed or absurd ticket sizes, and sizes without a currency."""
    for value in (low, high):
        if value is not None and not 0 <= value <= MAX_TICKET:
            raise InvalidInput(_l("Ticket sizes must be between 0 and 10 trillion."), field="ticket_min")
    if low is not None and high is not None and low > high:
        raise InvalidInput(_l("The smallest ticket is larger than the largest."), field="ticket_max")
    if (low is not None or high is not None) and currency is None:
        raise InvalidInput(_l("Choose the currency of the ticket sizes."), field="ticket_currency")


def apply_profile(organization: Organization, profile: InvestorProfile, sectors: Mapping[str, Sector]) -> None:
    """Copy a checked profile onto the firm; `sectors` maps every known slug to its Sector."""
    check_ticket_range(profile.ticket_min, profile.ticket_max, profile.ticket_currency)
    unknown = [slug for slug in profile.sector_slugs if slug not in sectors]
    if unknown:
        raise InvalidInput(_l("Unknown sectors: %(names)s", names=", ".join(unknown)), field="sectors")
    organization.name = profile.name.strip()
    organization.name_local = (profile.name_local or "").strip() or None
    organization.country = profile.country.upper()
    organization.city = (profile.city or "").strip() or None
    organization.website = (profile.website or "").strip() or None
    organization.description = (profile.description or "").strip() or None
    organization.investor_type = profile.investor_type
    organization.ticket_min, organization.ticket_max = profile.ticket_min, profile.ticket_max
    organization.ticket_currency = profile.ticket_currency
    organization.sectors = [sectors[slug] for slug in dict.fromkeys(profile.sector_slugs)]
    organization.stages_of_interest = profile.stages
    organization.regions_of_interest = profile.regions
    organization.is_listed, organization.shows_ticket_size = profile.is_listed, profile.shows_ticket_size
    organization.region = Region.OVERSEAS if organization.country != "JP" else organization.region


def get_sectors(session: Session) -> dict[str, Sector]:
    return {sector.slug: sector for sector in session.scalars(select(Sector).order_by(Sector.name))}


def update_profile(session: Session, organization: Organization, profile: InvestorProfile, *, actor: User) -> None:
    """An investor firm's people (or an organizer) change its profile and visibility."""
    if organization.kind not in INVESTOR_KINDS:
        raise NotFound(_l("This is not an investor firm."))
    if not (permissions.can_verify_investors(actor) or permissions.is_member(actor, organization.id)):
        raise NotAllowed(_l("Only the firm's own people can change its profile."))
    apply_profile(organization, profile, get_sectors(session))
    session.flush()
    audit.record(session, "investor.profile_update", organization, actor=actor)


def get_pending_investors(session: Session) -> list[Organization]:
    """Firms waiting for an organizer's decision, oldest first, with what the queue shows."""
    return list(
        session.scalars(
            select(Organization)
            .where(Organization.kind.in_(INVESTOR_KINDS), Organization.verification == Verification.PENDING)
            .options(
                selectinload(Organization.sectors),
                selectinload(Organization.stage_interests),
                selectinload(Organization.region_interests),
                selectinload(Organization.memberships).selectinload(Membership.user),
            )
            .order_by(Organization.created_at, Organization.id)
        )
    )


def decide_verification(
    session: Session, organization: Organization, decision: Verification, *, actor: User, reason: str | None = None
) -> None:
    """An organizer verifies or rejects an investor firm; a rejection needs a reason; the firm is mailed on commit."""
    if not permissions.can_verify_investors(actor):
        raise NotAllowed(_l("Only organizers verify investors."))
    if organization.kind not in INVESTOR_KINDS:
        raise NotFound(_l("This is not an investor firm."))
    if decision == Verification.PENDING:
        raise InvalidInput(_l("Choose verify or reject."), field="decision")
    reason = (reason or "").strip() or None
    if decision == Verification.REJECTED and not reason:
        raise InvalidInput(_l("Give the reason for the rejection; we mail it to the firm."), field="reason")
    previous = organization.verification
    organization.verification = decision
    organization.verification_reason = reason
    organization.verification_decided_at = utcnow()
    organization.verification_decided_by_id = actor.id
    session.flush()
    audit.record(
        session, f"investor.{decision.value}", organization, actor=actor, previous=previous.value, reason=reason
    )
    _mail_decision(session, organization)


def _mail_decision(session: Session, organization: Organization) -> None:
    """Queue the decision, with the reason, for each of the firm's active people in their language."""
    for user in (m.user for m in organization.memberships if m.user.is_active):
        with mail.in_language_of(user):
            if organization.verification == Verification.VERIFIED:
                subject = _("%(firm)s is verified on eventsys", firm=organization.name)
                text = _(
                    "Your firm %(firm)s is verified: you can now request meetings and see startups' contacts.",
                    firm=organization.name,
                )
            else:
                subject = _("%(firm)s could not be verified", firm=organization.name)
                text = _("The organizers could not verify %(firm)s.", firm=organization.name)
            if organization.verification_reason:
                text += "\n\n" + _("Reason: %(reason)s", reason=organization.verification_reason)
        mail.send_after_commit(session, user.email, subject, text)


def is_verified_investor(user: User) -> bool:
    """A user of a verified investor firm: may see contacts and request meetings."""
    organization = user.organization
    return organization is not None and organization.is_investor and organization.verification == Verification.VERIFIED


def can_see_contacts(user: User) -> bool:
    """Owners and staff of verified organizers, and verified investors, see startups' contact people; pending
    investors, startups and check-in or finance staff do not."""
    return permissions.acts_for_verified_organizer(user) or is_verified_investor(user)
