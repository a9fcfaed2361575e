"""Routes of the meetings blueprint for participants: requests, availability, slot picker, agenda."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventsys.access import load_fair, load_meeting, load_request
from eventsys.extensions import db
from eventsys.forms import show_refusal
from eventsys.meetings.forms import (
    AvailabilityAddForm,
    AvailabilityQuickForm,
    MeetingAttendanceForm,
    MeetingCancelForm,
    RequestAnswerForm,
    RequestSendForm,
    SlotBookForm,
    parse_start,
)
from eventsys.meetings.plan_forms import WishForm
from eventsys.models import Attendance, Center, Fair, Meeting, MeetingOutcome, NoticeKind, Organization, utcnow
from eventsys.request_checks import parse_id
from eventsys.services import permissions
from eventsys.services.errors import DomainError, NotFound
from eventsys.services.fairs import catalog as fair_service
from eventsys.services.meetings import agenda as agenda_service
from eventsys.services.meetings import attendance as attendance_service
from eventsys.services.meetings import availability as availability_service
from eventsys.services.meetings import booking as meeting_service
from eventsys.services.meetings import centers as center_service
from eventsys.services.meetings import online as online_service
from eventsys.services.meetings import preferences as preference_service
from eventsys.services.meetings import requests as request_service
from eventsys.services.meetings.booking import daily_cap
from eventsys.services.meetings.notices import notify_request

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


# Agenda


@bp.route("/")
@login_required
def agenda():
    """My meetings, as a list or one day, each in its center's zone; startups see clashes with booth duty."""
    meetings = meeting_service.get_agenda(db.session, current_user)
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


# Requests


@bp.route("/fairs/<slug>/requests")
@login_required
def list_requests(slug: str):
    """Requests to and from my organization at a fair, with accept and decline."""
    fair = load_fair(slug)
    incoming, outgoing = request_service.get_requests(db.session, fair, current_user)
    booked = request_service.get_booked_request_ids(db.session, fair)
    return render_template(
        "meetings/request_list.html",
        fair=fair,
        incoming=incoming,
        outgoing=outgoing,
        booked=booked,
        answer_form=RequestAnswerForm(),
        wishes=preference_service.wishes_of(db.session, fair, current_user.organization),
        wish_level_form=WishForm(),
    )


@bp.route("/ask")
@login_required
def ask():
    """ "Request a meeting" from a profile, shortlist or recommendation: the form of the upcoming fair (or a choice)."""
    recipient_id = parse_id(request.args.get("to"))
    upcoming, _past = fair_service.get_fairs(db.session, fair_service.today_in(current_app.config["DEFAULT_TIMEZONE"]))
    if len(upcoming) == 1:
        return redirect(url_for("meetings.send_request", slug=upcoming[0].slug, to=recipient_id))
    return render_template("meetings/request_ask.html", fairs=upcoming, recipient_id=recipient_id)


@bp.route("/fairs/<slug>/requests/new", methods=["GET", "POST"])
@login_required
def send_request(slug: str):
    """Ask a startup (or, as a startup, an investor) for a meeting; the recipient is found by searching."""
    fair = load_fair(slug)
    own = current_user.organization
    chosen_id = parse_id(request.form.get("recipient") if request.method == "POST" else request.args.get("to"))
    chosen = request_service.get_recipient(db.session, own, chosen_id)
    term = request.args.get("q", "")[:100]
    found = request_service.find_recipients(db.session, own, term)
    form = RequestSendForm(recipient=chosen.id if chosen else None)
    form.recipient.choices = [(o.id, o.name) for o in ([chosen] if chosen else []) + [o for o in found if o != chosen]]
    form.centers.choices = [(c.id, c.city) for c in center_service.get_centers(db.session, open_only=True)]

    def page(status):
        values = {"fair": fair, "form": form, "term": term, "recipient_id": chosen_id, "searched": bool(term.strip())}
        return render_template("meetings/request_new.html", **values), status

    if form.validate_on_submit():
        recipient = db.session.get(Organization, form.recipient.data)
        centers = [db.session.get(Center, center_id) for center_id in form.centers.data or []]
        try:
            request_service.send_request(
                db.session,
                fair,
                current_user,
                recipient,
                message=form.message.data,
                language=form.language.data,
                centers=centers,
                limits=request_service.RequestLimits.from_config(current_app.config),
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
            return page(error.status)
        db.session.commit()
        flash(_("Your request was sent to %(name)s.", name=recipient.name), "success")
        return redirect(url_for("meetings.list_requests", slug=fair.slug))
    if form.is_submitted() and request_service.is_pending_investor(own):
        return page(403)
    return page(422 if form.is_submitted() else 200)


@bp.route("/requests/<int:request_id>/<any(accept, decline, withdraw):answer>", methods=["POST"])
@login_required
def answer_request(request_id: int, answer: str):
    """Accept, decline (with an optional reason) or withdraw a request."""
    meeting_request = load_request(request_id)
    form = RequestAnswerForm()
    if not form.validate_on_submit():
        abort(422)
    try:
        if answer == "withdraw":
            request_service.withdraw(db.session, meeting_request, current_user)
        else:
            request_service.respond(
                db.session, meeting_request, current_user, accept=answer == "accept", reason=form.reason.data
            )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("meetings.list_requests", slug=_fair_slug(meeting_request.fair_id))), 303
    db.session.commit()
    if answer == "accept" and not _has_free_slot(meeting_request):
        notify_request(db.session, meeting_request, NoticeKind.AVAILABILITY_NEEDED)
        db.session.commit()
    messages = {"accept": _("Accepted. Now pick a slot."), "decline": _("Declined."), "withdraw": _("Withdrawn.")}
    flash(messages[answer], "success")
    if answer == "accept":
        return redirect(url_for("meetings.pick_slot", request_id=request_id))
    return redirect(url_for("meetings.list_requests", slug=_fair_slug(meeting_request.fair_id)))


