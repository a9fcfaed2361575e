"""Meeting invitations, updates and cancellations by mail, as iTIP messages calendar clients can answer.

The booking service queues them inside its transaction (mail.send_after_commit): a refused or rolled-back change
tells nobody, and nothing here needs a request, so the command line and the worker send the same mails.
"""

from __future__ import annotations

from email.headerregistry import Address

from flask import current_app
from flask_babel import gettext
from sqlalchemy.orm import Session

from eventsys.formatting import local_datetime
from eventsys.models import Meeting
from eventsys.services import mail
from eventsys.services.calendars import invitations as calendars
from eventsys.services.links import base_url  # also imported from here by `calendar export`

#: change → iTIP method of the attached file.
CHANGES = {"scheduled": "REQUEST", "rescheduled": "REQUEST", "cancelled": "CANCEL"}


def notify_participants(session: Session, meeting: Meeting, change: str) -> None:
    """Queue each participant's iTIP mail, in their language: REQUEST when scheduled or moved, CANCEL when cancelled."""
    if change not in CHANGES:
        raise ValueError(f"unknown meeting change {change!r}")
    ics = calendars.meeting_invitation(meeting, CHANGES[change], base_url=base_url(current_app.config))
    # A cancelled meeting has freed (deactivated) its participants, and they are exactly who must hear of it.
    recipients = [p for p in meeting.participants if p.is_active or change == "cancelled"]
    for participant in recipients:
        user = participant.user
        with mail.in_language_of(user):
            subject, text = _wording(meeting, change, user)
        mail.send_after_commit(
            session,
            str(Address(calendars.display_name(user), addr_spec=user.email)),  # quotes the "(…)" of the name
            subject,
            text,
            calendar=ics,
            attachments=[mail.Attachment("invite.ics", ics, "application/ics")],
        )


def _wording(meeting: Meeting, change: str, user) -> tuple[str, str]:
    """Subject and text in the recipient's language, the time in the center's zone."""
    summary = calendars.meeting_summary(meeting)
    when = local_datetime(meeting.starts_at, meeting.center.timezone)
    subjects = {
        "scheduled": gettext("Meeting invitation: %(summary)s, %(when)s", summary=summary, when=when),
        "rescheduled": gettext("Meeting moved: %(summary)s, now %(when)s", summary=summary, when=when),
        "cancelled": gettext("Meeting cancelled: %(summary)s, %(when)s", summary=summary, when=when),
    }
    greeting = gettext("Hello %(name)s,", name=calendars.display_name(user))
    closing = gettext("The attached invitation adds it to your calendar; accept or decline it there.")
    if change == "cancelled":
        closing = gettext("The attached cancellation removes it from your calendar.")
    text = "\n\n".join((greeting, subjects[change], calendars.meeting_description(meeting), closing))
    return subjects[change], text + "\n"
