"""Forms of the account blueprint."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from eventsys.forms import Printable, TimeZoneField, email_field, new_password_fields
from eventsys.language import language_choices


class ProfileForm(FlaskForm):
    name = StringField(_l("Your name (Latin script)"), validators=[DataRequired(), Length(max=120), Printable()])
    name_local = StringField(
        _l("Your name in local script (optional)"), validators=[Optional(), Length(max=120), Printable()]
    )
    job_title = StringField(_l("Job title (optional)"), validators=[Optional(), Length(max=100), Printable()])
    locale = SelectField(_l("Language"), validators=[Optional()])
    timezone = TimeZoneField(_l("Your time zone"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        languages = language_choices(current_app.config["LANGUAGES"])
        self.locale.choices = [SelectChoice("", _l("As my browser says"))] + [SelectChoice(*pair) for pair in languages]


def _current_password() -> PasswordField:
    return PasswordField(
        _l("Current password"),
        validators=[DataRequired(), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )


class PasswordChangeForm(FlaskForm):
    current_password = _current_password()
    password, confirm = new_password_fields()


class EmailChangeForm(FlaskForm):
    email = email_field(_l("New e-mail address"))
    current_password = _current_password()


class SessionEndForm(FlaskForm):
    """Only the CSRF token: ending log-ins is a POST that no other site can make for you."""