def _has_free_slot(meeting_request) -> bool:
    centers = center_service.get_centers(db.session)
    cap = daily_cap(current_app.config)
    return bool(meeting_service.get_free_slots(db.session, meeting_request, centers, daily_cap=cap))


def _fair_slug(fair_id: int) -> str:
    return db.session.get(Fair, fair_id).slug


# Availability


@bp.route("/fairs/<slug>/availability", methods=["GET", "POST"])
@login_required
def edit_availability(slug: str):
    """My availability at the centers during the fair, entered in each center's zone."""
    fair = load_fair(slug)
    centers = center_service.get_centers(db.session)
    form, quick = AvailabilityAddForm(prefix="add"), AvailabilityQuickForm(prefix="quick")
    form.center.choices = quick.centers.choices = _center_choices(centers)
    status = 200
    if request.method == "POST":
        if form.validate():
            center = next(c for c in centers if c.id == form.center.data)
            try:
                availability_service.add_availability(
                    db.session,
                    fair,
                    current_user,
                    center=center,
                    day=form.day.data,
                    starts=form.starts.data,
                    ends=form.ends.data,
                )
            except DomainError as error:
                db.session.rollback()
                show_refusal(form, error)
                status = error.status
            else:
                db.session.commit()
                flash(_("Availability added."), "success")
                return redirect(url_for("meetings.edit_availability", slug=slug))
        else:
            status = 422
    return _availability_page(fair, centers, form, quick), status


def _center_choices(centers) -> list[tuple[int, str]]:
    """Only open centers take new availability; closed ones stay in `centers` for the ranges already entered."""
    return [(c.id, c.city) for c in centers if not c.is_closed]


def _availability_page(fair, centers, form, quick):
    return render_template(
        "meetings/availability_edit.html",
        fair=fair,
        ranges=availability_service.get_availability(db.session, fair, current_user),
        centers={c.id: c for c in centers},
        form=form,
        quick=quick,
    )


@bp.route("/fairs/<slug>/availability/quick", methods=["POST"])
@login_required
def quick_availability(slug: str):
    """All opening hours of the chosen centers during the fair week."""
    fair = load_fair(slug)
    centers = center_service.get_centers(db.session)
    form, quick = AvailabilityAddForm(prefix="add", formdata=None), AvailabilityQuickForm(prefix="quick")
    form.center.choices = quick.centers.choices = _center_choices(centers)
    if not quick.validate():
        return _availability_page(fair, centers, form, quick), 422
    chosen = [c for c in centers if c.id in quick.centers.data]
    try:
        added = availability_service.add_opening_hours(db.session, fair, current_user, centers=chosen)
    except DomainError as error:
        db.session.rollback()
        show_refusal(quick, error)
        return _availability_page(fair, center_service.get_centers(db.session), form, quick), error.status
    db.session.commit()
    flash(_("%(n)d time ranges added.", n=added), "success")
    return redirect(url_for("meetings.edit_availability", slug=slug))


@bp.route("/availability/<int:availability_id>/delete", methods=["POST"])
@login_required
def delete_availability(availability_id: int):
    fair_slug = request.form.get("fair", "")
    try:
        availability_service.remove_availability(db.session, current_user, availability_id)
    except NotFound:
        abort(404)
    db.session.commit()
    flash(_("Availability removed."), "success")
    return redirect(url_for("meetings.edit_availability", slug=fair_slug) if fair_slug else url_for("meetings.agenda"))


# Slot picker, booking, rescheduling, cancelling


@bp.route("/requests/<int:request_id>/slots")
@login_required
def pick_slot(request_id: int):
    """Slots where both sides are free, a fitting room is free and travel allows it."""
    meeting_request = load_request(request_id)
    return _slot_page(meeting_request, None, SlotBookForm())


def _slot_page(meeting_request, meeting, form, status=200):
    centers = center_service.get_centers(db.session)
    slots = meeting_service.get_free_slots(
        db.session, meeting_request, centers, daily_cap=daily_cap(current_app.config)
    )
    by_day: dict[tuple[str, date], list] = {}
    for slot in slots:
        by_day.setdefault((slot.center.city, slot.starts_at.astimezone(slot.center.zone).date()), []).append(slot)
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
        fair_slug=_fair_slug(meeting_request.fair_id),
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
