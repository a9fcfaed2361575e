"""Forms of the fair_setup blueprint: a fair's settings, its copy, and the state buttons.

The forms read and type the input; the rules (bounds, order of dates, unique address) are the service's, so a form
and any other caller get the same refusal with the same message.
"""

from __future__ import annotations

from functools import cache

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from eventsys.forms import WebsiteField
from eventsys.models import BookingMode
from eventsys.services.fairs.rules import FairSettings
from eventsys.services.fairs.setup import TRANSLATED_TEXTS
from eventsys.time_zones import time_zones

#: The language the fair's own name and description columns are written in.
DEFAULT_LANGUAGE = "en"
_TIME = "%Y-%m-%dT%H:%M"


class LanguageName:
    """A language's name in the page's language, worked out when a label is shown (not when the form is built)."""

    def __init__(self, code: str):
        self.code = code

    def __str__(self) -> str:
        try:
            language = Locale.parse(self.code)
        except (ValueError, TypeError):
            return self.code
        return language.get_display_name(get_locale() or Locale("en")) or self.code


def _time_field(label, required: bool = False) -> DateTimeLocalField:
    validators = [InputRequired()] if required else [Optional()]
    return DateTimeLocalField(label, format=[_TIME, "%Y-%m-%dT%H:%M:%S"], validators=validators)


def _text(label, longest: int, required: bool = False, **kwargs) -> StringField:
    validators = [InputRequired(), Length(max=longest)] if required else [Optional(), Length(max=longest)]
    return StringField(label, validators=validators, **kwargs)


class FairSettingsForm(FlaskForm):
    """Every setting of a fair; the names and descriptions in the other languages are added per language."""

    name = _text(_l("Name (English)"), 160, required=True)
    description = TextAreaField(_l("Description (English)"), validators=[Optional(), Length(max=5000)])
    slug = _text(_l("Address (slug)"), 80, required=True, render_kw={"autocapitalize": "none", "spellcheck": "false"})
    venue = _text(_l("Venue (English)"), 160, required=True)
    address = _text(_l("Address (English)"), 255)
    city = _text(_l("City"), 80, required=True)
    timezone = SelectField(_l("Time zone"), default="Asia/Tokyo", validate_choice=False)
    starts_on = DateField(_l("First day"), validators=[InputRequired()])
    ends_on = DateField(_l("Last day"), validators=[InputRequired()])
    build_up_starts = _time_field(_l("Build-up starts"))
    build_up_ends = _time_field(_l("Build-up ends"))
    tear_down_starts = _time_field(_l("Tear-down starts"))
    tear_down_ends = _time_field(_l("Tear-down ends"))
    booking_mode = SelectField(
        _l("How booths are given out"),
        choices=[
            SelectChoice(BookingMode.FIRST_COME.value, _l("First come, first served")),
            SelectChoice(BookingMode.APPLICATION.value, _l("By application")),
        ],
        default=BookingMode.FIRST_COME.value,
    )
    booking_opens = _time_field(_l("Booking opens"), required=True)
    booking_closes = _time_field(_l("Booking closes"), required=True)
    hold_minutes = IntegerField(_l("Hold time (minutes)"), default=15, validators=[InputRequired()])
    max_booths_per_organization = IntegerField(_l("Booths per company"), default=1, validators=[InputRequired()])
    online_from = DateField(_l("Online meetings from (empty: none)"), validators=[Optional()])
    online_opens_at = TimeField(_l("Online meetings start at"), validators=[Optional()])
    online_closes_at = TimeField(_l("Online meetings end by"), validators=[Optional()])
    contact_email = _text(_l("Contact mailbox (invitations come from it)"), 254, render_kw={"type": "email"})
    website = WebsiteField(_l("Website"))
    sectors = SelectMultipleField(
        _l("Sectors offered"),
        coerce=int,
        choices=[],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    #: The move in time (impact.change_key) that the organizer confirmed on the page before.
    confirm = HiddenField()

    languages: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.timezone.choices = list(time_zones())

    def translated_fields(self):
        """(language name, name field, description field) for each language beyond English."""
        return [(LanguageName(code), self[f"name_{code}"], self[f"description_{code}"]) for code in self.languages]

    def translated_venue_fields(self):
        """(language code, venue field, address field) for each language beyond English."""
        return [(code, self[f"venue_{code}"], self[f"address_{code}"]) for code in self.languages]

    def to_settings(self) -> FairSettings:
        """The typed input, for the service to check and save."""
        return FairSettings(
            **{name: self[name].data for name in _PLAIN_FIELDS},
            booking_mode=BookingMode(self.booking_mode.data),
            **{
                f"{text}_translations": {code: self[f"{text}_{code}"].data or "" for code in self.languages}
                for text in TRANSLATED_TEXTS
            },
            sector_ids=list(self.sectors.data or []),
        )


_PLAIN_FIELDS = (
    "name",
    "slug",
    "venue",
    "city",
    "timezone",
    "starts_on",
    "ends_on",
    "booking_opens",
    "booking_closes",
    "hold_minutes",
    "max_booths_per_organization",
    "description",
    "address",
    "build_up_starts",
    "build_up_ends",
    "tear_down_starts",
    "tear_down_ends",
    "contact_email",
    "website",
    "online_from",
    "online_opens_at",
    "online_closes_at",
)


@cache
def settings_form_class(languages: tuple[str, ...]) -> type[FairSettingsForm]:
    """FairSettingsForm with a name, description, venue and address field for each interface language beyond
    English."""
    others = tuple(code for code in languages if code != DEFAULT_LANGUAGE)
    fields: dict[str, object] = {"languages": others}
    for code in others:
        language = LanguageName(code)
        fields[f"name_{code}"] = _text(_l("Name in %(language)s", language=language), 160)
        fields[f"description_{code}"] = TextAreaField(
            _l("Description in %(language)s", language=language), validators=[Optional(), Length(max=5000)]
        )
        fields[f"venue_{code}"] = _text(_l("Venue in %(language)s", language=language), 160)
        fields[f"address_{code}"] = _text(_l("Address in %(language)s", language=language), 255)
    return type("FairSettingsForm", (FairSettingsForm,), fields)


class FairCreateForm(FairSettingsForm):
    """A new fair's settings, and the organizer organization it belongs to when its creator owns several."""

    organization_id = SelectField(_l("Organizer organization"), coerce=int, choices=[], validate_choice=True)


@cache
def create_form_class(languages: tuple[str, ...]) -> type[FairCreateForm]:
    return type("FairCreateForm", (FairCreateForm, settings_form_class(languages)), {})


class FairCopyForm(FlaskForm):
    """Next year's fair: its name, address and first day; everything else comes from the fair copied."""

    name = _text(_l("Name of the copy"), 160, required=True)
    slug = _text(_l("Address (slug) of the copy"), 80, required=True, render_kw={"autocapitalize": "none"})
    starts_on = DateField(_l("First day of the copy"), validators=[InputRequired()])


class FairStateForm(FlaskForm):
    """Only the CSRF token: publishing, archiving and going back to draft need no input."""
