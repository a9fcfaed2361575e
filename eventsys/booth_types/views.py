"""Routes of the booth_types blueprint: a fair's booth types and its sector zones, for the fair's owners."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from eventsys.access import load_owned_fair, organizer_required
from eventsys.booth_types.forms import (
    BoothTypeForm,
    SectorCreateForm,
    ZoneAddForm,
    fill_translations,
    translated_names,
    typed_translations,
    with_translated_names,
    with_translations,
)
from eventsys.extensions import db
from eventsys.forms import show_refusal
from eventsys.models import BoothType, Fair, Sector
from eventsys.services.booths import types as type_service
from eventsys.services.booths import zones as zone_service
from eventsys.services.errors import ConfirmationNeeded, DomainError

bp = Blueprint("booth_types", __name__, url_prefix="/organizer/fairs/<slug>")


def other_languages() -> list[str]:
    """The interface languages beyond the default one, in which owners may name types and sectors."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    return [language for language in current_app.config["LANGUAGES"] if language != default]


def _type_form(**kwargs) -> BoothTypeForm:
    return with_translations(BoothTypeForm, other_languages(), ("name", "description"))(**kwargs)


def _values(form: BoothTypeForm) -> type_service.BoothTypeValues:
    return type_service.BoothTypeValues(
        name=form.name.data,
        description=form.description.data,
        width=form.width.data,
        depth=form.depth.data,
        price_jpy=form.price_jpy.data,
        max_per_organization=form.max_per_organization.data,
        badges_included=form.badges_included.data,
        colour=form.colour.data,
        name_translations=typed_translations(form, "name", other_languages()),
        description_translations=typed_translations(form, "description", other_languages()),
    )


# Booth types


@bp.route("/booth-types")
@organizer_required
def list_booth_types(slug: str):
    """The fair's booth types with how many booths are of each and how many are booked, and a form for a new one."""
    fair = load_owned_fair(slug)
    return _list_page(fair, _type_form(formdata=None))


def _list_page(fair: Fair, form: BoothTypeForm, status: int = 200):
    page = render_template(
        "booth_types/booth_type_list.html",
        fair=fair,
        usage=type_service.get_booth_type_usage(db.session, fair),
        form=form,
        languages=other_languages(),
    )
    return page, status


@bp.route("/booth-types", methods=["POST"])
@organizer_required
def create_booth_type(slug: str):
    """Add a booth type."""
    fair = load_owned_fair(slug)
    form = _type_form()
    if not form.validate_on_submit():
        return _list_page(fair, form, 422)
    try:
        booth_type = type_service.create_booth_type(db.session, fair, _values(form), actor=current_user)
    except DomainError as error:
        db.session.rollback()
        show_refusal(form, error)
        return _list_page(load_owned_fair(slug), form, error.status)
    db.session.commit()
    flash(_("Booth type %(name)s added.", name=booth_type.name), "success")
    return redirect(url_for("booth_types.list_booth_types", slug=slug)), 303


def _load_type(fair: Fair, booth_type_id: int) -> BoothType:
    booth_type = type_service.get_booth_type(db.session, fair, booth_type_id)
    if booth_type is None:
        abort(404)
    return booth_type


@bp.route("/booth-types/<int:booth_type_id>")
@organizer_required
def edit_booth_type(slug: str, booth_type_id: int):
    """A booth type's form, filled in."""
    fair = load_owned_fair(slug)
    booth_type = _load_type(fair, booth_type_id)
    form = _type_form(formdata=None, obj=booth_type)
    fill_translations(form, "name", booth_type.name_translations)
    fill_translations(form, "description", booth_type.description_translations)
    return _edit_page(fair, booth_type, form)


def _edit_page(fair: Fair, booth_type: BoothType, form: BoothTypeForm, status: int = 200, asks_confirmation=False):
    page = render_template(
        "booth_types/booth_type_edit.html",
        fair=fair,
        booth_type=booth_type,
        form=form,
        languages=other_languages(),
        asks_confirmation=asks_confirmation,
        live_bookings=type_service.count_live_bookings(db.session, booth_type),
    )
    return page, status


@bp.route("/booth-types/<int:booth_type_id>", methods=["POST"])
@organizer_required
def update_booth_type(slug: str, booth_type_id: int):
    """Save a booth type; a new price for a type with live bookings is saved once confirmed."""
    fair = load_owned_fair(slug)
    booth_type = _load_type(fair, booth_type_id)
    form = _type_form()
    if not form.validate_on_submit():
        return _edit_page(fair, booth_type, form, 422, asks_confirmation=bool(form.confirm_price.data))
    try:
        type_service.update_booth_type(
            db.session, booth_type, _values(form), actor=current_user, confirmed=bool(form.confirm_price.data)
        )
    except DomainError as error:
        db.session.rollback()
        show_refusal(form, error)
        booth_type = _load_type(load_owned_fair(slug), booth_type_id)
        confirm = isinstance(error, ConfirmationNeeded)
        return _edit_page(booth_type.fair, booth_type, form, error.status, asks_confirmation=confirm)
    db.session.commit()
    flash(_("Booth type %(name)s saved.", name=booth_type.name), "success")
    return redirect(url_for("booth_types.list_booth_types", slug=slug)), 303


