"""Booth booking for programs: the free booths of a fair, and holding, confirming and cancelling a booth.

The hold is the hot path of a booking rush: one service call, its answer written before the commit expires what it
reads, and every refusal is a DomainError that eventsys.api.errors answers after rolling back (but one, which has
passed a lapsed booth to its waitlist and commits that offer first)."""

from __future__ import annotations

import functools
import re

from flask import Blueprint, abort, after_this_request
from flask_login import current_user
from pydantic import Field
from sqlalchemy import inspect

from eventsys.access import load_booking, startup_organization
from eventsys.api import hold_refusals
from eventsys.api.schemas import Schema, Timestamp
from eventsys.api.spec import answers, login_required, spec
from eventsys.extensions import db
from eventsys.fairs.hall_shell import KEEP_HEADER
from eventsys.fairs.shared_parts import SharedPart, shared_answer
from eventsys.models import BookingStatus, Booth, BoothBooking
from eventsys.services import page_cache
from eventsys.services.accounts import users as accounts
from eventsys.services.booths import booking as booking_service
from eventsys.services.booths import changes as booking_changes
from eventsys.services.booths import confirmation as booking_confirmation
from eventsys.services.fairs import catalog as fair_service

bp = Blueprint("booths", __name__)
TAGS = ("booths",)


class FreeBooths(Schema):
    booth_ids: list[int] = Field(description="Booths that can be held now, by id")


class BookedBooth(Schema):
    id: int
    code: str


class Booking(Schema):
    """A hold or booking of a booth by a startup."""

    id: int
    booth: BookedBooth
    status: BookingStatus
    held_until: Timestamp | None = Field(description="When an unconfirmed hold ends")
    confirmed_at: Timestamp | None
    price_jpy: int | None
    organization: str = Field(description="The startup's name")

    @classmethod
    def of(cls, booking: BoothBooking) -> Booking:
        return cls(
            id=booking.id,
            booth=BookedBooth(id=booking.booth.id, code=booking.booth.code),
            status=booking.status,
            held_until=booking.held_until,
            confirmed_at=booking.confirmed_at,
            price_jpy=booking.price_jpy,
            organization=booking.organization.name,
        )


class BillingContact(Schema):
    """Who receives the invoice; the e-mail address is checked and written in lower case."""

    billing_name: str = Field(max_length=160)
    billing_email: str = Field(max_length=254, json_schema_extra={"format": "email"})
    billing_address: str | None = Field(default=None, max_length=255)


@bp.get("/fairs/<slug>/free-booths")
@spec.validate(resp=answers(FreeBooths, 404), tags=TAGS)
def list_free_booths(slug: str):
    """Ids of the fair's booths that can be held now: a light call for clients that poll, built once per change
    of the fair's booths (or the end of a hold) for every client, with an ETag (304 when unchanged)."""
    window = fair_service.get_booking_window(db.session, slug)
    if window is None:
        abort(404)
    name, scopes = free_booths_name(slug), page_cache.booth_scopes(window.fair_id)
    # The taken booths, whose holds the fast path refuses, are stored anew with the free booths, once per change,
    # from the same read of the booths, so their versions are read before it, as `page_cache.fetch` does.
    taken, taken_scopes = hold_refusals.entry_name(slug), page_cache.taken_booth_scopes(window.fair_id)
    taken_versions = page_cache.signature(taken_scopes)
    booths = functools.cache(lambda: fair_service.get_fair_booths(db.session, window))
    part = SharedPart(name, scopes, stale_at=lambda: booths().next_hold_end)
    answer = shared_answer(part, lambda: FreeBooths(booth_ids=booths().free_ids).model_dump_json())
    answer.headers[KEEP_HEADER] = " ".join([name, *scopes])  # answered before the app until it changes
    page_cache.store(taken, taken_versions, hold_refusals.entry_body(booths(), window), booths().next_hold_end)
    return answer


#: The free booths' address, for the fast path (eventsys/fast_path.py), which answers it from the page cache.
FREE_BOOTHS_PATH = re.compile(r"^/api/v1/fairs/([a-z0-9-]+)/free-booths$")


def free_booths_name(slug: str) -> str:
    """The entry of a fair's free booths, by the slug of its address: the fast path knows no fair id, and a slug
    that passes to another fair makes the entry stale with the old fair's scopes (its slug's change bumps them)."""
    return f"free-booths:{slug}"


@bp.post("/booths/<int:booth_id>/hold")
@login_required()
@spec.validate(resp=answers(Booking, 401, 403, 404, 409, status=201), tags=TAGS)
def hold_booth(booth_id: int):
    """Hold a booth for the fair's hold time (approved startups, inside the booking window)."""
    try:
        held = booking_service.hold_booth_by_id(db.session, booth_id, startup_organization(), actor=current_user)
    except booking_service.PassedToWaitlist:
        db.session.commit()  # this refusal gave a lapsed booth to its waitlist; that offer stands
        raise
    except booking_service.BoothUnavailable:
        _name_taken_booths(booth_id)
        raise
    answer = Booking.of(held)  # written before the commit expires the objects, saving their reloads
    db.session.commit()
    return answer, 201


def _name_taken_booths(booth_id: int) -> None:
    """Have the refusal name the entry of the booth's fair (api/hold_refusals.py), from the booth and fair that the
    check loaded: nothing is read again, since a hold that lost its race leaves the transaction unusable (and its
    objects expired, so it names nothing)."""
    booth = db.session.identity_map.get(inspect(Booth).identity_key_from_primary_key((booth_id,)))
    fair = inspect(booth).dict.get("fair") if booth is not None else None
    slug = inspect(fair).dict.get("slug") if fair is not None else None
    if slug is not None:
        scopes = page_cache.taken_booth_scopes(fair.id)
        after_this_request(lambda response: hold_refusals.mark(response, slug, scopes))


@bp.get("/bookings/<int:booking_id>")
@login_required()
@spec.validate(resp=answers(Booking, 401, 404), tags=TAGS)
def show_booking(booking_id: int):
    """A hold or booking of the current user's startup."""
    return Booking.of(load_booking(booking_id))


@bp.post("/bookings/<int:booking_id>/confirm")
@login_required()
@spec.validate(resp=answers(Booking, 400, 401, 403, 404, 409, 422), tags=TAGS)
def confirm_booking(booking_id: int, json: BillingContact):
    """Confirm an unexpired hold with a billing contact."""
    record = load_booking(booking_id)
    organization = startup_organization()
    booking_confirmation.confirm_booking(
        db.session,
        record,
        organization,
        actor=current_user,
        billing_name=json.billing_name,
        billing_email=accounts.normalize_email(json.billing_email),
        billing_address=json.billing_address or "",
    )
    answer = Booking.of(record)
    db.session.commit()
    return answer


@bp.post("/bookings/<int:booking_id>/cancel")
@login_required()
@spec.validate(resp=answers(Booking, 401, 403, 404, 409), tags=TAGS)
def cancel_booking(booking_id: int):
    """Cancel the startup's hold or booking."""
    record = load_booking(booking_id)
    organization = startup_organization()
    booking_changes.cancel_booking(db.session, record, actor=current_user, organization=organization)
    answer = Booking.of(record)
    db.session.commit()
    return answer
