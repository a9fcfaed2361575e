"""Who gets a badge for a fair, issuing badges, reprinting (which revokes the old token) and press/visitor badges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from eventsys.models import (
    Badge,
    BadgeRole,
    BadgeRoleRule,
    BadgeStatus,
    BookingStatus,
    BoothBooking,
    Fair,
    FairStaff,
    MemberRole,
    Membership,
    Organization,
    OrganizationKind,
    User,
    Verification,
    utcnow,
)
from eventsys.models.badges import days_text
from eventsys.services import audit
from eventsys.services.badges import allowance
from eventsys.services.badges.fonts import missing_glyphs
from eventsys.services.badges.signing import get_signing_key
from eventsys.services.errors import InvalidInput, NotAllowed

#: Roles organizers enter by hand, for people without an account.
GUEST_ROLES = (BadgeRole.PRESS, BadgeRole.VISITOR)
#: When someone fits two roles, the first listed wins.
_PRECEDENCE = (BadgeRole.ORGANIZER, BadgeRole.EXHIBITOR, BadgeRole.PARTNER, BadgeRole.INVESTOR)


@dataclass(frozen=True)
class Entitlement:
    """A person with an account who may wear a badge of `role` at a fair, for `organization`."""

    user: User
    role: BadgeRole
    organization: Organization


def _confirmed_companies(fair: Fair):
    return select(BoothBooking.organization_id).where(
        BoothBooking.fair_id == fair.id, BoothBooking.status == BookingStatus.CONFIRMED
    )


def get_entitlements(session: Session, fair: Fair, user: User | None = None) -> list[Entitlement]:
    """Everyone with an account (or just `user`) who gets a badge for `fair`, each once, in two queries."""
    booked = _confirmed_companies(fair)
    # The organizer organization's owners work every fair it runs; its other members only those they have a role at.
    staffed = select(FairStaff.user_id).where(FairStaff.fair_id == fair.id)
    query = (
        select(User, Organization)
        .join(Membership, Membership.user_id == User.id)
        .join(Organization, Organization.id == Membership.organization_id)
        .where(User.is_active.is_(True))
        .where(
            ((Organization.id == fair.organizer_id) & ((Membership.role == MemberRole.OWNER) | User.id.in_(staffed)))
            | Organization.id.in_(booked)
            | (
                Organization.kind.in_([OrganizationKind.INVESTOR_FIRM, OrganizationKind.CORPORATE_PARTNER])
                & (Organization.verification == Verification.VERIFIED)
            )
        )
    )
    if user is not None:
        query = query.where(User.id == user.id)
    rows = session.execute(query.order_by(Membership.id)).all()  # in the order they joined: see allowance.py
    booked_ids = set(session.scalars(booked))
    found: dict[int, Entitlement] = {}
    for person, organization in rows:
        role = _role_of(fair, organization, booked_ids)
        current = found.get(person.id)
        if current is None or _PRECEDENCE.index(role) < _PRECEDENCE.index(current.role):
            found[person.id] = Entitlement(person, role, organization)
    return _within_allowances(session, fair, list(found.values()))


def _within_allowances(session: Session, fair: Fair, entitlements: list[Entitlement]) -> list[Entitlement]:
    """Exhibitors up to their company's badge allowance: those who hold a badge, then the free places in order."""
    companies = sorted({e.organization.id for e in entitlements if e.role == BadgeRole.EXHIBITOR})
    if not companies:
        return entitlements
    free = {company: found.free for company, found in allowance.get_allowances(session, fair, companies).items()}
    holders = allowance.held_by(session, fair)
    kept = []
    for entitlement in entitlements:
        company = entitlement.organization.id
        if entitlement.role != BadgeRole.EXHIBITOR or entitlement.user.id in holders or free[company] is None:
            kept.append(entitlement)
        elif free[company] > 0:
            free[company] -= 1
            kept.append(entitlement)
    return kept


def _role_of(fair: Fair, organization: Organization, booked_ids: set[int]) -> BadgeRole:
    if organization.id == fair.organizer_id:
        return BadgeRole.ORGANIZER
    if organization.id in booked_ids:
        return BadgeRole.EXHIBITOR
    if organization.kind == OrganizationKind.CORPORATE_PARTNER:
        return BadgeRole.PARTNER
    return BadgeRole.INVESTOR


