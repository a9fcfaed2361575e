"""Routes of the meetings blueprint for participants: the agenda, the slot picker, booking, moving and cancelling
a meeting, and attendance. Asking and answering are in request_views, availability in availability_views."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_pgettext
from flask_login import current_user, login_required

from eventsys.access import load_meeting, load_request
from eventsys.extensions import db
from eventsys.formatting import translated
from eventsys.meetings import availability_views, request_views  # noqa: F401 - they add their routes to bp
from eventsys.meetings.blueprint import bp
from eventsys.meetings.forms import MeetingAttendanceForm, MeetingCancelForm, SlotBookForm, parse_start
from eventsys.models import Attendance, Center, Fair, Meeting, MeetingOutcome, MeetingStatus, RequestStatus, utcnow
from eventsys.services import permissions
from eventsys.services.errors import DomainError
from eventsys.services.fairs import catalog as fair_service
from eventsys.services.meetings import agenda as agenda_service
from eventsys.services.meetings import attendance as attendance_service
from eventsys.services.meetings import availability as availability_service
from eventsys.services.meetings import booking as meeting_service
from eventsys.services.meetings import centers as center_service
from eventsys.services.meetings import free_slots
from eventsys.services.meetings import online as online_service
from eventsys.services.meetings.booking import daily_cap

#: A meeting's and a request's state as the agenda and the request list word it (one meeting: "Programada").
MEETING_STATUS_LABELS = {
    MeetingStatus.SCHEDULED: lazy_pgettext("meeting status", "Scheduled"),
    MeetingStatus.HELD: lazy_pgettext("meeting status", "Held"),
    MeetingStatus.NO_SHOW: lazy_pgettext("meeting status", "No-show"),
    MeetingStatus.CANCELLED: lazy_pgettext("meeting status", "Cancelled"),
}
REQUEST_STATUS_LABELS = {
    RequestStatus.OPEN: lazy_pgettext("request status", "Open"),
    RequestStatus.ACCEPTED: lazy_pgettext("request status", "Accepted"),
    RequestStatus.DECLINED: lazy_pgettext("request status", "Declined"),
    RequestStatus.WITHDRAWN: lazy_pgettext("request status", "Withdrawn"),
    RequestStatus.EXPIRED: lazy_pgettext("request status", "Expired"),
}


@bp.app_template_filter("meeting_status_label")
def meeting_status_label(status: MeetingStatus) -> str:
    return str(MEETING_STATUS_LABELS[status])


@bp.app_template_filter("request_status_label")
def request_status_label(status: RequestStatus) -> str:
    return str(REQUEST_STATUS_LABELS[status])


# Agenda


@bp.route("/")
@login_required
def agenda():
    """My meetings, as a list or one day, each in its center's zone; startups see clashes with booth duty."""
    meetings = agenda_service.get_agenda(db.session, current_user)
    by_day: dict[date, list[Meeting]] = {}
    for meeting in meetings:
        by_day.setdefault(meeting.starts_at.astimezone(meeting.center.zone).date(), []).append(meeting)
    chosen = request.args.get("day", "")
    try:
        day = date.fromisoformat(chosen) if chosen else None
    except ValueError:
        abort(400)
    upcoming, _past = fair_service.get_fairs(db.session, fair_service.today_in(current_app.config["DEFAULT_TIMEZONE"]))
    return render_template(
        "meetings/agenda_list.html",
        by_day=by_day if day is None else {day: by_day.get(day, [])},
        day=day,
        days=sorted(by_day),
        clashes=agenda_service.get_booth_duty_clashes(db.session, current_user, meetings),
        fairs=upcoming,
        centers=center_service.get_centers(db.session) if permissions.can_manage_centers(current_user) else [],
        attendance_form=MeetingAttendanceForm(),
        now=utcnow(),
    )


# Slot picker, booking, rescheduling, cancelling


@bp.route("/requests/<int:request_id>/slots")
@login_required
def pick_slot(request_id: int):
    """Slots where both sides are free, a fitting room is free and travel allows it."""
    meeting_request = load_request(request_id)
    return _slot_page(meeting_request, None, SlotBookForm())


