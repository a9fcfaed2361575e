"""JSON routes of the directories under /api/v1/directory, for programs; the same services as the pages."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.directory.query import directory_filters
from eventsys.errors import error_response
from eventsys.extensions import db
from eventsys.models import Organization, Role
from eventsys.services.directory import recommendations
from eventsys.services.directory import search as directory
from eventsys.services.directory.search import BoothLocation, DirectoryPage

bp = Blueprint("directory_api", __name__, url_prefix="/api/v1/directory")


def _refusal():
    """401 for anonymous clients, 403 for a role the directory is not for."""
    if not current_user.is_authenticated:
        return error_response(401, _("Please log in to see this page."))
    return error_response(403, _("You are not allowed to see this page."))


def _invalid(form):
    problems = "; ".join(f"{name}: {', '.join(map(str, errors))}" for name, errors in form.errors.items())
    return error_response(422, problems)


def _startup(organization: Organization, booth: BoothLocation | None) -> dict:
    return {
        "id": organization.id,
        "name": organization.name,
        "name_local": organization.name_local,
        "country": organization.country,
        "region": organization.region.value if organization.region else None,
        "stage": organization.stage.value if organization.stage else None,
        "sectors": [sector.slug for sector in organization.sectors],
        "website": organization.website,
        "pitch": organization.description,
        "booth": None
        if booth is None
        else {
            "fair": booth.fair_slug,
            "hall": booth.hall_slug,
            "code": booth.code,
            "floor_plan": url_for("fairs.show_hall", slug=booth.fair_slug, hall_slug=booth.hall_slug, _external=True),
        },
    }


def _page(page: DirectoryPage, items: list) -> dict:
    return {"total": page.total, "page": page.page, "per_page": page.per_page, "pages": page.pages, "items": items}


@bp.route("/startups")
def list_startups():
    """The startup directory for investors and organizers."""
    if not current_user.is_authenticated or not (current_user.is_organizer or current_user.role == Role.INVESTOR):
        return _refusal()
    form, query = directory_filters(directory.STARTUP_SORTS)
    if query is None:
        return _invalid(form)
    page = directory.search_startups(db.session, query)
    return _page(page, [_startup(o, page.booths.get(o.id)) for o in page.items])


@bp.route("/investors")
def list_investors():
    """Verified, listed investors for startups and organizers: public fields only."""
    if not current_user.is_authenticated or not (current_user.is_organizer or current_user.role == Role.STARTUP):
        return _refusal()
    form, query = directory_filters(directory.INVESTOR_SORTS)
    if query is None:
        return _invalid(form)
    page = directory.search_investors(db.session, query)
    return _page(page, [asdict(card) for card in page.items])


@bp.route("/recommendations")
def list_recommendations():
    """The best fits for the logged-in investor (startups) or startup (investors), with reasons."""
    organization = current_user.organization if current_user.is_authenticated else None
    if organization is None or current_user.role not in (Role.INVESTOR, Role.STARTUP):
        return _refusal()
    if current_user.role == Role.INVESTOR:
        items = recommendations.recommend_startups(db.session, organization, limit=20)
    else:
        items = recommendations.recommend_investors(db.session, organization, limit=20)
    return {"items": [{**asdict(item), "reasons": list(item.reasons)} for item in items]}
