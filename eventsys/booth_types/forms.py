"""Forms of the booth_types blueprint: a booth type, adding a sector to a fair, a new sector."""

from __future__ import annotations

import math

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FloatField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import ColorInput, NumberInput

from eventsys.services.booths.types import MAX_BADGES, MAX_PRICE_JPY, MAX_SIDE_METRES


class OnHalfMetreGrid:
    """A length in metres on the floor plan's 0.5 m grid, from 0.5 m to the largest side a booth may have."""

    def __call__(self, form, field) -> None:
        value = field.data
        if (
            value is None
            or not math.isfinite(value)
            or not 0 < value <= MAX_SIDE_METRES
            or not (value * 2).is_integer()
        ):
            raise ValidationError(_l("Sizes are in steps of 0.5 m, from 0.5 to 100 m."))


def _metres(label) -> FloatField:
    return FloatField(
        label, validators=[InputRequired(), OnHalfMetreGrid()], widget=NumberInput(step="0.5", min="0.5", max="100")
    )


class BoothTypeForm(FlaskForm):
    """A booth type; its name and description in the other languages are added per request by `with_translations`."""

    name = StringField(_l("Name of the booth type"), validators=[DataRequired(), Length(max=80)])
    description = StringField(_l("Description (optional)"), validators=[Optional(), Length(max=255)])
    width = _metres(_l("Width (m)"))
    depth = _metres(_l("Depth (m)"))
    price_jpy = IntegerField(
        _l("Price in yen, tax included"),
        validators=[InputRequired(), NumberRange(0, MAX_PRICE_JPY)],
        widget=NumberInput(step="1", min="0"),
    )
    max_per_organization = IntegerField(
        _l("Booths of this type one company may book"),
        default=1,
        validators=[InputRequired(), NumberRange(1, 1000)],
        widget=NumberInput(step="1", min="1"),
    )
    badges_included = IntegerField(
        _l("Exhibitor badges a booth includes"),
        validators=[Optional(), NumberRange(0, MAX_BADGES)],
        widget=NumberInput(step="1", min="0"),
    )
    colour = StringField(
        _l("Colour on the floor plan"),
        default="#4c6ef5",
        validators=[DataRequired(), Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("Choose a colour as #rrggbb."))],
        widget=ColorInput(),
    )
    #: Shown once the service has said what a new price means for existing bookings.
    confirm_price = BooleanField(_l("Yes, change the price: existing bookings keep theirs"))


class ZoneAddForm(FlaskForm):
    """Offer an existing sector at the fair."""

    sector = SelectField(_l("Sector"), coerce=int, choices=[], validators=[InputRequired()])


class SectorCreateForm(FlaskForm):
    """A new sector; the names in the other languages are added per request by `with_translated_names`."""

    slug = StringField(
        _l("Short name (in addresses and files)"),
        validators=[
            DataRequired(),
            Length(max=40),
            Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$", message=_l("Use a-z, 0-9 and -.")),
        ],
    )
    name = StringField(_l("Name of the sector"), validators=[DataRequired(), Length(max=80)])


def language_name(language: str) -> str:
    """The language's name in the page's language ("Japanese", "日本語")."""
    return Locale.parse(language).get_display_name(get_locale() or Locale("en")) or language


#: Each text an owner may write per language: the label of its field in a language, and its longest length.
TRANSLATABLE = {
    "name": (lambda language: _l("Name in %(language)s (optional)", language=language), 80),
    "description": (lambda language: _l("Description in %(language)s (optional)", language=language), 255),
}


def with_translations(form_class: type[FlaskForm], languages: list[str], texts: tuple[str, ...]) -> type[FlaskForm]:
    """`form_class` with an optional field `<text>_<language>` for each of `texts` (keys of TRANSLATABLE) and each
    of `languages`."""
    fields = {}
    for text in texts:
        label, longest = TRANSLATABLE[text]
        for language in languages:
            fields[f"{text}_{language}"] = StringField(
                label(language_name(language)), validators=[Optional(), Length(max=longest)]
            )
    return type(form_class.__name__, (form_class,), fields)


def with_translated_names(form_class: type[FlaskForm], languages: list[str]) -> type[FlaskForm]:
    """`form_class` with an optional field `name_<language>` for each of `languages`."""
    return with_translations(form_class, languages, ("name",))


def typed_translations(form: FlaskForm, text: str, languages: list[str]) -> dict[str, str]:
    """The `text` (name, description) typed in the other languages, keyed by language."""
    return {language: form[f"{text}_{language}"].data or "" for language in languages}


def translated_names(form: FlaskForm, languages: list[str]) -> dict[str, str]:
    """The names typed in the other languages, keyed by language."""
    return typed_translations(form, "name", languages)


def fill_translations(form: FlaskForm, text: str, translations: dict[str, str] | None) -> None:
    """Fill the form's `<text>_<language>` fields from stored translations (languages no longer offered are left)."""
    for language, value in (translations or {}).items():
        if f"{text}_{language}" in form:
            form[f"{text}_{language}"].data = value
