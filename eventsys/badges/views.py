"""Routes of the badges blueprint: a person's own badge, bulk printing for organizers, and the check-in desk."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventsys.access import load_active_badge, load_badge, load_fair, load_managed_fair
from eventsys.badges.forms import (
    ROLE_NAMES,
    BadgePrintForm,
    CheckInForm,
    GuestBadgeAddForm,
    OwnBadgeDownloadForm,
)
from eventsys.downloads import pdf_download
from eventsys.errors import error_body
from eventsys.extensions import db
from eventsys.forms import show_refusal
from eventsys.models import BadgeRole, Fair
from eventsys.services import jobs
from eventsys.services.badges import checkin, issuing
from eventsys.services.badges import jobs as badge_jobs
from eventsys.services.badges.printing import fair_heading, render_fair_badges, role_label
from eventsys.services.directory import search_text
from eventsys.services.errors import DomainError

bp = Blueprint("badges", __name__)


def load_staff_fair(slug: str) -> Fair:
    """The fair, if the current user may work its check-in desk (owners, staff, check-in staff); else 404 or 403.
    Printing, guests and reprints are for the fair's managers only (load_managed_fair)."""
    fair = load_fair(slug)
    if not checkin.is_check_in_staff(current_user, fair):
        abort(403)
    return fair


@bp.route("/fairs/<slug>/badge")
@login_required
def show_own_badge(slug: str):
    """A preview of the person's own badge, with the button to download it."""
    fair = load_fair(slug)
    entitlement = issuing.get_entitlement(db.session, fair, current_user)
    return render_template(
        "badges/badge_show.html",
        fair=fair,
        entitlement=entitlement,
        refusal=None if entitlement else issuing.refusal(db.session, fair, current_user),
        heading=fair_heading(fair),
        form=OwnBadgeDownloadForm(),
        # the band as the PDF prints it: in the holder's language too, when that is neither English nor Japanese
        band=role_label(entitlement.role.value, current_user.locale) if entitlement else "",
    )


@bp.route("/fairs/<slug>/badge", methods=["POST"])
@login_required
def download_own_badge(slug: str):
    """The person's own badge as a PDF, issued on the first download."""
    fair = load_fair(slug)
    form = OwnBadgeDownloadForm()
    if not form.validate_on_submit():
        abort(422)
    try:
        badge = issuing.ensure_own_badge(db.session, fair, current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("badges.show_own_badge", slug=fair.slug))
    db.session.commit()
    pdf = render_fair_badges([badge], fair, form.layout.data, current_app.config["SECRET_KEY"])
    return pdf_download(pdf, f"badge-{fair.slug}.pdf")


@bp.route("/fairs/<slug>/badges")
@login_required
def manage_badges(slug: str):
    """The organizer's badge desk: print by role and stock, press and visitors, reprints, check-in counts."""
    fair = load_managed_fair(slug)
    return _manage_page(fair, BadgePrintForm(), GuestBadgeAddForm())


def _manage_page(fair: Fair, print_form: BadgePrintForm, guest_form: GuestBadgeAddForm, status: int = 200):
    query = (request.args.get("q") or "").strip()
    badges = issuing.get_active_badges(db.session, fair)
    shown = [b for b in badges if search_text.matches(query, b.name, b.name_local)] if query else []
    guests = [b for b in badges if b.user_id is None]
    page = render_template(
        "badges/badge_manage.html",
        fair=fair,
        print_form=print_form,
        guest_form=guest_form,
        entitled=len(issuing.get_entitlements(db.session, fair)),
        issued=len(badges),
        unprintable=issuing.unprintable(badges),
        found=shown[:100],
        query=query,
        guests=guests,
        counts=checkin.get_check_in_counts(db.session, fair),
        role_names=ROLE_NAMES,
    )
    return page, status


@bp.route("/fairs/<slug>/badges/print", methods=["POST"])
@login_required
def print_badges(slug: str):
    """Issue what is missing, then stream the PDF, or hand a large run to a background job when Redis is set."""
    fair = load_managed_fair(slug)
    form = BadgePrintForm()
    if not form.validate_on_submit():
        db.session.rollback()
        return _manage_page(fair, form, GuestBadgeAddForm(formdata=None), 422)
    role = BadgeRole(form.role.data) if form.role.data else None
    badges = issuing.issue_badges(db.session, fair, actor=current_user, role=role)
    db.session.commit()
    skipped = {badge.id for badge, _chars in issuing.unprintable(badges)}
    badges = [badge for badge in badges if badge.id not in skipped]
    if jobs.is_enabled(current_app.config) and len(badges) >= badge_jobs.threshold(current_app.config):
        job_id = badge_jobs.enqueue_print(current_app.config, fair.id, role, form.layout.data)
        return redirect(url_for("badges.show_print_job", slug=fair.slug, job_id=job_id))
    pdf = render_fair_badges(badges, fair, form.layout.data, current_app.config["SECRET_KEY"])
    return pdf_download(pdf, f"badges-{fair.slug}-{role or 'all'}-{form.layout.data}.pdf")


@bp.route("/fairs/<slug>/badges/jobs/<job_id>")
@login_required
def show_print_job(slug: str, job_id: str):
    """A background print run: its progress (as JSON for the page's script), then its PDF."""
    fair = load_managed_fair(slug)
    state = badge_jobs.get_state(current_app.config, job_id, fair.id)
    if state is None:
        abort(404)
    if request.args.get("format") == "json":
        return state.as_dict()
    return render_template("badges/print_job.html", fair=fair, job=state)


