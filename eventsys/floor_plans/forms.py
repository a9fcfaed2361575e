"""Forms of the floor_plans blueprint: a hall's name, address and size; its venue image; deleting it."""

from __future__ import annotations

from babel import Locale
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import FloatField, IntegerField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import NumberInput

from eventsys.models import Hall
from eventsys.services.fairs.halls import MAX_BACKGROUND_BYTES, MAX_SIDE, HallDetails

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _metres_field(label) -> FloatField:
    return FloatField(
        label,
        validators=[InputRequired(), NumberRange(min=0.5, max=MAX_SIDE)],
        widget=NumberInput(step="0.5", min=0.5, max=MAX_SIDE),
    )


class HallForm(FlaskForm):
    """A hall's name in the default language, its address in URLs, its size and place among the fair's halls."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    slug = StringField(
        _l("Address in URLs"),
        validators=[
            DataRequired(),
            Length(max=80),
            Regexp(SLUG, message=_l("Use lower-case letters, digits and hyphens, such as east-1.")),
        ],
    )
    width = _metres_field(_l("Width (m)"))
    depth = _metres_field(_l("Depth (m)"))
    position = IntegerField(
        _l("Order among the fair's halls"), validators=[Optional(), NumberRange(min=0, max=999)], default=0
    )

    #: The fields of the other interface languages' names, name_ja and so on, set by hall_form.
    translation_fields: tuple[str, ...] = ()

    def details(self) -> HallDetails:
        return HallDetails(
            name=self.name.data,
            slug=self.slug.data,
            width=self.width.data,
            depth=self.depth.data,
            position=self.position.data or 0,
            name_translations={name[5:]: self[name].data or "" for name in self.translation_fields},
        )


def hall_form(languages: list[str], default: str, hall: Hall | None = None, **kwargs) -> HallForm:
    """A HallForm with a name field for each interface language but the default one, filled from `hall`."""
    here = get_locale() or Locale("en")
    extra = {
        f"name_{lang}": StringField(
            _l("Name in %(language)s (optional)", language=Locale.parse(lang).get_display_name(here)),
            validators=[Optional(), Length(max=120)],
        )
        for lang in languages
        if lang != default
    }
    form_class = type("HallForm", (HallForm,), {**extra, "translation_fields": tuple(extra)})
    form = form_class(obj=hall, **kwargs)
    if hall is not None and not form.is_submitted():
        for name in extra:
            form[name].data = hall.name_translations.get(name[5:], "")
    return form


class BackgroundForm(FlaskForm):
    image = FileField(
        _l("Venue image to trace over (PNG, JPEG or WebP, at most 3 MB)"),
        validators=[
            FileRequired(),
            FileSize(max_size=MAX_BACKGROUND_BYTES, message=_l("The image is larger than %(size)d MB.", size=3)),
        ],
    )


class ConfirmForm(FlaskForm):
    """Only the CSRF token: deleting a hall or its image needs no input."""
