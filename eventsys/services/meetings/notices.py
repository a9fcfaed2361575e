"""Meeting invitations, updates and cancellations by mail, as iTIP messages calendar clients can answer."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from email.headerregistry import Address
from typing import Any

from flask_babel import force_locale, gettext

from eventsys.formatting import local_datetime
from eventsys.models import Meeting
from eventsys.services import mail
from eventsys.services.calendars import invitations as calendars

log = logging.getLogger(__name__)

#: change → iTIP method of the attached file.
CHANGES = {"scheduled": "REQUEST", "rescheduled": "REQUEST", "cancelled": "CANCEL"}


def send_meeting_notice(meeting: Meeting, change: str, config: Mapping[str, Any]) -> None:
    """Mail the participants the meeting's iTIP message: REQUEST when scheduled or moved, CANCEL when cancelled."""
    if change not in CHANGES:
        raise ValueError(f"unknown meeting change {change!r}")
    method = CHANGES[change]
    ics = calendars.meeting_invitation(meeting, method, base_url=base_url(config))
    # A cancelled meeting has freed (deactivated) its participants, and they are exactly who must hear of it.
    recipients = [p for p in meeting.participants if p.is_active or change == "cancelled"]
    for participant in recipients:
        user = participant.user
        with force_locale(user.locale or config.get("BABEL_DEFAULT_LOCALE", "en")):
            subject, text = _wording(meeting, change, user)
        message = mail.compose(
            config["MAIL_SENDER"],
            str(Address(calendars.display_name(user), addr_spec=user.email)),  # quotes the "(…)" of the name
            subject,
            text,
            calendar=ics,
            attachments=[mail.Attachment("invite.ics", ics, "application/ics")],
        )
        mail.deliver(message, dict(config))


def notify_participants(meeting: Meeting, change: str, config: Mapping[str, Any]) -> None:
    """Mail the participants after the commit; a mail failure must not undo or hide the booking."""
    try:
        send_meeting_notice(meeting, change, config)
    except Exception:  # noqa: BLE001 - the change stands; the organizer sees the log
        log.exception("could not mail the %s notice of meeting %s", change, meeting.id)


def base_url(config: Mapping[str, Any]) -> str:
    """Where links in files and mails point: PUBLIC_URL, else the configured server name."""
    if config.get("PUBLIC_URL"):
        return str(config["PUBLIC_URL"]).rstrip("/")
    scheme = config.get("PREFERRED_URL_SCHEME") or "https"
    return f"{scheme}://{config.get('SERVER_NAME') or 'eventsys.local'}"


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
