"""Routes of the center_admin blueprint: organizers create, edit, close and reopen Business Support Centers.

The day grid of rooms × slots, with no-shows, stays with the meetings (meeting_admin.center_day).
"""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventsys.access import load_managed_center, permission_required
from eventsys.centers.forms import (
    CenterCreateForm,
    CenterForm,
    ClosureAddForm,
    HoursForm,
    RoomForm,
    center_form_class,
)
from eventsys.extensions import db
from eventsys.formatting import translated
from eventsys.forms import show_refusal
from eventsys.meetings.plan_forms import InterpreterForm
from eventsys.models import Center, Interpreter
from eventsys.services import permissions
from eventsys.services.errors import ConfirmationNeeded, DomainError
from eventsys.services.meetings import center_settings as settings
from eventsys.services.meetings import centers as center_service
from eventsys.services.meetings import interpreters as interpreter_service

bp = Blueprint("center_admin", __name__, url_prefix="/organizer/centers")


def _details_form(base: type[CenterForm] = CenterForm, **kwargs) -> CenterForm:
    """The details form with a city, name and address field for each interface language."""
    return center_form_class(base, tuple(current_app.config["LANGUAGES"]))(**kwargs)


def _form_data(center: Center) -> dict[str, object]:
    """The center's details as the form's fields: city_ja, name_es… beside the plain ones."""
    values = settings.values_of(center)
    data = asdict(values)
    for text in settings.TRANSLATED_TEXTS:
        for code, value in data.pop(f"{text}_translations").items():
            data[f"{text}_{code}"] = value
    return data


def _values(form: CenterForm) -> settings.CenterValues:
    return settings.CenterValues(
        city=form.city.data,
        name=form.name.data,
        address=form.address.data,
        **form.translations(),
        timezone=form.timezone.data,
        phone=form.phone.data,
        email=form.email.data,
        slot_minutes=form.slot_minutes.data,
        buffer_minutes=form.buffer_minutes.data,
    )


def _saved(slug: str, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("center_admin.edit_center", slug=slug)), 303


@bp.route("/")
@permission_required(permissions.can_manage_centers)
def list_centers():
    """Every center, open or closed, with links to its settings and its day grid."""
    return render_template("centers/center_admin_list.html", centers=center_service.get_centers(db.session))


