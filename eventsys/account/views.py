"""Routes of the account blueprint."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from eventsys.access import password_policy
from eventsys.account.forms import EmailChangeForm, PasswordChangeForm, ProfileForm, SessionEndForm
from eventsys.extensions import db, note_user_locale
from eventsys.forms import show_refusal
from eventsys.services.accounts import sessions
from eventsys.services.accounts import users as accounts
from eventsys.services.errors import DomainError

bp = Blueprint("account", __name__, url_prefix="/account")


def _render(profile=None, password=None, email=None, status=200):
    return (
        render_template(
            "account/account_edit.html",
            profile_form=profile or ProfileForm(obj=current_user, prefix="profile"),
            password_form=password or PasswordChangeForm(prefix="password"),
            email_form=email or EmailChangeForm(prefix="email"),
            live_sessions=sessions.live_sessions(db.session, current_user),
            session_form=SessionEndForm(),
        ),
        status,
    )


@bp.route("/")
@login_required
def edit_account():
    """The user's account page."""
    return _render()


@bp.route("/profile", methods=["POST"])
@login_required
def update_profile():
    """Change name, job title, language and time zone."""
    form = ProfileForm(prefix="profile")
    if not form.validate_on_submit():
        return _render(profile=form, status=422)
    current_user.name = form.name.data.strip()
    current_user.name_local = (form.name_local.data or "").strip() or None
    current_user.job_title = (form.job_title.data or "").strip() or None
    current_user.locale = form.locale.data or None
    current_user.timezone = form.timezone.data or None
    note_user_locale(current_user)  # the confirmation below is in the new language already
    db.session.commit()
    flash(_("Your profile has been saved."), "success")
    return redirect(url_for("account.edit_account"))


@bp.route("/password", methods=["POST"])
@login_required
def change_password():
    """Change the password; other sessions end, this one stays logged in."""
    form = PasswordChangeForm(prefix="password")
    if form.validate_on_submit():
        try:
            accounts.change_password(
                db.session, current_user, form.current_password.data, form.password.data, password_policy()
            )
        except DomainError as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("account.edit_account"))
    db.session.rollback()
    return _render(password=form, status=422)


@bp.route("/email", methods=["POST"])
@login_required
def change_email():
    """Move the account to another e-mail address."""
    form = EmailChangeForm(prefix="email")
    if form.validate_on_submit():
        try:
            accounts.change_email(
                db.session, current_user, form.current_password.data, form.email.data, password_policy()
            )
        except DomainError as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("Your e-mail address is now %(email)s.", email=current_user.email), "success")
            return redirect(url_for("account.edit_account"))
    db.session.rollback()
    return _render(email=form, status=422)


@bp.route("/sessions/<int:session_id>/end", methods=["POST"])
@login_required
def end_session(session_id: int):
    """Log out one of the user's other devices."""
    record = sessions.get_live_session(db.session, current_user, session_id)
    if record is None:
        abort(404)
    sessions.end_session(db.session, record)
    db.session.commit()
    flash(_("That device is logged out."), "info")
    return redirect(url_for("account.edit_account"))


@bp.route("/sessions/end-others", methods=["POST"])
@login_required
def end_other_sessions():
    """Log out everywhere but here: every other log-in of the user ends, this one stays."""
    ended = sessions.end_other_sessions(db.session, current_user, keep=current_user.current_session)
    db.session.commit()
    flash(ngettext("%(num)d other device is logged out.", "%(num)d other devices are logged out.", ended), "info")
    return redirect(url_for("account.edit_account"))
