"""Routes of the organizer blueprint."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.access import admin_required, password_policy, permission_required
from eventsys.extensions import db
from eventsys.forms import show_refusal
from eventsys.investors.forms import VerificationDecisionForm
from eventsys.models import Organization, Role, Verification
from eventsys.organizer.forms import UserCreateForm
from eventsys.services import permissions
from eventsys.services.accounts import first_steps, organizers
from eventsys.services.accounts import users as accounts
from eventsys.services.errors import DomainError
from eventsys.services.fairs import dashboard as reports

bp = Blueprint("organizer", __name__, url_prefix="/organizer")


@bp.route("/")
@permission_required(permissions.can_use_console)
def dashboard():
    """The fairs the user owns, staffs or does the finance of, with booking figures; the latest changes; accounts
    by role for admins. Check-in staff have the desk (/checkin) instead."""
    return render_template(
        "organizer/dashboard.html",
        fairs=reports.get_fair_figures(db.session, current_user),
        users_by_role=reports.count_users_by_role(db.session) if current_user.is_admin else {},
        audit=reports.get_recent_audit(db.session, current_user),
        waiting=first_steps.organizer_waiting(db.session, current_user),
    )


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def create_user():
    """An admin creates an organizer or admin account."""
    form = UserCreateForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                db.session,
                email=form.email.data,
                password=form.password.data,
                name=form.name.data,
                name_local=form.name_local.data or None,
                role=Role(form.role.data),
                policy=password_policy(),
                actor=current_user,
            )
        except DomainError as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("%(email)s can now log in as %(role)s.", email=user.email, role=user.role.value), "success")
            return redirect(url_for("organizer.dashboard"))
    db.session.rollback()
    return render_template("organizer/user_create.html", form=form), 422 if form.is_submitted() else 200


@bp.route("/organizations")
@admin_required
def list_pending_organizers():
    """Admins: organizer organizations that signed up and wait to be verified before their fairs can go public."""
    return render_template(
        "organizer/organizer_verification.html",
        pending=organizers.get_pending_organizers(db.session),
        form=VerificationDecisionForm(),
    )


@bp.route("/organizations/<int:organization_id>/verification", methods=["POST"])
@admin_required
def decide_organizer(organization_id: int):
    """An admin verifies or rejects an organizer organization; its people get a mail."""
    organization = db.session.get(Organization, organization_id)
    if organization is None:
        abort(404)
    form = VerificationDecisionForm()
    if form.validate_on_submit():
        try:
            organizers.decide_organizer(
                db.session, organization, Verification(form.decision.data), actor=current_user, reason=form.reason.data
            )
        except DomainError as error:
            db.session.rollback()
            if error.status == 404:
                abort(404)
            show_refusal(form, error)
        else:
            db.session.commit()
            if organization.verification == Verification.VERIFIED:
                flash(_("%(organization)s is verified.", organization=organization.name), "success")
            else:
                flash(_("%(organization)s was rejected.", organization=organization.name), "info")
            return redirect(url_for("organizer.list_pending_organizers"))
    pending = organizers.get_pending_organizers(db.session)
    return render_template(
        "organizer/organizer_verification.html", pending=pending, form=form, failed_id=organization_id
    ), 422
