"""Releasing bookings whose invoice stays unpaid past a due date and the issuer's grace period: the booking is
cancelled (the startup is mailed), its invoice credited (the credit note mailed), and its booth offered to the
waitlist, all through changes.cancel_booking; the fair's owners and finance staff are mailed a list."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.models import BookingStatus, BoothBooking, Fair, FairRole, FairStaff, MemberRole, Membership, User
from eventsys.services import mail
from eventsys.services.booths import changes
from eventsys.services.invoices import issuing, payments

REASON = "未払い / Unpaid after the grace period"


def missed_due_date(standing: payments.Standing) -> date | None:
    """The due date the invoice has missed, if any (the balance's once passed, else the deposit's)."""
    if standing.state != payments.PaymentState.OVERDUE:
        return None
    if standing.balance_due_on is not None and standing.today > standing.balance_due_on:
        return standing.balance_due_on
    return standing.deposit_due_on


def release_unpaid(session: Session, fair: Fair, today: date) -> list[BoothBooking]:
    """Cancel every confirmed booking of the fair whose booth invoice missed a due date more than grace_days ago.

    An unpaid invoice of extras ordered later does not cost the startup its booth: it stays overdue for finance."""
    issuer = issuing.get_issuer(session, fair.id)
    if issuer is None:
        return []
    released = []
    for standing in payments.standings(session, payments.fair_documents(session, fair), today):
        missed = missed_due_date(standing)
        if standing.invoice.extras_only or missed is None or today <= missed + timedelta(days=issuer.grace_days):
            continue
        record = session.get(BoothBooking, standing.invoice.booking_id)
        if record is None or record.status != BookingStatus.CONFIRMED:
            continue
        changes.cancel_booking(session, record, actor=None, organization=None, reason=REASON)
        released.append(record)
    if released:
        _tell_finance(session, fair, released)
    return released


def _tell_finance(session: Session, fair: Fair, released: list[BoothBooking]) -> None:
    owners = (
        select(User.email)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organization_id == fair.organizer_id, Membership.role == MemberRole.OWNER)
    )
    finance = (
        select(User.email)
        .join(FairStaff, FairStaff.user_id == User.id)
        .where(FairStaff.fair_id == fair.id, FairStaff.role == FairRole.FINANCE)
    )
    recipients = sorted(set(session.scalars(owners)) | set(session.scalars(finance)))
    lines = [f"{r.booth.code} — {r.organization.name}" for r in released]
    subject = _l("%(count)d unpaid booking(s) released at %(fair)s", count=len(released), fair=fair.name)
    mail.send_after_commit(session, recipients, str(subject), "\n".join(lines) + "\n")
