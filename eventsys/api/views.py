"""Routes of the API blueprint: read-only fairs, floor plans and centers."""

from __future__ import annotations

from flask import Blueprint, abort, current_app

from eventsys.access import load_fair, load_hall
from eventsys.api import schemas
from eventsys.api.openapi import openapi_document
from eventsys.extensions import db
from eventsys.services import centers as center_service
from eventsys.services import fairs as fair_service

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.route("/openapi.json")
def openapi():
    """The OpenAPI 3.1 document of this API."""
    return openapi_document()


@bp.route("/fairs")
def list_fairs():
    """Upcoming and past fairs."""
    upcoming, past = fair_service.get_fairs(db.session, fair_service.today_in(current_app.config["DEFAULT_TIMEZONE"]))
    return {"upcoming": [schemas.fair(f) for f in upcoming], "past": [schemas.fair(f) for f in past]}


@bp.route("/fairs/<slug>")
def show_fair(slug: str):
    """A fair with its halls and booth types with availability."""
    fair = load_fair(slug)
    availability = fair_service.get_booth_type_availability(db.session, fair)
    return schemas.fair(fair, halls=fair.halls, availability=availability)


@bp.route("/fairs/<slug>/halls/<hall_slug>/booths")
def list_booths(slug: str, hall_slug: str):
    """Every booth of a hall with its state."""
    fair = load_fair(slug)
    plan = fair_service.get_floor_plan(db.session, load_hall(fair, hall_slug))
    return {"hall": schemas.hall(plan.hall), "booths": [schemas.planned_booth(p) for p in plan.booths]}


@bp.route("/centers")
def list_centers():
    """The Business Support Centers with rooms and opening hours."""
    return {"centers": [schemas.center(c) for c in center_service.get_centers(db.session)]}


@bp.route("/centers/<slug>")
def show_center(slug: str):
    center = center_service.get_center(db.session, slug)
    if center is None:
        abort(404)
    return schemas.center(center)
