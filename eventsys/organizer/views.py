"""Routes of the organizer blueprint."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.access import admin_required, organizer_required, password_policy
from eventsys.extensions import db
from eventsys.forms import show_refusal
from eventsys.models import Role
from eventsys.organizer.forms import UserCreateForm
from eventsys.services.accounts import users as accounts
from eventsys.services.errors import DomainError
from eventsys.services.fairs import dashboard as reports

bp = Blueprint("organizer", __name__, url_prefix="/organizer")


@bp.route("/")
@organizer_required
def dashboard():
    """Fairs with their booking figures, accounts by role and the latest changes."""
    return render_template(
        "organizer/dashboard.html",
        fairs=reports.get_fair_figures(db.session, current_user),
        users_by_role=reports.count_users_by_role(db.session),
        audit=reports.get_recent_audit(db.session, current_user),
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