def get_entitlement(session: Session, fair: Fair, user: User) -> Entitlement | None:
    """The badge `user` may download for `fair`, if any."""
    return next(iter(get_entitlements(session, fair, user)), None)


def get_active_badges(session: Session, fair: Fair, role: BadgeRole | None = None) -> list[Badge]:
    """The fair's active badges, by role then name."""
    query = select(Badge).where(Badge.fair_id == fair.id, Badge.status == BadgeStatus.ACTIVE)
    query = query.options(selectinload(Badge.user))  # its language names the role on the badge (printing.py)
    if role is not None:
        query = query.where(Badge.role == role)
    return list(session.scalars(query.order_by(Badge.role, Badge.name, Badge.id)))


def get_role_rule(session: Session, fair: Fair, role: BadgeRole, *, for_update: bool = False) -> BadgeRoleRule | None:
    """The days and zones the fair's managers set for badges of `role` (validity.set_role_validity), if any."""
    query = select(BadgeRoleRule).where(BadgeRoleRule.fair_id == fair.id, BadgeRoleRule.role == role)
    return session.scalar(query.with_for_update() if for_update else query)


def get_role_rules(session: Session, fair: Fair) -> dict[BadgeRole, BadgeRoleRule]:
    """Every role's rule at `fair`, by role."""
    rules = session.scalars(select(BadgeRoleRule).where(BadgeRoleRule.fair_id == fair.id))
    return {rule.role: rule for rule in rules}


def issue_badges(session: Session, fair: Fair, *, actor: User | None, role: BadgeRole | None = None) -> list[Badge]:
    """Active badges for everyone entitled (creating the missing ones, with their role's rule) plus press and
    visitors, for printing."""
    get_signing_key(session, fair)  # committed with the badges, so that their printed codes stay verifiable
    allowance.lock_companies(session, fair)
    have = {badge.user_id for badge in get_active_badges(session, fair) if badge.user_id is not None}
    missing = [e for e in get_entitlements(session, fair) if e.user.id not in have and role in (None, e.role)]
    if missing:
        rules = get_role_rules(session, fair)
        try:
            with session.begin_nested():
                session.add_all(_new_badge(fair, e, rules.get(e.role)) for e in missing)
        except IntegrityError:
            pass  # someone printing at the same moment issued them; theirs are read back below
        audit.record(session, "badge.issue", fair, actor=actor, fair_id=fair.id, count=len(missing))
    return get_active_badges(session, fair, role)


def ensure_own_badge(session: Session, fair: Fair, user: User) -> Badge:
    """The user's active badge for the fair, issued on first download; refused until they are entitled."""
    badge = session.scalar(
        select(Badge).where(Badge.fair_id == fair.id, Badge.user_id == user.id, Badge.status == BadgeStatus.ACTIVE)
    )
    entitlement = get_entitlement(session, fair, user)
    get_signing_key(session, fair)
    if badge is None and entitlement is not None and entitlement.role == BadgeRole.EXHIBITOR:
        allowance.lock_company(session, entitlement.organization.id)
        entitlement = get_entitlement(session, fair, user)  # counted again, behind the lock
    if badge is not None:
        if entitlement is not None:  # the token stays the same; only what is printed follows the account
            fresh = _new_badge(fair, entitlement)
            badge.name, badge.name_local = fresh.name, fresh.name_local
            badge.organization_name, badge.country = fresh.organization_name, fresh.country
        return badge
    if entitlement is None:
        raise NotAllowed(refusal(session, fair, user))
    badge = _new_badge(fair, entitlement, get_role_rule(session, fair, entitlement.role))
    session.add(badge)
    session.flush()
    audit.record(session, "badge.issue", badge, actor=user, fair_id=fair.id)
    return badge


def refusal(session: Session, fair: Fair, user: User) -> str:
    """Why `user` has no badge for the fair: not entitled yet, or their company's badges are all issued."""
    organization = user.organization
    if organization is not None and organization.id in set(session.scalars(_confirmed_companies(fair))):
        found = allowance.get_allowance(session, fair, organization.id)
        return _l(
            "All %(count)d badges of your company for this fair are issued. Extra badges can be ordered on your "
            "booking's extras page.",
            count=found.limit or 0,
        )
    return _l("Your badge is ready once your booth booking is confirmed or your firm is verified.")


