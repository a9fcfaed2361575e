"""Routes of the API blueprint: read-only fairs, floor plans and centers."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, request
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.access import api_login_required, load_booking, load_fair, load_hall, startup_organization
from eventsys.api import schemas
from eventsys.api.openapi import openapi_document
from eventsys.extensions import db
from eventsys.services.accounts import users as accounts
from eventsys.services.booths import booking as booking_service
from eventsys.services.booths import changes as booking_changes
from eventsys.services.errors import DomainError
from eventsys.services.fairs import catalog as fair_service
from eventsys.services.meetings import centers as center_service

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


@bp.route("/fairs/<slug>/free-booths")
def list_free_booths(slug: str):
    """Ids of the booths that can be held now, for clients that refresh often."""
    booth_ids = fair_service.get_free_booth_ids(db.session, slug)
    if booth_ids is None:
        abort(404)
    return {"booth_ids": booth_ids}


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


def _refusal(error: DomainError):
    return {"error": {"status": error.status, "message": str(error), "field": error.field}}, error.status


@bp.route("/booths/<int:booth_id>/hold", methods=["POST"])
@api_login_required
def hold_booth(booth_id: int):
    """Hold a booth for the current user's startup: 201 with the hold, or 409/403 with the reason."""
    organization = startup_organization()
    try:
        held = booking_service.hold_booth_by_id(db.session, booth_id, organization, actor=current_user)
    except DomainError as error:
        answer = _refusal(error)
        # A refusal that passed a lapsed booth to its waitlist keeps that offer; every other one changed nothing.
        db.session.commit() if isinstance(error, booking_service.PassedToWaitlist) else db.session.rollback()
        return answer
    answer = schemas.booking(held)  # written before the commit expires the objects, saving their reloads
    db.session.commit()
    return answer, 201


@bp.route("/bookings/<int:booking_id>")
@api_login_required
def show_booking(booking_id: int):
    return schemas.booking(load_booking(booking_id))


@bp.route("/bookings/<int:booking_id>/confirm", methods=["POST"])
@api_login_required
def confirm_booking(booking_id: int):
    """Confirm a hold with a billing contact (JSON: billing_name, billing_email, billing_address)."""
    record = load_booking(booking_id)
    organization = startup_organization()
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return {"error": {"status": 400, "message": _("Send the billing contact as a JSON object.")}}, 400
    try:
        email = accounts.normalize_email(str(data.get("billing_email", "")))
        booking_service.confirm_booking(
            db.session,
            record,
            organization,
            actor=current_user,
            billing_name=str(data.get("billing_name", "")),
            billing_email=email,
            billing_address=str(data.get("billing_address") or ""),
        )
    except DomainError as error:
        db.session.rollback()
        return _refusal(error)
    answer = schemas.booking(record)
    db.session.commit()
    return answer


@bp.route("/bookings/<int:booking_id>/cancel", methods=["POST"])
@api_login_required
def cancel_booking(booking_id: int):
    record = load_booking(booking_id)
    organization = startup_organization()
    try:
        booking_changes.cancel_booking(db.session, record, actor=current_user, organization=organization)
    except DomainError as error:
        db.session.rollback()
        return _refusal(error)
    answer = schemas.booking(record)
    db.session.commit()
    return answer
