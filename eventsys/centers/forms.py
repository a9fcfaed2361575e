"""Forms of the center_admin blueprint: a center's details, its rooms, weekly hours and closures."""

from __future__ import annotations

from functools import cache

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, IntegerField, SelectChoice, SelectField, StringField, TimeField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, Regexp

from eventsys.fair_setup.forms import DEFAULT_LANGUAGE, LanguageName
from eventsys.services.meetings.center_settings import TRANSLATED_TEXTS
from eventsys.time_zones import time_zones


class CenterForm(FlaskForm):
    """A center's details and its slot grid; the city, name and address in the other languages are added per
    language (center_form_class)."""

    #: The interface languages beyond English that have a city, name and address field.
    languages: tuple[str, ...] = ()

    city = StringField(_l("City (English)"), validators=[DataRequired(), Length(max=80)])
    name = StringField(_l("Name of the center (English)"), validators=[DataRequired(), Length(max=160)])
    address = StringField(_l("Address (English)"), validators=[DataRequired(), Length(max=255)])
    timezone = SelectField(
        _l("Time zone"), default="Asia/Tokyo", choices=[SelectChoice(zone, zone) for zone in time_zones()]
    )
    phone = StringField(
        _l("Phone (optional)"),
        validators=[
            Optional(),
            Length(max=40),
            Regexp(
                r"^\+?[0-9][0-9 ()./-]{2,38}$", message=_l("Enter a phone number of digits, spaces, +, -, ( and ).")
            ),
        ],
        render_kw={"autocomplete": "tel", "type": "tel"},
    )
    email = EmailField(
        _l("E-mail address (optional)"),
        validators=[Optional(), Length(max=254), Email(message=_l("Enter a valid e-mail address."))],
    )
    slot_minutes = IntegerField(
        _l("Slot length (minutes)"), default=30, validators=[InputRequired(), NumberRange(5, 240)]
    )
    buffer_minutes = IntegerField(
        _l("Pause between meetings (minutes)"), default=0, validators=[InputRequired(), NumberRange(0, 120)]
    )
    #: Shown once the service has listed the booked meetings a new slot length or zone touches.
    confirm_changes = BooleanField(_l("Yes, change it: the booked meetings keep their times"))

    def translated_fields(self):
        """(language code, city field, name field, address field) for each language beyond English."""
        return [(code, self[f"city_{code}"], self[f"name_{code}"], self[f"address_{code}"]) for code in self.languages]

    def translations(self) -> dict[str, dict[str, str]]:
        """The typed texts per language, as the service takes them: {"city_translations": {"ja": …}, …}."""
        return {
            f"{text}_translations": {code: self[f"{text}_{code}"].data or "" for code in self.languages}
            for text in TRANSLATED_TEXTS
        }


class CenterCreateForm(CenterForm):
    slug = StringField(
        _l("Short name (in addresses and the command line)"),
        validators=[
            DataRequired(),
            Length(max=40),
            Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", message=_l("Use a-z, 0-9 and -.")),
        ],
    )


class RoomForm(FlaskForm):
    """A room's name and seats, for adding and for changing one."""

    name = StringField(_l("Room name"), validators=[DataRequired(), Length(max=80)])
    capacity = IntegerField(_l("Seats"), validators=[InputRequired(), NumberRange(2, 500)])


class HoursForm(FlaskForm):
    """A weekday's hours; leave both times empty to close the weekday."""

    weekday = SelectField(
        _l("Weekday"),
        coerce=int,
        choices=[
            SelectChoice(0, _l("Monday")),
            SelectChoice(1, _l("Tuesday")),
            SelectChoice(2, _l("Wednesday")),
            SelectChoice(3, _l("Thursday")),
            SelectChoice(4, _l("Friday")),
            SelectChoice(5, _l("Saturday")),
            SelectChoice(6, _l("Sunday")),
        ],
    )
    opens_at = TimeField(_l("Opens"), validators=[Optional()])
    closes_at = TimeField(_l("Closes"), validators=[Optional()])


class ClosureAddForm(FlaskForm):
    on = DateField(_l("Date"), validators=[InputRequired()])
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=160)])


_TRANSLATED_LABELS = {
    "city": lambda language: _l("City in %(language)s", language=language),
    "name": lambda language: _l("Name of the center in %(language)s", language=language),
    "address": lambda language: _l("Address in %(language)s", language=language),
}


@cache
def center_form_class(base: type[CenterForm], languages: tuple[str, ...]) -> type[CenterForm]:
    """`base` (CenterForm or CenterCreateForm) with a city, name and address field for each interface language
    beyond English."""
    others = tuple(code for code in languages if code != DEFAULT_LANGUAGE)
    fields: dict[str, object] = {"languages": others}
    for code in others:
        language = LanguageName(code)
        for text, longest in TRANSLATED_TEXTS.items():
            fields[f"{text}_{code}"] = StringField(
                _TRANSLATED_LABELS[text](language), validators=[Optional(), Length(max=longest)]
            )
    return type(base.__name__, (base,), fields)
