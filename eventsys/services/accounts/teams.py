"""Team invitations: any organization's people invite colleagues by e-mail, with a signed, expiring link.

The booth pages call this for startup teams, the investor pages for investor firms, and a fair's staff page
(services.accounts.fair_staff) for an organizer's people with a role at that fair: accepting such an invitation
makes the membership and the role in one transaction. The invitation mail is queued with the invitation and goes
out when the view commits:

    invitation = teams.invite_member(db.session, organization, email, actor=current_user)
    db.session.commit()
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from eventsys.models import (
    Fair,
    FairRole,
    FairStaff,
    MemberRole,
    Membership,
    Organization,
    OrganizationKind,
    Role,
    TeamInvitation,
    User,
    utcnow,
)
from eventsys.services import audit, mail, permissions
from eventsys.services.accounts import users as accounts
from eventsys.services.accounts.users import PasswordPolicy
from eventsys.services.errors import DomainError, InvalidInput, NotAllowed
from eventsys.services.links import external_url

_SALT = "eventsys.team-invitation"
#: How long an invitation link works, counted from the last mail; settings may override TEAM_INVITATION_MAX_AGE.
INVITATION_MAX_AGE = 14 * 24 * 3600

#: The role a new account gets when it joins an organization of each kind.
ROLE_FOR_KIND = {
    OrganizationKind.STARTUP: Role.STARTUP,
    OrganizationKind.INVESTOR_FIRM: Role.INVESTOR,
    OrganizationKind.CORPORATE_PARTNER: Role.INVESTOR,
    OrganizationKind.ORGANIZER: Role.ORGANIZER,
}


class AlreadyMember(DomainError):
    pass


class InvalidInvitation(DomainError):
    status = 400


def member_emails_by_language(session: Session, organization_id: int) -> dict[str | None, list[str]]:
    """The addresses of an organization's active members by their language (None: not chosen), so that a mail
    about its bookings or applications reaches each in theirs (mail.send_in_each_language)."""
    found: dict[str | None, list[str]] = {}
    for locale, email in session.execute(_MEMBER_LANGUAGES, {"organization": organization_id}):
        found.setdefault(locale, []).append(email)
    return found


#: Built once: every booking change in a rush runs it.
_MEMBER_LANGUAGES = (
    select(User.locale, User.email)
    .join(Membership, Membership.user_id == User.id)
    .where(Membership.organization_id == bindparam("organization"), User.is_active.is_(True))
    .order_by(User.id)
)


def can_manage_team(user: User, organization: Organization) -> bool:
    """Members of the organization manage its team; of the others, only admins (not organizers)."""
    return permissions.can_manage_team(user, organization)


def invite_member(
    session: Session,
    organization: Organization,
    email: str,
    *,
    actor: User,
    role: MemberRole = MemberRole.MEMBER,
    title: str | None = None,
    fair: Fair | None = None,
    fair_role: FairRole | None = None,
) -> TeamInvitation:
    """Invite `email` to join `organization` (with `fair_role` at `fair`, one of the organization's fairs, which
    its owners may invite to); inviting the same address again renews the open invitation."""
    _check_may_invite(actor, organization, fair, fair_role)
    email = accounts.normalize_email(email)
    is_member = session.scalar(
        select(Membership.id)
        .join(User, User.id == Membership.user_id)
        .where(Membership.organization_id == organization.id, User.email == email)
    )
    if is_member is not None and fair is not None:
        raise AlreadyMember(
            _l("%(email)s is already in your organization: choose their role in the list of people.", email=email),
            field="email",
        )
    if is_member is not None:
        raise AlreadyMember(_l("%(email)s is already on the team.", email=email), field="email")
    invitation = session.scalar(
        select(TeamInvitation).where(
            TeamInvitation.organization_id == organization.id,
            TeamInvitation.email == email,
            TeamInvitation.accepted_at.is_(None),
            TeamInvitation.revoked_at.is_(None),
        )
    )
    if invitation is None:
        invitation = TeamInvitation(organization=organization, email=email)
        session.add(invitation)
    invitation.role, invitation.title, invitation.invited_by_id = role, title, actor.id
    invitation.fair, invitation.fair_role = fair, fair_role
    invitation.sent_at = utcnow()
    session.flush()
    audit.record(
        session,
        "team.invite",
        organization,
        actor=actor,
        fair_id=fair.id if fair else None,
        email=email,
        role=role.value,
        fair_role=fair_role.value if fair_role else None,
    )
    _mail_invitation(session, invitation, actor)
    return invitation


def _check_may_invite(actor: User, organization: Organization, fair: Fair | None, fair_role: FairRole | None) -> None:
    """The team's managers invite to the team; a fair's owners invite to a role at one of the organization's fairs."""
    if fair is None:
        if not can_manage_team(actor, organization):
            raise NotAllowed(_l("Only the organization's own people can invite colleagues."))
        return
    if fair.organizer_id != organization.id or organization.kind != OrganizationKind.ORGANIZER:
        raise NotAllowed(_l("%(fair)s is not run by %(organization)s.", fair=fair.name, organization=organization.name))
    if not permissions.owns_fair(actor, fair):
        raise NotAllowed(_l("Only the fair's owners invite its staff."))
    if fair_role is None:
        raise InvalidInput(_l("Choose the role at the fair."), field="role")


