"""Forms of the teams blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from eventsys.forms import Printable, email_field, new_password_fields
from eventsys.models import MemberRole


class InvitationCreateForm(FlaskForm):
    email = email_field(_l("Colleague's e-mail address"))
    title = StringField(_l("Job title (optional)"), validators=[Optional(), Length(max=120)])
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice(MemberRole.MEMBER.value, _l("Member")),
            SelectChoice(MemberRole.OWNER.value, _l("Owner (can also manage the team)")),
        ],
        default=MemberRole.MEMBER.value,
    )


class InvitationAcceptForm(FlaskForm):
    """A new account for the invited address: name and password."""

    name = StringField(_l("Your name (Latin script)"), validators=[DataRequired(), Length(max=120), Printable()])
    name_local = StringField(
        _l("Your name in local script (optional)"), validators=[Optional(), Length(max=120), Printable()]
    )
    password, confirm = new_password_fields()


class InvitationJoinForm(FlaskForm):
    """Only the CSRF token: a logged-in user joins with one button."""
