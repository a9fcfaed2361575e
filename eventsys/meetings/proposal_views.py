"""Routes of the meeting_proposals blueprint: one side of an accepted request without a common slot proposes three
slots; the other side picks one (booking the meeting) or declines them all."""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventsys.access import load_request
from eventsys.extensions import db
from eventsys.meetings.proposal_forms import AnswerSlotsForm, ProposeSlotsForm, WithdrawSlotsForm
from eventsys.models import Fair, utcnow
from eventsys.services.errors import DomainError
from eventsys.services.meetings import availability as availability_service
from eventsys.services.meetings import booking as meeting_service
from eventsys.services.meetings import centers as center_service
from eventsys.services.meetings import proposals as proposal_service
from eventsys.services.meetings.booking import daily_cap

bp = Blueprint("meeting_proposals", __name__, url_prefix="/meetings")


@bp.route("/requests/<int:request_id>/proposal")
@login_required
def show_proposal(request_id: int):
    """The open proposal with Pick and Decline for the side it was made to, or the form to propose three slots."""
    meeting_request = load_request(request_id)
    return _page(meeting_request, ProposeSlotsForm(formdata=None), AnswerSlotsForm(formdata=None))


@bp.route("/requests/<int:request_id>/proposal", methods=["POST"])
@login_required
def propose(request_id: int):
    meeting_request = load_request(request_id)
    form = ProposeSlotsForm()
    centers = _choose_from(form, meeting_request)
    if not form.validate_on_submit():
        return _page(meeting_request, form, AnswerSlotsForm(formdata=None), 422)
    slots = []
    for row in form.slots:
        center, day = centers[row.center.data], date.fromisoformat(row.day.data)
        slots.append((center, datetime.combine(day, row.starts.data, center.zone)))
    try:
        proposal_service.propose(
            db.session, meeting_request, current_user, slots, daily_cap=daily_cap(current_app.config)
        )
    except DomainError as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return _page(load_request(request_id), form, AnswerSlotsForm(formdata=None), error.status)
    db.session.commit()
    flash(_("Your three slots were sent. You will be told when the other side answers."), "success")
    return redirect(url_for("meeting_proposals.show_proposal", request_id=request_id))


@bp.route("/requests/<int:request_id>/proposal/<any(pick, decline):answer>", methods=["POST"])
@login_required
def answer_proposal(request_id: int, answer: str):
    """Pick one of the three slots (booked with every booking rule) or decline them all."""
    meeting_request = load_request(request_id)
    form = AnswerSlotsForm()
    proposal = proposal_service.get_open_proposal(db.session, meeting_request)
    if not form.validate_on_submit() or (answer == "pick" and form.position.data is None):
        form.form_errors.append(_("Choose one of the proposed slots."))
        return _page(meeting_request, ProposeSlotsForm(formdata=None), form, 422)
    if proposal is None or form.proposal.data != str(proposal.id):
        form.form_errors.append(_("These slots have already been answered."))
        return _page(meeting_request, ProposeSlotsForm(formdata=None), form, 409)
    try:
        if answer == "pick":
            meeting = proposal_service.pick(
                db.session, proposal, current_user, form.position.data, daily_cap=daily_cap(current_app.config)
            )
        else:
            proposal_service.decline(db.session, proposal, current_user)
    except DomainError as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return _page(load_request(request_id), ProposeSlotsForm(formdata=None), form, error.status)
    db.session.commit()
    if answer == "decline":
        flash(_("Declined. The other side is told and may propose other slots."), "success")
        return redirect(url_for("meeting_proposals.show_proposal", request_id=request_id))
    flash(_("Booked. Both of you get an invitation by mail."), "success")
    day = meeting.starts_at.astimezone(meeting.center.zone).date()
    return redirect(url_for("meetings.agenda", day=day.isoformat()))


@bp.route("/requests/<int:request_id>/proposal/withdraw", methods=["POST"])
@login_required
def withdraw_proposal(request_id: int):
    """The proposer takes its open slots back; the other side is told."""
    meeting_request = load_request(request_id)
    form = WithdrawSlotsForm()
    proposal = proposal_service.get_open_proposal(db.session, meeting_request)
    if not form.validate_on_submit():
        return _refused(meeting_request, _("Choose the proposal to withdraw."), 422)
    if proposal is None or form.proposal.data != str(proposal.id):
        return _refused(meeting_request, _("These slots have already been answered."), 409)
    try:
        proposal_service.withdraw(db.session, proposal, current_user)
    except DomainError as error:
        db.session.rollback()
        return _refused(load_request(request_id), error.message, error.status)
    db.session.commit()
    flash(_("Withdrawn. The other side is told; either of you may propose other slots."), "success")
    return redirect(url_for("meeting_proposals.show_proposal", request_id=request_id))


def _refused(meeting_request, message, status: int):
    """The proposal page again, with why the action was refused."""
    answer_form = AnswerSlotsForm(formdata=None)
    answer_form.form_errors.append(message)
    return _page(meeting_request, ProposeSlotsForm(formdata=None), answer_form, status)


def _choose_from(form: ProposeSlotsForm, meeting_request) -> dict:
    """Fill each row's center and day choices: the request's centers (or every open one) and the fair's days."""
    centers = center_service.get_centers(db.session, open_only=True)
    wanted = {c.id for c in meeting_request.preferred_centers}
    centers = [c for c in centers if not wanted or c.id in wanted]
    days = center_service.fair_days(db.session.get(Fair, meeting_request.fair_id))
    for row in form.slots:
        row.center.choices = [(c.id, c.city) for c in centers]
        row.day.choices = [(day.isoformat(), format_date(day, "full")) for day in days]
    return {c.id: c for c in centers}


def _page(meeting_request, form: ProposeSlotsForm, answer_form: AnswerSlotsForm, status: int = 200):
    centers = _choose_from(form, meeting_request)
    side = proposal_service.side_of(db.session, meeting_request, current_user)
    proposal = proposal_service.get_last_proposal(db.session, meeting_request)
    page = render_template(
        "meetings/slot_proposal.html",
        meeting_request=meeting_request,
        proposal=proposal,
        side=side,
        form=form,
        answer_form=answer_form,
        centers=list(centers.values()),
        days=center_service.fair_days(db.session.get(Fair, meeting_request.fair_id)),
        hours=center_service.get_hours,
        booked=meeting_service.get_live_meeting(db.session, meeting_request),
        suggestions=availability_service.one_side_free(db.session, meeting_request),
        now=utcnow(),
    )
    return page, status
