"""Routes of the fair_setup blueprint: an organizer's fairs; creating, editing, publishing, archiving, copying one."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from eventsys.access import load_owned_fair, organizer_required, permission_required
from eventsys.extensions import db
from eventsys.fair_setup.forms import FairCopyForm, FairStateForm, create_form_class, settings_form_class
from eventsys.forms import show_refusal
from eventsys.models import Fair, FairRole, Sector
from eventsys.services import permissions
from eventsys.services.errors import DomainError
from eventsys.services.fairs import copying, setup, states
from eventsys.services.fairs import dashboard as reports
from eventsys.services.fairs.setup import ChangeNeedsConfirmation

bp = Blueprint("fair_setup", __name__, url_prefix="/organizer/fairs")


@bp.app_template_global()
def current_fair_role(fair: Fair) -> FairRole | None:
    """The current user's role at `fair`, for the fair console's navigation."""
    return permissions.fair_role(current_user, fair)


def _languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def _sector_choices() -> list[SelectChoice]:
    return [SelectChoice(s.id, s.name) for s in db.session.scalars(select(Sector).order_by(Sector.name))]


@bp.route("")
@permission_required(permissions.can_use_console)
def list_fairs():
    """The fairs the user works at, with status, dates and booths booked; a New fair button for owners."""
    return render_template(
        "fair_setup/fair_list.html",
        fairs=reports.get_fair_figures(db.session, current_user),
        can_create=permissions.can_create_fair(current_user),
    )


@bp.route("/new", methods=["GET", "POST"])
@organizer_required
def create_fair():
    """A new draft fair of an organizer organization the user owns."""
    organizations = setup.get_creatable_organizations(db.session, current_user)
    if not permissions.can_create_fair(current_user) or not organizations:
        abort(403)
    form = create_form_class(_languages())()
    form.sectors.choices = _sector_choices()
    form.organization_id.choices = [SelectChoice(o.id, o.name) for o in organizations]
    if len(organizations) == 1:
        form.organization_id.data = organizations[0].id
    if form.validate_on_submit():
        organization = next(o for o in organizations if o.id == form.organization_id.data)
        try:
            fair = setup.create_fair(db.session, form.to_settings(), organizer=organization, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("%(fair)s is saved as a draft: only its organizers see it.", fair=fair.name), "success")
            return redirect(url_for("fair_setup.edit_fair", slug=fair.slug)), 303
    status = 422 if form.is_submitted() else 200
    return render_template("fair_setup/fair_create.html", form=form, organizations=organizations), status


@bp.route("/<slug>/settings", methods=["GET", "POST"])
@organizer_required
def edit_fair(slug: str):
    """The fair's settings; a move in time that affects bookings or meetings is shown before it is saved."""
    fair = load_owned_fair(slug)
    form_class = settings_form_class(_languages())
    form = form_class() if request.method == "POST" else form_class(data=_form_data(setup.settings_of(fair)))
    form.sectors.choices = _sector_choices()
    impact, status = None, 422
    if form.validate_on_submit():
        try:
            setup.update_fair(db.session, fair, form.to_settings(), actor=current_user, confirmation=form.confirm.data)
        except ChangeNeedsConfirmation as error:
            db.session.rollback()
            impact, status = error.impact, error.status
            form.confirm.data = error.key
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
            status = error.status
        else:
            db.session.commit()
            flash(_("The settings of %(fair)s are saved.", fair=fair.name), "success")
            return redirect(url_for("fair_setup.edit_fair", slug=fair.slug)), 303
    db.session.rollback()  # nothing a refused form set may stay on the fair the page shows
    return _settings_page(db.session.get(Fair, fair.id), form, impact), 200 if not form.is_submitted() else status


def _form_data(settings: setup.FairSettings) -> dict[str, object]:
    data = asdict(settings) | {"booking_mode": settings.booking_mode.value, "sectors": settings.sector_ids}
    for text in setup.TRANSLATED_TEXTS:
        for code, value in getattr(settings, f"{text}_translations").items():
            data[f"{text}_{code}"] = value
    return data


def _settings_page(fair: Fair, form, impact=None) -> str:
    return render_template(
        "fair_setup/fair_settings.html",
        fair=fair,
        form=form,
        impact=impact,
        state_form=FairStateForm(),
        missing=states.get_missing_for_publishing(db.session, fair),
        can_unpublish=not states.has_participants(db.session, fair),
    )


@bp.route("/<slug>/publish", methods=["POST"])
@organizer_required
def publish_fair(slug: str):
    """Publish a draft (or an archived fair again): everybody sees it, startups book it."""
    return _change_state(slug, states.publish_fair, lambda fair: _("%(fair)s is published.", fair=fair.name))


@bp.route("/<slug>/archive", methods=["POST"])
@organizer_required
def archive_fair(slug: str):
    """Archive a published fair: it stays readable and takes no more bookings."""
    return _change_state(
        slug, states.archive_fair, lambda fair: _("%(fair)s is archived: it takes no more bookings.", fair=fair.name)
    )


@bp.route("/<slug>/unpublish", methods=["POST"])
@organizer_required
def unpublish_fair(slug: str):
    """Take a published fair nobody has booked or applied to back to draft."""
    return _change_state(
        slug,
        states.unpublish_fair,
        lambda fair: _("%(fair)s is a draft again: only its organizers see it.", fair=fair.name),
    )


def _change_state(slug: str, change, done):
    fair = load_owned_fair(slug)
    if not FairStateForm().validate_on_submit():
        abort(400)
    try:
        change(db.session, fair, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("fair_setup.edit_fair", slug=slug)), 303
    db.session.commit()
    flash(done(fair), "success")
    return redirect(url_for("fair_setup.edit_fair", slug=slug)), 303


@bp.route("/<slug>/copy", methods=["GET", "POST"])
@organizer_required
def copy_fair(slug: str):
    """Copy the fair as next year's: halls, booths, types, prices, zones and settings, with dates moved."""
    fair = load_owned_fair(slug)
    name, new_slug, starts_on = copying.suggest_copy(fair)
    form = FairCopyForm(data={"name": name, "slug": new_slug, "starts_on": starts_on})
    if form.validate_on_submit():
        try:
            copy = copying.copy_fair(
                db.session,
                fair,
                slug=form.slug.data.strip(),
                name=form.name.data,
                starts_on=form.starts_on.data,
                actor=current_user,
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("%(fair)s is copied as a draft: check its settings, then publish it.", fair=copy.name), "success")
            return redirect(url_for("fair_setup.edit_fair", slug=copy.slug)), 303
    status = 422 if form.is_submitted() else 200
    return render_template("fair_setup/fair_copy.html", fair=fair, form=form), status
