"""Forms for wishes (must-meet, would-like, no-thanks), meeting languages and the video link, priorities,
provisional answers and interpreters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField, SelectMultipleField, StringField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from eventsys.meetings.forms import LANGUAGES

WISHES = [
    SelectChoice("", _l("No mark")),
    SelectChoice("must_meet", _l("Must meet")),
    SelectChoice("would_like", _l("Would like to meet")),
    SelectChoice("no_thanks", _l("No, thanks")),
]


class WishForm(FlaskForm):
    level = SelectField(_l("Your wish"), choices=WISHES, validators=[Optional()])


class MeetingLanguagesForm(FlaskForm):
    languages = SelectMultipleField(_l("Languages you can meet in"), choices=LANGUAGES, validators=[Optional()])
    #: Checked by services.meetings.online.check_video_url, whose refusal names the field.
    online_meeting_url = StringField(
        _l("Your video call link"),
        description=_l(
            "Give it and you also meet online: the scheduler may then hold a meeting with someone else who meets "
            "online at a video call, before the fair too. Leave it empty to meet in person only."
        ),
        validators=[Optional(), Length(max=2000)],
    )


class PriorityForm(FlaskForm):
    priority = IntegerField(_l("Priority"), validators=[InputRequired(), NumberRange(min=1, max=5)])


class PublishForm(FlaskForm):
    confirm = BooleanField(
        _l("I have checked this schedule: book these meetings and send the invitations"), validators=[DataRequired()]
    )


class InterpreterForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    languages = StringField(_l("Languages (ISO codes, e.g. ja, es, en)"), validators=[DataRequired(), Length(max=100)])
    days = StringField(_l("Days (YYYY-MM-DD, separated by commas)"), validators=[DataRequired(), Length(max=2000)])
    starts_at = TimeField(_l("From"), validators=[InputRequired()])
    ends_at = TimeField(_l("Until"), validators=[InputRequired()])
