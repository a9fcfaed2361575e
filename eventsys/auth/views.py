"""Routes of the auth blueprint."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from eventsys.access import password_policy
from eventsys.auth.forms import (
    LoginForm,
    LogoutForm,
    ResetPasswordForm,
    ResetRequestForm,
    SignupEmailForm,
    SignupForm,
)
from eventsys.auth.login import log_in
from eventsys.extensions import db, limiter
from eventsys.forms import show_refusal
from eventsys.models import Role
from eventsys.redirects import local_path
from eventsys.services.accounts import sessions
from eventsys.services.accounts import signup as signups
from eventsys.services.accounts import users as accounts
from eventsys.services.errors import DomainError
from eventsys.services.leads import consent as lead_consent

bp = Blueprint("auth", __name__)


def _account_key() -> str:
    """The account a log-in attempt is for, as the per-account limit counts it."""
    return "account:" + request.form.get("email", "").strip().lower()[:254]


def _safe_next(default: str) -> str:
    """Follow ?next= only to a path on this site, never to another host."""
    return local_path(request.args.get("next")) or default


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESET_RATE_LIMIT"], methods=["POST"])
def signup():
    """Sign up, step one: the address, answered the same whether it has an account or not (the mail differs)."""
    if current_user.is_authenticated:
        return redirect(url_for("fairs.index"))
    form = SignupEmailForm()
    if form.validate_on_submit():
        config = current_app.config
        try:
            signups.request_sign_up(
                db.session, form.email.data, secret_key=config["SECRET_KEY"], max_age=config["SIGNUP_LINK_MAX_AGE"]
            )
        except DomainError as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            return render_template("auth/signup_sent.html", hours=config["SIGNUP_LINK_MAX_AGE"] // 3600)
    return render_template("auth/signup_email.html", form=form), 422 if form.is_submitted() else 200


@bp.route("/signup/<token>", methods=["GET", "POST"])
def finish_signup(token: str):
    """Sign up, step two, from the mailed link: register as a startup, investor or organizer, with the organization."""
    if current_user.is_authenticated:
        return redirect(url_for("fairs.index"))
    config = current_app.config
    try:
        email = signups.get_email_for_signup_token(token, config["SECRET_KEY"], config["SIGNUP_LINK_MAX_AGE"])
    except DomainError as error:
        return render_template("auth/signup_invalid.html", message=str(error)), error.status
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = accounts.sign_up(db.session, email=email, policy=password_policy(), **_signup_fields(form))
        except DomainError as error:
            show_refusal(form, error)
        else:
            lead_consent.record_consent(
                db.session, shares=form.share_with_exhibitors.data, language=str(get_locale()), user=user
            )
            log_in(user)
            flash(_("Welcome to eventsys, %(name)s.", name=user.name), "success")
            if user.role == Role.INVESTOR:
                # The firm's profile (ticket size, stages, regions, visibility) comes right after sign-up.
                return redirect(url_for("investors.edit_profile"))
            if user.role == Role.ORGANIZER:
                # The console, where a new organizer starts their first (draft) fair.
                flash(_("An administrator checks your organization before your fairs can be published."), "info")
                return redirect(url_for("organizer.dashboard"))
            return redirect(url_for("fairs.index"))
    wording = lead_consent.wording_in(str(get_locale()))
    page = render_template("auth/signup.html", form=form, email=email, token=token, lead_consent_wording=wording)
    return page, 422 if form.is_submitted() else 200


def _signup_fields(form: SignupForm) -> dict:
    return {
        "password": form.password.data,
        "name": form.name.data,
        "name_local": form.name_local.data or None,
        "job_title": form.job_title.data,
        "role": Role(form.role.data),
        "organization_name": form.organization_name.data,
        "country": form.country.data,
        "timezone": form.timezone.data,
        # The language the form was shown in (switch, cookie or browser): without it a Spanish sign-up got English
        # role words on its badges and mails in whatever language a later request happened to have.
        "locale": str(get_locale()),
    }


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"], methods=["POST"], key_func=_account_key)
def login():
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(_safe_next(url_for("fairs.index")))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(db.session, form.email.data, form.password.data, password_policy())
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
            return render_template("auth/login.html", form=form), 401
        log_in(user, remember=form.remember.data)
        flash(_("You are logged in."), "success")
        return redirect(_safe_next(url_for("fairs.index")))
    return render_template("auth/login.html", form=form), 422 if form.is_submitted() else 200


@bp.route("/logout", methods=["POST"])
def logout():
    """Log out, ending this log-in so that no copy of its cookies works; a POST with a CSRF token so no other
    site can do it."""
    if LogoutForm().validate_on_submit():
        if current_user.is_authenticated:
            sessions.end_session(db.session, current_user.current_session)
            db.session.commit()
        logout_user()
        flash(_("You are logged out."), "info")
    return redirect(url_for("fairs.index"))


@bp.route("/reset-password", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESET_RATE_LIMIT"], methods=["POST"])
def request_password_reset():
    """Ask for a reset link by e-mail; the answer is the same whether the account exists or not."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        accounts.request_password_reset(db.session, form.email.data)
        db.session.commit()
        flash(_("If an account exists for that address, we have sent it a link to choose a new password."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form), 422 if form.is_submitted() else 200


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESET_RATE_LIMIT"], methods=["POST"])
def reset_password(token: str):
    """Choose a new password from an e-mailed link."""
    config = current_app.config
    try:
        user = accounts.get_user_for_reset_token(
            db.session, token, config["SECRET_KEY"], config["PASSWORD_RESET_MAX_AGE"]
        )
    except DomainError as error:
        return render_template("auth/reset_invalid.html", message=str(error)), error.status
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.set_password(db.session, user, form.password.data, password_policy(), action="user.password_reset")
        except DomainError as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("Your password has been changed. Please log in."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form), 422 if form.is_submitted() else 200
