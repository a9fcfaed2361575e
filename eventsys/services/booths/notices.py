"""Mails to a startup's members about every change of its booth booking, worded and sent when the change commits."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session, joinedload

from eventsys.formatting import local_datetime
from eventsys.models import BookingSource, BookingStatus, Booth, BoothBooking
from eventsys.services import mail
from eventsys.services.accounts.teams import member_emails_by_language
from eventsys.services.booths.offers import decline_link

#: Subject of the mail for each change.
SUBJECTS = {
    "hold": _l("Booth %(code)s is held for you"),
    "confirm": _l("Booth %(code)s is booked"),
    "cancel": _l("Your booking of booth %(code)s is cancelled"),
    "release": _l("Your booking of booth %(code)s is released for non-payment"),
    "expire": _l("Your hold on booth %(code)s has expired"),
    "assign": _l("Booth %(code)s has been assigned to you"),
    "move": _l("Your booking has moved to booth %(code)s"),
    "allocate": _l("Booth %(code)s has been allocated to you"),
    "waitlist": _l("A booth became free: %(code)s is held for you"),
    "decline": _l("You declined booth %(code)s"),
    "release_extras": _l("Your unpaid extras for booth %(code)s are cancelled"),
}


#: How each state of a booking reads in its mails (the booth pages say the same).
STATUS_LABELS = {
    BookingStatus.HELD: _l("On hold"),
    BookingStatus.CONFIRMED: _l("Booked"),
    BookingStatus.CANCELLED: _l("Cancelled"),
    BookingStatus.EXPIRED: _l("Hold expired"),
}


class Notice(NamedTuple):
    """A change of a booking to tell its startup of, when another mail carries it (the confirmation's invoice)."""

    verb: str
    reason: str | None = None


class Stood(NamedTuple):
    """What a booking's notice says of it as the change left it, whatever it became before the mail was worded."""

    status: BookingStatus
    held_until: datetime | None


def notify(session: Session, booking: BoothBooking, verb: str, reason: str | None = None) -> None:
    """Mail `verb` to every member of the booking's organization, each in their language, once the change
    commits: worded then (by the worker, with a mail queue), so the change's request only queues it."""
    if booking.id is None:
        session.flush()
    stood = Stood(booking.status, booking.held_until)
    mail.compose_after_commit(session, mail_notice, booking.id, verb, reason, stood)


def mail_notice(session: Session, booking_id: int, verb: str, reason: str | None, stood: Stood) -> None:
    """Queue the mails of a notice (see `notify`): none if the booking is gone since."""
    booking = session.get(BoothBooking, booking_id, options=[joinedload(BoothBooking.organization), _BOOTH])
    if booking is not None:
        recipients = member_emails_by_language(session, booking.organization_id)
        mail.send_in_each_language(session, recipients, lambda: compose(booking, verb, reason, stood))


_BOOTH = joinedload(BoothBooking.booth).options(joinedload(Booth.fair), joinedload(Booth.booth_type))


def compose(booking: BoothBooking, verb: str, reason: str | None, stood: Stood | None = None) -> tuple[str, str]:
    """Subject and text of the notice, in the language in force; of the booking as it `stood`, else as it is."""
    fair = booking.booth.fair
    status, held_until = stood or (booking.status, booking.held_until)
    subject = SUBJECTS[verb] % {"code": booking.booth.code}
    lines = [
        f"{fair.name} — {booking.booth.code} ({booking.booth.booth_type.name})",
        str(_l("Company: %(name)s", name=booking.organization.name)),
        str(_l("Status: %(status)s", status=STATUS_LABELS.get(status, status.value))),
    ]
    if held_until is not None:
        until = local_datetime(held_until, fair.timezone)
        lines.append(str(_l("Held until %(time)s. Confirm before then or the booth is freed.", time=until)))
    lines += _offer_lines(booking, verb)
    if reason:
        lines.append(str(_l("Reason: %(reason)s", reason=reason)))
    return str(subject), "\n".join(lines) + "\n"


def _offer_lines(booking: BoothBooking, verb: str) -> list[str]:
    """What the mails of a waitlist offer add: the decline link, or that a lapsed offer's startup left the line."""
    if verb == "waitlist":
        link = decline_link(booking)
        return [str(_l("Not interested? Decline it so the next startup in line gets it: %(link)s", link=link))]
    if verb == "expire" and booking.source == BookingSource.WAITLIST:
        return [str(_l("Your company has left the waitlist; join it again if you still want a booth of this type."))]
    return []
