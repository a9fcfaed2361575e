"""Forms of the badges blueprint."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from eventsys.forms import CountryField, MultiCheckboxField, Printable
from eventsys.models import BadgeRole
from eventsys.services.badges.issuing import GUEST_ROLES
from eventsys.services.badges.layouts import DEFAULT_LAYOUT, LAYOUTS
from eventsys.services.badges.validity import Zone

ROLE_NAMES = {
    BadgeRole.EXHIBITOR: _l("Exhibitors"),
    BadgeRole.INVESTOR: _l("Investors"),
    BadgeRole.PARTNER: _l("Corporate partners"),
    BadgeRole.ORGANIZER: _l("Organizers"),
    BadgeRole.PRESS: _l("Press"),
    BadgeRole.VISITOR: _l("Visitors"),
}


def layout_choices(keys=None) -> list[SelectChoice]:
    return [SelectChoice(key, layout.label) for key, layout in LAYOUTS.items() if keys is None or key in keys]


class OptionalCountryField(CountryField):
    """A country that may be left empty."""

    def pre_validate(self, form) -> None:
        if self.data:
            super().pre_validate(form)


class BadgePrintForm(FlaskForm):
    """An organizer prints the badges of a fair, or of one role, on a stock."""

    role = SelectField(
        _l("Who"),
        choices=[SelectChoice("", _l("Everybody"))] + [SelectChoice(r.value, n) for r, n in ROLE_NAMES.items()],
        validators=[Optional()],
    )
    layout = SelectField(_l("Stock"), choices=layout_choices(), default=DEFAULT_LAYOUT)


class OwnBadgeDownloadForm(FlaskForm):
    """A person downloads their own badge, as one badge on a page."""

    layout = SelectField(_l("Size"), choices=layout_choices(("single", "4x3in")), default="single")


class GuestBadgeAddForm(FlaskForm):
    """An organizer enters a journalist or visitor who has no account."""

    role = SelectField(_l("Badge"), choices=[SelectChoice(r.value, ROLE_NAMES[r]) for r in GUEST_ROLES])
    name = StringField(_l("Name (Latin script)"), validators=[DataRequired(), Length(max=120), Printable()])
    name_local = StringField(
        _l("Name in local script (optional)"), validators=[Optional(), Length(max=120), Printable()]
    )
    organization = StringField(
        _l("Organization or publication (optional)"), validators=[Optional(), Length(max=160), Printable()]
    )
    country = OptionalCountryField(_l("Country (optional)"), validators=[Optional()])


class CheckInForm(FlaskForm):
    """A code scanned or typed at a gate."""

    fair = HiddenField(validators=[DataRequired()])
    gate = StringField(_l("Gate"), validators=[DataRequired(), Length(max=40)])
    code = StringField(_l("Badge code"), validators=[DataRequired(), Length(max=200)])


class DeskBadgeForm(FlaskForm):
    """The stock a desk prints one badge on."""

    stock = SelectField(_l("Stock"), choices=layout_choices(("single", "4x3in", "label-62mm")), default="label-62mm")


class WalkInForm(GuestBadgeAddForm):
    """A walk-in registered at the desk: a guest badge, and their decision about lead scanning."""

    job_title = StringField(_l("Job title (optional)"), validators=[Optional(), Length(max=100), Printable()])
    share_with_exhibitors = BooleanField(_l("Share my details when my badge is scanned"))


class BadgeValidityForm(FlaskForm):
    """The days and zones one badge admits to; the choices are the fair's (set_validity_choices)."""

    days = MultiCheckboxField(
        _l("Days"), validators=[Optional()], description=_l("None ticked: every day the badge's role admits on.")
    )
    zones = MultiCheckboxField(_l("Zones"), validators=[Optional()], description=_l("None ticked: every zone."))

    def set_validity_choices(self, days: list[date], zones: list[Zone]) -> None:
        self.days.choices = [SelectChoice(day.isoformat(), format_date(day, "full")) for day in days]
        self.zones.choices = [SelectChoice(zone.slug, f"{zone.name} ({zone.slug})") for zone in zones]

    @property
    def chosen_days(self) -> list[date]:
        return [date.fromisoformat(day) for day in self.days.data or []]


class RoleValidityForm(BadgeValidityForm):
    """The same for every active badge of a role: press all days, visitors one day, exhibitors with build-up."""

    role = SelectField(_l("Badges of"), choices=[SelectChoice(r.value, n) for r, n in ROLE_NAMES.items()])


class SigningKeyRotateForm(FlaskForm):
    """The confirm step of a key rotation: the fair's slug typed again, so that a stray click rotates nothing."""

    confirm_slug = StringField(
        _l("Type the fair's short name to confirm"),
        validators=[DataRequired(), Length(max=80)],
        render_kw={"autocomplete": "off"},
    )

    def __init__(self, fair_slug: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fair_slug = fair_slug

    def validate_confirm_slug(self, field) -> None:
        if (field.data or "").strip() != self.fair_slug:
            raise ValidationError(_l("Type %(slug)s exactly to confirm.", slug=self.fair_slug))
