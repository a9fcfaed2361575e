"""Who may do what to which object: the one rule, request-free, for views (eventsys/access.py) and services.

Admins may do everything. An organizer acts only on the fairs their organization runs (`Fair.organizer_id`), with
a role per fair (`FairRole`): the organization's owners own every fair it runs; its other members have the role
their `FairStaff` row gives, and none without one. Owners do everything, staff run exhibitors, booths, meetings
and badges, check-in staff only the desk, finance only invoices. A fair without an organizer organization is
managed by admins only. Startups, investors and partners act on what
their own organization is party to. Not tied to one fair, investor verification and center settings are for the
organizers of any fair and admins. README's "Who may do what" is the table of this module.
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
    """An organization's own members manage its team and invitations; of the others, only admins."""
    return user.is_authenticated and (user.is_admin or is_member(user, organization.id))


def can_verify_investors(user: User) -> bool:
    """Investor firms serve every fair, so the organizers of any fair (and admins) verify and import them."""
    return user.is_authenticated and user.is_organizer


def can_manage_centers(user: User) -> bool:
    """Centers host every fair's meetings and no fair owns one: organizers of any fair and admins edit them."""
    return user.is_authenticated and user.is_organizer
