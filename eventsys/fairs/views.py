"""Routes of the fairs blueprint."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import current_user

from eventsys.access import load_fair, load_hall
from eventsys.booths.forms import HoldForm
from eventsys.extensions import db
from eventsys.models import utcnow
from eventsys.services.accounts import first_steps
from eventsys.services.booths import desk as booth_desk
from eventsys.services.fairs import catalog as fair_service
from eventsys.services.fairs.catalog import BoothState

bp = Blueprint("fairs", __name__)


@bp.route("/")
def index():
    """Home: upcoming and past fairs."""
    today = fair_service.today_in(current_app.config["DEFAULT_TIMEZONE"])
    upcoming, past = fair_service.get_fairs(db.session, today)
    steps, waiting = [], []
    if current_user.is_authenticated:
        steps = first_steps.steps_for(db.session, current_user, today)
        waiting = first_steps.organizer_waiting(db.session, current_user) if current_user.is_organizer else []
    return render_template("fairs/fair_list.html", upcoming=upcoming, past=past, steps=steps, waiting=waiting)


@bp.route("/fairs/<slug>")
def show_fair(slug: str):
    """A fair: dates, venue, halls, booth types with prices and how many are free."""
    fair = load_fair(slug)
    availability = fair_service.get_booth_type_availability(db.session, fair)
    return render_template(
        "fairs/fair_show.html", fair=fair, availability=availability, now=utcnow(), desk=_desk(fair), form=HoldForm()
    )


@bp.route("/fairs/<slug>/halls/<hall_slug>")
def show_hall(slug: str, hall_slug: str):
    """A hall's floor plan drawn from the booth coordinates, booths coloured by state."""
    fair = load_fair(slug)
    hall = load_hall(fair, hall_slug)
    plan = fair_service.get_floor_plan(db.session, hall)
    return render_template(
        "fairs/hall_show.html", fair=fair, hall=hall, plan=plan, states=list(BoothState), desk=_desk(fair)
    )


def _desk(fair):
    """The current startup's standing at the fair (approval, bookings, waitlists), empty for anyone else."""
    organization = current_user.organization if current_user.is_authenticated else None
    return booth_desk.get_startup_desk(db.session, fair, organization)
