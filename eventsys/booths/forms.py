"""Forms of the booths blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from eventsys.forms import email_field


class HoldForm(FlaskForm):
    """Only the CSRF token: holding needs no input."""


class BoothCoverForm(FlaskForm):
    """Whether the startup's team covers its booth, so that its members may meet during booth duty."""

    covers = SelectField(choices=["yes", "no"], validators=[DataRequired()])


class ConfirmForm(FlaskForm):
    billing_name = StringField(_l("Billing contact name"), validators=[DataRequired(), Length(max=160)])
    billing_email = email_field(_l("Billing e-mail address"))
    billing_address = TextAreaField(_l("Billing address (optional)"), validators=[Optional(), Length(max=255)])


class CancelForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=255)])


class ReasonForm(FlaskForm):
    """Organizer actions keep a reason in the audit log."""

    reason = StringField(_l("Reason (kept in the audit log)"), validators=[DataRequired(), Length(max=255)])


class MoveForm(ReasonForm):
    target = StringField(_l("Move to booth (code)"), validators=[DataRequired(), Length(max=20)])


class AssignForm(ReasonForm):
    organization_id = SelectField(_l("Startup"), coerce=int, choices=[], validate_choice=True)


class DecisionForm(FlaskForm):
    decision = SelectField(
        _l("Decision"), choices=[SelectChoice("approve", _l("Approve")), SelectChoice("reject", _l("Reject"))]
    )
    reason = StringField(
        _l("Reason (required to reject; mailed to the startup)"), validators=[Optional(), Length(max=500)]
    )


class ApplicationForm(FlaskForm):
    booth_type = SelectField(_l("Booth type"), coerce=int, choices=[])
    choice_1 = SelectField(_l("First choice"), choices=[])
    choice_2 = SelectField(_l("Second choice (optional)"), choices=[], validators=[Optional()])
    choice_3 = SelectField(_l("Third choice (optional)"), choices=[], validators=[Optional()])


class AllocationForm(FlaskForm):
    seed = IntegerField(_l("Lottery seed"), validators=[DataRequired(), NumberRange(min=0, max=2**31 - 1)])


class BoothImportForm(FlaskForm):
    file = FileField(
        _l("Booth CSV file"), validators=[FileRequired(), FileAllowed(["csv", "txt"], _l("Upload a .csv file."))]
    )
