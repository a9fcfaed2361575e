"""Forms of the leads blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional


class LeadFilterForm(FlaskForm):
    """Filters of the lead list (a GET form)."""

    class Meta:
        csrf = False

    q = StringField(_l("Name, company or note"), validators=[Optional(), Length(max=80)])
    min_rating = IntegerField(_l("At least this many stars"), validators=[Optional(), NumberRange(1, 5)])
    shared = BooleanField(_l("Only people who share their details"))


class LeadEditForm(FlaskForm):
    """A lead's rating and notes; answers come as answer-<question id> fields."""

    rating = IntegerField(_l("Rating (1–5)"), validators=[Optional(), NumberRange(1, 5)])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=2000)])


class LeadQuestionsForm(FlaskForm):
    """The exhibitor's own short questions, one a line."""

    questions = TextAreaField(_l("Your questions, one a line (at most 5)"), validators=[Optional(), Length(max=1100)])


class LeadScanningForm(FlaskForm):
    """The organizer allows or stops lead scanning at the fair."""

    enabled = BooleanField(_l("Exhibitors and investors may scan visitors' badges"))


class LeadConsentForm(FlaskForm):
    """A person's decision about sharing their details when their badge is scanned."""

    shares = BooleanField(_l("Share my details when my badge is scanned"))
