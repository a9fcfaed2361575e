"""Meeting invitations, updates and cancellations by mail, as iTIP messages calendar clients can answer.

The booking service queues them inside its transaction (mail.send_after_commit): a refused or rolled-back change
tells nobody, and nothing here needs a request, so the command line and the worker send the same mails.
"""

from __future__ import annotations

from email.headerregistry import Address

from flask import current_app
from flask_babel import gettext
from sqlalchemy.orm import Session

from eventsys.formatting import meeting_time
from eventsys.models import Fair, Meeting, MeetingRequest, NoticeKind, Organization, User
from eventsys.services import mail
from eventsys.services.calendars import invitations as calendars
from eventsys.services.links import base_url  # also imported from here by `calendar export`
from eventsys.services.notifications import inbox

#: change → iTIP method of the attached file.
CHANGES = {"scheduled": "REQUEST", "rescheduled": "REQUEST", "cancelled": "CANCEL"}


def notify_participants(session: Session, meeting: Meeting, change: str) -> None:
    """Queue each participant's iTIP mail, in their language: REQUEST when scheduled or moved, CANCEL when cancelled.
    The attached file names the center in the recipient's language too."""
    if change not in CHANGES:
        raise ValueError(f"unknown meeting change {change!r}")
    # A cancelled meeting has freed (deactivated) its participants, and they are exactly who must hear of it.
    recipients = [p for p in meeting.participants if p.is_active or change == "cancelled"]
    for participant in recipients:
        user = participant.user
        with mail.in_language_of(user):
            subject, text = _wording(meeting, change, user)
            ics = calendars.meeting_invitation(meeting, CHANGES[change], base_url=base_url(current_app.config))
        mail.send_after_commit(
            session,
            str(Address(calendars.display_name(user), addr_spec=user.email)),  # quotes the "(…)" of the name
            subject,
            text,
            calendar=ics,
            attachments=[mail.Attachment("invite.ics", ics, "application/ics")],
        )
    _inbox_notices(session, meeting, change, recipients)


def _wording(meeting: Meeting, change: str, user) -> tuple[str, str]:
    """Subject and text in the recipient's language, the time in the center's zone and in the recipient's."""
    summary = calendars.meeting_summary(meeting)
    when = meeting_time(meeting.starts_at, meeting.center.timezone, user.timezone)
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


#: change → kind of the inbox notice beside the invitation.
NOTICE_KINDS = {
    "scheduled": NoticeKind.MEETING_BOOKED,
    "rescheduled": NoticeKind.MEETING_RESCHEDULED,
    "cancelled": NoticeKind.MEETING_CANCELLED,
}


def _inbox_notices(session: Session, meeting: Meeting, change: str, recipients) -> None:
    """Each participant's inbox notice of the change; the invitation above is its mail."""
    fair = session.get(Fair, meeting.fair_id)
    for participant in recipients:
        when = meeting_time(meeting.starts_at, meeting.center.timezone, participant.user.timezone)
        others = {p.organization_id for p in meeting.participants if p.organization_id != participant.organization_id}
        names = sorted(session.get(Organization, org_id).name for org_id in others if org_id is not None)
        params = {"organization": ", ".join(names), "when": when, "fair": fair.name, "fair_slug": fair.slug}
        about = inbox.About(
            fair_id=meeting.fair_id, request_id=meeting.request_id, meeting_id=meeting.id, params=params
        )
        inbox.notify(session, [participant.user], NOTICE_KINDS[change], about, mailed_elsewhere=True)


#: Kinds told to the side that was asked (the others go to who asked).
_TO_RECIPIENT_SIDE = {NoticeKind.REQUEST_RECEIVED, NoticeKind.REQUEST_WITHDRAWN, NoticeKind.REQUEST_EXPIRING}


def notify_request(session: Session, request: MeetingRequest, kind: NoticeKind, users=None) -> None:
    """Tell the other side of a request what happened to it: in the inbox, and by mail after commit."""
    fair = session.get(Fair, request.fair_id)
    if kind in _TO_RECIPIENT_SIDE:
        counterpart = session.get(Organization, request.requester_organization_id)
        if users is None:
            users = (
                [request.recipient]
                if request.recipient
                else inbox.members_of(session, request.recipient_organization_id)
            )
    else:
        counterpart = session.get(Organization, request.recipient_organization_id)
        users = users if users is not None else [request.requester]
    params = {"organization": counterpart.name, "fair": fair.name, "fair_slug": fair.slug}
    if kind == NoticeKind.REQUEST_DECLINED and request.decline_reason:
        params["reason"] = request.decline_reason
    inbox.notify(session, users, kind, inbox.About(fair_id=fair.id, request_id=request.id, params=params))


def notify_provisional_schedule(
    session: Session, fair: Fair, people: dict[int, int], run_id: int | None = None
) -> None:
    """Tell everybody a provisional schedule would book how many meetings for them ({user id: count}); the notice
    leads to the run's page where they accept or release each meeting."""
    for user_id, count in sorted(people.items()):
        user = session.get(User, user_id)
        params = {"fair": fair.name, "fair_slug": fair.slug, "count": count, "run_id": run_id}
        inbox.notify(session, [user], NoticeKind.SCHEDULE_PROVISIONAL, inbox.About(fair_id=fair.id, params=params))


def notify_about_slots(session: Session, request: MeetingRequest, kind: NoticeKind, user: User, counterpart_id: int):
    """Tell one side's person of a request about proposed slots (proposed to them, or declined by the other side,
    `counterpart_id`): in the inbox, and by mail after commit; the notice leads to the proposal's page."""
    fair = session.get(Fair, request.fair_id)
    counterpart = session.get(Organization, counterpart_id)
    params = {"organization": counterpart.name, "fair": fair.name, "fair_slug": fair.slug, "request_id": request.id}
    inbox.notify(session, [user], kind, inbox.About(fair_id=fair.id, request_id=request.id, params=params))
