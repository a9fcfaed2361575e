"""Routes of the fairs blueprint."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, render_template
from flask_babel import get_locale
from flask_login import current_user

from eventsys.access import load_fair, load_hall
from eventsys.booths.forms import HoldForm
from eventsys.extensions import db
from eventsys.fairs.shared_parts import LoadedOnUse, SharedPart, page_answer
from eventsys.models import utcnow
from eventsys.services import page_cache
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
    aside = SharedPart(f"fair-aside:{fair.id}:{get_locale()}", ["all", f"fair:{fair.id}"])
    return render_template(
        "fairs/fair_show.html",
        fair=fair,
        availability=_availability(fair),
        now=utcnow(),
        desk=_desk(fair),
        form=HoldForm(),
        fair_aside=aside,
    )


def _availability(fair) -> list[fair_service.BoothTypeAvailability]:
    """How many booths of each type are free, counted once per change of the fair's booths (or a hold's end)."""

    def count() -> str:
        rows = fair_service.get_booth_type_availability(db.session, fair)
        return json.dumps([[row.booth_type.id, row.total, row.free] for row in rows])

    entry = page_cache.fetch(
        f"availability:{fair.id}",
        page_cache.booth_scopes(fair.id),
        lambda: (count(), fair_service.next_hold_end(db.session, fair_id=fair.id)),
    )
    types = {booth_type.id: booth_type for booth_type in fair.booth_types}
    return [
        fair_service.BoothTypeAvailability(types[type_id], total, free)
        for type_id, total, free in json.loads(entry.body)
        if type_id in types
    ]


@bp.route("/fairs/<slug>/halls/<hall_slug>")
def show_hall(slug: str, hall_slug: str):
    """A hall's floor plan drawn from the booth coordinates, booths coloured by state.

    The plan is the same for everyone and built once per change (shared_parts); the viewer's own booths and the
    booth panel (what they may do) are added for each request.
    """
    fair = load_fair(slug)
    hall = load_hall(fair, hall_slug)
    desk = _desk(fair)
    plan = LoadedOnUse(lambda: fair_service.get_floor_plan(db.session, hall))
    shared = SharedPart(
        f"hall:{hall.id}:{get_locale()}",
        page_cache.hall_scopes(fair.id, hall.id),
        stale_at=lambda: fair_service.next_hold_end(db.session, hall_id=hall.id),
    )
    shared.own_bookings = desk.bookings if desk else []

    def render() -> str:
        shared.slots["booth-panel"] = render_template("fairs/_booth_panel.html", fair=fair, hall=hall, desk=desk)
        return render_template(
            "fairs/hall_show.html",
            fair=fair,
            hall=hall,
            plan=plan,
            states=list(BoothState),
            desk=desk,
            shared_plan=shared,
        )

    return page_answer(shared.viewer_etag(*_viewer(desk)), render)


def _viewer(desk) -> tuple:
    """What the viewer sees of their own on a page: who they are, their standing and bookings, their inbox."""
    if not current_user.is_authenticated:
        return ("anonymous", str(get_locale()))
    from eventsys.notifications.views import unread_notices

    exhibitor = desk.exhibitor.status.value if desk and desk.exhibitor else None
    bookings = [(b.id, b.status.value, b.held_until) for b in desk.bookings] if desk else []
    waiting = [entry.id for entry in desk.waiting] if desk else []
    return (current_user.session_key, str(get_locale()), exhibitor, bookings, waiting, unread_notices())


def _desk(fair):
    """The current startup's standing at the fair (approval, bookings, waitlists), empty for anyone else."""
    organization = current_user.organization if current_user.is_authenticated else None
    return booth_desk.get_startup_desk(db.session, fair, organization)
