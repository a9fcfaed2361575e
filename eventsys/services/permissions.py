"""Who may do what to which object: the one rule, request-free, for views (eventsys/access.py) and services.

Admins may do everything. An organizer acts only on the fairs their organization runs (`Fair.organizer_id`), with a
role per fair (`FairRole`): the organization's owners own every fair it runs; its other members have the role their
`FairStaff` row gives, and none without one. Owners do everything, staff run exhibitors, booths, meetings and
badges, check-in staff only the desk, finance only invoices and payments (and the fair dashboard's invoice figures).
A fair without an organizer organization is managed by admins only. Startups, investors and partners act on what
their own organization is party to. Not tied to one fair, investor verification and center settings are for the
owners and staff of any verified organizer organization and admins; an organizer organization that signed up is
pending until an admin verifies it, and may prepare draft fairs but not publish them. README's "Who may do what" is
the table of this module.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.orm import Session

from eventsys.models import (
    Fair,
    FairRole,
    FairStaff,
    MeetingRequest,
    MemberRole,
    Membership,
    Organization,
    OrganizationKind,
    User,
    Verification,
)

#: The roles that run a fair's exhibitors, booths, meetings and badges.
MANAGING = frozenset({FairRole.OWNER, FairRole.STAFF})
#: The roles that may work the check-in desk.
CHECKING_IN = frozenset({FairRole.OWNER, FairRole.STAFF, FairRole.CHECK_IN})
#: The roles that see and issue invoices.
FINANCE = frozenset({FairRole.OWNER, FairRole.FINANCE})


def is_member(user: User, organization_id: int | None) -> bool:
    """Whether `user` belongs to the organization."""
    if organization_id is None or not user.is_authenticated:
        return False
    return any(m.organization_id == organization_id for m in user.memberships)


def fair_role(user: User, fair: Fair) -> FairRole | None:
    """What `user` may do at `fair`: owner for admins and the organizer organization's owners, else their row's role."""
    if not user.is_authenticated or not user.is_organizer:
        return None
    if user.is_admin:
        return FairRole.OWNER
    membership = next((m for m in user.memberships if m.organization_id == fair.organizer_id), None)
    if membership is None:
        return None
    if membership.role == MemberRole.OWNER:
        return FairRole.OWNER
    return next((row.role for row in user.fair_roles if row.fair_id == fair.id), None)


def manages_fair(user: User, fair: Fair) -> bool:
    """Owners and staff of the fair (admins included): exhibitors, booths, meetings, badges."""
    return fair_role(user, fair) in MANAGING


def owns_fair(user: User, fair: Fair) -> bool:
    """The fair's owners (admins included): its settings, halls, staff, publishing and copying."""
    return fair_role(user, fair) == FairRole.OWNER


def checks_in_at(user: User, fair: Fair) -> bool:
    """Who may work the fair's check-in desk: owners, staff and check-in staff."""
    return fair_role(user, fair) in CHECKING_IN


def handles_finance(user: User, fair: Fair) -> bool:
    """Who sees the fair's invoices and payments: owners and finance staff."""
    return fair_role(user, fair) in FINANCE


def can_create_fair(user: User) -> bool:
    """Admins, and the owners of an organizer organization (the new fair is their organization's)."""
    if not user.is_authenticated or not user.is_organizer:
        return False
    return user.is_admin or bool(organizer_organizations_owned(user))


def can_publish_fair(user: User, fair: Fair) -> bool:
    """The fair's owners, once an admin has verified its organization (signed-up organizers start unverified)."""
    if not owns_fair(user, fair):
        return False
    return user.is_admin or (fair.organizer is not None and fair.organizer.verification == Verification.VERIFIED)


def fair_roles_held(user: User) -> set[FairRole]:
    """Every role `user` holds at some fair: owner for admins and owners of an organizer organization."""
    if not user.is_authenticated or not user.is_organizer:
        return set()
    if user.is_admin or organizer_organizations_owned(user):
        return {FairRole.OWNER}
    member_of = {m.organization_id for m in user.memberships}
    return {row.role for row in user.fair_roles if row.fair.organizer_id in member_of}


