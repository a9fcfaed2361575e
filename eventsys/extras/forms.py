"""Forms of the extras blueprint: an extra, a package, retiring one, and ordering (with the booth or later)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional

from eventsys.booths.forms import ConfirmForm
from eventsys.models import ExtraKind
from eventsys.services.extras.offers import BADGES_MAX, DESCRIPTION_MAX, LARGEST, NAME_MAX
from eventsys.services.extras.orders import QUANTITY_MAX

KIND_LABELS = {
    ExtraKind.POWER: _l("Power"),
    ExtraKind.FURNITURE: _l("Furniture"),
    ExtraKind.BADGES: _l("Extra badges"),
    ExtraKind.LISTING: _l("Listing upgrade"),
    ExtraKind.OTHER: _l("Other"),
}


class _OfferFields(FlaskForm):
    name = StringField(_l("Item name"), validators=[DataRequired(), Length(max=NAME_MAX)])
    description = TextAreaField(_l("Description (optional)"), validators=[Optional(), Length(max=DESCRIPTION_MAX)])
    price_jpy = IntegerField(_l("Price (yen)"), validators=[InputRequired(), NumberRange(min=0, max=LARGEST)])
    rate_percent = SelectField(
        _l("Consumption tax rate"),
        choices=[SelectChoice("10", _l("10% (standard)")), SelectChoice("8", _l("8% (reduced)"))],
        default="10",
    )
    stock = IntegerField(
        _l("Stock (leave empty for no limit)"), validators=[Optional(), NumberRange(min=0, max=LARGEST)]
    )


class ExtraForm(_OfferFields):
    kind = SelectField(
        _l("Kind"), choices=[SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()], default="other"
    )


class PackageForm(_OfferFields):
    """A sponsorship package; its choices of booth type are the fair's, filled by the view."""

    booth_type_id = SelectField(_l("Includes the booth type"), choices=[])
    badge_count = IntegerField(
        _l("Includes badges"), validators=[InputRequired(), NumberRange(min=0, max=BADGES_MAX)], default=0
    )


class ActiveForm(FlaskForm):
    """Retire an offer (1 → 0) or put it back on sale."""

    active = HiddenField(validators=[InputRequired(), AnyOf(["0", "1"])])


class OrderForm(FlaskForm):
    """One offer of the fair ("extra-<id>" or "package-<id>", choices filled by the view) and a quantity."""

    offer = SelectField(_l("What"), choices=[], validate_choice=True)
    quantity = IntegerField(
        _l("Quantity"), validators=[InputRequired(), NumberRange(min=1, max=QUANTITY_MAX)], default=1
    )


class CancelOrderForm(FlaskForm):
    pass


def confirm_form_class(offers: list) -> type[ConfirmForm]:
    """The confirmation form with a quantity (optional, 0 to QUANTITY_MAX) for each offer on sale at the fair,
    named after the offer's key ("extra-3", "package-1"); `wanted` reads the ordered ones back."""
    fields = {
        f"quantity_{offer_key(offer).replace('-', '_')}": IntegerField(
            offer.name, validators=[Optional(), NumberRange(min=0, max=QUANTITY_MAX)]
        )
        for offer in offers
    }

    class ConfirmWithExtrasForm(ConfirmForm):
        def extra_fields(self):
            return [(self[name], offer) for name, offer in zip(fields, offers, strict=True)]

        def wanted(self):
            return [(offer, field.data) for field, offer in self.extra_fields() if field.data]

    for name, field in fields.items():
        setattr(ConfirmWithExtrasForm, name, field)
    return ConfirmWithExtrasForm


def offer_key(offer) -> str:
    from eventsys.models import Extra

    return f"{'extra' if isinstance(offer, Extra) else 'package'}-{offer.id}"