def _slot_page(meeting_request, meeting, form, status=200):
    centers = center_service.get_centers(db.session)
    slots = free_slots.get_free_slots(db.session, meeting_request, centers, daily_cap=daily_cap(current_app.config))
    by_day: dict[tuple[str, date], list] = {}
    for slot in slots:
        by_day.setdefault(
            (
                translated(slot.center.city, slot.center.city_translations),
                slot.starts_at.astimezone(slot.center.zone).date(),
            ),
            [],
        ).append(slot)
    online_center = online_service.online_center(db.session, meeting_request, centers)
    online_slots = (
        online_service.get_free_online_slots(
            db.session, meeting_request, [online_center], daily_cap=daily_cap(current_app.config)
        )
        if online_center
        else []
    )
    suggestions = [] if by_day or online_slots else availability_service.one_side_free(db.session, meeting_request)
    page = render_template(
        "meetings/slot_picker.html",
        meeting_request=meeting_request,
        meeting=meeting,
        by_day=by_day,
        form=form,
        suggestions=suggestions,
        fair_slug=db.session.get(Fair, meeting_request.fair_id).slug,
        online_center=online_center,
        online_slots=online_slots,
    )
    return page, status


@bp.route("/requests/<int:request_id>/book", methods=["POST"])
@login_required
def book_slot(request_id: int):
    """Book the chosen slot: room and both people in one transaction, or a clear refusal."""
    meeting_request = load_request(request_id)
    form = SlotBookForm()
    center = db.session.get(Center, form.center.data) if form.validate_on_submit() else None
    start = parse_start(form.starts_at.data or "")
    if center is None or start is None:
        form.form_errors.append(_("Choose a slot from the list."))
        return _slot_page(meeting_request, None, form, 422)
    try:
        if form.is_online:
            meeting = online_service.book_online_meeting(
                db.session,
                meeting_request,
                current_user,
                center=center,
                starts_at=start,
                video_url=form.video_url.data,
                daily_cap=daily_cap(current_app.config),
            )
        else:
            meeting = meeting_service.book_meeting(
                db.session,
                meeting_request,
                current_user,
                center=center,
                starts_at=start,
                daily_cap=daily_cap(current_app.config),
            )
    except DomainError as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return _slot_page(load_request(request_id), None, form, error.status)
    db.session.commit()
    flash(_("Booked. Both of you get an invitation by mail."), "success")
    return redirect(url_for("meetings.agenda", day=meeting.starts_at.astimezone(center.zone).date().isoformat()))


@bp.route("/<int:meeting_id>/reschedule", methods=["GET", "POST"])
@login_required
def reschedule(meeting_id: int):
    """Move a meeting to another free slot."""
    meeting = load_meeting(meeting_id)
    form = SlotBookForm()
    if request.method == "GET":
        return _slot_page(meeting.request, meeting, form)
    center = db.session.get(Center, form.center.data) if form.validate_on_submit() else None
    start = parse_start(form.starts_at.data or "")
    if center is None or start is None:
        form.form_errors.append(_("Choose a slot from the list."))
        return _slot_page(meeting.request, meeting, form, 422)
    move = online_service.move_online if form.is_online else meeting_service.reschedule_meeting
    link = {"video_url": form.video_url.data} if form.is_online else {}
    try:
        move(
            db.session,
            meeting,
            current_user,
            center=center,
            starts_at=start,
            daily_cap=daily_cap(current_app.config),
            **link,
        )
    except DomainError as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        meeting = load_meeting(meeting_id)
        return _slot_page(meeting.request, meeting, form, error.status)
    db.session.commit()
    flash(_("Moved. Both of you get the updated invitation."), "success")
    return redirect(url_for("meetings.agenda"))


@bp.route("/<int:meeting_id>/cancel", methods=["POST"])
@login_required
def cancel(meeting_id: int):
    """Cancel a meeting; both sides are told."""
    meeting = load_meeting(meeting_id)
    form = MeetingCancelForm()
    if not form.validate_on_submit():
        abort(422)
    try:
        meeting_service.cancel_meeting(db.session, meeting, current_user, reason=form.reason.data)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("meetings.agenda")), 303
    db.session.commit()
    flash(_("Cancelled. Both of you are told."), "success")
    return redirect(request.form.get("next") if _is_local(request.form.get("next")) else url_for("meetings.agenda"))


@bp.route("/<int:meeting_id>/attendance", methods=["POST"])
@login_required
def answer_attendance(meeting_id: int):
    """After the slot: it took place (with an optional outcome), or the other side did not come."""
    meeting = load_meeting(meeting_id)
    form = MeetingAttendanceForm()
    if not form.validate_on_submit():
        flash(" ".join(str(message) for messages in form.errors.values() for message in messages), "error")
        return agenda(), 422
    outcome = MeetingOutcome(form.outcome.data) if form.outcome.data else None
    try:
        attendance_service.answer_attendance(
            db.session, meeting, current_user, Attendance(form.attendance.data), outcome
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return agenda(), error.status
    db.session.commit()
    flash(_("Thank you: your answer is saved."), "success")
    return redirect(url_for("meetings.agenda", _anchor=f"meeting-{meeting.id}"))


def _is_local(target: str | None) -> bool:
    return bool(target) and target.startswith("/") and not target.startswith("//")
