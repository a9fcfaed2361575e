"""JSON routes under /api/v1/meetings for programs: my meetings, free slots of a request, booking a slot.

They authenticate with the session cookie like the pages; POST needs the CSRF token in an X-CSRFToken header.
"""

from __future__ import annotations

from flask import Blueprint, current_app, request
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.errors import error_response
from eventsys.extensions import db
from eventsys.meetings.forms import parse_start
from eventsys.models import Center, Meeting, MeetingRequest
from eventsys.services import permissions
from eventsys.services.errors import DomainError
from eventsys.services.meetings import booking as meeting_service
from eventsys.services.meetings import centers as center_service
from eventsys.services.meetings.notices import notify_participants

bp = Blueprint("meetings_api", __name__, url_prefix="/api/v1/meetings")


def meeting_json(meeting: Meeting) -> dict:
    local = meeting.starts_at.astimezone(meeting.center.zone)
    return {
        "id": meeting.id,
        "uid": meeting.uid,
        "sequence": meeting.sequence,
        "status": meeting.status.value,
        "request": meeting.request_id,
        "center": meeting.center.slug,
        "room": meeting.room.name,
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat(),
        "local_start": local.isoformat(),
        "participants": [p.user.name for p in meeting.participants],
    }


def _request_or_error(request_id: str):
    """The request if the current user may see it, else an error response.

    The id is taken as a plain path segment (no <int:> converter) so the route reads as its OpenAPI path.
    """
    if not current_user.is_authenticated:
        return None, error_response(401, _("Please log in to see this page."))
    meeting_request = db.session.get(MeetingRequest, int(request_id)) if request_id.isdigit() else None
    visible = meeting_request is not None and permissions.can_see_request(db.session, current_user, meeting_request)
    if not visible:
        return None, error_response(404, _("We could not find that page."))
    return meeting_request, None


@bp.route("")
def list_meetings():
    """The current user's live meetings, soonest first."""
    if not current_user.is_authenticated:
        return error_response(401, _("Please log in to see this page."))
    return {"meetings": [meeting_json(m) for m in meeting_service.get_agenda(db.session, current_user)]}


@bp.route("/requests/<request_id>/slots")
def list_slots(request_id: str):
    """Slots an accepted request can be booked into now."""
    meeting_request, refusal = _request_or_error(request_id)
    if refusal:
        return refusal
    slots = meeting_service.get_free_slots(
        db.session,
        meeting_request,
        center_service.get_centers(db.session),
        daily_cap=int(current_app.config["MEETING_DAILY_CAP"]),
    )
    return {
        "slots": [
            {
                "center": s.center.id,
                "starts_at": s.starts_at.isoformat(),
                "ends_at": s.ends_at.isoformat(),
                "rooms_free": s.rooms_free,
            }
            for s in slots
        ]
    }


@bp.route("/requests/<request_id>/book", methods=["POST"])
def book(request_id: str):
    """Book a slot: {"center": id, "starts_at": ISO 8601 with offset}. 201, or 409/403/404/422 with the reason."""
    meeting_request, refusal = _request_or_error(request_id)
    if refusal:
        return refusal
    body = request.get_json(silent=True) or {}
    center_id, start = body.get("center"), parse_start(str(body.get("starts_at", "")))
    center = db.session.get(Center, center_id) if isinstance(center_id, int) else None
    if center is None or start is None:
        return error_response(422, _("Give a center id and a start time with its UTC offset."))
    try:
        meeting = meeting_service.book_meeting(
            db.session,
            meeting_request,
            current_user,
            center=center,
            starts_at=start,
            daily_cap=int(current_app.config["MEETING_DAILY_CAP"]),
        )
    except DomainError as error:
        db.session.rollback()
        return error_response(error.status, error.message)
    db.session.commit()
    notify_participants(meeting, "scheduled", current_app.config)
    return meeting_json(meeting), 201
