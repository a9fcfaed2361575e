"""The inbox: notices newest first, read and unread, and how each kind reaches me by mail."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventsys.extensions import db
from eventsys.forms import show_refusal
from eventsys.models import Verification
from eventsys.notifications.forms import MarkReadForm, NoticeSettingsForm
from eventsys.services.errors import DomainError, NotFound
from eventsys.services.meetings import requests as request_rules
from eventsys.services.meetings.requests import INVESTOR_KINDS
from eventsys.services.notifications import inbox as inbox_service
from eventsys.services.notifications import preferences as preference_service
from eventsys.services.notifications.wording import TITLES, describe, target

bp = Blueprint("notifications", __name__, url_prefix="/inbox")


@bp.app_context_processor
def navigation_values():
    return {
        "unread_notices": unread_notices,
        "verification_pending": verification_pending,
        "may_request_meetings": may_request_meetings,
    }


def unread_notices() -> int:
    """The signed-in person's unread notices: one COUNT per page, kept for the rest of the request."""
    if not current_user.is_authenticated:
        return 0
    if "unread_notices" not in g:
        g.unread_notices = inbox_service.count_unread(db.session, current_user)
    return g.unread_notices


def verification_pending() -> bool:
    """Whether the signed-in person's investor firm still waits for the organizers' verification."""
    if not current_user.is_authenticated:
        return False
    organization = current_user.organization
    return (
        organization is not None
        and organization.kind in INVESTOR_KINDS
        and (organization.verification == Verification.PENDING)
    )


def may_request_meetings() -> bool:
    """Whether the signed-in person may send meeting requests now: a startup, or a verified investor or partner."""
    if not current_user.is_authenticated:
        return False
    organization = current_user.organization
    return (
        organization is not None
        and request_rules.recipient_rule(organization) is not None
        and (organization.kind not in INVESTOR_KINDS or organization.verification == Verification.VERIFIED)
    )


@bp.route("/")
@login_required
def inbox():
    """My notices, newest first; ?show=unread for the unread only."""
    show = request.args.get("show", "all")
    if show not in ("all", "unread"):
        abort(400)
    notices = inbox_service.get_notices(db.session, current_user, unread_only=show == "unread")
    rows = [(notice, describe(notice.kind, notice.params)) for notice in notices]
    return render_template("notifications/inbox.html", rows=rows, show=show, form=MarkReadForm(), titles=TITLES)


@bp.route("/read-all", methods=["POST"])
@login_required
def mark_all_read():
    if not MarkReadForm().validate_on_submit():
        abort(422)
    count = inbox_service.mark_all_read(db.session, current_user)
    db.session.commit()
    flash(_("%(n)d notices marked read.", n=count), "success")
    return redirect(url_for("notifications.inbox"))


@bp.route("/<int:notice_id>/read", methods=["POST"])
@login_required
def mark_read(notice_id: int):
    """Mark one of my notices read and go where it leads (?stay=1: back to the inbox)."""
    if not MarkReadForm().validate_on_submit():
        abort(422)
    try:
        notice = inbox_service.mark_read(db.session, current_user, notice_id)
    except NotFound:
        abort(404)
    db.session.commit()
    if request.form.get("stay"):
        return redirect(url_for("notifications.inbox"))
    endpoint, values = target(notice.kind, notice.params)
    return redirect(url_for(endpoint, **values))


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def edit_settings():
    """Per kind of notice: by mail at once, in a daily digest, or not by mail (the inbox keeps them all)."""
    form = NoticeSettingsForm()
    if request.method == "GET":
        for kind, delivery in preference_service.get_preferences(db.session, current_user).items():
            getattr(form, kind.value).data = delivery.value
        return render_template("notifications/settings.html", form=form)
    if not form.validate():
        return render_template("notifications/settings.html", form=form), 422
    choices = {field.name: field.data for field in form.kind_fields()}
    try:
        preference_service.set_preferences(db.session, current_user, choices)
    except DomainError as error:
        db.session.rollback()
        show_refusal(form, error)
        return render_template("notifications/settings.html", form=form), error.status
    db.session.commit()
    flash(_("Notice settings saved."), "success")
    return redirect(url_for("notifications.edit_settings"))
