"""Routes of the calendars blueprint: private feeds, "Add to calendar" files and organizer exports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventsys.access import can_manage_fair, load_booking, load_meeting, permission_required
from eventsys.calendars.forms import CalendarExportForm, CalendarTokenRegenerateForm
from eventsys.extensions import db
from eventsys.formatting import translated
from eventsys.forms import show_refusal
from eventsys.models import BoothBooking, Meeting
from eventsys.services import permissions
from eventsys.services.calendars import etags, listings
from eventsys.services.calendars import feeds as calendar_feeds
from eventsys.services.calendars import invitations as calendars
from eventsys.services.errors import DomainError
from eventsys.services.fairs import catalog as fair_service

bp = Blueprint("calendars", __name__, url_prefix="/calendar")

ICS_MIMETYPE = "text/calendar"


def _base_url() -> str:
    return request.url_root.rstrip("/")


def _ics(data: bytes, filename: str | None = None) -> Response:
    response = Response(data, mimetype=ICS_MIMETYPE)
    response.charset = "utf-8"
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _conditional_ics(etag: str, build: Callable[[], bytes], filename: str | None = None) -> Response:
    """The file, or a 304 without building it when the client's copy carries the current ETag."""
    # DTSTAMP differs between builds of the same content, so the tag is weak (RFC 9110 §8.8.1).
    response = Response(status=304) if request.if_none_match.contains_weak(etag) else _ics(build(), filename)
    response.set_etag(etag, weak=True)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.route("/<token>.ics")
def feed(token: str):
    """A user's private subscription feed; a conditional request with the current ETag gets 304 without a build."""
    user = calendar_feeds.get_user_by_token(db.session, token)
    if user is None:
        return Response("Not found\n", status=404, mimetype="text/plain")
    etag = etags.feed_etag(db.session, user)
    return _conditional_ics(etag, lambda: calendar_feeds.user_feed(db.session, user, base_url=_base_url()))


@bp.route("/")
@login_required
def show_calendar():
    """The user's calendar page: the subscription address, a new-address button, and what is coming up."""
    feed_url = url_for("calendars.feed", token=current_user.calendar_token, _external=True)
    return render_template(
        "calendars/calendar_show.html",
        feed_url=feed_url,
        webcal_url="webcal://" + feed_url.split("://", 1)[1],
        regenerate_form=CalendarTokenRegenerateForm(),
        meetings=listings.get_upcoming_meetings(db.session, current_user),
        bookings=listings.get_confirmed_bookings(db.session, current_user),
    )


@bp.route("/token", methods=["POST"])
@login_required
def regenerate_token():
    """Replace the feed's secret address; calendars subscribed to the old one stop updating at once."""
    form = CalendarTokenRegenerateForm()
    if not form.validate_on_submit():
        abort(400)
    calendar_feeds.regenerate_calendar_token(db.session, current_user, actor=current_user)
    db.session.commit()
    flash(_("Your calendar has a new address. Subscribe to it again; the old one no longer works."), "success")
    return redirect(url_for("calendars.show_calendar"))


@bp.route("/meetings/<int:meeting_id>.ics")
@login_required
def download_meeting(meeting_id: int):
    """One meeting as a .ics file, for its participants and organizers."""
    meeting = load_meeting(meeting_id)
    return _ics(calendars.meeting_file(meeting, base_url=_base_url()), f"meeting-{meeting.id}.ics")


@bp.route("/bookings/<int:booking_id>.ics")
@login_required
def download_booking(booking_id: int):
    """A confirmed booth booking's fair days, build-up and tear-down as a .ics file."""
    booking = load_booking(booking_id)
    if not listings.has_calendar_file(booking):
        abort(404)
    return _ics(calendars.booking_file(booking, base_url=_base_url()), f"booth-{booking.booth.code}.ics")


@bp.route("/export")
@permission_required(permissions.manages_any_fair)
def export_calendar():
    """Organizers export a fair's meetings, or one center's or room's, for a range of days; 304 when unchanged."""
    form = _export_form()
    asked = fair_service.get_fair(db.session, request.args.get("fair", ""))
    if asked is not None and not can_manage_fair(current_user, asked):
        abort(403)
    if not request.args:
        return render_template("calendars/calendar_export.html", form=form)
    if form.validate():
        try:
            scope = listings.find_export_scope(
                db.session,
                form.fair.data,
                center_slug=form.center.data or None,
                room_id=int(form.room.data) if form.room.data else None,
                first_day=form.first_day.data,
                last_day=form.last_day.data,
            )
        except DomainError as error:
            show_refusal(form, error)
        else:
            return _conditional_ics(
                etags.export_etag(db.session, scope),
                lambda: calendar_feeds.organizer_export(db.session, scope, base_url=_base_url()),
                calendar_feeds.export_filename(scope),
            )
    return render_template("calendars/calendar_export.html", form=form), 422


def _export_form() -> CalendarExportForm:
    form = CalendarExportForm(request.args)
    choices = listings.get_export_choices(db.session)
    form.fair.choices = [(f.slug, f.name) for f in choices.fairs if can_manage_fair(current_user, f)]
    form.center.choices = [("", _("All centers"))] + [(c.slug, c.name) for c in choices.centers]
    form.room.choices = [("", _("All rooms"))] + [
        (str(room_id), f"{city} – {name}") for room_id, name, city in choices.rooms
    ]
    return form


@bp.app_template_global()
def meeting_google_url(meeting: Meeting) -> str:
    """A Google Calendar "add event" link for a meeting, for any page that shows one."""
    return calendars.google_calendar_url(
        calendars.meeting_summary(meeting),
        meeting.starts_at,
        meeting.ends_at,
        details=calendars.meeting_description(meeting),
        location=meeting.video_url
        if meeting.is_online
        else ", ".join(
            (
                translated(meeting.center.name, meeting.center.name_translations),
                meeting.room.name,
                translated(meeting.center.address, meeting.center.address_translations),
            )
        ),
    )


@bp.app_template_global()
def booking_google_url(booking: BoothBooking) -> str:
    """A Google Calendar link for the days of a booked booth's fair."""
    fair = booking.booth.fair
    return calendars.google_calendar_url(
        f"{fair.name} – booth {booking.booth.code}",
        fair.starts_on,
        fair.ends_on + timedelta(days=1),
        location=calendars.fair_location(fair),
    )
