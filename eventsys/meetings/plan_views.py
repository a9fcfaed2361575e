"""Routes of the meeting_plans blueprint: what participants tell the scheduler (wishes about counterparts, the
languages they meet in) and their answers to a provisional schedule."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventsys.access import can_manage_fair, load_fair
from eventsys.extensions import db
from eventsys.forms import show_refusal
from eventsys.meetings.plan_forms import MeetingLanguagesForm, WishForm
from eventsys.models import Center, Fair, Organization, OrganizationKind, PreferenceLevel, ScheduleRun
from eventsys.redirects import local_path
from eventsys.services.errors import DomainError
from eventsys.services.fairs import catalog as fair_service
from eventsys.services.meetings import centers as center_service
from eventsys.services.meetings import interpreters as interpreter_service
from eventsys.services.meetings import online as online_service
from eventsys.services.meetings import preferences as preference_service
from eventsys.services.meetings import provisional

bp = Blueprint("meeting_plans", __name__, url_prefix="/meetings")


@bp.app_context_processor
def wish_helpers() -> dict:
    return {"profile_wishes": profile_wishes, "wish_level_form": WishForm}


def profile_wishes(counterpart_id: int) -> list[tuple[Fair, Organization, PreferenceLevel | None]]:
    """On a profile page: the upcoming fairs at which the signed-in investor or startup may mark that organization
    (investors mark startups, startups investors), each with the current mark; empty for everyone else."""
    own = current_user.organization if current_user.is_authenticated else None
    counterpart = db.session.get(Organization, counterpart_id)
    if own is None or counterpart is None:
        return []
    startup_and_investor = (own.kind == OrganizationKind.STARTUP and counterpart.is_investor) or (
        own.is_investor and counterpart.kind == OrganizationKind.STARTUP
    )
    if not startup_and_investor:
        return []
    upcoming, _past = fair_service.get_fairs(db.session, fair_service.today_in(current_app.config["DEFAULT_TIMEZONE"]))
    return [
        (fair, counterpart, preference_service.wishes_of(db.session, fair, own).get(counterpart.id))
        for fair in upcoming
    ]


@bp.route("/languages", methods=["GET", "POST"])
@login_required
def meeting_languages():
    """The languages I can meet in (a meeting whose sides share none gets an interpreter) and my video call link."""
    form = MeetingLanguagesForm(
        languages=list(current_user.meeting_languages or ()), online_meeting_url=current_user.online_meeting_url
    )
    if form.validate_on_submit():
        try:
            online_service.set_online_meeting_url(db.session, current_user, form.online_meeting_url.data)
            interpreter_service.set_meeting_languages(db.session, current_user, form.languages.data or [])
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("Your meeting languages are saved."), "success")
            return redirect(url_for("meeting_plans.meeting_languages"))
    return render_template("meetings/meeting_languages.html", form=form), 422 if form.is_submitted() else 200


@bp.route("/fairs/<slug>/wishes/<int:organization_id>", methods=["POST"])
@login_required
def set_wish(slug: str, organization_id: int):
    """Mark a counterpart must-meet, would-like or no-thanks at this fair (an empty choice clears the mark)."""
    fair = load_fair(slug)
    own = current_user.organization
    if own is None or not (own.kind == OrganizationKind.STARTUP or own.is_investor):
        abort(403)
    counterpart = db.session.get(Organization, organization_id)
    if counterpart is None:
        abort(404)
    form = WishForm()
    back = local_path(request.form.get("next")) or url_for("meetings.list_requests", slug=fair.slug)

    def refused(message, status):
        return render_template("meetings/wish_refused.html", message=message, back=back), status

    if not form.validate_on_submit():
        return refused(_("Choose must meet, would like, no thanks or no mark."), 422)
    level = PreferenceLevel(form.level.data) if form.level.data else None
    try:
        preference_service.set_wish(db.session, fair, own, counterpart, level, current_user)
    except DomainError as error:
        db.session.rollback()
        return refused(error.message, error.status)
    db.session.commit()
    flash(_("Your wish about %(name)s is saved.", name=counterpart.name), "success")
    return redirect(back)


def load_visible_run(run_id: int) -> ScheduleRun:
    """A provisional schedule for its fair's managers and for the people it gives a meeting; 404 for others."""
    run = db.session.get(ScheduleRun, run_id)
    if run is None:
        abort(404)
    if not can_manage_fair(current_user, db.session.get(Fair, run.fair_id)) and not provisional.my_meetings(
        db.session, run, current_user
    ):
        abort(404)
    return run


@bp.route("/schedules/<int:run_id>")
@login_required
def provisional_schedule(run_id: int):
    """My meetings in a provisional schedule, each to accept or release before the deadline."""
    return _provisional_page(load_visible_run(run_id))


def _provisional_page(run: ScheduleRun, status: int = 200):
    mine = provisional.my_meetings(db.session, run, current_user)
    centers: dict[int, Center] = {c.id: c for c in center_service.get_centers(db.session)}
    for item in mine:
        item["start"] = datetime.fromisoformat(item["starts_at"])
    return render_template(
        "meetings/provisional.html",
        run=run,
        fair=db.session.get(Fair, run.fair_id),
        meetings=mine,
        centers=centers,
        counterparts=provisional.counterparts(db.session, mine, current_user),
        form=WishForm(),
    ), status


@bp.route("/schedules/<int:run_id>/<int:request_id>/<any(accept, release):choice>", methods=["POST"])
@login_required
def answer_slot(run_id: int, request_id: int, choice: str):
    """Accept or release one of my provisional meetings."""
    run = load_visible_run(run_id)
    if not WishForm().validate_on_submit():  # only the CSRF token
        abort(400)
    try:
        provisional.answer_slot(db.session, run, request_id, current_user, release=choice == "release")
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _provisional_page(run, error.status)
    db.session.commit()
    flash(_("Released: this meeting will not be booked.") if choice == "release" else _("Accepted."), "success")
    return redirect(url_for("meeting_plans.provisional_schedule", run_id=run.id))
