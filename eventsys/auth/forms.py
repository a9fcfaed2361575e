"""Forms of the auth blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, SelectChoice, StringField
from wtforms.validators import DataRequired, Length, Optional

from eventsys.forms import CountryField, GuessedTimeZoneField, Printable, email_field, new_password_fields
from eventsys.models import Role


class SignupEmailForm(FlaskForm):
    """The first step of sign-up: only the address, to which the rest of the form is mailed."""

    email = email_field()


class SignupForm(FlaskForm):
    """The second step, behind the mailed link that proves the address."""

    role = RadioField(
        _l("I am"),
        choices=[
            SelectChoice(Role.STARTUP.value, _l("a startup that exhibits")),
            SelectChoice(Role.INVESTOR.value, _l("an investor")),
            SelectChoice(Role.ORGANIZER.value, _l("an organizer of a fair or expo")),
        ],
        validators=[DataRequired(message=_l("Choose startup, investor or organizer."))],
    )
    name = StringField(_l("Your name (Latin script)"), validators=[DataRequired(), Length(max=120), Printable()])
    name_local = StringField(
        _l("Your name in local script (optional)"), validators=[Optional(), Length(max=120), Printable()]
    )
    #: Not printed on the badge: shared with exhibitors who scan it only under the consent below.
    job_title = StringField(_l("Job title (optional)"), validators=[Optional(), Length(max=100), Printable()])
    organization_name = StringField(
        _l("Company, firm or organizing body"), validators=[DataRequired(), Length(max=160), Printable()]
    )
    country = CountryField(_l("Country"))
    timezone = GuessedTimeZoneField()
    password, confirm = new_password_fields()
    #: Lead scanning: recorded with the wording shown (services/leads/consent.py).
    share_with_exhibitors = BooleanField(_l("Share my details when my badge is scanned"))


class LoginForm(FlaskForm):
    email = email_field()
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=256)], render_kw={"autocomplete": "current-password"}
    )
    remember = BooleanField(_l("Keep me logged in on this device"))


class ResetRequestForm(FlaskForm):
    email = email_field()


class ResetPasswordForm(FlaskForm):
    password, confirm = new_password_fields()


class LogoutForm(FlaskForm):
    """Only the CSRF token: logging out is a POST so other sites cannot do it for you."""
