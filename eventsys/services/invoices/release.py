"""Releasing what stays unpaid past a due date and the issuer's grace period.

A booth's invoice: the booking is cancelled (the startup is mailed), its invoice credited (the credit note mailed),
and its booth offered to the waitlist, all through changes.cancel_booking. An invoice of extras ordered later
(`Invoice.extras_only`): its orders are cancelled and their units go back to the stock, the invoice is credited and
the startup gets one mail with the credit note; the booth itself stands. The fair's owners and finance staff are
mailed a list, each in their language.

Two runs at the same moment (two hosts' cron) release each thing once: the booking's row is locked and read again
before it is cancelled, and an invoice is credited at most once (the unique index uq_invoices_one_credit_note), so
the run that comes second skips what the first released (tests/test_invoices_release_race.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eventsys.models import (
    BookingStatus,
    BoothBooking,
    Fair,
    FairRole,
    FairStaff,
    Invoice,
    InvoiceIssuer,
    MemberRole,
    Membership,
    User,
    utcnow,
)
from eventsys.services import mail
from eventsys.services.booths import changes
from eventsys.services.booths.notices import Notice
from eventsys.services.extras import orders as extra_orders
from eventsys.services.invoices import issuing, mailing, payments
from eventsys.services.invoices.render import document_number

REASON = "未払い / Unpaid after the grace period"
#: The booking notice (booths.notices) that carries the credit note of released extras.
EXTRAS_NOTICE = "release_extras"


@dataclass
class Released:
    """What one run released: booth bookings, and invoices of extras (credited, their orders cancelled)."""

    bookings: list[BoothBooking] = field(default_factory=list)
    extras_invoices: list[Invoice] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.bookings or self.extras_invoices)


def missed_due_date(standing: payments.Standing) -> date | None:
    """The due date the invoice has missed, if any (the balance's once passed, else the deposit's)."""
    if standing.state != payments.PaymentState.OVERDUE:
        return None
    if standing.balance_due_on is not None and standing.today > standing.balance_due_on:
        return standing.balance_due_on
    return standing.deposit_due_on


def _past_grace(standing: payments.Standing, issuer: InvoiceIssuer) -> bool:
    missed = missed_due_date(standing)
    return missed is not None and standing.today > missed + timedelta(days=issuer.grace_days)


def release_unpaid(session: Session, fair: Fair, today: date) -> Released:
    """Release every booth booking and every invoice of extras of the fair that missed a due date more than
    grace_days ago (an unpaid invoice of extras costs the startup those extras, not its booth)."""
    issuer = issuing.get_issuer(session, fair.id)
    released = Released()
    if issuer is None:
        return released
    standings = payments.standings(session, payments.fair_documents(session, fair), today)
    due = [standing for standing in standings if _past_grace(standing, issuer)]
    booths = {standing.invoice.booking_id for standing in due if not standing.invoice.extras_only}
    for standing in due:
        if standing.invoice.extras_only:
            if standing.invoice.booking_id in booths:
                continue  # the booking's release credits its extras too, in its one mail to the startup
            if _release_extras(session, standing.invoice):
                released.extras_invoices.append(standing.invoice)
        elif (record := _release_booking(session, standing.invoice)) is not None:
            released.bookings.append(record)
    if released:
        _tell_organizers(session, fair, released)
    return released


def _release_booking(session: Session, invoice: Invoice) -> BoothBooking | None:
    """Cancel the invoice's booking if it is still confirmed, read again under a row lock (another run may have
    released it since this one read the invoices)."""
    if invoice.booking_id is None:
        return None
    record = session.get(BoothBooking, invoice.booking_id, with_for_update=True, populate_existing=True)
    if record is None or record.status != BookingStatus.CONFIRMED:
        return None
    changes.cancel_booking(session, record, actor=None, organization=None, reason=REASON, verb="release")
    return record


def _release_extras(session: Session, invoice: Invoice) -> bool:
    """Credit the unpaid invoice of extras, then cancel its orders; False when another run credited it first."""
    now = utcnow()
    try:
        with session.begin_nested():
            note = issuing.credit_invoice(session, invoice, reason=REASON, now=now)
    except (IntegrityError, issuing.AlreadyCredited):
        return False
    extra_orders.end_billed_by(session, invoice, now=now)
    booking = session.get(BoothBooking, invoice.booking_id) if invoice.booking_id is not None else None
    if booking is not None:
        mailing.send_document(session, booking, note, notice=Notice(EXTRAS_NOTICE, REASON))
    return True


def _organizer_languages(session: Session, fair: Fair) -> dict[str | None, list[str]]:
    """The addresses of the fair's organization owners and finance staff, by their language."""
    owners = (
        select(User.locale, User.email)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organization_id == fair.organizer_id, Membership.role == MemberRole.OWNER)
    )
    finance = (
        select(User.locale, User.email)
        .join(FairStaff, FairStaff.user_id == User.id)
        .where(FairStaff.fair_id == fair.id, FairStaff.role == FairRole.FINANCE)
    )
    found: dict[str | None, set[str]] = {}
    for locale, email in [*session.execute(owners), *session.execute(finance)]:
        found.setdefault(locale, set()).add(email)
    return {locale: sorted(addresses) for locale, addresses in found.items()}


def _tell_organizers(session: Session, fair: Fair, released: Released) -> None:
    def compose() -> tuple[str, str]:
        subject = _l(
            "Released for non-payment at %(fair)s: %(bookings)d booking(s), %(extras)d invoice(s) of extras",
            fair=fair.name,
            bookings=len(released.bookings),
            extras=len(released.extras_invoices),
        )
        lines = [str(_l("Bookings cancelled, booths offered to the waitlist:"))] if released.bookings else []
        lines += [f"  {r.booth.code} — {r.organization.name}" for r in released.bookings]
        if released.extras_invoices:
            lines.append(str(_l("Invoices of extras credited, their orders cancelled (the booths stand):")))
            lines += [
                f"  {document_number(i)} — {i.buyer_name} ({i.total_jpy:,} JPY)" for i in released.extras_invoices
            ]
        return str(subject), "\n".join(lines) + "\n"

    mail.send_in_each_language(session, _organizer_languages(session, fair), compose)
