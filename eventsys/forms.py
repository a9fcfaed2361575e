"""Fields and choices that several blueprints' forms share."""

from __future__ import annotations

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectChoice, SelectField, SelectMultipleField, StringField
from wtforms.validators import URL, DataRequired, Email, EqualTo, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from eventsys.countries import ISO_3166_1, name_order
from eventsys.services.badges.fonts import missing_glyphs
from eventsys.services.errors import DomainError
from eventsys.time_zones import is_time_zone, time_zones


class Printable:
    """Refuses a name with characters no badge font can print, naming them, where it is typed (not at printing)."""

    def __call__(self, form, field) -> None:
        chars = missing_glyphs(field.data or "")
        if chars:
            raise ValidationError(_l("The badge fonts cannot print %(chars)s.", chars=" ".join(chars)))


def country_choices() -> list[SelectChoice]:
    """ISO 3166-1 alpha-2 countries named in the page's language, sorted by name."""
    territories = (get_locale() or Locale("en")).territories
    names = {code: territories.get(code, code) for code in ISO_3166_1}
    return [SelectChoice(code, names[code]) for code in sorted(names, key=lambda code: name_order(names[code]))]


class MultiCheckboxField(SelectMultipleField):
    """Several choices as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CountryField(SelectField):
    """A country by ISO code, with names in the page's language."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators or [DataRequired()], choices=[], **kwargs)

    def pre_validate(self, form) -> None:
        self.choices = country_choices()
        super().pre_validate(form)

    def iter_choices(self):
        self.choices = self.choices or country_choices()
        return super().iter_choices()


class TimeZoneField(SelectField):
    """A person's own time zone from the one list (eventsys.time_zones), or none."""

    def __init__(self, label=None, **kwargs):
        super().__init__(label, validators=[Optional()], choices=[], **kwargs)

    def pre_validate(self, form) -> None:
        if self.data and not is_time_zone(self.data):
            raise ValidationError(_l("Choose a time zone from the list."))

    def iter_choices(self):
        self.choices = [SelectChoice("", _l("Only the center's time zone"))] + [
            SelectChoice(zone, zone.replace("_", " ")) for zone in time_zones()
        ]
        return super().iter_choices()


class GuessedTimeZoneField(HiddenField):
    """The browser's own zone, filled in by eventsys.js at sign-up; an unknown or missing one is left out."""

    def post_validate(self, form, validation_stopped) -> None:
        if not is_time_zone(self.data):
            self.data = None


def with_scheme(value: str | None) -> str | None:
    """A web address as people type it ("example.com") with the https:// it needs; schemes typed stay."""
    value = (value or "").strip()
    if not value:
        return None
    if "://" in value or value.lower().startswith(("mailto:", "javascript:", "data:")):
        return value
    return "https://" + value


class WebsiteField(StringField):
    """A website that accepts `example.com` as `https://example.com` and refuses what is not a web address."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "url", "autocomplete": "url"})
        super().__init__(
            label or _l("Website"),
            validators
            or [
                Optional(),
                Length(max=255),
                URL(require_tld=True, message=_l("Enter a web address such as example.com or https://example.com.")),
            ],
            filters=[with_scheme],
            **kwargs,
        )


def email_field(label=None) -> EmailField:
    return EmailField(
        label or _l("E-mail address"),
        validators=[DataRequired(), Length(max=254), Email(message=_l("Enter a valid e-mail address."))],
        render_kw={"autocomplete": "email"},
    )


def new_password_fields() -> tuple[PasswordField, PasswordField]:
    """A new password and its confirmation."""
    password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(max=256)], render_kw={"autocomplete": "new-password"}
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


def show_refusal(form: FlaskForm, error: DomainError) -> None:
    """Put a service's refusal beside the field it is about, or at the top of the form."""
    field = form._fields.get(error.field or "")
    if field is not None:
        field.errors = [*field.errors, str(error)]
    else:
        form.form_errors.append(str(error))
