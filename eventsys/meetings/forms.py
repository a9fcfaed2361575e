"""Forms of the meetings blueprints."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from eventsys.models import Attendance, MeetingOutcome

#: Languages a meeting can be held in (ISO 639-1).
LANGUAGES = [
    SelectChoice("en", _l("English")),
    SelectChoice("ja", _l("Japanese")),
    SelectChoice("zh", _l("Chinese")),
    SelectChoice("ko", _l("Korean")),
    SelectChoice("fr", _l("French")),
    SelectChoice("de", _l("German")),
    SelectChoice("es", _l("Spanish")),
]


class RequestSendForm(FlaskForm):
    """Ask an organization for a meeting at a fair."""

    recipient = RadioField(_l("Meet with"), coerce=int, validators=[InputRequired()])
    message = TextAreaField(_l("Message"), validators=[Optional(), Length(max=2000)])
    language = SelectField(_l("Language of the meeting"), choices=LANGUAGES, validators=[DataRequired()])
    centers = SelectMultipleField(_l("Preferred centers (none: any)"), coerce=int, validators=[Optional()])


class RequestAnswerForm(FlaskForm):
    """Accept or decline; a reason is optional."""

    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=255)])


class AvailabilityAddForm(FlaskForm):
    """A time range at one center, in the center's zone."""

    center = SelectField(_l("Center"), coerce=int, validators=[InputRequired()])
    day = DateField(_l("Day"), validators=[InputRequired()])
    starts = TimeField(_l("From"), validators=[InputRequired()])
    ends = TimeField(_l("Until"), validators=[InputRequired()])


class AvailabilityQuickForm(FlaskForm):
    """Every opening hour of the chosen centers during the fair."""

    centers = SelectMultipleField(_l("Centers"), coerce=int, validators=[DataRequired()])


class SlotBookForm(FlaskForm):
    """A slot from the picker: center and start (ISO 8601 with offset); online with the video call's link."""

    center = IntegerField(validators=[InputRequired()])
    starts_at = StringField(validators=[DataRequired(), Length(max=40)])
    #: "online" for an online meeting; anything else books in person.
    mode = StringField(validators=[Optional(), Length(max=20)])
    #: Checked by services.meetings.online.check_video_url, whose refusal names the field.
    video_url = StringField(_l("Link of the video call (https://…)"), validators=[Optional()])

    @property
    def is_online(self) -> bool:
        return self.mode.data == "online"


class MeetingCancelForm(FlaskForm):
    reason = StringField(_l("Reason (optional)"), validators=[Optional(), Length(max=255)])


class MeetingAttendanceForm(FlaskForm):
    """One side's answer after the slot, and what came of it."""

    attendance = RadioField(
        _l("Did the meeting take place?"),
        choices=[
            SelectChoice(Attendance.TOOK_PLACE.value, _l("It took place")),
            SelectChoice(Attendance.OTHER_ABSENT.value, _l("The other side did not come")),
        ],
        validators=[DataRequired(message=_l("Say whether the meeting took place."))],
    )
    outcome = SelectField(
        _l("Outcome (optional)"),
        choices=[
            SelectChoice("", _l("Not recorded")),
            SelectChoice(MeetingOutcome.NO_FIT.value, _l("No fit")),
            SelectChoice(MeetingOutcome.FOLLOW_UP.value, _l("Follow-up")),
            SelectChoice(MeetingOutcome.PILOT.value, _l("Pilot or proof of concept")),
            SelectChoice(MeetingOutcome.INVESTMENT_TALKS.value, _l("Investment talks")),
        ],
        validators=[Optional()],
    )


class NoShowForm(FlaskForm):
    outcome = SelectField(
        _l("Outcome"), choices=[SelectChoice("no_show", _l("No-show")), SelectChoice("held", _l("Held"))]
    )


class ScheduleRunForm(FlaskForm):
    """Run the scheduler, optionally with a fairness floor."""

    floor = IntegerField(
        _l("Fairness floor: meetings every startup gets where possible"),
        default=0,
        validators=[InputRequired(), NumberRange(min=0, max=20)],
    )
    investor_weight = IntegerField(
        _l("Weight of investors' wishes"), default=1, validators=[Optional(), NumberRange(min=0, max=10)]
    )
    startup_weight = IntegerField(
        _l("Weight of startups' wishes"), default=1, validators=[Optional(), NumberRange(min=0, max=10)]
    )
    answers_due = DateTimeLocalField(
        _l("Participants answer until (your zone: the fair's; empty: until you publish)"),
        format="%Y-%m-%dT%H:%M",
        validators=[Optional()],
    )


def parse_start(value: str) -> datetime | None:
    """A slot's start as sent by the slot picker: an ISO time with its offset, else None."""
    try:
        start = datetime.fromisoformat(value)
    except ValueError:
        return None
    return start if start.tzinfo is not None else None
