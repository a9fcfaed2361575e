"""Fairs for programs: the list, one fair with its halls and booth availability, and a hall's floor plan."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app
from pydantic import Field

from eventsys.access import load_fair, load_hall
from eventsys.api.schemas import Schema, Timestamp
from eventsys.api.spec import answers, spec
from eventsys.extensions import db
from eventsys.models import BookingMode
from eventsys.models import Fair as FairRecord
from eventsys.services.fairs import catalog as fair_service
from eventsys.services.fairs.catalog import BoothState, BoothTypeAvailability, PlannedBooth

bp = Blueprint("fairs", __name__)
TAGS = ("fairs",)


class Hall(Schema):
    slug: str
    name: str
    width: float = Field(description="Metres, on a 0.5 m grid")
    depth: float = Field(description="Metres, on a 0.5 m grid")


class BoothTypeFree(Schema):
    """A booth type with how many of its bookable booths there are and how many are free now."""

    name: str
    width: float
    depth: float
    price_jpy: int
    total: int
    free: int

    @classmethod
    def of(cls, availability: BoothTypeAvailability) -> BoothTypeFree:
        kind = availability.booth_type
        return cls(
            name=kind.name,
            width=kind.width,
            depth=kind.depth,
            price_jpy=kind.price_jpy,
            total=availability.total,
            free=availability.free,
        )


class Fair(Schema):
    slug: str
    name: str
    name_local: str | None
    venue: str
    city: str
    timezone: str = Field(description="IANA zone")
    starts_on: date
    ends_on: date
    booking_mode: BookingMode
    booking_opens_at: Timestamp
    booking_closes_at: Timestamp


class FairDetail(Fair):
    halls: list[Hall]
    booth_types: list[BoothTypeFree]

    @classmethod
    def of(cls, fair: FairRecord, availability: list[BoothTypeAvailability]) -> FairDetail:
        summary = {name: getattr(fair, name) for name in Fair.model_fields}
        return cls(**summary, halls=fair.halls, booth_types=[BoothTypeFree.of(a) for a in availability])


class FairList(Schema):
    upcoming: list[Fair] = Field(description="Running and upcoming fairs, soonest first")
    past: list[Fair] = Field(description="Latest first")


class PlannedBoothState(Schema):
    """A booth on the floor plan with its state now."""

    id: int
    code: str
    x: float = Field(description="Metres from the hall's left wall, on a 0.5 m grid")
    y: float = Field(description="Metres from the hall's top wall")
    width: float
    depth: float
    type: str
    price_jpy: int
    zone: str | None = Field(description="The slug of the sector zone, if the hall is zoned")
    open_sides: int
    state: BoothState
    exhibitor: str | None = Field(description="The exhibitor of a booked booth")

    @classmethod
    def of(cls, planned: PlannedBooth) -> PlannedBoothState:
        booth = planned.booth
        return cls(
            id=booth.id,
            code=booth.code,
            x=booth.x,
            y=booth.y,
            width=booth.width,
            depth=booth.depth,
            type=booth.booth_type.name,
            price_jpy=booth.booth_type.price_jpy,
            zone=booth.sector.slug if booth.sector else None,
            open_sides=booth.open_sides,
            state=planned.state,
            exhibitor=planned.exhibitor,
        )


class FloorPlan(Schema):
    hall: Hall
    booths: list[PlannedBoothState]


@bp.get("/fairs")
@spec.validate(resp=answers(FairList), tags=TAGS)
def list_fairs():
    """Upcoming and past fairs."""
    upcoming, past = fair_service.get_fairs(db.session, fair_service.today_in(current_app.config["DEFAULT_TIMEZONE"]))
    return FairList(upcoming=upcoming, past=past)


@bp.get("/fairs/<slug>")
@spec.validate(resp=answers(FairDetail, 404), tags=TAGS)
def show_fair(slug: str):
    """A fair with its halls and booth types with availability."""
    fair = load_fair(slug)
    return FairDetail.of(fair, fair_service.get_booth_type_availability(db.session, fair))


@bp.get("/fairs/<slug>/halls/<hall_slug>/booths")
@spec.validate(resp=answers(FloorPlan, 404), tags=TAGS)
def list_booths(slug: str, hall_slug: str):
    """Every booth of a hall with its state: what each open hall page polls (static/js/floorplan.js), so built once
    per change of the hall (or a hold's end) for every client, with an ETag (304 when unchanged)."""
    from eventsys.fairs.shared_parts import SharedPart, shared_answer
    from eventsys.services import page_cache
    from eventsys.services.fairs import states as fair_states

    fair = load_fair(slug)
    hall = load_hall(fair, hall_slug)
    ends = []

    def build() -> str:
        plan = fair_service.get_floor_plan(db.session, hall)
        ends.append(plan.next_hold_end)
        return FloorPlan(hall=plan.hall, booths=[PlannedBoothState.of(p) for p in plan.booths]).model_dump_json()

    if not fair_states.is_for_everybody(fair):  # a draft, for the people with a role at it only: never stored
        return current_app.response_class(build(), mimetype="application/json")
    scopes = page_cache.hall_scopes(fair.id, hall.id)
    return shared_answer(SharedPart(f"hall-booths:{fair.id}:{hall.id}", scopes, stale_at=lambda: ends[-1]), build)
