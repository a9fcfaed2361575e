"""The offline check-in desk: the installable page, what it caches, the sync of its queued scans, and help at the
desk (finding a person, walk-ins, printing and reprinting one badge). Check-in staff of the fair only."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from pydantic import AwareDatetime, BaseModel, Field, ValidationError

from eventsys.access import load_badge, load_check_in_fair
from eventsys.badges.forms import DeskBadgeForm, WalkInForm
from eventsys.downloads import pdf_download
from eventsys.errors import error_body
from eventsys.extensions import db
from eventsys.models import Badge, BadgeRole, Fair, utcnow
from eventsys.request_checks import MAX_ID
from eventsys.services.badges import desk, issuing, signing
from eventsys.services.badges.printing import render_fair_badges
from eventsys.services.errors import DomainError
from eventsys.services.leads import consent as lead_consent

bp = Blueprint("desk", __name__, url_prefix="/desk")

#: The desk's service worker lives with the other scripts but answers for the desk's pages.
SERVICE_WORKER = "js/desk-sw.js"
#: Stocks a desk prints one badge on.
DESK_STOCKS = ("single", "4x3in", "label-62mm")
_ID = r"^[A-Za-z0-9_-]{1,64}$"


class ScanIn(BaseModel):
    client_scan_id: str = Field(pattern=_ID)
    code: str = Field(min_length=1, max_length=200)
    scanned_at: AwareDatetime
    override: str | None = Field(default=None, max_length=200)


class SyncIn(BaseModel):
    desk_id: str = Field(pattern=_ID)
    gate: str = Field(min_length=1, max_length=40)
    zone: str | None = Field(default=None, max_length=20)
    #: A check-in id: within the ids the database stores (beyond them PostgreSQL fails the query).
    cursor: int = Field(default=0, ge=0, le=MAX_ID)
    scans: list[ScanIn] = Field(default_factory=list, max_length=desk.MAX_BATCH)


@bp.after_app_request
def allow_desk_scope(response):
    """The service worker in static/ may control the desk's pages under /desk/."""
    if request.endpoint == "static" and request.view_args.get("filename") == SERVICE_WORKER:
        response.headers["Service-Worker-Allowed"] = "/desk/"
        response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/<slug>")
@login_required
def show_desk(slug: str):
    """The desk: scans with the camera or a typed code, works offline once opened, syncs when online."""
    fair = load_check_in_fair(slug)
    return render_template(
        "badges/desk.html",
        fair=fair,
        guest_form=WalkInForm(formdata=None),
        lead_consent_wording=lead_consent.wording_in(str(get_locale())),
        stocks=DESK_STOCKS,
        service_worker=url_for("static", filename=SERVICE_WORKER, page=url_for("desk.show_desk", slug=fair.slug)),
    )


