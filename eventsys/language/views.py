"""Routes of the language blueprint."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, url_for
from flask_login import current_user

from eventsys.extensions import db, note_user_locale
from eventsys.language import LANGUAGE_COOKIE
from eventsys.language.forms import LanguageSwitchForm
from eventsys.redirects import local_path

bp = Blueprint("language", __name__)

#: A visitor's choice is remembered for a year.
COOKIE_MAX_AGE = 365 * 24 * 3600


@bp.route("/language", methods=["POST"])
def switch_language():
    """Show the pages in another language: remembered in a cookie, and in the profile of a logged-in user."""
    form = LanguageSwitchForm()
    if not form.validate_on_submit():
        abort(400)
    language = form.language.data
    if current_user.is_authenticated:
        current_user.locale = language
        note_user_locale(current_user)
        db.session.commit()
    response = redirect(local_path(form.next.data) or url_for("fairs.index"))
    response.set_cookie(
        LANGUAGE_COOKIE,
        language,
        max_age=COOKIE_MAX_AGE,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response
