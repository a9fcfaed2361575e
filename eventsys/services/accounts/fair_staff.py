"""A fair's staff: the organizer organization's people and their role at the fair, changed by the fair's owners.

The organization's owners own every fair it runs (permissions.fair_role); its other members have the role of
their FairStaff row at each fair, or none. Owners invite new people with a role through the team invitations
(services.accounts.teams), whose acceptance makes the membership and the role together. Every change is audited
with the fair, and the person whose role changed is told by mail after the change commits, in their language.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eventsys.models import Fair, FairRole, FairStaff, MemberRole, Membership, TeamInvitation, User
from eventsys.services import audit, mail, permissions
from eventsys.services.accounts import teams
from eventsys.services.errors import DomainError, NotAllowed, NotFound
from eventsys.services.links import external_url


class LastOwner(DomainError):
    """Taking away the fair's last owner would leave nobody to change its settings or staff."""


class OwnsOrganization(DomainError):
    """An owner of the organization owns every fair; that is changed on the team, not per fair."""


@dataclass(frozen=True)
class StaffMember:
    """One person of the organizer organization and what they are at the fair."""

    user: User
    #: None: no role at this fair.
    role: FairRole | None
    #: Owners of the organization own every fair it runs; their role is not set per fair.
    owns_organization: bool


def get_staff(session: Session, fair: Fair) -> list[StaffMember]:
    """The organizer organization's people with their role at `fair`, owners first, then by name: two queries."""
    if fair.organizer_id is None:
        return []
    members = session.execute(
        select(User, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organization_id == fair.organizer_id)
        .order_by(User.name, User.id)
    ).all()
    roles = dict(session.execute(select(FairStaff.user_id, FairStaff.role).where(FairStaff.fair_id == fair.id)).all())
    staff = [
        StaffMember(user, FairRole.OWNER if kind == MemberRole.OWNER else roles.get(user.id), kind == MemberRole.OWNER)
        for user, kind in members
    ]
    order = [FairRole.OWNER, FairRole.STAFF, FairRole.CHECK_IN, FairRole.FINANCE, None]
    return sorted(staff, key=lambda member: order.index(member.role))


def get_open_invitations(session: Session, fair: Fair) -> list[TeamInvitation]:
    """Invitations to a role at `fair` that nobody has accepted or withdrawn, newest first."""
    return list(
        session.scalars(
            select(TeamInvitation)
            .where(
                TeamInvitation.fair_id == fair.id,
                TeamInvitation.accepted_at.is_(None),
                TeamInvitation.revoked_at.is_(None),
            )
            .order_by(TeamInvitation.created_at.desc(), TeamInvitation.id.desc())
        )
    )


def set_role(session: Session, fair: Fair, user_id: int, role: FairRole | None, *, actor: User) -> User:
    """Give a member of the fair's organization `role` at `fair`, or take their role away (None)."""
    _check_owner(actor, fair)
    membership = session.scalar(
        select(Membership).where(Membership.organization_id == fair.organizer_id, Membership.user_id == user_id)
    )
    if membership is None:
        raise NotFound(_l("This person is not in the fair's organization."))
    user = membership.user
    if membership.role == MemberRole.OWNER:
        raise OwnsOrganization(
            _l("%(name)s owns the organization and so every fair it runs.", name=user.name), field="role"
        )
    row = session.scalar(select(FairStaff).where(FairStaff.fair_id == fair.id, FairStaff.user_id == user.id))
    previous = row.role if row else None
    if previous == role:
        return user
    if previous == FairRole.OWNER and count_owners(session, fair) <= 1:
        raise LastOwner(_l("%(name)s is the fair's last owner: make someone else owner first.", name=user.name))
    _write_role(session, fair, user, row, role)
    audit.record(
        session,
        "fair_staff.role",
        fair,
        actor=actor,
        fair_id=fair.id,
        user_id=user.id,
        previous=previous.value if previous else None,
        role=role.value if role else None,
    )
    _mail_role(session, fair, user, role)
    return user


def _write_role(session: Session, fair: Fair, user: User, row: FairStaff | None, role: FairRole | None) -> None:
    if role is None:
        session.delete(row)
    elif row is None:
        session.add(FairStaff(fair=fair, user=user, role=role))
    else:
        row.role = role
    session.flush()
    session.expire(user, ["fair_roles"])


def count_owners(session: Session, fair: Fair) -> int:
    """Who owns `fair`: its organization's owners and the members with the owner role at it (admins aside)."""
    organization_owners = session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.organization_id == fair.organizer_id, Membership.role == MemberRole.OWNER)
    )
    members = select(Membership.user_id).where(
        Membership.organization_id == fair.organizer_id, Membership.role == MemberRole.MEMBER
    )
    fair_owners = session.scalar(
        select(func.count())
        .select_from(FairStaff)
        .where(FairStaff.fair_id == fair.id, FairStaff.role == FairRole.OWNER, FairStaff.user_id.in_(members))
    )
    return (organization_owners or 0) + (fair_owners or 0)


def invite(session: Session, fair: Fair, email: str, role: FairRole, *, actor: User) -> TeamInvitation:
    """Invite `email` into the fair's organization with `role` at `fair`; again for an open invitation re-sends it."""
    _check_owner(actor, fair)
    if fair.organizer is None:
        raise NotAllowed(_l("This fair has no organizer organization to invite people into."))
    return teams.invite_member(session, fair.organizer, email, actor=actor, fair=fair, fair_role=role)


def revoke(session: Session, fair: Fair, invitation_id: int, *, actor: User) -> TeamInvitation:
    """Withdraw an open invitation to `fair`; its link stops working."""
    _check_owner(actor, fair)
    invitation = session.get(TeamInvitation, invitation_id)
    if invitation is None or invitation.fair_id != fair.id:
        raise NotFound(_l("There is no such invitation to this fair."))
    teams.revoke_invitation(session, invitation, actor=actor)
    return invitation


def _check_owner(actor: User, fair: Fair) -> None:
    if not permissions.owns_fair(actor, fair):
        raise NotAllowed(_l("Only the fair's owners change its staff."))


def _mail_role(session: Session, fair: Fair, user: User, role: FairRole | None) -> None:
    """Tell the person what they now are at the fair, in their language, once the change commits."""
    with mail.in_language_of(user):
        if role is None:
            subject = _("You no longer have a role at %(fair)s", fair=fair.name)
            text = _("Your role at %(fair)s was taken away.", fair=fair.name)
        else:
            subject = _("Your role at %(fair)s", fair=fair.name)
            text = _(
                "You are now %(duties)s at %(fair)s.\n%(link)s",
                duties=str(teams.FAIR_ROLE_DUTIES[role]),
                fair=fair.name,
                link=_landing_link(fair, role),
            )
    mail.send_after_commit(session, user.email, subject, text)


def _landing_link(fair: Fair, role: FairRole) -> str:
    """Where a role's work starts: the desk for check-in staff, the console for everyone else."""
    if role == FairRole.CHECK_IN:
        return external_url("badges.show_checkin", fair=fair.slug)
    return external_url("organizer.dashboard")


def landing_endpoint(fair: Fair | None, role: FairRole | None) -> tuple[str, dict]:
    """The endpoint (and its arguments) a person goes to after accepting an invitation to `role` at `fair`."""
    if fair is None or role is None:
        return "teams.show_team", {}
    if role == FairRole.CHECK_IN:
        return "badges.show_checkin", {"fair": fair.slug}
    return "organizer.dashboard", {}
