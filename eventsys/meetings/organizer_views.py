"""Routes of the meeting_admin blueprint: a center's day grid, no-shows, the scheduler (centers' settings are
center_admin's, in eventsys/centers/organizer_views.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from eventsys.access import (
    can_manage_fair,
    load_managed_fair,
    load_managed_meeting,
    organizer_required,
    permission_required,
)
from eventsys.extensions import db
from eventsys.meetings.forms import NoShowForm, ScheduleRunForm
from eventsys.meetings.plan_forms import PriorityForm, PublishForm
from eventsys.models import (
    Center,
    Fair,
    Meeting,
    MeetingMode,
    MeetingParticipant,
    MeetingRequest,
    MeetingStatus,
    ScheduleRun,
    utcnow,
)
from eventsys.redirects import local_path
from eventsys.services import permissions
from eventsys.services.errors import DomainError
from eventsys.services.fairs.catalog import today_in
from eventsys.services.meetings import attendance, provisional
from eventsys.services.meetings import centers as center_service
from eventsys.services.meetings import preferences as preference_service
from eventsys.services.meetings import runs as schedule_runs
from eventsys.services.meetings.booking import daily_cap

bp = Blueprint("meeting_admin", __name__, url_prefix="/organizer/meetings")


def load_center(slug: str) -> Center:
    center = center_service.get_center(db.session, slug)
    if center is None:
        abort(404)
    return center


# The center's day grid, rooms × slots, and editing the center


@bp.route("/centers/<slug>")
@permission_required(permissions.can_manage_centers)
def center_day(slug: str):
    """A center's day: rooms across, slots down, each cell the meeting in it."""
    center = load_center(slug)
    try:
        day = date.fromisoformat(request.args["day"]) if request.args.get("day") else today_in(center.timezone)
    except ValueError:
        abort(400)
    return _center_page(center, day)


def _center_page(center: Center, day: date, status: int = 200):
    slots = center_service.day_slots(center, day)
    meetings = []
    if slots:
        meetings = db.session.scalars(
            select(Meeting)
            .where(
                Meeting.center_id == center.id,
                Meeting.status != MeetingStatus.CANCELLED,
                Meeting.starts_at >= slots[0][0],
                Meeting.starts_at <= slots[-1][0],
            )
            .options(selectinload(Meeting.participants).selectinload(MeetingParticipant.user))
        ).all()
    grid = {(m.room_id, m.starts_at): m for m in meetings}
    page = render_template(
        "meetings/center_day.html",
        center=center,
        day=day,
        slots=slots,
        grid=grid,
        online_meetings=_online_meetings(center, day),
        closed=center_service.closure_reason(center, day),
        no_show_form=NoShowForm(),
    )
    return page, status


def _online_meetings(center: Center, day: date) -> list[Meeting]:
    """The center's online meetings of the day in its zone (they keep its grid, not a room), soonest first."""
    day_start = datetime.combine(day, datetime.min.time(), center.zone)
    return list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.center_id == center.id,
                Meeting.mode == MeetingMode.ONLINE,
                Meeting.status != MeetingStatus.CANCELLED,
                Meeting.starts_at >= day_start,
                Meeting.starts_at < day_start + timedelta(days=1),
            )
            .options(selectinload(Meeting.participants).selectinload(MeetingParticipant.user))
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )


@bp.route("/<int:meeting_id>/outcome", methods=["POST"])
@organizer_required
def record_outcome(meeting_id: int):
    """Mark a meeting as a no-show (or as held)."""
    meeting = load_managed_meeting(meeting_id)
    form = NoShowForm()
    if not form.validate_on_submit():
        flash(_("Choose whether the meeting was held or was a no-show."), "error")
        return _center_page(meeting.center, meeting.starts_at.astimezone(meeting.center.zone).date(), 422)
    try:
        attendance.mark_no_show(db.session, meeting, current_user, held=form.outcome.data == "held")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("Recorded."), "success")
    day = meeting.starts_at.astimezone(meeting.center.zone).date().isoformat()
    return redirect(url_for("meeting_admin.center_day", slug=meeting.center.slug, day=day))


# The scheduler: preview, then publish


