"""Forms of the organizer blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from eventsys.forms import email_field, new_password_fields
from eventsys.models import Role


class UserCreateForm(FlaskForm):
    """An admin creates an organizer (or another admin)."""

    name = StringField(_l("Name (Latin script)"), validators=[DataRequired(), Length(max=120)])
    name_local = StringField(_l("Name in local script (optional)"), validators=[Optional(), Length(max=120)])
    email = email_field()
    role = SelectField(
        _l("Role"),
        choices=[
            SelectChoice(Role.ORGANIZER.value, _l("Organizer")),
            SelectChoice(Role.ADMIN.value, _l("Administrator")),
        ],
    )
    password, confirm = new_password_fields()