@bp.route("/new", methods=["GET", "POST"])
@permission_required(permissions.can_manage_centers)
def create_center():
    """A new center; rooms and hours are added on its settings page."""
    form = _details_form(CenterCreateForm)
    if form.validate_on_submit():
        try:
            center = settings.create_center(db.session, slug=form.slug.data, values=_values(form), actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
            return render_template("centers/center_create.html", form=form), error.status
        db.session.commit()
        flash(
            _(
                "The %(city)s center was created. Add its rooms and opening hours.",
                city=translated(center.city, center.city_translations),
            ),
            "success",
        )
        return redirect(url_for("center_admin.edit_center", slug=center.slug)), 303
    return render_template("centers/center_create.html", form=form), 422 if form.is_submitted() else 200


def _settings_page(center: Center, status: int = 200, *, affected=None, page_error=None, **forms):
    """The settings page with its forms; `forms` replaces the blank ones with those that failed."""
    room_forms = {room.id: RoomForm(prefix=f"room-{room.id}", obj=room, formdata=None) for room in center.rooms}
    room_forms.update(forms.pop("room_forms", {}))
    blank = {
        "details_form": _details_form(data=_form_data(center), formdata=None),
        "room_form": RoomForm(prefix="room", formdata=None),
        "hours_form": HoursForm(formdata=None),
        "closure_form": ClosureAddForm(formdata=None),
    }
    page = render_template(
        "centers/center_edit.html",
        center=center,
        room_forms=room_forms,
        affected=affected,
        page_error=page_error,
        **(blank | forms),
    )
    return page, status


@bp.route("/<slug>")
@permission_required(permissions.can_manage_centers)
def edit_center(slug: str):
    """A center's details, rooms, weekly hours and closures, and closing it."""
    return _settings_page(load_managed_center(slug))


@bp.route("/<slug>", methods=["POST"])
@permission_required(permissions.can_manage_centers)
def update_center(slug: str):
    """Save the details; a new slot length or zone that touches booked meetings lists them and asks first."""
    center = load_managed_center(slug)
    form = _details_form()
    if not form.validate_on_submit():
        return _settings_page(center, 422, details_form=form)
    values = _values(form)
    try:
        settings.update_center(db.session, center, values, actor=current_user, confirmed=form.confirm_changes.data)
    except DomainError as error:
        db.session.rollback()
        show_refusal(form, error)
        center = load_managed_center(slug)
        affected = settings.get_affected_meetings(db.session, center, values)
        asked = isinstance(error, ConfirmationNeeded)
        return _settings_page(center, error.status, details_form=form, affected=affected if asked else None)
    return _saved(slug, _("The center was updated."))


@bp.route("/<slug>/rooms", methods=["POST"])
@permission_required(permissions.can_manage_centers)
def add_room(slug: str):
    center = load_managed_center(slug)
    form = RoomForm(prefix="room")
    if not form.validate_on_submit():
        return _settings_page(center, 422, room_form=form)
    try:
        settings.add_room(db.session, center, name=form.name.data, capacity=form.capacity.data, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        show_refusal(form, error)
        return _settings_page(load_managed_center(slug), error.status, room_form=form)
    return _saved(slug, _("Room %(room)s added.", room=form.name.data.strip()))


def _load_room(center: Center, room_id: int):
    try:
        return settings.get_room(center, room_id)
    except DomainError:
        abort(404)


@bp.route("/<slug>/rooms/<int:room_id>", methods=["POST"])
@permission_required(permissions.can_manage_centers)
def update_room(slug: str, room_id: int):
    """Rename a room or change its seats."""
    center = load_managed_center(slug)
    room = _load_room(center, room_id)
    form = RoomForm(prefix=f"room-{room_id}")
    if not form.validate_on_submit():
        return _settings_page(center, 422, room_forms={room_id: form})
    try:
        settings.update_room(
            db.session, center, room, name=form.name.data, capacity=form.capacity.data, actor=current_user
        )
    except DomainError as error:
        db.session.rollback()
        show_refusal(form, error)
        return _settings_page(load_managed_center(slug), error.status, room_forms={room_id: form})
    return _saved(slug, _("Room %(room)s saved.", room=room.name))


@bp.route("/<slug>/rooms/<int:room_id>/delete", methods=["POST"])
@permission_required(permissions.can_manage_centers)
def delete_room(slug: str, room_id: int):
    """Delete a room without meetings."""
    center = load_managed_center(slug)
    room = _load_room(center, room_id)
    name = room.name
    try:
        settings.delete_room(db.session, center, room, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        message = _("%(room)s was not deleted: %(reason)s", room=name, reason=error.message)
        return _settings_page(load_managed_center(slug), error.status, page_error=message)
    return _saved(slug, _("Room %(room)s deleted.", room=name))


@bp.route("/<slug>/hours", methods=["POST"])
@permission_required(permissions.can_manage_centers)
def set_hours(slug: str):
    """Set a weekday's opening hours, or close the weekday."""
    center = load_managed_center(slug)
    form = HoursForm()
    if not form.validate_on_submit():
        return _settings_page(center, 422, hours_form=form)
    try:
        settings.set_opening_hours(
            db.session,
            center,
            weekday=form.weekday.data,
            opens_at=form.opens_at.data,
            closes_at=form.closes_at.data,
            actor=current_user,
        )
    except DomainError as error:
        db.session.rollback()
        show_refusal(form, error)
        return _settings_page(load_managed_center(slug), error.status, hours_form=form)
    return _saved(slug, _("Opening hours saved."))


@bp.route("/<slug>/closures", methods=["POST"])
@permission_required(permissions.can_manage_centers)
def add_closure(slug: str):
    """Close the center on one date."""
    center = load_managed_center(slug)
    form = ClosureAddForm()
    if not form.validate_on_submit():
        return _settings_page(center, 422, closure_form=form)
    try:
        settings.add_closure(db.session, center, on=form.on.data, reason=form.reason.data, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        show_refusal(form, error)
        return _settings_page(load_managed_center(slug), error.status, closure_form=form)
    return _saved(slug, _("Closure added."))


@bp.route("/<slug>/closures/<int:closure_id>/delete", methods=["POST"])
@permission_required(permissions.can_manage_centers)
def delete_closure(slug: str, closure_id: int):
    center = load_managed_center(slug)
    try:
        settings.remove_closure(db.session, center, closure_id, actor=current_user)
    except DomainError:
        abort(404)
    return _saved(slug, _("The closure was removed."))


@bp.route("/<slug>/<any(close, reopen):change>", methods=["POST"])
@permission_required(permissions.can_manage_centers)
def close_center(slug: str, change: str):
    """Close the center for good (no new availability or meetings; past ones stay), or open it again."""
    center = load_managed_center(slug)
    try:
        if change == "close":
            settings.close_center(db.session, center, actor=current_user)
        else:
            settings.reopen_center(db.session, center, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        return _settings_page(load_managed_center(slug), error.status, page_error=error.message)
    city = translated(center.city, center.city_translations)
    if change == "close":
        return _saved(slug, _("The %(city)s center is closed. Its past meetings stay.", city=city))
    return _saved(slug, _("The %(city)s center is open again.", city=city))


# Interpreters: the third resource beside rooms and people


def _interpreters_page(center: Center, form: InterpreterForm | None = None, status: int = 200):
    page = render_template("centers/interpreters.html", center=center, form=form or InterpreterForm(formdata=None))
    return page, status


@bp.route("/<slug>/interpreters", methods=["GET", "POST"])
@permission_required(permissions.can_manage_centers)
def interpreters(slug: str):
    """The center's interpreters (languages, days, hours), and adding one."""
    center = load_managed_center(slug)
    if request.method == "GET":
        return _interpreters_page(center)
    form = InterpreterForm()
    if not form.validate_on_submit():
        return _interpreters_page(center, form, 422)
    try:
        interpreter_service.save_interpreter(
            db.session,
            center,
            current_user,
            name=form.name.data,
            languages=interpreter_service.parse_languages(form.languages.data),
            days=interpreter_service.parse_days(form.days.data),
            starts_at=form.starts_at.data,
            ends_at=form.ends_at.data,
        )
    except DomainError as error:
        db.session.rollback()
        show_refusal(form, error)
        return _interpreters_page(load_managed_center(slug), form, error.status)
    db.session.commit()
    flash(_("Interpreter %(name)s added.", name=form.name.data.strip()), "success")
    return redirect(url_for("center_admin.interpreters", slug=slug))


@bp.route("/<slug>/interpreters/<int:interpreter_id>/delete", methods=["POST"])
@permission_required(permissions.can_manage_centers)
def delete_interpreter(slug: str, interpreter_id: int):
    """Remove an interpreter; meetings they were to interpret keep their slot and lose the interpreter."""
    center = load_managed_center(slug)
    interpreter = db.session.get(Interpreter, interpreter_id)
    if interpreter is None or interpreter.center_id != center.id:
        abort(404)
    name = interpreter.name
    interpreter_service.delete_interpreter(db.session, interpreter, current_user)
    db.session.commit()
    flash(_("Interpreter %(name)s removed.", name=name), "success")
    return redirect(url_for("center_admin.interpreters", slug=slug))
