"""The booth booking part of the OpenAPI document (merged into eventsys.api.openapi)."""

from __future__ import annotations

from typing import Any

_BOOKING = {"$ref": "#/components/schemas/Booking"}
_ERROR = {
    "description": "Refused, with the reason",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def _id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def _ok(description: str, status: str = "200") -> dict[str, Any]:
    return {status: {"description": description, "content": {"application/json": {"schema": _BOOKING}}}}


#: Every write needs the session cookie and the page's CSRF token in the X-CSRFToken header.
_REFUSALS = {"401": _ERROR, "403": _ERROR, "404": _ERROR, "409": _ERROR}

PATHS: dict[str, Any] = {
    "/fairs/{slug}/free-booths": {
        "get": {
            "summary": "Ids of the fair's booths that can be held now (a light call for clients that poll)",
            "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {
                "200": {
                    "description": "Free booths",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"booth_ids": {"type": "array", "items": {"type": "integer"}}},
                            }
                        }
                    },
                },
                "404": _ERROR,
            },
        }
    },
    "/booths/{booth_id}/hold": {
        "post": {
            "summary": "Hold a booth for the fair's hold time (approved startups, inside the booking window)",
            "parameters": [_id("booth_id")],
            "responses": {**_ok("The hold", "201"), **_REFUSALS},
        }
    },
    "/bookings/{booking_id}": {
        "get": {
            "summary": "A hold or booking of the current user's startup",
            "parameters": [_id("booking_id")],
            "responses": {**_ok("The booking"), "401": _ERROR, "404": _ERROR},
        }
    },
    "/bookings/{booking_id}/confirm": {
        "post": {
            "summary": "Confirm an unexpired hold with a billing contact",
            "parameters": [_id("booking_id")],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["billing_name", "billing_email"],
                            "properties": {
                                "billing_name": {"type": "string", "maxLength": 160},
                                "billing_email": {"type": "string", "format": "email"},
                                "billing_address": {"type": "string", "maxLength": 255},
                            },
                        }
                    }
                },
            },
            "responses": {**_ok("The confirmed booking"), "400": _ERROR, "422": _ERROR, **_REFUSALS},
        }
    },
    "/bookings/{booking_id}/cancel": {
        "post": {
            "summary": "Cancel the startup's hold or booking",
            "parameters": [_id("booking_id")],
            "responses": {**_ok("The cancelled booking"), **_REFUSALS},
        }
    },
}

SCHEMAS: dict[str, Any] = {
    "Booking": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "booth": {"type": "object", "properties": {"id": {"type": "integer"}, "code": {"type": "string"}}},
            "status": {"type": "string", "enum": ["held", "confirmed", "cancelled", "expired"]},
            "held_until": {"type": ["string", "null"], "format": "date-time"},
            "confirmed_at": {"type": ["string", "null"], "format": "date-time"},
            "price_jpy": {"type": ["integer", "null"]},
            "organization": {"type": "string"},
        },
    }
}
