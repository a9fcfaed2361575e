"""Forms of the language blueprint."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.validators import DataRequired, Length

from eventsys.language import language_choices


class LanguageSwitchForm(FlaskForm):
    language = SelectField(_l("Language"), validators=[DataRequired()])
    next = HiddenField(validators=[Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = language_choices(current_app.config["LANGUAGES"])
