"""Forms of the companies blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import IntegerField, SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from eventsys.forms import CountryField, Printable, WebsiteField
from eventsys.models import Stage
from eventsys.services.accounts.companies import MAX_LOGO_BYTES, MAX_PITCH

STAGE_LABELS = {
    Stage.PRE_SEED: _l("Pre-seed"),
    Stage.SEED: _l("Seed"),
    Stage.SERIES_A: _l("Series A"),
    Stage.SERIES_B: _l("Series B"),
    Stage.GROWTH: _l("Growth"),
}


class CompanyProfileForm(FlaskForm):
    name = StringField(_l("Company name (Latin script)"), validators=[DataRequired(), Length(max=160), Printable()])
    name_local = StringField(
        _l("Company name in local script (optional)"), validators=[Optional(), Length(max=160), Printable()]
    )
    country = CountryField(_l("Country"))
    sectors = SelectMultipleField(_l("Sectors"), choices=[], validators=[DataRequired()])
    stage = SelectField(
        _l("Stage"),
        choices=[SelectChoice("", _l("—"))] + [SelectChoice(s.value, label) for s, label in STAGE_LABELS.items()],
    )
    year_founded = IntegerField(_l("Year founded"), validators=[Optional(), NumberRange(min=1900, max=2100)])
    website = WebsiteField(_l("Website"))
    pitch = TextAreaField(
        _l("Pitch (at most 500 characters)"),
        validators=[Optional(), Length(max=MAX_PITCH)],
        render_kw={"maxlength": MAX_PITCH, "rows": 5},
    )


class LogoForm(FlaskForm):
    logo = FileField(
        _l("Logo (PNG, JPEG or WebP, at most 2 MB)"),
        validators=[FileRequired(), FileSize(max_size=MAX_LOGO_BYTES, message=_l("The logo is larger than 2 MB."))],
    )
