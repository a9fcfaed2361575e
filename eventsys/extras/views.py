"""Routes of the extras blueprint: the organizer's extras and packages per fair, and a startup's orders of them
for its booking (with the booth, on the booking page's confirmation form, or later on a page of their own)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventsys.access import (
    load_booking,
    load_managed_booking,
    load_managed_fair,
    load_of_fair,
    organizer_required,
    startup_organization,
)
from eventsys.extensions import db
from eventsys.extras.forms import (
    KIND_LABELS,
    ActiveForm,
    CancelOrderForm,
    ExtraForm,
    OrderForm,
    PackageForm,
    offer_key,
)
from eventsys.forms import show_refusal
from eventsys.models import BookingStatus, Extra, ExtraKind, ExtraOrder, Fair, SponsorshipPackage
from eventsys.services.badges import allowance
from eventsys.services.errors import DomainError
from eventsys.services.extras import offers, orders
from eventsys.services.invoices.render import document_number

bp = Blueprint("extras", __name__)

MODELS = {"extras": Extra, "packages": SponsorshipPackage}


@bp.app_template_global()
def extra_kind_label(kind: ExtraKind) -> str:
    return str(KIND_LABELS[ExtraKind(kind)])


@bp.route("/organizer/fairs/<slug>/extras")
@login_required
def list_offers(slug: str):
    """The fair's extras and packages, with what is sold and left of each."""
    fair = load_managed_fair(slug)
    return render_template(
        "extras/offer_list.html",
        fair=fair,
        extras=offers.list_offers(db.session, fair, Extra),
        packages=offers.list_offers(db.session, fair, SponsorshipPackage),
        orders=orders.fair_orders(db.session, fair),
        number=document_number,
        active_form=ActiveForm(),
    )


def _input(form, model) -> offers.OfferInput:
    values = {
        "name": form.name.data or "",
        "description": form.description.data or "",
        "price_jpy": form.price_jpy.data,
        "rate_percent": int(form.rate_percent.data),
        "stock": form.stock.data,
    }
    if model is Extra:
        return offers.OfferInput(**values, kind=ExtraKind(form.kind.data))
    booth_type = form.booth_type_id.data
    return offers.OfferInput(
        **values, booth_type_id=int(booth_type) if booth_type else None, badge_count=form.badge_count.data
    )


def _form(fair: Fair, model, offer=None):
    if model is Extra:
        return ExtraForm(obj=offer, rate_percent=str(offer.rate_percent) if offer else "10")
    form = PackageForm(
        obj=offer,
        rate_percent=str(offer.rate_percent) if offer else "10",
        booth_type_id=str(offer.booth_type_id or "") if offer else "",
    )
    form.booth_type_id.choices = [("", _("No booth type"))] + [(str(t.id), t.name) for t in fair.booth_types]
    return form


def _edit(fair: Fair, model, offer=None):
    form = _form(fair, model, offer)
    if form.validate_on_submit():
        try:
            if offer is None:
                offers.create_offer(db.session, fair, model, _input(form, model), actor=current_user)
            else:
                offers.edit_offer(db.session, offer, _input(form, model), actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("extras.list_offers", slug=fair.slug)), 303
    status = 422 if form.is_submitted() else 200
    return render_template(
        "extras/offer_edit.html", fair=fair, form=form, offer=offer, is_package=model is SponsorshipPackage
    ), status


@bp.route("/organizer/fairs/<slug>/extras/new", methods=["GET", "POST"])
@login_required
def new_extra(slug: str):
    return _edit(load_managed_fair(slug), Extra)


@bp.route("/organizer/fairs/<slug>/extras/<int:extra_id>", methods=["GET", "POST"])
@login_required
def edit_extra(slug: str, extra_id: int):
    fair = load_managed_fair(slug)
    return _edit(fair, Extra, load_of_fair(fair, Extra, extra_id))


@bp.route("/organizer/fairs/<slug>/packages/new", methods=["GET", "POST"])
@login_required
def new_package(slug: str):
    return _edit(load_managed_fair(slug), SponsorshipPackage)


@bp.route("/organizer/fairs/<slug>/packages/<int:package_id>", methods=["GET", "POST"])
@login_required
def edit_package(slug: str, package_id: int):
    fair = load_managed_fair(slug)
    return _edit(fair, SponsorshipPackage, load_of_fair(fair, SponsorshipPackage, package_id))


def _set_active(fair: Fair, offer):
    form = ActiveForm()
    if not form.validate_on_submit():
        abort(400)
    offers.set_active(db.session, offer, form.active.data == "1", actor=current_user)
    db.session.commit()
    flash(_("%(name)s is on sale.", name=offer.name) if offer.active else _("%(name)s is retired.", name=offer.name))
    return redirect(url_for("extras.list_offers", slug=fair.slug)), 303


@bp.route("/organizer/fairs/<slug>/extras/<int:extra_id>/active", methods=["POST"])
@login_required
def set_extra_active(slug: str, extra_id: int):
    fair = load_managed_fair(slug)
    return _set_active(fair, load_of_fair(fair, Extra, extra_id))


