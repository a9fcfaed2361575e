"""The directory's search and filter form, read from the query string by the HTML pages and the API alike."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, IntegerField, SelectChoice, SelectField, SelectMultipleField, StringField
from wtforms.validators import Length, NumberRange, Optional

from eventsys.extensions import db
from eventsys.forms import country_choices
from eventsys.models import Fair, Region, Sector, Stage
from eventsys.services.accounts.investors import REGION_LABELS, STAGE_LABELS
from eventsys.services.directory.search import MAX_PER_PAGE, MAX_SEARCH_LENGTH, DirectoryQuery

SORT_LABELS = {"name": _l("Name"), "newest": _l("Newest"), "country": _l("Country"), "stage": _l("Stage")}


class DirectoryFilterForm(FlaskForm):
    """Search text, filters, sorting and page; a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=MAX_SEARCH_LENGTH)])
    sector = SelectMultipleField(_l("Sector"), choices=[])
    stage = SelectMultipleField(
        _l("Stage"), choices=[SelectChoice(s.value, label) for s, label in STAGE_LABELS.items()]
    )
    country = SelectMultipleField(_l("Country"), choices=[])
    region = SelectMultipleField(
        _l("Region"), choices=[SelectChoice(r.value, label) for r, label in REGION_LABELS.items()]
    )
    fair = SelectField(_l("Fair"), choices=[], validate_choice=True)
    has_booth = BooleanField(_l("Has a booth"))
    sort = SelectField(_l("Sort by"), choices=[])
    page = IntegerField(_l("Page"), default=1, validators=[Optional(), NumberRange(min=1, max=100_000)])
    per_page = IntegerField(_l("Per page"), default=24, validators=[Optional(), NumberRange(min=1, max=MAX_PER_PAGE)])


def sector_choices() -> list[SelectChoice]:
    return [
        SelectChoice(slug, name)
        for slug, name in db.session.execute(select(Sector.slug, Sector.name).order_by(Sector.name))
    ]


def _fair_choices() -> list[SelectChoice]:
    fairs = db.session.execute(select(Fair.slug, Fair.name).order_by(Fair.starts_on.desc()))
    return [SelectChoice("", _l("Any fair"))] + [SelectChoice(slug, name) for slug, name in fairs]


def directory_filters(sorts: tuple[str, ...]) -> tuple[DirectoryFilterForm, DirectoryQuery | None]:
    """The form filled from the query string and, if it is valid, the query; two queries for the choices."""
    form = DirectoryFilterForm(formdata=request.args)
    form.sector.choices = sector_choices()
    form.fair.choices = _fair_choices()
    form.country.choices = country_choices()
    form.sort.choices = [SelectChoice(s, SORT_LABELS[s]) for s in sorts]
    if not request.args.get("sort"):
        form.sort.data = sorts[0]
    if not request.args.get("fair"):
        form.fair.data = ""
    if not form.validate():
        return form, None
    return form, DirectoryQuery(
        text=form.q.data or "",
        sectors=tuple(form.sector.data or ()),
        stages=tuple(Stage(s) for s in form.stage.data or ()),
        countries=tuple(form.country.data or ()),
        regions=tuple(Region(r) for r in form.region.data or ()),
        fair_slug=form.fair.data or None,
        has_booth=bool(form.has_booth.data),
        sort=form.sort.data or sorts[0],
        page=form.page.data or 1,
        per_page=form.per_page.data or 24,
    )
