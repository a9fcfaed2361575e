"""Routes of the fairs blueprint."""

from __future__ import annotations

import gzip
import json

from flask import Blueprint, Response, current_app, jsonify, render_template, request, session, url_for
from flask_babel import force_locale, get_locale, ngettext
from flask_login import current_user

from eventsys.access import load_fair, load_hall
from eventsys.booths.forms import HoldForm
from eventsys.extensions import db
from eventsys.fairs import hall_shell, plan_layer, plan_markup
from eventsys.fairs.shared_parts import LoadedOnUse, SharedPart, page_answer
from eventsys.models import utcnow
from eventsys.services import page_cache
from eventsys.services.accounts import first_steps
from eventsys.services.booths import desk as booth_desk
from eventsys.services.fairs import catalog as fair_service
from eventsys.services.fairs import states as fair_states
from eventsys.services.fairs.catalog import BoothState
from eventsys.services.notifications import inbox as inbox_service

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
    """A hall's page: the same for every viewer of a kind (fairs/hall_shell.py), built once per change of the fair;
    its script loads the plan (`show_plan_layer`) and the viewer's own part (`show_hall_mine`)."""
    fair = load_fair(slug)
    hall = load_hall(fair, hall_slug)
    language, kind = str(get_locale()), hall_shell.viewer_kind(current_user)

    def render(shared: bool) -> str:
        return render_template(
            "fairs/hall_show.html",
            fair=fair,
            hall=hall,
            viewer_kind=kind,
            plan_url=url_for("fairs.show_plan_layer", slug=fair.slug, hall_slug=hall.slug, lang=language),
            mine_url=url_for("fairs.show_hall_mine", slug=fair.slug, hall_slug=hall.slug),
            **(hall_shell.shell_context(kind) if shared else {}),
        )

    if kind not in hall_shell.SHARED_KINDS or session.get("_flashes") or not fair_states.is_for_everybody(fair):
        return page_answer(None, lambda: render(False))
    name, scopes = hall_shell.entry_name(fair.slug, hall.slug, kind, language), hall_shell.shell_scopes(fair.id)
    entry = page_cache.fetch(name, scopes, lambda: (render(True), None))
    answer = page_answer(entry.etag, lambda: entry.body)
    answer.headers[hall_shell.KEEP_HEADER] = " ".join([name, *scopes])
    answer.vary.add("Cookie")  # the viewer's kind and language, from the cookies (hall_shell.shell_name)
    return answer


@bp.route("/fairs/<slug>/halls/<hall_slug>/mine")
def show_hall_mine(slug: str, hall_slug: str):
    """The viewer's own part of the hall page, as JSON: what the booth panel offers them, their live bookings at the
    fair, and what the shared page leaves out of its menu and forms (CSRF token, initial, unread notices)."""
    from flask_wtf.csrf import generate_csrf

    fair = load_fair(slug)
    load_hall(fair, hall_slug)
    organization = current_user.organization if current_user.is_authenticated else None
    standing = booth_desk.get_own_standing(db.session, fair, organization)
    unread = inbox_service.count_unread(db.session, current_user) if current_user.is_authenticated else 0
    answer = jsonify(
        kind=hall_shell.viewer_kind(current_user),
        viewer=hall_shell.panel_viewer(fair, current_user, standing),
        may_apply=standing.is_approved,
        reason=standing.exhibitor.reason if standing.exhibitor and standing.exhibitor.reason else None,
        own_bookings=[
            {"booth_id": b.booth_id, "id": b.id, "status": b.status.value, "held_until": _iso(b.held_until)}
            for b in standing.bookings
        ],
        csrf_token=generate_csrf(),
        initial=current_user.name[:1].upper() if current_user.is_authenticated else "",
        unread=unread,
        unread_label=ngettext("%(num)d unread notice", "%(num)d unread notices", unread) if unread else "",
    )
    answer.headers["Cache-Control"] = "private, no-store"
    return answer


@bp.after_app_request
def _note_viewer(response):
    return hall_shell.note_viewer(response)


@bp.route("/fairs/<slug>/halls/<hall_slug>/plan")
def show_plan_layer(slug: str, hall_slug: str):
    """The hall's plan layer (legend, booths coloured by state, list of booths), the same for everyone: built once
    per change, and then answered from the cache by eventsys/fast_path.py before the app sees the request."""
    fair = load_fair(slug)
    hall = load_hall(fair, hall_slug)
    languages = current_app.config["LANGUAGES"]
    language = request.args.get("lang") if request.args.get("lang") in languages else str(get_locale())
    plan = LoadedOnUse(lambda: fair_service.get_floor_plan(db.session, hall))

    def build() -> str:
        with force_locale(language):
            booths = plan_markup.booth_markup(plan, url_for("booths.show_booth", slug=fair.slug, code="BOOTHCODE"))
            # Without the app's context processors: Flask-Login's loads the session's user, whom the layer never shows.
            return current_app.jinja_env.get_template("fairs/_plan_layer.html").render(
                fair=fair, hall=hall, plan=plan, booths=booths, states=list(BoothState)
            )

    if fair_states.is_for_everybody(fair):
        name = plan_layer.entry_name(fair.slug, hall.slug, language)
        scopes = page_cache.hall_scopes(fair.id, hall.id)
        entry = page_cache.fetch(name, scopes, lambda: (build(), plan.next_hold_end))
        etag, (plain, zipped) = entry.etag, plan_layer.remember(name, scopes, entry.etag, entry.body)
    else:  # a draft, for the people with a role at it only: never stored, never shared
        etag, plain = None, build().encode()
        zipped = gzip.compress(plain, compresslevel=1)
    if etag is not None and plan_layer.etag_matches(request.headers.get("If-None-Match", ""), etag):
        answer = Response(status=304)
        answer.headers.extend(h for h in plan_layer.answer_headers(etag, 0, False) if h[0] != "Content-Length")
        return answer
    use_gzip = plan_layer.accepts_gzip(request.headers.get("Accept-Encoding", ""))
    body = zipped if use_gzip else plain
    answer = Response(body, headers=plan_layer.answer_headers(etag or "", len(body), use_gzip))
    if etag is None:
        del answer.headers["ETag"]
        answer.headers["Cache-Control"] = "private, no-store"
    return answer


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _desk(fair):
    """The current startup's standing at the fair (approval, bookings, waitlists), empty for anyone else."""
    organization = current_user.organization if current_user.is_authenticated else None
    return booth_desk.get_startup_desk(db.session, fair, organization)
