"""Organizer organizations that signed up by themselves, and the admin's decision that lets their fairs go public.

Anyone may sign up as an organizer (services.accounts.users.sign_up): the new organization starts pending and may
set up draft fairs at once, which nobody else sees. Publishing a fair, and the work that serves every fair
(investor verification, centers, the directories' contacts), wait until an admin verifies the organization
(permissions.can_publish_fair, permissions.acts_for_verified_organizer), so nobody can put a look-alike of a real
fair in front of startups just by signing up.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from eventsys.models import Membership, Organization, OrganizationKind, User, Verification, utcnow
from eventsys.services import audit, mail
from eventsys.services.errors import InvalidInput, NotAllowed, NotFound
from eventsys.services.links import external_url


def get_pending_organizers(session: Session) -> list[Organization]:
    """Organizer organizations waiting for an admin, oldest first, with their people."""
    return list(
        session.scalars(
            select(Organization)
            .where(Organization.kind == OrganizationKind.ORGANIZER, Organization.verification == Verification.PENDING)
            .options(selectinload(Organization.memberships).selectinload(Membership.user))
            .order_by(Organization.created_at, Organization.id)
        )
    )


def decide_organizer(
    session: Session, organization: Organization, decision: Verification, *, actor: User, reason: str | None = None
) -> None:
    """An admin verifies or rejects an organizer organization (a rejection needs a reason); its people are mailed."""
    if not actor.is_authenticated or not actor.is_admin:
        raise NotAllowed(_l("Only administrators verify organizers."))
    if organization.kind != OrganizationKind.ORGANIZER:
        raise NotFound(_l("This is not an organizer organization."))
    if decision == Verification.PENDING:
        raise InvalidInput(_l("Choose verify or reject."), field="decision")
    reason = (reason or "").strip() or None
    if decision == Verification.REJECTED and not reason:
        raise InvalidInput(_l("Give the reason for the rejection; we mail it to the organization."), field="reason")
    previous = organization.verification
    organization.verification, organization.verification_reason = decision, reason
    organization.verification_decided_at, organization.verification_decided_by_id = utcnow(), actor.id
    session.flush()
    audit.record(
        session, f"organizer.{decision.value}", organization, actor=actor, previous=previous.value, reason=reason
    )
    _mail_decision(session, organization)


def _mail_decision(session: Session, organization: Organization) -> None:
    """Queue the decision for each of the organization's active people, in their language."""
    for user in (m.user for m in organization.memberships if m.user.is_active):
        with mail.in_language_of(user):
            if organization.verification == Verification.VERIFIED:
                subject = _("%(organization)s is verified on eventsys", organization=organization.name)
                text = _(
                    "%(organization)s is verified: you can now publish your fairs.\n%(link)s",
                    organization=organization.name,
                    link=external_url("organizer.dashboard"),
                )
            else:
                subject = _("%(organization)s could not be verified", organization=organization.name)
                text = _("The administrators could not verify %(organization)s.", organization=organization.name)
            if organization.verification_reason:
                text += "\n\n" + _("Reason: %(reason)s", reason=organization.verification_reason)
        mail.send_after_commit(session, user.email, subject, text)
