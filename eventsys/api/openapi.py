"""The OpenAPI 3.1 document of /api/v1, kept beside the routes it describes."""

from __future__ import annotations

from typing import Any

from flask import url_for

from eventsys.booths import openapi as booths_openapi
from eventsys.directory import openapi as directory_openapi
from eventsys.meetings import openapi as meetings_openapi


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERROR = _json(_ref("Error"), "Error")
_SLUG = {"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}

SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "properties": {
            "error": {"type": "object", "properties": {"status": {"type": "integer"}, "message": {"type": "string"}}}
        },
    },
    "Hall": {
        "type": "object",
        "properties": {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "width": {"type": "integer"},
            "depth": {"type": "integer"},
        },
    },
    "BoothTypeAvailability": {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "width": {"type": "integer"},
            "depth": {"type": "integer"},
            "price_jpy": {"type": "integer"},
            "total": {"type": "integer"},
            "free": {"type": "integer"},
        },
    },
    "Fair": {
        "type": "object",
        "properties": {
            "slug": {"type": "string"},
            "name": {"type": "string"},
            "name_local": {"type": ["string", "null"]},
            "venue": {"type": "string"},
            "city": {"type": "string"},
            "timezone": {"type": "string", "description": "IANA zone"},
            "starts_on": {"type": "string", "format": "date"},
            "ends_on": {"type": "string", "format": "date"},
            "booking_mode": {"type": "string", "enum": ["first_come", "application"]},
            "booking_opens_at": {"type": "string", "format": "date-time"},
            "booking_closes_at": {"type": "string", "format": "date-time"},
            "halls": {"type": "array", "items": _ref("Hall")},
            "booth_types": {"type": "array", "items": _ref("BoothTypeAvailability")},
        },
    },
    "Booth": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "code": {"type": "string"},
            "x": {"type": "integer"},
            "y": {"type": "integer"},
            "width": {"type": "integer"},
            "depth": {"type": "integer"},
            "type": {"type": "string"},
            "price_jpy": {"type": "integer"},
            "zone": {"type": ["string", "null"]},
            "open_sides": {"type": "integer"},
            "state": {"type": "string", "enum": ["free", "held", "booked", "blocked"]},
            "exhibitor": {"type": ["string", "null"]},
        },
    },
    "Center": {
        "type": "object",
        "properties": {
            "slug": {"type": "string"},
            "city": {"type": "string"},
            "name": {"type": "string"},
            "address": {"type": "string"},
            "timezone": {"type": "string"},
            "slot_minutes": {"type": "integer"},
            "rooms": {"type": "array", "items": {"type": "object"}},
            "opening_hours": {"type": "array", "items": {"type": "object"}},
        },
    },
}


def openapi_document() -> dict[str, Any]:
    """Build the document; the server URL follows the host the client asked."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "eventsys API", "version": "1.0.0"},
        "servers": [{"url": url_for("api.list_fairs", _external=True).rsplit("/fairs", 1)[0]}],
        "paths": {
            "/fairs": {
                "get": {
                    "summary": "Upcoming and past fairs",
                    "responses": {
                        "200": _json(
                            {
                                "type": "object",
                                "properties": {
                                    "upcoming": {"type": "array", "items": _ref("Fair")},
                                    "past": {"type": "array", "items": _ref("Fair")},
                                },
                            },
                            "Fairs",
                        )
                    },
                }
            },
            "/fairs/{slug}": {
                "get": {
                    "summary": "A fair with halls and booth availability",
                    "parameters": [_SLUG],
                    "responses": {"200": _json(_ref("Fair"), "The fair"), "404": _ERROR},
                }
            },
            "/fairs/{slug}/halls/{hall_slug}/booths": {
                "get": {
                    "summary": "The booths of a hall with their state",
                    "parameters": [
                        _SLUG,
                        {"name": "hall_slug", "in": "path", "required": True, "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": _json(
                            {
                                "type": "object",
                                "properties": {
                                    "hall": _ref("Hall"),
                                    "booths": {"type": "array", "items": _ref("Booth")},
                                },
                            },
                            "Floor plan",
                        ),
                        "404": _ERROR,
                    },
                }
            },
            "/centers": {
                "get": {
                    "summary": "The Business Support Centers",
                    "responses": {
                        "200": _json(
                            {"type": "object", "properties": {"centers": {"type": "array", "items": _ref("Center")}}},
                            "Centers",
                        )
                    },
                }
            },
            "/centers/{slug}": {
                "get": {
                    "summary": "One center",
                    "parameters": [_SLUG],
                    "responses": {"200": _json(_ref("Center"), "The center"), "404": _ERROR},
                }
            },
            **booths_openapi.PATHS,
            **directory_openapi.PATHS,
            **meetings_openapi.PATHS,
        },
        "components": {
            "schemas": {**SCHEMAS, **booths_openapi.SCHEMAS, **directory_openapi.SCHEMAS, **meetings_openapi.SCHEMAS}
        },
    }
