"""Forms of the calendars blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import DataRequired, Optional


class CalendarExportForm(FlaskForm):
    """Which meetings an organizer exports: a fair, optionally one center or room, between two days."""

    class Meta:
        csrf = False  # a GET form that only reads; the download link can be bookmarked

    fair = SelectField(_l("Fair"), validators=[DataRequired()])
    center = SelectField(_l("Business Support Center"), validators=[Optional()])
    room = SelectField(_l("Room"), validators=[Optional()])
    first_day = DateField(_l("From"), validators=[Optional()])
    last_day = DateField(_l("To"), validators=[Optional()])


class CalendarTokenRegenerateForm(FlaskForm):
    """A button that replaces the feed's secret address."""