@bp.route("/fairs/<slug>/schedule", methods=["GET", "POST"])
@organizer_required
def schedule(slug: str):
    """Run the scheduler into a preview; earlier runs are listed."""
    fair = load_managed_fair(slug)
    form = ScheduleRunForm()
    if form.validate_on_submit():
        due = form.answers_due.data
        if due is not None and due.replace(tzinfo=fair.zone) <= utcnow():
            form.answers_due.errors.append(_("Choose a deadline in the future."))
            runs = schedule_runs.get_runs(db.session, fair)
            return render_template("meetings/schedule_runs.html", fair=fair, form=form, runs=runs), 422
        run = schedule_runs.run_scheduler(
            db.session,
            fair,
            current_user,
            daily_cap=daily_cap(current_app.config),
            floor=form.floor.data,
            weights={
                side: 1 if field.data is None else field.data
                for side, field in (("investor", form.investor_weight), ("startup", form.startup_weight))
            },
            answers_due_at=due.replace(tzinfo=fair.zone) if due else None,
        )
        db.session.commit()
        return redirect(url_for("meeting_admin.preview", slug=slug, run_id=run.id))
    status = 422 if form.is_submitted() else 200
    runs = schedule_runs.get_runs(db.session, fair)
    return render_template("meetings/schedule_runs.html", fair=fair, form=form, runs=runs), status


def load_run(fair, run_id: int) -> ScheduleRun:
    run = db.session.get(ScheduleRun, run_id)
    if run is None or run.fair_id != fair.id:
        abort(404)
    return run


@bp.route("/fairs/<slug>/schedule/<int:run_id>")
@organizer_required
def preview(slug: str, run_id: int):
    """What a run would schedule, why the rest is left out, and how close it is to the best possible."""
    fair = load_managed_fair(slug)
    return _preview_page(fair, load_run(fair, run_id))


def _preview_page(fair, run: ScheduleRun, status: int = 200, publish_form: PublishForm | None = None):
    centers = {c.id: c for c in center_service.get_centers(db.session)}
    rooms = {r.id: r for c in centers.values() for r in c.rooms}
    interpreters = {i.id: i for c in centers.values() for i in c.interpreters}
    meetings = run.result.get("meetings", [])
    starts = [datetime.fromisoformat(item["starts_at"]) for item in meetings]
    left_out = [int(r) for r in run.result.get("reasons", {})]
    details = run.result.get("details", {})
    reasons = {
        int(r): schedule_runs.reason_text(reason, details.get(r), centers)
        for r, reason in run.result.get("reasons", {}).items()
    }
    must = set(run.result.get("must_meet", []))
    page = render_template(
        "meetings/schedule_preview.html",
        fair=fair,
        run=run,
        rows=list(zip(meetings, starts, strict=True)),
        centers=centers,
        rooms=rooms,
        interpreters=interpreters,
        names=provisional.names_of(db.session, [m["request"] for m in meetings] + left_out),
        answers=provisional.answer_counts(db.session, run),
        left_must=[r for r in left_out if r in must],
        left_other=[r for r in left_out if r not in must],
        must=must,
        reasons=reasons,
        priorities=schedule_runs.priorities(db.session, left_out),
        publish_form=publish_form or PublishForm(),
        priority_form=PriorityForm(),
    )
    return page, status


@bp.route("/fairs/<slug>/schedule/<int:run_id>/publish", methods=["POST"])
@organizer_required
def publish(slug: str, run_id: int):
    """Book the previewed meetings and send the invitations."""
    fair = load_managed_fair(slug)
    run = load_run(fair, run_id)
    form = PublishForm()
    if not form.validate_on_submit():
        flash(_("Tick the box to confirm that these meetings should be booked."), "error")
        return _preview_page(fair, run, 422, form)
    try:
        created, skipped = schedule_runs.publish_run(
            db.session, run, current_user, daily_cap=daily_cap(current_app.config)
        )
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("meeting_admin.preview", slug=slug, run_id=run_id)), 303
    db.session.commit()
    flash(_("%(n)d meetings published; %(m)d could no longer be booked.", n=len(created), m=skipped), "success")
    current_app.logger.info("schedule run %s published: %s meetings", run.id, len(created))
    return redirect(url_for("meeting_admin.schedule", slug=slug))


@bp.route("/requests/<int:request_id>/priority", methods=["POST"])
@organizer_required
def set_priority(request_id: int):
    """An organizer raises or lowers a request's priority for the next scheduler run (1–5)."""
    meeting_request = db.session.get(MeetingRequest, request_id)
    fair = db.session.get(Fair, meeting_request.fair_id) if meeting_request else None
    if fair is None or not can_manage_fair(current_user, fair):
        abort(404)
    form = PriorityForm()
    back = local_path(request.form.get("next")) or url_for("meeting_admin.schedule", slug=fair.slug)
    if not form.validate_on_submit():
        flash(_("Priority runs from 1 to 5."), "error")
        return render_template("meetings/wish_refused.html", message=_("Priority runs from 1 to 5."), back=back), 422
    preference_service.set_priority(db.session, meeting_request, form.priority.data, current_user)
    db.session.commit()
    flash(_("Priority saved; it counts from the next run."), "success")
    return redirect(back)