def get_open_invitations(session: Session, organization: Organization) -> list[TeamInvitation]:
    return list(
        session.scalars(
            select(TeamInvitation)
            .where(
                TeamInvitation.organization_id == organization.id,
                TeamInvitation.accepted_at.is_(None),
                TeamInvitation.revoked_at.is_(None),
            )
            .order_by(TeamInvitation.created_at.desc())
        )
    )


def revoke_invitation(session: Session, invitation: TeamInvitation, *, actor: User) -> None:
    """Withdraw an open invitation; its link stops working. A fair's owners withdraw the invitations to that fair."""
    by_fair_owner = invitation.fair is not None and permissions.owns_fair(actor, invitation.fair)
    if not (by_fair_owner or can_manage_team(actor, invitation.organization)):
        raise NotAllowed(_l("Only the organization's own people can withdraw its invitations."))
    if invitation.is_open:
        invitation.revoked_at = utcnow()
        audit.record(
            session,
            "team.revoke",
            invitation.organization,
            actor=actor,
            fair_id=invitation.fair_id,
            email=invitation.email,
        )


def make_invitation_token(invitation: TeamInvitation, secret_key: str) -> str:
    """A signed token naming the invitation and when it was sent, so a re-sent mail's link replaces older ones."""
    sent = int(invitation.sent_at.timestamp()) if invitation.sent_at else 0
    return URLSafeTimedSerializer(secret_key, salt=_SALT).dumps([invitation.id, sent])


def get_invitation_for_token(session: Session, token: str, secret_key: str, max_age: int) -> TeamInvitation:
    """The open invitation a link names, if the link is genuine, unexpired and its latest."""
    try:
        invitation_id, sent = URLSafeTimedSerializer(secret_key, salt=_SALT).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise InvalidInvitation(_l("This invitation has expired. Ask your colleague to invite you again.")) from error
    except (BadSignature, ValueError, TypeError) as error:
        raise InvalidInvitation(_l("This invitation link is not valid.")) from error
    invitation = session.get(TeamInvitation, invitation_id) if isinstance(invitation_id, int) else None
    if invitation is None or not invitation.is_open:
        raise InvalidInvitation(_l("This invitation has already been used or was withdrawn."))
    if invitation.sent_at is None or int(invitation.sent_at.timestamp()) != sent:
        raise InvalidInvitation(_l("A newer invitation was sent; use the link in the latest mail."))
    return invitation


