"""Forms of the fair_dashboard blueprint."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, NumberRange, Optional, ValidationError

from eventsys.services.fairs.fair_audit import DEFAULT_PER_PAGE, MAX_PER_PAGE, AuditFilters

#: The days the log's filter accepts: wide enough for any fair, narrow enough for every date sum to stay valid.
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


def _plausible_day(form, field) -> None:
    if field.data is not None and not EARLIEST <= field.data <= LATEST:
        raise ValidationError(_l("Choose a day between 2000 and 2099."))


class AuditFilterForm(FlaskForm):
    """Which entries of the fair's audit log to show; a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    action = SelectField(_l("Action"), choices=[], validate_choice=True, default="")
    actor = StringField(_l("By user (part of the name or e-mail)"), validators=[Optional(), Length(max=120)])
    starts_on = DateField(_l("From"), validators=[Optional(), _plausible_day])
    ends_on = DateField(_l("To"), validators=[Optional(), _plausible_day])
    page = IntegerField(_l("Page"), default=1, validators=[Optional(), NumberRange(min=1, max=100_000)])
    per_page = IntegerField(
        _l("Entries per page"), default=DEFAULT_PER_PAGE, validators=[Optional(), NumberRange(min=1, max=MAX_PER_PAGE)]
    )

    def set_actions(self, actions: list[str]) -> None:
        self.action.choices = [SelectChoice("", _l("Any action"))] + [SelectChoice(a, a) for a in actions]

    def validate_ends_on(self, field) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day comes before the first."))

    def filters(self) -> AuditFilters:
        return AuditFilters(
            action=self.action.data or None,
            actor=(self.actor.data or "").strip() or None,
            starts_on=self.starts_on.data,
            ends_on=self.ends_on.data,
        )