@bp.route("/organizer/fairs/<slug>/packages/<int:package_id>/active", methods=["POST"])
@login_required
def set_package_active(slug: str, package_id: int):
    fair = load_managed_fair(slug)
    return _set_active(fair, load_of_fair(fair, SponsorshipPackage, package_id))


def _order_form(fair: Fair) -> OrderForm:
    form = OrderForm()
    form.offer.choices = [(offer_key(offer), offer.name) for offer in offers.on_sale(db.session, fair)]
    return form


def _chosen(fair: Fair, key: str):
    kind, _dash, offer_id = key.partition("-")
    model = Extra if kind == "extra" else SponsorshipPackage
    return offers.get_offer(db.session, fair, model, int(offer_id))


@bp.route("/bookings/<int:booking_id>/extras", methods=["GET", "POST"])
@login_required
def booking_extras(booking_id: int):
    """The booking's orders of extras and packages, and the form to order more (once the booking is confirmed)."""
    record = load_booking(booking_id)
    fair = record.booth.fair
    form = _order_form(fair)
    status = 200
    if form.is_submitted():
        organization = startup_organization()
        if form.validate():
            try:
                order = orders.place_order(
                    db.session,
                    record,
                    _chosen(fair, form.offer.data),
                    form.quantity.data,
                    actor=current_user,
                    organization=organization,
                )
            except DomainError as error:
                db.session.rollback()
                show_refusal(form, error)
                status = error.status
            else:
                db.session.commit()
                flash(_("Ordered: %(what)s × %(count)d.", what=order.offer.name, count=order.quantity), "success")
                return redirect(url_for("extras.booking_extras", booking_id=record.id)), 303
        else:
            status = 422
    return render_template(
        "extras/booking_extras.html",
        booking=record,
        fair=fair,
        form=form,
        cancel_form=CancelOrderForm(),
        orders=orders.orders_of(db.session, record),
        allowance=allowance.get_allowance(db.session, fair, record.organization_id),
        can_order=record.status == BookingStatus.CONFIRMED,
    ), status


@bp.route("/extra-orders/<int:order_id>/cancel", methods=["POST"])
@login_required
def cancel_order(order_id: int):
    """The startup cancels one of its orders (a billed one is credited)."""
    order = db.session.get(ExtraOrder, order_id)
    organization = current_user.organization
    if order is None or organization is None or order.organization_id != organization.id:
        abort(404)
    if not CancelOrderForm().validate_on_submit():
        abort(400)
    try:
        orders.cancel_order(db.session, order, actor=current_user, organization=organization)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(_("Your order of %(what)s is cancelled.", what=order.offer.name), "info")
    return redirect(url_for("extras.booking_extras", booking_id=order.booking_id)), 303


@bp.route("/organizer/bookings/<int:booking_id>/extras", methods=["GET", "POST"])
@organizer_required
def manage_booking_extras(booking_id: int):
    """The fair's organizers see a startup's orders, and order or cancel extras and packages on its behalf."""
    record = load_managed_booking(booking_id)
    fair = record.booth.fair
    form = _order_form(fair)
    status = 200
    if form.is_submitted():
        status = 422
        if form.validate():
            try:
                order = orders.place_order_for_startup(
                    db.session, record, _chosen(fair, form.offer.data), form.quantity.data, actor=current_user
                )
            except DomainError as error:
                db.session.rollback()
                show_refusal(form, error)
                status = error.status
            else:
                db.session.commit()
                flash(
                    _(
                        "Ordered for %(company)s: %(what)s × %(count)d.",
                        company=record.organization.name,
                        what=order.offer.name,
                        count=order.quantity,
                    ),
                    "success",
                )
                return redirect(url_for("extras.manage_booking_extras", booking_id=record.id)), 303
    return render_template(
        "extras/booking_extras_manage.html",
        booking=record,
        fair=fair,
        form=form,
        cancel_form=CancelOrderForm(),
        orders=orders.orders_of(db.session, record),
        allowance=allowance.get_allowance(db.session, fair, record.organization_id),
        can_order=record.status == BookingStatus.CONFIRMED,
        number=document_number,
    ), status


@bp.route("/organizer/extra-orders/<int:order_id>/cancel", methods=["POST"])
@organizer_required
def cancel_order_for_startup(order_id: int):
    """The fair's organizers cancel a startup's order (a billed one is credited; issued badges stay valid)."""
    order = db.session.get(ExtraOrder, order_id)
    if order is None:
        abort(404)
    load_managed_booking(order.booking_id)
    if not CancelOrderForm().validate_on_submit():
        abort(400)
    try:
        orders.cancel_order_for_startup(db.session, order, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(
            _(
                "The order of %(what)s for %(company)s is cancelled.",
                what=order.offer.name,
                company=order.booking.organization.name,
            ),
            "info",
        )
    return redirect(url_for("extras.manage_booking_extras", booking_id=order.booking_id)), 303