def accept_invitation(
    session: Session,
    invitation: TeamInvitation,
    *,
    user: User | None = None,
    name: str | None = None,
    name_local: str | None = None,
    password: str | None = None,
    policy: PasswordPolicy | None = None,
) -> User:
    """Join the team: as the logged-in `user` whose address was invited, or as a new account with a password."""
    if not invitation.is_open:
        raise InvalidInvitation(_l("This invitation has already been used or was withdrawn."))
    role = ROLE_FOR_KIND[invitation.organization.kind]
    if user is None:
        if session.scalar(select(User.id).where(User.email == invitation.email)) is not None:
            raise NotAllowed(_l("An account with this e-mail address exists: log in first, then open the link."))
        if not name or not password or policy is None:
            raise InvalidInput(_l("Enter your name and a password."), field="name")
        user = accounts.create_user(
            session,
            email=invitation.email,
            password=password,
            name=name,
            name_local=name_local,
            role=role,
            policy=policy,
        )
    elif user.email != invitation.email:
        raise NotAllowed(_l("This invitation is for %(email)s; log in with that address.", email=invitation.email))
    elif user.role != role:
        raise NotAllowed(_l("Your account cannot join this kind of organization."))
    if not any(m.organization_id == invitation.organization_id for m in user.memberships):
        session.add(
            Membership(user=user, organization=invitation.organization, role=invitation.role, title=invitation.title)
        )
    if invitation.fair_id is not None:
        _take_fair_role(session, invitation, user)
    invitation.accepted_at, invitation.accepted_by_id = utcnow(), user.id
    session.flush()
    audit.record(
        session,
        "team.join",
        invitation.organization,
        actor=user,
        fair_id=invitation.fair_id,
        email=user.email,
        fair_role=invitation.fair_role.value if invitation.fair_role else None,
    )
    return user


def _take_fair_role(session: Session, invitation: TeamInvitation, user: User) -> None:
    """The role the invitation names at its fair, replacing one the user had there; refused for another's fair."""
    fair = invitation.fair
    if fair is None or fair.organizer_id != invitation.organization_id or invitation.fair_role is None:
        raise InvalidInvitation(_l("This invitation is for a fair its organization no longer runs."))
    row = session.scalar(select(FairStaff).where(FairStaff.fair_id == fair.id, FairStaff.user_id == user.id))
    if row is None:
        session.add(FairStaff(fair=fair, user=user, role=invitation.fair_role))
    else:
        row.role = invitation.fair_role


def _mail_invitation(session: Session, invitation: TeamInvitation, actor: User) -> None:
    """Queue the invitation with its link, in the invitee's language if they have an account, else the inviter's."""
    config = current_app.config
    token = make_invitation_token(invitation, config["SECRET_KEY"])
    invitee = session.scalar(select(User).where(User.email == invitation.email))
    with mail.in_language_of(invitee, fallback=actor.locale):
        days = int(config.get("TEAM_INVITATION_MAX_AGE", INVITATION_MAX_AGE)) // 86400
        link = external_url("teams.accept_invitation", token=token)
        if invitation.fair is not None:
            text, subject = _fair_invitation_text(invitation, actor, days, link)
            mail.send_after_commit(session, invitation.email, subject, text)
            return
        text = _(
            "%(inviter)s invites you to join %(organization)s on eventsys.\n\n"
            "Open this link to accept (it works for %(days)d days):\n%(link)s\n\n"
            "If you did not expect this mail, ignore it.",
            inviter=actor.name,
            organization=invitation.organization.name,
            days=days,
            link=link,
        )
        subject = _("Join %(organization)s on eventsys", organization=invitation.organization.name)
    mail.send_after_commit(session, invitation.email, subject, text)


#: What each role at a fair lets its holder do, as the invitation mail says it.
FAIR_ROLE_DUTIES = {
    FairRole.OWNER: _l("owner: everything, including the fair's settings and staff"),
    FairRole.STAFF: _l("staff: exhibitors, booths, meetings and badges"),
    FairRole.CHECK_IN: _l("check-in: the check-in desk"),
    FairRole.FINANCE: _l("finance: invoices, payments and the dashboard's invoice figures"),
}


def _fair_invitation_text(invitation: TeamInvitation, actor: User, days: int, link: str) -> tuple[str, str]:
    """The mail of an invitation to a role at a fair, in the language already chosen by the caller."""
    text = _(
        "%(inviter)s invites you to work at %(fair)s for %(organization)s on eventsys, as %(duties)s.\n\n"
        "Open this link to accept (it works for %(days)d days):\n%(link)s\n\n"
        "If you did not expect this mail, ignore it.",
        inviter=actor.name,
        fair=invitation.fair.name,
        organization=invitation.organization.name,
        duties=str(FAIR_ROLE_DUTIES[invitation.fair_role]),
        days=days,
        link=link,
    )
    return text, _("Join the team of %(fair)s on eventsys", fair=invitation.fair.name)
