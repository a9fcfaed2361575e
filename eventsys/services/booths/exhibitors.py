"""Startups apply to exhibit at a fair; its organizers approve or reject them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from eventsys.models import Exhibitor, ExhibitorStatus, Fair, Organization, OrganizationKind, User, utcnow
from eventsys.services import audit, mail
from eventsys.services.accounts.teams import member_emails_by_language
from eventsys.services.errors import DomainError, InvalidInput, NotAllowed
from eventsys.services.fairs.states import check_open


def get_exhibitor(session: Session, fair: Fair, organization: Organization) -> Exhibitor | None:
    return session.scalar(
        select(Exhibitor).where(Exhibitor.fair_id == fair.id, Exhibitor.organization_id == organization.id)
    )


def get_exhibitors(session: Session, fair: Fair, status: ExhibitorStatus | None = None) -> list[Exhibitor]:
    query = select(Exhibitor).where(Exhibitor.fair_id == fair.id).options(joinedload(Exhibitor.organization))
    if status is not None:
        query = query.where(Exhibitor.status == status)
    return list(session.scalars(query.order_by(Exhibitor.created_at, Exhibitor.id)))


def apply_to_exhibit(session: Session, fair: Fair, organization: Organization, *, actor: User) -> Exhibitor:
    """A startup asks to exhibit; a rejected one may apply again."""
    if organization.kind != OrganizationKind.STARTUP:
        raise NotAllowed(_l("Only startups can apply to exhibit."))
    check_open(fair)
    exhibitor = get_exhibitor(session, fair, organization)
    if exhibitor is not None and exhibitor.status != ExhibitorStatus.REJECTED:
        raise DomainError(_l("Your company has already applied to %(fair)s.", fair=fair.name))
    if exhibitor is None:
        exhibitor = Exhibitor(fair=fair, organization=organization)
        session.add(exhibitor)
    exhibitor.status = ExhibitorStatus.APPLIED
    exhibitor.reason = None
    session.flush()
    audit.record(session, "exhibitor.apply", exhibitor, actor=actor, fair_id=fair.id)
    return exhibitor


def decide(
    session: Session, exhibitor: Exhibitor, *, approve: bool, actor: User, reason: str | None = None
) -> Exhibitor:
    """Approve, or reject with a reason that is mailed to the startup."""
    reason = (reason or "").strip() or None
    if not approve and reason is None:
        raise InvalidInput(_l("Say why the application is rejected; the startup will read it."), field="reason")
    exhibitor.status = ExhibitorStatus.APPROVED if approve else ExhibitorStatus.REJECTED
    exhibitor.reason = reason
    exhibitor.decided_at = utcnow()
    exhibitor.decided_by_id = actor.id
    audit.record(
        session, f"exhibitor.{exhibitor.status.value}", exhibitor, actor=actor, fair_id=exhibitor.fair_id, reason=reason
    )
    _mail_decision(session, exhibitor)
    return exhibitor


def _mail_decision(session: Session, exhibitor: Exhibitor) -> None:
    recipients = member_emails_by_language(session, exhibitor.organization_id)
    mail.send_in_each_language(session, recipients, lambda: _decision_mail(exhibitor))


def _decision_mail(exhibitor: Exhibitor) -> tuple[str, str]:
    fair = exhibitor.fair
    if exhibitor.status == ExhibitorStatus.APPROVED:
        subject = _l("You can now book a booth at %(fair)s", fair=fair.name)
        text = _l(
            "%(company)s is approved as an exhibitor at %(fair)s.", company=exhibitor.organization.name, fair=fair.name
        )
    else:
        subject = _l("Your application to %(fair)s", fair=fair.name)
        text = _l(
            "%(company)s was not approved for %(fair)s. Reason: %(reason)s",
            company=exhibitor.organization.name,
            fair=fair.name,
            reason=exhibitor.reason,
        )
    return str(subject), str(text) + "\n"
