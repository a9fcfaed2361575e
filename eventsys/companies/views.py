"""Routes of the companies blueprint: a startup edits its profile and logo; logos are served from instance/."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, send_from_directory, url_for
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
    form = CompanyProfileForm(obj=None if _submitted() else organization)
    form.sectors.choices = [
        SelectChoice(s.slug, s.name) for s in db.session.scalars(select(Sector).order_by(Sector.name))
    ]
    if not _submitted():
        form.sectors.data = [s.slug for s in organization.sectors]
        form.stage.data = organization.stage.value if organization.stage else ""
        form.pitch.data = organization.description
    return form


def _submitted() -> bool:
    from flask import request

    return request.method == "POST"


@bp.route("/", methods=["GET", "POST"])
@login_required
def edit_company():
    """The company profile that investors and organizers see."""
    organization = startup_organization()
    form = _profile_form(organization)
    if form.validate_on_submit():
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
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("Your company profile is saved."), "success")
            return redirect(url_for("companies.edit_company")), 303
    status = 422 if form.is_submitted() else 200
    return render_template(
        "companies/company_edit.html", organization=organization, form=form, logo_form=LogoForm()
    ), status


@bp.route("/logo", methods=["POST"])
@login_required
def upload_logo():
    """Replace the logo; the file is decoded, re-encoded and stored under a random name."""
    organization = startup_organization()
    form = LogoForm()
    if form.validate_on_submit():
        try:
            companies.store_logo(db.session, organization, form.logo.data.read(), uploads_folder(), actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("Your logo is saved."), "success")
            return redirect(url_for("companies.edit_company")), 303
    return render_template(
        "companies/company_edit.html", organization=organization, form=_profile_form(organization), logo_form=form
    ), 422


@bp.route("/logos/<name>")
def show_logo(name: str):
    """A stored logo; names are random, so they are public like the company profile."""
    if not _LOGO_NAME.match(name):
        abort(404)
    return send_from_directory(uploads_folder() / "logos", name, mimetype="image/png", max_age=86400)
