"""Routes of the meetings blueprint for asking: requests to and from my organization, a new request, answers."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventsys.access import load_fair, load_request
from eventsys.extensions import db
from eventsys.forms import show_refusal
from eventsys.meetings.blueprint import bp
from eventsys.meetings.forms import RequestAnswerForm, RequestSendForm
from eventsys.meetings.plan_forms import WishForm
from eventsys.models import Center, Fair, NoticeKind, Organization
from eventsys.request_checks import parse_id
from eventsys.services.errors import DomainError
from eventsys.services.fairs import catalog as fair_service
from eventsys.services.meetings import centers as center_service
from eventsys.services.meetings import free_slots
from eventsys.services.meetings import preferences as preference_service
from eventsys.services.meetings import requests as request_service
from eventsys.services.meetings.booking import daily_cap
from eventsys.services.meetings.notices import notify_request


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
    return bool(free_slots.get_free_slots(db.session, meeting_request, centers, daily_cap=cap))


def _fair_slug(fair_id: int) -> str:
    return db.session.get(Fair, fair_id).slug