@bp.route("/fairs/<slug>/badges/jobs/<job_id>.pdf")
@login_required
def download_print_job(slug: str, job_id: str):
    """The PDF a finished background run produced."""
    fair = load_managed_fair(slug)
    pdf = badge_jobs.get_result(current_app.config, job_id, fair.id)
    if pdf is None:
        abort(404)
    return pdf_download(pdf, f"badges-{fair.slug}.pdf")


@bp.route("/fairs/<slug>/badges/guests", methods=["POST"])
@login_required
def add_guest_badge(slug: str):
    """An organizer enters a press or visitor badge for someone without an account."""
    fair = load_managed_fair(slug)
    form = GuestBadgeAddForm()
    if form.validate_on_submit():
        try:
            badge = issuing.add_guest_badge(
                db.session,
                fair,
                role=BadgeRole(form.role.data),
                name=form.name.data,
                name_local=form.name_local.data,
                organization=form.organization.data,
                country=form.country.data,
                actor=current_user,
            )
        except DomainError as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("Badge added for %(name)s.", name=badge.name), "success")
            return redirect(url_for("badges.manage_badges", slug=fair.slug))
    db.session.rollback()
    return _manage_page(fair, BadgePrintForm(formdata=None), form, 422)


@bp.route("/fairs/<slug>/badges/<int:badge_id>.pdf")
@login_required
def download_badge(slug: str, badge_id: int):
    """One badge, as a single A6 page, for a reprint at the desk."""
    fair = load_managed_fair(slug)
    badge = load_active_badge(fair, badge_id)
    pdf = render_fair_badges([badge], fair, "single", current_app.config["SECRET_KEY"])
    return pdf_download(pdf, f"badge-{badge.serial}.pdf")


@bp.route("/fairs/<slug>/badges/<int:badge_id>/reprint", methods=["POST"])
@login_required
def reprint_badge(slug: str, badge_id: int):
    """Replace a lost or wrong badge: the old code stops working, the new one is ready to print."""
    fair = load_managed_fair(slug)
    try:
        badge = issuing.reprint_badge(db.session, load_badge(fair, badge_id), actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("badges.manage_badges", slug=fair.slug))
    db.session.commit()
    flash(_("The old badge of %(name)s no longer works. Print the new one below.", name=badge.name), "success")
    return redirect(url_for("badges.manage_badges", slug=fair.slug, q=badge.name))


@bp.route("/checkin")
@login_required
def show_checkin():
    """The check-in desk: scan badges with the camera or type their code."""
    fair = _checkin_fair(request.args.get("fair"))
    form = CheckInForm(fair=fair.slug, gate=request.args.get("gate", ""))
    return render_template("badges/checkin.html", fair=fair, fairs=_staff_fairs(), form=form, result=None)


@bp.route("/checkin", methods=["POST"])
@login_required
def check_in():
    """A typed code, for browsers without script: the same verdict as the scanner, as a page."""
    form = CheckInForm()
    fair = _checkin_fair(form.fair.data)
    result, status = None, 200
    if form.validate_on_submit():
        result = _scan(fair, form)
        db.session.commit()
        form = CheckInForm(formdata=None, fair=fair.slug, gate=form.gate.data)
    else:
        db.session.rollback()
        status = 422
    return render_template("badges/checkin.html", fair=fair, fairs=_staff_fairs(), form=form, result=result), status


@bp.route("/checkin/scan", methods=["POST"])
@login_required
def scan_badge():
    """JSON for the scanner page: {"fair", "gate", "code"} in, a verdict with a colour out."""
    form = CheckInForm()
    fair = _checkin_fair(form.fair.data)
    if not form.validate_on_submit():
        message = "; ".join(f"{name}: {', '.join(errors)}" for name, errors in form.errors.items())
        return error_body("invalid_input", message, next(iter(form.errors), None)), 422
    result = _scan(fair, form)
    db.session.commit()
    badge = result.badge
    return {
        "verdict": result.verdict.value,
        "message": result.message,
        "name": badge.name if badge and result.verdict != checkin.Verdict.REFUSED else None,
        "name_local": badge.name_local if badge and result.verdict != checkin.Verdict.REFUSED else None,
        "role": badge.role.value if badge else None,
        "first_at": result.first.checked_in_at.isoformat() if result.first else None,
    }


def _scan(fair: Fair, form: CheckInForm) -> checkin.ScanResult:
    try:
        return checkin.check_in(
            db.session,
            fair,
            form.code.data,
            gate=form.gate.data,
            actor=current_user,
            secret_key=current_app.config["SECRET_KEY"],
        )
    except DomainError as error:
        return checkin.ScanResult(checkin.Verdict.REFUSED, str(error))


def _staff_fairs() -> list[Fair]:
    return checkin.get_staff_fairs(db.session, current_user)


def _checkin_fair(slug: str | None) -> Fair:
    """The fair asked for, or the user's latest; 403 for a user who is staff of none or not of this one."""
    if slug:
        return load_staff_fair(slug)
    fairs = _staff_fairs()
    if not fairs:
        abort(403)
    return fairs[0]