def _new_badge(fair: Fair, entitlement: Entitlement, rule: BadgeRoleRule | None = None) -> Badge:
    """A badge for an entitled account; `rule` (the role's) gives its days and zones."""
    user, organization = entitlement.user, entitlement.organization
    return Badge(
        valid_days=rule.valid_days if rule else None,
        zones=rule.zones if rule else None,
        fair_id=fair.id,
        user_id=user.id,
        role=entitlement.role,
        name=user.name,
        name_local=user.name_local,
        organization_name=organization.name,
        country=organization.country,
        issued_at=utcnow(),
    )


_KEEP = object()


def reprint_badge(
    session: Session,
    badge: Badge,
    *,
    actor: User,
    valid_days=_KEEP,
    zones=_KEEP,
    action: str = "badge.reprint",
    **noted,
) -> Badge:
    """A new badge with a new serial in place of `badge`, whose QR token stops working at once (desks learn of it at
    their next sync). `valid_days` and `zones` change what the new badge admits to (they are signed into its code).
    Two reprints of one badge at once make one new badge, not two: the revoke is conditional, and the unique index
    on replaces_id refuses a second replacement whatever happens before it."""
    if not _revoke(session, badge):
        raise InvalidInput(_l("This badge was already replaced or revoked."))
    user = badge.user
    new = Badge(
        fair_id=badge.fair_id,
        user_id=badge.user_id,
        role=badge.role,
        name=user.name if user else badge.name,
        name_local=user.name_local if user else badge.name_local,
        organization_name=badge.organization_name,
        country=badge.country,
        job_title=badge.job_title,
        valid_days=badge.valid_days if valid_days is _KEEP else valid_days,
        zones=badge.zones if zones is _KEEP else zones,
        replaces_id=badge.id,
        issued_at=utcnow(),
    )
    get_signing_key(session, badge.fair)
    try:
        with session.begin_nested():
            session.add(new)
    except IntegrityError:
        raise InvalidInput(_l("This badge was already replaced or revoked.")) from None
    audit.record(session, action, new, actor=actor, fair_id=badge.fair_id, revoked=badge.serial, **noted)
    return new


def _revoke(session: Session, badge: Badge) -> bool:
    """Revoke `badge` if it is still active, in one conditional update; whether this call revoked it."""
    revoked = session.execute(
        update(Badge)
        .where(Badge.id == badge.id, Badge.status == BadgeStatus.ACTIVE)
        .values(status=BadgeStatus.REVOKED, revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    session.refresh(badge)  # flushed before the new badge: one active badge per person (partial unique index)
    return revoked.rowcount == 1


def add_guest_badge(
    session: Session,
    fair: Fair,
    *,
    role: BadgeRole,
    name: str,
    name_local: str | None,
    organization: str | None,
    country: str | None,
    actor: User,
    days: list[date] | None = None,
    job_title: str | None = None,
) -> Badge:
    """A press or visitor badge for someone without an account, with the days and zones of its role's rule; `days`
    (a walk-in's day at the desk) replaces the rule's days. A walk-in's `job_title` is not printed: exhibitors who
    scan the badge get it only with the walk-in's consent."""
    if role not in GUEST_ROLES:
        raise InvalidInput(_l("Organizers enter press and visitor badges only."), field="role")
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_l("Enter the name to print."), field="name")
    for field, text in (("name", name), ("name_local", name_local), ("organization", organization)):
        if text and missing_glyphs(text):
            chars = " ".join(missing_glyphs(text))
            raise InvalidInput(_l("The badge fonts cannot print %(chars)s.", chars=chars), field=field)
    rule = get_role_rule(session, fair, role)
    badge = Badge(
        fair_id=fair.id,
        role=role,
        name=name,
        name_local=(name_local or "").strip() or None,
        organization_name=(organization or "").strip() or None,
        country=country or None,
        issued_at=utcnow(),
        valid_days=days_text(days) if days else (rule.valid_days if rule else None),
        zones=rule.zones if rule else None,
        job_title=(job_title or "").strip()[:100] or None,
    )
    session.add(badge)
    get_signing_key(session, fair)
    session.flush()
    audit.record(session, "badge.add_guest", badge, actor=actor, fair_id=fair.id, role=role.value)
    return badge


def unprintable(badges: list[Badge]) -> list[tuple[Badge, list[str]]]:
    """Badges with characters the fonts lack, and those characters, to report before printing."""
    found = []
    for badge in badges:
        chars = missing_glyphs(" ".join(filter(None, (badge.name, badge.name_local, badge.organization_name))))
        if chars:
            found.append((badge, chars))
    return found