@bp.route("/<slug>/manifest.webmanifest")
@login_required
def show_manifest(slug: str):
    """The web app manifest that makes the desk installable."""
    fair = load_check_in_fair(slug)
    manifest = {
        "name": _("Check-in desk · %(fair)s", fair=fair.name),
        "short_name": _("Check-in"),
        "start_url": url_for("desk.show_desk", slug=fair.slug),
        "scope": url_for("desk.show_desk", slug=fair.slug),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f3a5f",
        "icons": [{"src": url_for("static", filename="favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    response = jsonify(manifest)
    response.mimetype = "application/manifest+json"
    return response


@bp.route("/<slug>/state")
@login_required
def show_state(slug: str):
    """What the desk caches to decide offline: public key, rules, active badges, revocations, entries so far."""
    fair = load_check_in_fair(slug)
    state = desk.get_desk_state(db.session, fair, current_app.config["SECRET_KEY"])
    return state


def _bad_body(error: ValidationError):
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return error_body("invalid_input", _("Invalid %(field)s: %(reason)s", field=where, reason=first["msg"]), where), 422


@bp.route("/<slug>/sync", methods=["POST"])
@login_required
def sync_desk(slug: str):
    """A batch of queued scans in, what became of each out, with the entries and revocations since `cursor`."""
    fair = load_check_in_fair(slug)
    try:
        body = SyncIn.model_validate(request.get_json(silent=True) or {})
    except ValidationError as error:
        return _bad_body(error)
    scans = [desk.QueuedScan(s.client_scan_id, s.code, s.scanned_at, s.override) for s in body.scans]
    try:
        synced = desk.sync_scans(
            db.session,
            fair,
            scans,
            desk_id=body.desk_id,
            gate=body.gate,
            zone=body.zone,
            actor=current_user,
            secret_key=current_app.config["SECRET_KEY"],
        )
    except DomainError as error:
        db.session.rollback()
        return error_body("invalid_input", str(error), error.field), error.status
    entries, cursor = desk.get_entries_since(db.session, fair, body.cursor)
    revoked = desk.get_revoked(db.session, fair)
    db.session.commit()
    return {
        "results": [
            {
                "client_scan_id": s.client_scan_id,
                "outcome": s.outcome,
                "message": s.message,
                "serial": s.serial,
                "first_at": s.first_at.isoformat() if s.first_at else None,
            }
            for s in synced
        ],
        "entries": entries,
        "cursor": cursor,
        "revoked": revoked,
        # With every sync, so that a desk verifies codes of a key rotated since its last full state at once.
        "public_keys": signing.public_keys_text(db.session, fair),
        "server_time": utcnow().isoformat(),
    }


@bp.route("/<slug>/people")
@login_required
def find_people(slug: str):
    """A person who forgot their badge, by name in any script or by company."""
    fair = load_check_in_fair(slug)
    try:
        badges = desk.find_people(db.session, fair, request.args.get("q", ""))
    except DomainError as error:
        return error_body("invalid_input", str(error), error.field), error.status
    return {"people": [_person(fair, badge) for badge in badges]}


def _person(fair: Fair, badge: Badge) -> dict:
    return {
        "id": badge.id,
        "serial": badge.serial,
        "name": badge.name,
        "name_local": badge.name_local,
        "organization": badge.organization_name,
        "role": badge.role.value,
        "pdf": url_for("desk.print_badge", slug=fair.slug, badge_id=badge.id),
        "reprint": url_for("desk.reprint_badge", slug=fair.slug, badge_id=badge.id),
    }


@bp.route("/<slug>/walk-ins", methods=["POST"])
@login_required
def add_walk_in(slug: str):
    """Register a walk-in (press or visitor) and answer with the badge to print at once; visitors get one day."""
    fair = load_check_in_fair(slug)
    form = WalkInForm()
    if not form.validate_on_submit():
        db.session.rollback()
        field, errors = next(iter(form.errors.items()))
        return error_body("invalid_input", f"{form[field].label.text}: {', '.join(errors)}", field), 422
    role = BadgeRole(form.role.data)
    today = utcnow().astimezone(fair.zone).date()
    try:
        badge = issuing.add_guest_badge(
            db.session,
            fair,
            role=role,
            name=form.name.data,
            name_local=form.name_local.data,
            organization=form.organization.data,
            country=form.country.data,
            actor=current_user,
            days=[today] if role == BadgeRole.VISITOR else None,
            job_title=form.job_title.data,
        )
    except DomainError as error:
        db.session.rollback()
        return error_body("invalid_input", str(error), error.field), error.status
    lead_consent.record_consent(
        db.session, shares=form.share_with_exhibitors.data, language=str(get_locale()), badge=badge
    )
    db.session.commit()
    return _person(fair, badge), 201


@bp.route("/<slug>/badges/<int:badge_id>.pdf")
@login_required
def print_badge(slug: str, badge_id: int):
    """One badge as a PDF that opens ready to print, on the desk printer's stock."""
    fair = load_check_in_fair(slug)
    badge = load_badge(fair, badge_id)
    form = DeskBadgeForm(request.args, meta={"csrf": False})
    if not badge.is_active or not form.validate():
        abort(404 if not badge.is_active else 422)
    pdf = render_fair_badges([badge], fair, form.stock.data, current_app.config["SECRET_KEY"], print_on_open=True)
    return pdf_download(pdf, f"badge-{badge.serial}-{form.stock.data}.pdf", inline=True)


@bp.route("/<slug>/badges/<int:badge_id>/reprint", methods=["POST"])
@login_required
def reprint_badge(slug: str, badge_id: int):
    """A new badge in place of a lost one; every desk refuses the old code from its next sync."""
    fair = load_check_in_fair(slug)
    try:
        badge = issuing.reprint_badge(db.session, load_badge(fair, badge_id), actor=current_user)
    except DomainError as error:
        db.session.rollback()
        return error_body("invalid_input", str(error), error.field), error.status
    db.session.commit()
    return _person(fair, badge), 201
