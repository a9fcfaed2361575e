"""Who may do what to which object: the one rule, request-free, for views (eventsys/access.py) and services.

Admins may do everything. An organizer acts only on the fairs their organization runs (`Fair.organizer_id`); a
fair without an organizer organization is managed by admins only. Startups, investors and partners act on what
their own organization is party to. Not tied to one fair, investor verification and center settings are for the
organizers of any fair and admins. README's "Who may do what" is the table of this module.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.orm import Session

from eventsys.models import Fair, MeetingRequest, Membership, Organization, User


def is_member(user: User, organization_id: int | None) -> bool:
    """Whether `user` belongs to the organization."""
    if organization_id is None or not user.is_authenticated:
        return False
    return any(m.organization_id == organization_id for m in user.memberships)


def manages_fair(user: User, fair: Fair) -> bool:
    """Admins, and organizers of the fair's organizer organization; nobody else (nor any organizer when it has none)."""
    if not user.is_authenticated or not user.is_organizer:
        return False
    return user.is_admin or is_member(user, fair.organizer_id)


def managed_fair_filter(user: User, fair_id: ColumnElement[int]) -> ColumnElement[bool]:
    """A WHERE clause on a fair id column: the fairs `user` manages (all for admins, none for non-organizers)."""
    if user.is_authenticated and user.is_admin:
        return true()
    if not user.is_authenticated or not user.is_organizer:
        return false()
    mine = select(Membership.organization_id).where(Membership.user_id == user.id)
    return fair_id.in_(select(Fair.id).where(Fair.organizer_id.in_(mine)))


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
