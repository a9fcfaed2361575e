"""Forms of the investors blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from eventsys.forms import CountryField, MultiCheckboxField, Printable, WebsiteField
from eventsys.models import Currency, InvestorType, Region, Stage, Verification
from eventsys.services.accounts.investors import INVESTOR_TYPE_LABELS, MAX_TICKET, REGION_LABELS, STAGE_LABELS


class InvestorProfileForm(FlaskForm):
    name = StringField(_l("Firm name"), validators=[DataRequired(), Length(max=160), Printable()])
    name_local = StringField(
        _l("Firm name in local script (optional)"), validators=[Optional(), Length(max=160), Printable()]
    )
    investor_type = SelectField(
        _l("Investor type"), choices=[SelectChoice(t.value, label) for t, label in INVESTOR_TYPE_LABELS.items()]
    )
    country = CountryField(_l("Country"))
    city = StringField(_l("City"), validators=[Optional(), Length(max=80)])
    website = WebsiteField(_l("Website"))
    ticket_min = IntegerField(_l("Smallest ticket"), validators=[Optional(), NumberRange(min=0, max=MAX_TICKET)])
    ticket_max = IntegerField(_l("Largest ticket"), validators=[Optional(), NumberRange(min=0, max=MAX_TICKET)])
    ticket_currency = SelectField(
        _l("Currency"), choices=[SelectChoice("", "—")] + [SelectChoice(c.value, c.value) for c in Currency]
    )
    sectors = MultiCheckboxField(_l("Sectors"), choices=[])
    stages = MultiCheckboxField(
        _l("Stages"), choices=[SelectChoice(s.value, label) for s, label in STAGE_LABELS.items()]
    )
    regions = MultiCheckboxField(
        _l("Regions of interest"), choices=[SelectChoice(r.value, label) for r, label in REGION_LABELS.items()]
    )
    description = TextAreaField(_l("Investment thesis"), validators=[Optional(), Length(max=1000)])
    is_listed = BooleanField(_l("List our firm in the investor directory that startups see"))
    shows_ticket_size = BooleanField(_l("Show our ticket size to startups"))

    def profile_values(self) -> dict:
        """The form's values in the shape of services.investors.InvestorProfile."""
        return {
            "name": self.name.data,
            "name_local": self.name_local.data,
            "country": self.country.data,
            "investor_type": InvestorType(self.investor_type.data),
            "city": self.city.data,
            "website": self.website.data,
            "description": self.description.data,
            "ticket_min": self.ticket_min.data,
            "ticket_max": self.ticket_max.data,
            "ticket_currency": Currency(self.ticket_currency.data) if self.ticket_currency.data else None,
            "sector_slugs": self.sectors.data,
            "stages": [Stage(s) for s in self.stages.data],
            "regions": [Region(r) for r in self.regions.data],
            "is_listed": self.is_listed.data,
            "shows_ticket_size": self.shows_ticket_size.data,
        }


class VerificationDecisionForm(FlaskForm):
    decision = RadioField(
        _l("Decision"),
        choices=[
            SelectChoice(Verification.VERIFIED.value, _l("Verify")),
            SelectChoice(Verification.REJECTED.value, _l("Reject")),
        ],
        validators=[DataRequired()],
    )
    reason = TextAreaField(_l("Reason (mailed to the firm; required to reject)"), validators=[Length(max=1000)])


class InvestorImportForm(FlaskForm):
    file = FileField(_l("CSV file (UTF-8)"), validators=[FileRequired(message=_l("Choose a CSV file."))])
