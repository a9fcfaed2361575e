"""Routes of the booths blueprint for startups: booth detail, hold, confirm, cancel, waitlist, applications."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from eventsys.access import load_booking, load_booth, load_fair, startup_organization
from eventsys.booths.forms import ApplicationForm, BoothCoverForm, CancelForm, HoldForm
from eventsys.extensions import db
from eventsys.extras.forms import confirm_form_class
from eventsys.formatting import local_datetime
from eventsys.forms import show_refusal
from eventsys.models import Booth, BoothType, Fair, Sector, WaitlistEntry, utcnow
from eventsys.services.booths import allocation, booking, changes, confirmation, exhibitors, waitlist
from eventsys.services.booths import desk as booth_desk
from eventsys.services.errors import DomainError
from eventsys.services.extras import offers as extra_offers
from eventsys.services.extras import orders as extra_orders
from eventsys.services.meetings import booth_duty

bp = Blueprint("booths", __name__)


@bp.route("/fairs/<slug>/booths/<code>")
def show_booth(slug: str, code: str):
    """A booth's code, type, size, price, zone, neighbours and state, with Hold for approved startups."""
    fair = load_fair(slug)
    booth = load_booth(fair, code)
    organization = current_user.organization if current_user.is_authenticated else None
    return render_template(
        "booths/booth_show.html",
        fair=fair,
        booth=booth,
        live=booking.get_live_booking(db.session, booth),
        neighbours=booth_desk.get_neighbours(db.session, booth),
        desk=booth_desk.get_startup_desk(db.session, fair, organization),
        form=HoldForm(),
        now=utcnow(),
    )


@bp.route("/fairs/<slug>/booths/<code>/hold", methods=["POST"])
@login_required
def hold_booth(slug: str, code: str):
    """Hold a free booth for the fair's hold time."""
    fair = load_fair(slug)
    booth = load_booth(fair, code)
    organization = startup_organization()
    if not HoldForm().validate_on_submit():
        abort(400)
    try:
        held = booking.hold_booth(db.session, booth, organization, actor=current_user)
    except DomainError as error:
        # A refusal that passed a lapsed booth to its waitlist keeps that offer; every other one changed nothing.
        db.session.commit() if isinstance(error, booking.PassedToWaitlist) else db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("booths.show_booth", slug=slug, code=code)), 303
    db.session.commit()
    # The hold's own end, not the fair's hold time: a hold offered from the waitlist lasts far longer.
    until = local_datetime(held.held_until, fair.timezone, "short")
    flash(_("Booth %(code)s is yours until %(time)s: confirm it before then.", code=code, time=until), "success")
    return redirect(url_for("booths.show_booking", booking_id=held.id)), 303


@bp.route("/bookings/<int:booking_id>")
@login_required
def show_booking(booking_id: int):
    """A hold with its countdown and the confirm form, or a confirmed booking."""
    record = load_booking(booking_id)
    return render_template(
        "booths/booking_show.html",
        booking=record,
        fair=record.booth.fair,
        form=confirm_form_class(extra_offers.on_sale(db.session, record.booth.fair))(),
        cancel_form=CancelForm(),
        decline_form=HoldForm(),
        now=utcnow(),
        package_order=extra_orders.package_order_for_booth(db.session, record),
        extras_ordered=extra_orders.standing_orders_of(db.session, record),
    )