@bp.route("/booth-types/<int:booth_type_id>/delete", methods=["POST"])
@organizer_required
def delete_booth_type(slug: str, booth_type_id: int):
    """Delete a booth type that no booth uses."""
    fair = load_owned_fair(slug)
    booth_type = _load_type(fair, booth_type_id)
    name = booth_type.name
    try:
        type_service.delete_booth_type(db.session, booth_type, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        form = _type_form(formdata=None)
        form.form_errors.append(_("%(name)s was not deleted: %(reason)s", name=name, reason=error.message))
        return _list_page(load_owned_fair(slug), form, error.status)
    db.session.commit()
    flash(_("Booth type %(name)s deleted.", name=name), "success")
    return redirect(url_for("booth_types.list_booth_types", slug=slug)), 303


# Sector zones


def _zone_forms(fair: Fair, add_form=None, create_form=None) -> tuple[ZoneAddForm, SectorCreateForm]:
    add_form = add_form or ZoneAddForm(formdata=None)
    add_form.sector.choices = [SelectChoice(s.id, s.name) for s in zone_service.get_addable_sectors(db.session, fair)]
    create_form = create_form or with_translated_names(SectorCreateForm, other_languages())(formdata=None)
    return add_form, create_form


def _zones_page(fair: Fair, add_form=None, create_form=None, status: int = 200, removal_error: str | None = None):
    add_form, create_form = _zone_forms(fair, add_form, create_form)
    page = render_template(
        "booth_types/zone_list.html",
        fair=fair,
        zones=zone_service.get_zone_usage(db.session, fair),
        add_form=add_form,
        create_form=create_form,
        languages=other_languages(),
        removal_error=removal_error,
    )
    return page, status


@bp.route("/zones")
@organizer_required
def list_zones(slug: str):
    """The sectors the fair offers with the booths zoned to each; add, create or remove one."""
    return _zones_page(load_owned_fair(slug))


@bp.route("/zones", methods=["POST"])
@organizer_required
def add_zone(slug: str):
    """Offer an existing sector at the fair."""
    fair = load_owned_fair(slug)
    form, _create = _zone_forms(fair, ZoneAddForm())
    if not form.validate_on_submit():
        return _zones_page(fair, add_form=form, status=422)
    sector = db.session.get(Sector, form.sector.data)
    try:
        zone_service.add_zone(db.session, fair, sector, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        show_refusal(form, error)
        return _zones_page(load_owned_fair(slug), add_form=form, status=error.status)
    db.session.commit()
    flash(_("%(fair)s now offers %(sector)s.", fair=fair.name, sector=sector.name), "success")
    return redirect(url_for("booth_types.list_zones", slug=slug)), 303


@bp.route("/zones/new", methods=["POST"])
@organizer_required
def create_sector(slug: str):
    """Create a sector and offer it at the fair."""
    fair = load_owned_fair(slug)
    form = with_translated_names(SectorCreateForm, other_languages())()
    if not form.validate_on_submit():
        return _zones_page(fair, create_form=form, status=422)
    try:
        sector = zone_service.create_sector(
            db.session,
            fair,
            slug=form.slug.data,
            name=form.name.data,
            name_translations=translated_names(form, other_languages()),
            actor=current_user,
        )
    except DomainError as error:
        db.session.rollback()
        show_refusal(form, error)
        return _zones_page(load_owned_fair(slug), create_form=form, status=error.status)
    db.session.commit()
    flash(_("Sector %(sector)s created and offered at %(fair)s.", sector=sector.name, fair=fair.name), "success")
    return redirect(url_for("booth_types.list_zones", slug=slug)), 303


@bp.route("/zones/<int:sector_id>/remove", methods=["POST"])
@organizer_required
def remove_zone(slug: str, sector_id: int):
    """Stop offering a sector at the fair; refused while booths are zoned to it."""
    fair = load_owned_fair(slug)
    sector = db.session.get(Sector, sector_id)
    if sector is None:
        abort(404)
    try:
        zone_service.remove_zone(db.session, fair, sector, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        return _zones_page(load_owned_fair(slug), status=error.status, removal_error=error.message)
    db.session.commit()
    flash(_("%(fair)s no longer offers %(sector)s.", fair=fair.name, sector=sector.name), "success")
    return redirect(url_for("booth_types.list_zones", slug=slug)), 303
