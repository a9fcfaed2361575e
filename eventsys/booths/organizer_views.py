"""Routes of the booth_admin blueprint for organizers: booth list, CSV, exhibitors, allocation, manual changes."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from eventsys.access import load_booth, load_managed_booking, load_managed_fair, organizer_required
from eventsys.booths.forms import (
    AllocationForm,
    AssignForm,
    BoothImportForm,
    DecisionForm,
    MoveForm,
    ReasonForm,
)
from eventsys.extensions import db
from eventsys.forms import show_refusal
from eventsys.models import Exhibitor, ExhibitorStatus, Organization, OrganizationKind
from eventsys.request_checks import parse_id
from eventsys.services import spreadsheets
from eventsys.services.booths import allocation, changes, exhibitors
from eventsys.services.booths import floor_plan_csv as booth_import
from eventsys.services.booths import listing as booth_list
from eventsys.services.booths.floor_plan_csv import ImportRejected
from eventsys.services.errors import DomainError
from eventsys.services.extras import orders as extra_orders
from eventsys.services.fairs import catalog as fair_service
from eventsys.services.fairs.catalog import BoothState

bp = Blueprint("booth_admin", __name__, url_prefix="/organizer")

#: How an exhibitor's status reads in messages.
EXHIBITOR_STATUS_LABELS = {
    ExhibitorStatus.APPLIED: _l("applied"),
    ExhibitorStatus.APPROVED: _l("approved"),
    ExhibitorStatus.REJECTED: _l("rejected"),
}


@bp.route("/fairs/<slug>/booths")
@organizer_required
def list_booths(slug: str):
    """Every booth with state and exhibitor, filtered by hall, type, zone, state or country; also as CSV."""
    fair = load_managed_fair(slug)
    filters = _filters()
    rows = booth_list.get_booth_list(db.session, fair, filters)
    if request.args.get("format") == "csv":
        return _csv(booth_list.booth_list_csv(rows), f"{fair.slug}-booths.csv")
    return render_template(
        "booths/booth_list.html",
        fair=fair,
        rows=rows,
        filters=filters,
        states=list(BoothState),
        import_form=BoothImportForm(),
        zones=fair_service.get_zones(db.session, fair),
    )


def _filters() -> booth_list.BoothFilters:
    args = request.args
    state = args.get("state") or None
    return booth_list.BoothFilters(
        hall=args.get("hall") or None,
        booth_type_id=parse_id(args.get("type")),
        zone=args.get("zone") or None,
        state=BoothState(state) if state in {s.value for s in BoothState} else None,
        country=(args.get("country") or "")[:2] or None,
    )


def _csv(text: str, filename: str) -> Response:
    """CSV with the BOM that Excel in Japan needs to read UTF-8; the import accepts it with or without."""
    return Response(
        spreadsheets.with_bom(text),
        mimetype=spreadsheets.CSV_MIMETYPE,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/fairs/<slug>/booths.csv")
@organizer_required
def export_booths(slug: str):
    """The booths in the import format."""
    fair = load_managed_fair(slug)
    return _csv(booth_import.export_booths(db.session, fair), f"{fair.slug}-floor-plan.csv")


@bp.route("/fairs/<slug>/booths/import", methods=["POST"])
@organizer_required
def import_booths(slug: str):
    """Add and update booths from a CSV: all or nothing, problems listed by row."""
    fair = load_managed_fair(slug)
    form = BoothImportForm()
    problems: list[tuple[int, str]] = []
    if form.validate_on_submit():
        try:
            added, updated = booth_import.import_booths(db.session, fair, form.file.data.read(), actor=current_user)
        except ImportRejected as error:
            db.session.rollback()
            problems = error.problems
            form.file.errors = [str(error)]
        else:
            db.session.commit()
            flash(_("%(added)d booths added, %(updated)d updated.", added=added, updated=updated), "success")
            return redirect(url_for("booth_admin.list_booths", slug=slug)), 303
    rows = booth_list.get_booth_list(db.session, fair, booth_list.BoothFilters())
    return render_template(
        "booths/booth_list.html",
        fair=fair,
        rows=rows,
        filters=booth_list.BoothFilters(),
        states=list(BoothState),
        import_form=form,
        problems=problems,
        zones=fair_service.get_zones(db.session, fair),
    ), 422


@bp.route("/fairs/<slug>/exhibitors")
@organizer_required
def list_exhibitors(slug: str):
    """Applications to exhibit, to approve or reject."""
    fair = load_managed_fair(slug)
    return render_template(
        "booths/exhibitor_list.html",
        fair=fair,
        exhibitors=exhibitors.get_exhibitors(db.session, fair),
        form=DecisionForm(),
    )


@bp.route("/exhibitors/<int:exhibitor_id>/decide", methods=["POST"])
@organizer_required
def decide_exhibitor(exhibitor_id: int):
    """Approve, or reject with a reason."""
    exhibitor = db.session.get(Exhibitor, exhibitor_id)
    if exhibitor is None:
        abort(404)
    fair = load_managed_fair(exhibitor.fair.slug)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            exhibitors.decide(
                db.session,
                exhibitor,
                approve=form.decision.data == "approve",
                actor=current_user,
                reason=form.reason.data,
            )
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for("booth_admin.list_exhibitors", slug=fair.slug)), 303
        db.session.commit()
        flash(
            _(
                "%(company)s: %(status)s.",
                company=exhibitor.organization.name,
                status=EXHIBITOR_STATUS_LABELS[exhibitor.status],
            ),
            "success",
        )
        return redirect(url_for("booth_admin.list_exhibitors", slug=fair.slug)), 303
    flash(_("Choose approve or reject."), "error")
    return redirect(url_for("booth_admin.list_exhibitors", slug=fair.slug)), 303


@bp.route("/fairs/<slug>/allocation", methods=["GET", "POST"])
@organizer_required
def allocate_booths(slug: str):
    """Preview the seeded lottery's allocation; publishing writes it as bookings and mails every applicant."""
    fair = load_managed_fair(slug)
    if request.method == "GET":  # a preview changes nothing, so it is a plain link without a CSRF token
        form = AllocationForm(request.args, meta={"csrf": False}, seed=2027)
    else:
        form = AllocationForm()
    preview = None
    if request.method == "POST" and form.validate_on_submit():
        try:
            result = allocation.publish_allocation(db.session, fair, form.seed.data, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            counts = result.count_by_rank()
            flash(
                _(
                    "Allocation published: %(first)d first, %(second)d second, %(third)d third choices, %(none)d none.",
                    first=counts[1],
                    second=counts[2],
                    third=counts[3],
                    none=counts[None],
                ),
                "success",
            )
            return redirect(url_for("booth_admin.list_booths", slug=slug)), 303
    elif request.method == "GET" and "seed" in request.args and form.validate():
        preview = allocation.compute_allocation(db.session, fair, form.seed.data)
    return render_template(
        "booths/allocation_preview.html",
        fair=fair,
        form=form,
        preview=preview,
        details=allocation.describe(db.session, preview) if preview else None,
    )


@bp.route("/bookings/<int:booking_id>", methods=["GET"])
@organizer_required
def manage_booking(booking_id: int):
    """Move or cancel a booking by hand, with a reason."""
    record = load_managed_booking(booking_id)
    return _manage_page(record)


def _manage_page(record, *, move_form: MoveForm | None = None, cancel_form: ReasonForm | None = None) -> str:
    """The booking's page; a package's booth offers no cancel of its own (it goes with the package's order)."""
    return render_template(
        "booths/booking_manage.html",
        booking=record,
        move_form=move_form or MoveForm(),
        cancel_form=cancel_form or ReasonForm(prefix="cancel"),
        package_order=extra_orders.package_order_for_booth(db.session, record),
    )


@bp.route("/bookings/<int:booking_id>/move", methods=["POST"])
@organizer_required
def move_booking(booking_id: int):
    record = load_managed_booking(booking_id)
    fair = record.booth.fair
    form = MoveForm()
    if form.validate_on_submit():
        target = load_booth(fair, form.target.data.strip())
        try:
            changes.move_booking(db.session, record, target, actor=current_user, reason=form.reason.data)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
            return _manage_page(record, move_form=form), error.status
        db.session.commit()
        flash(_("Booking moved to booth %(code)s.", code=target.code), "success")
        return redirect(url_for("booth_admin.manage_booking", booking_id=booking_id)), 303
    return _manage_page(record, move_form=form), 422


@bp.route("/bookings/<int:booking_id>/cancel", methods=["POST"])
@organizer_required
def cancel_booking_as_organizer(booking_id: int):
    record = load_managed_booking(booking_id)
    form = ReasonForm(prefix="cancel")
    if form.validate_on_submit():
        try:
            changes.cancel_booking(db.session, record, actor=current_user, organization=None, reason=form.reason.data)
        except DomainError as error:
            db.session.rollback()
            flash(str(error), "error")
            return redirect(url_for("booth_admin.manage_booking", booking_id=booking_id)), 303
        db.session.commit()
        flash(_("Booking of booth %(code)s cancelled.", code=record.booth.code), "success")
        return redirect(url_for("booth_admin.manage_booking", booking_id=booking_id)), 303
    return _manage_page(record, cancel_form=form), 422


@bp.route("/fairs/<slug>/booths/<code>/assign", methods=["GET", "POST"])
@organizer_required
def assign_booth(slug: str, code: str):
    """Give a free booth to an approved startup by hand, with a reason."""
    fair = load_managed_fair(slug)
    booth = load_booth(fair, code)
    form = AssignForm()
    approved = db.session.scalars(
        select(Organization)
        .join(Exhibitor, Exhibitor.organization_id == Organization.id)
        .where(
            Exhibitor.fair_id == fair.id,
            Exhibitor.status == ExhibitorStatus.APPROVED,
            Organization.kind == OrganizationKind.STARTUP,
        )
        .order_by(Organization.name)
    ).all()
    form.organization_id.choices = [SelectChoice(o.id, o.name) for o in approved]
    if form.validate_on_submit():
        organization = db.session.get(Organization, form.organization_id.data)
        try:
            changes.assign_booth(db.session, booth, organization, actor=current_user, reason=form.reason.data)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("Booth %(code)s assigned to %(company)s.", code=code, company=organization.name), "success")
            return redirect(url_for("booth_admin.list_booths", slug=slug)), 303
    status = 422 if form.is_submitted() else 200
    return render_template("booths/booth_assign.html", fair=fair, booth=booth, form=form), status
