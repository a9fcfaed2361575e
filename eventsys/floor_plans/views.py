"""Routes of the floor_plans blueprint, for a fair's owners: its halls (add, edit, delete), the floor-plan editor and
the venue image behind it. The editor saves through the API (eventsys/api/floor_plans.py)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.access import load_hall, load_owned_fair, organizer_required
from eventsys.extensions import db
from eventsys.floor_plans.forms import BackgroundForm, ConfirmForm, hall_form
from eventsys.forms import show_refusal
from eventsys.models import AreaKind
from eventsys.services.booths import floor_plan_edit
from eventsys.services.errors import DomainError
from eventsys.services.fairs import halls as hall_service

bp = Blueprint("floor_plans", __name__, url_prefix="/organizer")


def _uploads() -> Path:
    return Path(current_app.instance_path) / "uploads"


def _hall_form(hall=None):
    config = current_app.config
    return hall_form(config["LANGUAGES"], config["BABEL_DEFAULT_LOCALE"], hall)


@bp.route("/fairs/<slug>/halls")
@organizer_required
def list_halls(slug: str):
    """The fair's halls, with a form to add one."""
    fair = load_owned_fair(slug)
    return render_template("floor_plans/hall_list.html", fair=fair, form=_hall_form())


@bp.route("/fairs/<slug>/halls", methods=["POST"])
@organizer_required
def create_hall(slug: str):
    """Add an empty hall, then draw it."""
    fair = load_owned_fair(slug)
    form = _hall_form()
    if form.validate_on_submit():
        try:
            hall = hall_service.create_hall(db.session, fair, form.details(), actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("%(hall)s added. Draw its booths now.", hall=hall.name), "success")
            return redirect(url_for("floor_plans.edit_plan", slug=fair.slug, hall_slug=hall.slug)), 303
    return render_template("floor_plans/hall_list.html", fair=fair, form=form), 422


@bp.route("/fairs/<slug>/halls/<hall_slug>/edit", methods=["GET", "POST"])
@organizer_required
def edit_hall(slug: str, hall_slug: str):
    """Rename, resize or reorder a hall; delete it."""
    fair = load_owned_fair(slug)
    hall = load_hall(fair, hall_slug)
    form = _hall_form(hall)
    if form.validate_on_submit():
        try:
            hall_service.update_hall(db.session, hall, form.details(), actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
            return _edit_page(fair, hall, form, error.status)
        db.session.commit()
        flash(_("%(hall)s saved.", hall=hall.name), "success")
        return redirect(url_for("floor_plans.list_halls", slug=fair.slug)), 303
    return _edit_page(fair, hall, form, 422 if form.is_submitted() else 200)


def _edit_page(fair, hall, form, status: int, delete_error: str | None = None):
    return render_template(
        "floor_plans/hall_edit.html",
        fair=fair,
        hall=hall,
        form=form,
        delete_form=ConfirmForm(prefix="delete"),
        delete_error=delete_error,
    ), status


@bp.route("/fairs/<slug>/halls/<hall_slug>/delete", methods=["POST"])
@organizer_required
def delete_hall(slug: str, hall_slug: str):
    """Delete a hall with its booths; refused while any of them is booked."""
    fair = load_owned_fair(slug)
    hall = load_hall(fair, hall_slug)
    form = ConfirmForm(prefix="delete")
    if not form.validate_on_submit():
        return _edit_page(fair, hall, _hall_form(hall), 400, _("The form expired. Try again."))
    name = hall.name
    try:
        hall_service.delete_hall(db.session, hall, _uploads(), actor=current_user)
    except DomainError as error:
        db.session.rollback()
        return _edit_page(fair, hall, _hall_form(hall), error.status, str(error))
    db.session.commit()
    flash(_("%(hall)s deleted.", hall=name), "success")
    return redirect(url_for("floor_plans.list_halls", slug=fair.slug)), 303


@bp.route("/fairs/<slug>/halls/<hall_slug>/plan")
@organizer_required
def edit_plan(slug: str, hall_slug: str):
    """The floor-plan editor: booths and areas drawn on the hall's SVG plan, saved in one go."""
    fair = load_owned_fair(slug)
    hall = load_hall(fair, hall_slug)
    return _plan_page(fair, hall, BackgroundForm(), 200)


def _plan_page(fair, hall, background_form, status: int):
    bookings = floor_plan_edit.get_live_bookings(db.session, hall)
    return render_template(
        "floor_plans/plan_edit.html",
        fair=fair,
        hall=hall,
        booths=hall.booths,
        bookings=bookings,
        area_kinds=list(AreaKind),
        background_form=background_form,
        remove_form=ConfirmForm(prefix="remove"),
    ), status


@bp.route("/fairs/<slug>/halls/<hall_slug>/background", methods=["POST"])
@organizer_required
def upload_background(slug: str, hall_slug: str):
    """Put a venue image behind the plan; it is decoded and re-encoded like logos."""
    fair = load_owned_fair(slug)
    hall = load_hall(fair, hall_slug)
    form = BackgroundForm()
    if form.validate_on_submit():
        try:
            hall_service.store_background(db.session, hall, form.image.data.read(), _uploads(), actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("The venue image is behind the plan."), "success")
            return redirect(url_for("floor_plans.edit_plan", slug=fair.slug, hall_slug=hall.slug)), 303
    return _plan_page(fair, hall, form, 422)


@bp.route("/fairs/<slug>/halls/<hall_slug>/background/delete", methods=["POST"])
@organizer_required
def remove_background(slug: str, hall_slug: str):
    fair = load_owned_fair(slug)
    hall = load_hall(fair, hall_slug)
    if not ConfirmForm(prefix="remove").validate_on_submit():
        abort(400)
    hall_service.remove_background(db.session, hall, _uploads(), actor=current_user)
    db.session.commit()
    flash(_("The venue image is removed."), "success")
    return redirect(url_for("floor_plans.edit_plan", slug=fair.slug, hall_slug=hall.slug)), 303


@bp.route("/fairs/<slug>/halls/<hall_slug>/background.png")
@organizer_required
def show_background(slug: str, hall_slug: str):
    """The hall's venue image, for those who may edit the plan only."""
    fair = load_owned_fair(slug)
    path = hall_service.background_file(load_hall(fair, hall_slug), _uploads())
    if path is None or not path.is_file():
        abort(404)
    return send_file(path, mimetype="image/png", max_age=0)
