"""Routes of the companies blueprint: a startup edits its profile and logo; logos are served from instance/."""

from __future__ import annotations

import re
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from eventsys.access import startup_organization
from eventsys.companies.forms import CompanyProfileForm, LogoForm
from eventsys.extensions import db
from eventsys.forms import show_refusal
from eventsys.models import Sector, Stage
from eventsys.services.accounts import companies
from eventsys.services.errors import DomainError

bp = Blueprint("companies", __name__, url_prefix="/company")

#: Stored logo names are random and ours; anything else is not a logo.
_LOGO_NAME = re.compile(r"^[A-Za-z0-9_-]{22}\.png$")


def uploads_folder() -> Path:
    return Path(current_app.instance_path) / "uploads"


def _profile_form(organization) -> CompanyProfileForm:
    """The profile form with what was typed when the page's form came back, else with what is stored."""
    typed = request.method == "POST" and "name" in request.form
    form = CompanyProfileForm() if typed else CompanyProfileForm(formdata=None, obj=organization)
    form.sectors.choices = [
        SelectChoice(s.slug, s.name) for s in db.session.scalars(select(Sector).order_by(Sector.name))
    ]
    if not typed:
        form.sectors.data = [s.slug for s in organization.sectors]
        form.stage.data = organization.stage.value if organization.stage else ""
        form.pitch.data = organization.description
    return form


def _logo_chosen() -> bool:
    upload = request.files.get("logo")
    return upload is not None and bool(upload.filename)


def _render(organization, form: CompanyProfileForm, logo_form: LogoForm, status: int):
    page = render_template("companies/company_edit.html", organization=organization, form=form, logo_form=logo_form)
    return page, status


@bp.route("/", methods=["GET", "POST"])
@login_required
def edit_company():
    """The company profile that investors and organizers see; a logo chosen in the same form is saved with it."""
    organization = startup_organization()
    form = _profile_form(organization)
    logo_form = LogoForm()
    if form.validate_on_submit() and (not _logo_chosen() or logo_form.validate()):
        profile = companies.CompanyProfile(
            name=form.name.data,
            name_local=form.name_local.data,
            country=form.country.data,
            sector_slugs=form.sectors.data,
            stage=Stage(form.stage.data) if form.stage.data else None,
            year_founded=form.year_founded.data,
            website=form.website.data,
            pitch=form.pitch.data,
        )
        try:
            companies.update_profile(db.session, organization, profile, actor=current_user)
            if _logo_chosen():
                _store_logo(organization, logo_form)
        except DomainError as error:
            db.session.rollback()
            show_refusal(logo_form if error.field == "logo" else form, error)
        else:
            db.session.commit()
            flash(_("Your company profile is saved."), "success")
            return redirect(url_for("companies.edit_company")), 303
    return _render(organization, form, logo_form, 422 if form.is_submitted() else 200)


def _store_logo(organization, logo_form: LogoForm) -> None:
    companies.store_logo(db.session, organization, logo_form.logo.data.read(), uploads_folder(), actor=current_user)


@bp.route("/logo", methods=["POST"])
@login_required
def upload_logo():
    """Replace the logo; the file is decoded, re-encoded and stored under a random name.

    Sent from the profile form, the page comes back with the profile as typed (saved only by "Save profile")."""
    organization = startup_organization()
    form = LogoForm()
    if form.validate_on_submit():
        try:
            _store_logo(organization, form)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            if "name" not in request.form:
                flash(_("Your logo is saved."), "success")
                return redirect(url_for("companies.edit_company")), 303
            flash(_("Your logo is saved. Your other changes are not saved yet: save the profile to keep them."), "info")
            return _render(organization, _profile_form(organization), LogoForm(formdata=None), 200)
    return _render(organization, _profile_form(organization), form, 422)


@bp.route("/logos/<name>")
def show_logo(name: str):
    """A stored logo; names are random, so they are public like the company profile."""
    if not _LOGO_NAME.match(name):
        abort(404)
    return send_from_directory(uploads_folder() / "logos", name, mimetype="image/png", max_age=86400)