@bp.route("/bookings/<int:booking_id>/confirm", methods=["POST"])
@login_required
def confirm_booking(booking_id: int):
    """Confirm a hold with a billing contact."""
    record = load_booking(booking_id)
    organization = startup_organization()
    form = confirm_form_class(extra_offers.on_sale(db.session, record.booth.fair))()
    if form.validate_on_submit():
        try:
            # Extras ordered with the booth: lines of the invoice the confirmation issues, or nothing at all.
            extra_orders.order_with_booth(
                db.session, record, form.wanted(), actor=current_user, organization=organization
            )
            confirmation.confirm_booking(
                db.session,
                record,
                organization,
                actor=current_user,
                billing_name=form.billing_name.data,
                billing_email=form.billing_email.data,
                billing_address=form.billing_address.data,
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
            status = error.status
        else:
            db.session.commit()
            flash(_("Booth %(code)s is booked. See you at the fair!", code=record.booth.code), "success")
            return redirect(url_for("booths.show_booking", booking_id=record.id)), 303
    else:
        status = 422
    return render_template(
        "booths/booking_show.html",
        booking=record,
        fair=record.booth.fair,
        form=form,
        cancel_form=CancelForm(),
        decline_form=HoldForm(),
        now=utcnow(),
    ), status


@bp.route("/bookings/<int:booking_id>/cancel", methods=["POST"])
@login_required
def cancel_booking(booking_id: int):
    """The startup cancels its own hold or booking."""
    record = load_booking(booking_id)
    organization = startup_organization()
    if not CancelForm().validate_on_submit():
        abort(400)
    try:
        changes.cancel_booking(db.session, record, actor=current_user, organization=organization)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for("booths.show_booking", booking_id=booking_id)), 303
    db.session.commit()
    flash(_("Your booking of booth %(code)s is cancelled.", code=record.booth.code), "info")
    return redirect(url_for("fairs.show_fair", slug=record.booth.fair.slug)), 303


@bp.route("/bookings/<int:booking_id>/decline", methods=["POST"])
@login_required
def decline_offer(booking_id: int):
    """The startup declines a booth offered from the waitlist; the next in line gets it."""
    record = load_booking(booking_id)
    organization = startup_organization()
    if not HoldForm().validate_on_submit():
        abort(400)
    return _decline(record, organization, on_refusal=url_for("booths.show_booking", booking_id=booking_id))


@bp.route("/offers/<token>/decline", methods=["GET", "POST"])
@login_required
def decline_offer_link(token: str):
    """From the offer mail: a page that asks before it declines (GET shows it, POST with CSRF declines)."""
    try:
        offer = waitlist.get_offer_for_token(db.session, token, current_app.config["SECRET_KEY"])
    except DomainError as error:
        return render_template("booths/offer_decline.html", message=str(error), offer=None), error.status
    record = load_booking(offer.id)
    organization = startup_organization()
    form = HoldForm()
    if form.validate_on_submit():
        return _decline(record, organization, on_refusal=url_for("booths.decline_offer_link", token=token))
    open_offer = waitlist.is_open_offer(record)
    status = 400 if form.is_submitted() else 200 if open_offer else 409
    return render_template("booths/offer_decline.html", offer=record, open_offer=open_offer, form=form), status


