"""Routes of the meetings blueprint for availability: my time ranges at the centers during a fair."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventsys.access import load_fair
from eventsys.extensions import db
from eventsys.forms import show_refusal
from eventsys.meetings.blueprint import bp
from eventsys.meetings.forms import AvailabilityAddForm, AvailabilityQuickForm
from eventsys.services.errors import DomainError, NotFound
from eventsys.services.meetings import availability as availability_service
from eventsys.services.meetings import centers as center_service


@bp.route("/fairs/<slug>/availability", methods=["GET", "POST"])
@login_required
def edit_availability(slug: str):
    """My availability at the centers during the fair, entered in each center's zone."""
    fair = load_fair(slug)
    centers = center_service.get_centers(db.session)
    form, quick = AvailabilityAddForm(prefix="add"), AvailabilityQuickForm(prefix="quick")
    form.center.choices = quick.centers.choices = _center_choices(centers)
    status = 200
    if request.method == "POST":
        if form.validate():
            center = next(c for c in centers if c.id == form.center.data)
            try:
                availability_service.add_availability(
                    db.session,
                    fair,
                    current_user,
                    center=center,
                    day=form.day.data,
                    starts=form.starts.data,
                    ends=form.ends.data,
                )
            except DomainError as error:
                db.session.rollback()
                show_refusal(form, error)
                status = error.status
            else:
                db.session.commit()
                flash(_("Availability added."), "success")
                return redirect(url_for("meetings.edit_availability", slug=slug))
        else:
            status = 422
    return _availability_page(fair, centers, form, quick), status


def _center_choices(centers) -> list[tuple[int, str]]:
    """Only open centers take new availability; closed ones stay in `centers` for the ranges already entered."""
    return [(c.id, c.city) for c in centers if not c.is_closed]


def _availability_page(fair, centers, form, quick):
    return render_template(
        "meetings/availability_edit.html",
        fair=fair,
        ranges=availability_service.get_availability(db.session, fair, current_user),
        centers={c.id: c for c in centers},
        form=form,
        quick=quick,
    )


@bp.route("/fairs/<slug>/availability/quick", methods=["POST"])
@login_required
def quick_availability(slug: str):
    """All opening hours of the chosen centers during the fair week."""
    fair = load_fair(slug)
    centers = center_service.get_centers(db.session)
    form, quick = AvailabilityAddForm(prefix="add", formdata=None), AvailabilityQuickForm(prefix="quick")
    form.center.choices = quick.centers.choices = _center_choices(centers)
    if not quick.validate():
        return _availability_page(fair, centers, form, quick), 422
    chosen = [c for c in centers if c.id in quick.centers.data]
    try:
        added = availability_service.add_opening_hours(db.session, fair, current_user, centers=chosen)
    except DomainError as error:
        db.session.rollback()
        show_refusal(quick, error)
        return _availability_page(fair, center_service.get_centers(db.session), form, quick), error.status
    db.session.commit()
    flash(_("%(n)d time ranges added.", n=added), "success")
    return redirect(url_for("meetings.edit_availability", slug=slug))


@bp.route("/availability/<int:availability_id>/delete", methods=["POST"])
@login_required
def delete_availability(availability_id: int):
    fair_slug = request.form.get("fair", "")
    try:
        availability_service.remove_availability(db.session, current_user, availability_id)
    except NotFound:
        abort(404)
    db.session.commit()
    flash(_("Availability removed."), "success")
    return redirect(url_for("meetings.edit_availability", slug=fair_slug) if fair_slug else url_for("meetings.agenda"))
