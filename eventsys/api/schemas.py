"""How models are written as JSON; the OpenAPI document describes the same shapes."""

from __future__ import annotations

from typing import Any

from eventsys.models import Booth, BoothBooking, Center, Fair, Hall
from eventsys.services.fairs.catalog import BoothTypeAvailability, PlannedBooth


def fair(fair: Fair, *, halls: list[Hall] | None = None, availability: list[BoothTypeAvailability] | None = None):
    data: dict[str, Any] = {
        "slug": fair.slug,
        "name": fair.name,
        "name_local": fair.name_local,
        "venue": fair.venue,
        "city": fair.city,
        "timezone": fair.timezone,
        "starts_on": fair.starts_on.isoformat(),
        "ends_on": fair.ends_on.isoformat(),
        "booking_mode": fair.booking_mode.value,
        "booking_opens_at": fair.booking_opens_at.isoformat(),
        "booking_closes_at": fair.booking_closes_at.isoformat(),
    }
    if halls is not None:
        data["halls"] = [hall(h) for h in halls]
    if availability is not None:
        data["booth_types"] = [
            {
                "name": a.booth_type.name,
                "width": a.booth_type.width,
                "depth": a.booth_type.depth,
                "price_jpy": a.booth_type.price_jpy,
                "total": a.total,
                "free": a.free,
            }
            for a in availability
        ]
    return data


def hall(hall: Hall) -> dict[str, Any]:
    return {"slug": hall.slug, "name": hall.name, "width": hall.width, "depth": hall.depth}


def booth(booth: Booth) -> dict[str, Any]:
    return {
        "id": booth.id,
        "code": booth.code,
        "x": booth.x,
        "y": booth.y,
        "width": booth.width,
        "depth": booth.depth,
        "type": booth.booth_type.name,
        "price_jpy": booth.booth_type.price_jpy,
        "zone": booth.sector.slug if booth.sector else None,
        "open_sides": booth.open_sides,
    }


def planned_booth(planned: PlannedBooth) -> dict[str, Any]:
    return {**booth(planned.booth), "state": planned.state.value, "exhibitor": planned.exhibitor}


def center(center: Center) -> dict[str, Any]:
    return {
        "slug": center.slug,
        "city": center.city,
        "name": center.name,
        "address": center.address,
        "timezone": center.timezone,
        "slot_minutes": center.slot_minutes,
        "rooms": [{"name": r.name, "capacity": r.capacity} for r in center.rooms],
        "opening_hours": [
            {"weekday": h.weekday, "opens": h.opens_at.strftime("%H:%M"), "closes": h.closes_at.strftime("%H:%M")}
            for h in center.opening_hours
        ],
    }


def booking(booking: BoothBooking) -> dict[str, Any]:
    return {
        "id": booking.id,
        "booth": {"id": booking.booth.id, "code": booking.booth.code},
        "status": booking.status.value,
        "held_until": booking.held_until.isoformat() if booking.held_until else None,
        "confirmed_at": booking.confirmed_at.isoformat() if booking.confirmed_at else None,
        "price_jpy": booking.price_jpy,
        "organization": booking.organization.name,
    }