def _decline(record, organization, *, on_refusal: str):
    try:
        waitlist.decline_offer(db.session, record, organization, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(on_refusal), 303
    db.session.commit()
    flash(_("You declined booth %(code)s; it goes to the next startup in line.", code=record.booth.code), "info")
    return redirect(url_for("fairs.show_fair", slug=record.booth.fair.slug)), 303


@bp.route("/fairs/<slug>/exhibit", methods=["POST"])
@login_required
def apply_to_exhibit(slug: str):
    """A startup asks the organizers to approve it as an exhibitor."""
    fair = load_fair(slug)
    organization = startup_organization()
    if not HoldForm().validate_on_submit():
        abort(400)
    try:
        exhibitors.apply_to_exhibit(db.session, fair, organization, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Your application to exhibit is with the organizers."), "success")
    return redirect(url_for("fairs.show_fair", slug=slug)), 303


@bp.route("/fairs/<slug>/booth-duty", methods=["POST"])
@login_required
def set_booth_cover(slug: str):
    """A startup says whether its team covers the booth, which frees its members for meetings during the fair."""
    fair = load_fair(slug)
    organization = startup_organization()
    form = BoothCoverForm()
    if not form.validate_on_submit():
        abort(400)
    covers = form.covers.data == "yes"
    try:
        booth_duty.set_team_covers_booth(db.session, fair, organization, covers=covers, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        if covers:
            flash(_("Your team covers the booth: you may meet investors during the fair."), "success")
        else:
            flash(_("You are on booth duty during the fair: no meetings are booked for you then."), "success")
    return redirect(url_for("fairs.show_fair", slug=slug)), 303


@bp.route("/fairs/<slug>/waitlist/<int:booth_type_id>", methods=["POST"])
@login_required
def join_waitlist(slug: str, booth_type_id: int):
    """Queue for a sold-out booth type."""
    fair = load_fair(slug)
    booth_type = db.session.get(BoothType, booth_type_id)
    if booth_type is None or booth_type.fair_id != fair.id:
        abort(404)
    organization = startup_organization()
    if not HoldForm().validate_on_submit():
        abort(400)
    try:
        waitlist.join_waitlist(db.session, booth_type, organization, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(
            _("You are on the waitlist for %(type)s; we mail you when a booth is held for you.", type=booth_type.name),
            "success",
        )
    return redirect(url_for("fairs.show_fair", slug=slug)), 303


@bp.route("/waitlist/<int:entry_id>/leave", methods=["POST"])
@login_required
def leave_waitlist(entry_id: int):
    entry = db.session.get(WaitlistEntry, entry_id)
    if entry is None:
        abort(404)
    organization = startup_organization()
    if not HoldForm().validate_on_submit():
        abort(400)
    try:
        waitlist.leave_waitlist(db.session, entry, organization, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        abort(error.status)
    db.session.commit()
    flash(_("You have left the waitlist."), "info")
    return redirect(url_for("fairs.show_fair", slug=entry.booth_type.fair.slug)), 303


@bp.route("/fairs/<slug>/application", methods=["GET", "POST"])
@login_required
def edit_application(slug: str):
    """In application mode: choose a booth type and rank up to three booths or zones."""
    fair = load_fair(slug)
    organization = startup_organization()
    form = ApplicationForm()
    _fill_application_choices(form, fair)
    if form.validate_on_submit():
        try:
            allocation.submit_application(
                db.session,
                fair,
                organization,
                db.session.get(BoothType, form.booth_type.data),
                _wishes(form),
                actor=current_user,
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("Your booth application is saved. You can change it until the allocation."), "success")
            return redirect(url_for("fairs.show_fair", slug=slug)), 303
    desk = booth_desk.get_startup_desk(db.session, fair, organization)
    if not form.is_submitted() and desk.application is not None:
        _prefill(form, desk.application)
    status = 422 if form.is_submitted() else 200
    return render_template("booths/application_edit.html", fair=fair, form=form, desk=desk), status


def _fill_application_choices(form: ApplicationForm, fair: Fair) -> None:
    from wtforms import SelectChoice

    form.booth_type.choices = [SelectChoice(t.id, f"{t.name} — ¥{t.price_jpy:,}") for t in fair.booth_types]
    zones = db.session.scalars(
        select(Sector)
        .where(Sector.id.in_(select(Booth.sector_id).where(Booth.fair_id == fair.id)))
        .order_by(Sector.name)
    ).all()
    booths = db.session.scalars(
        select(Booth).where(Booth.fair_id == fair.id, Booth.is_blocked.is_(False)).order_by(Booth.code)
    ).all()
    options = [SelectChoice("", _("—"))]
    options += [SelectChoice(f"zone:{z.id}", _("Any booth in zone: %(zone)s", zone=z.name)) for z in zones]
    options += [SelectChoice(f"booth:{b.id}", _("Booth %(code)s", code=b.code)) for b in booths]
    for field in (form.choice_1, form.choice_2, form.choice_3):
        field.choices = options


def _wishes(form: ApplicationForm) -> list[allocation.Wish]:
    wishes = []
    for field in (form.choice_1, form.choice_2, form.choice_3):
        kind, _, raw_id = (field.data or "").partition(":")
        if kind == "booth":
            wishes.append(allocation.Wish(booth=db.session.get(Booth, int(raw_id))))
        elif kind == "zone":
            wishes.append(allocation.Wish(zone=db.session.get(Sector, int(raw_id))))
    return wishes


def _prefill(form: ApplicationForm, application) -> None:
    form.booth_type.data = application.booth_type_id
    fields = (form.choice_1, form.choice_2, form.choice_3)
    for choice, field in zip(application.choices, fields, strict=False):
        field.data = f"booth:{choice.booth_id}" if choice.booth_id else f"zone:{choice.sector_id}"