def manages_any_fair(user: User) -> bool:
    """Owners (of an organization, even without fairs yet) and staff of some fair, and admins."""
    return bool(fair_roles_held(user) & MANAGING)


def can_use_console(user: User) -> bool:
    """The organizer console (/organizer/): whoever owns, staffs or does the finance of some fair; not the
    check-in desk's people, whose place is /checkin."""
    return bool(fair_roles_held(user) & (MANAGING | FINANCE))


def checks_in_anywhere(user: User) -> bool:
    """Whether `user` may work the check-in desk of some fair."""
    return bool(fair_roles_held(user) & CHECKING_IN)


def acts_for_verified_organizer(user: User) -> bool:
    """Admins, and owners and staff of an organizer organization an admin has verified: the work no fair owns
    (investor verification, centers, the directories' contacts). A signed-up organization waits for the admin."""
    if not user.is_authenticated or not user.is_organizer:
        return False
    if user.is_admin:
        return True
    staffed = {row.fair.organizer_id for row in user.fair_roles if row.role in MANAGING}
    return any(
        m.organization.kind == OrganizationKind.ORGANIZER
        and m.organization.verification == Verification.VERIFIED
        and (m.role == MemberRole.OWNER or m.organization_id in staffed)
        for m in user.memberships
    )


def organizer_organizations_owned(user: User) -> list[Organization]:
    """The organizer organizations `user` owns, in which they may create fairs."""
    return [
        m.organization
        for m in user.memberships
        if m.role == MemberRole.OWNER and m.organization.kind == OrganizationKind.ORGANIZER
    ]


def managed_fair_filter(
    user: User, fair_id: ColumnElement[int], roles: frozenset[FairRole] = MANAGING
) -> ColumnElement[bool]:
    """A WHERE clause on a fair id column: the fairs where `user` has one of `roles` (all for admins)."""
    if user.is_authenticated and user.is_admin:
        return true()
    if not user.is_authenticated or not user.is_organizer:
        return false()
    owned = select(Membership.organization_id).where(Membership.user_id == user.id, Membership.role == MemberRole.OWNER)
    member_of = select(Membership.organization_id).where(Membership.user_id == user.id)
    by_row = (
        select(FairStaff.fair_id)
        .join(Fair, Fair.id == FairStaff.fair_id)
        .where(FairStaff.user_id == user.id, FairStaff.role.in_(roles), Fair.organizer_id.in_(member_of))
    )
    if FairRole.OWNER in roles:
        return fair_id.in_(select(Fair.id).where(Fair.organizer_id.in_(owned)).union(by_row))
    return fair_id.in_(by_row)


def is_request_party(user: User, request: MeetingRequest) -> bool:
    """Whether `user` belongs to either side of a meeting request."""
    return is_member(user, request.requester_organization_id) or is_member(user, request.recipient_organization_id)


def can_see_request(session: Session, user: User, request: MeetingRequest) -> bool:
    """Both sides of a meeting request (and their meeting), and the organizers of its fair."""
    if is_request_party(user, request):
        return True
    fair = session.get(Fair, request.fair_id)
    return fair is not None and manages_fair(user, fair)


def can_manage_team(user: User, organization: Organization) -> bool:
    """An organization's own members manage its team and invitations; of the others, only admins. In an
    organizer organization only its owners do: a member there is invited per fair, from the fair's staff page."""
    if not user.is_authenticated:
        return False
    if user.is_admin:
        return True
    if organization.kind == OrganizationKind.ORGANIZER:
        return any(m.organization_id == organization.id and m.role == MemberRole.OWNER for m in user.memberships)
    return is_member(user, organization.id)


def can_verify_investors(user: User) -> bool:
    """Investor firms serve every fair, so the owners and staff of any verified organizer (and admins) verify
    and import them; check-in and finance staff do not."""
    return acts_for_verified_organizer(user)


def can_manage_centers(user: User) -> bool:
    """Centers host every fair's meetings and no fair owns one: the owners and staff of any verified organizer,
    and admins, edit them."""
    return acts_for_verified_organizer(user)
