"""The meetings' part of the OpenAPI document (merged into eventsys.api.openapi)."""

from __future__ import annotations

from typing import Any

_ERROR = {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_REQUEST_ID = {"name": "request_id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


SCHEMAS: dict[str, Any] = {
    "Meeting": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "uid": {"type": "string", "description": "iCalendar UID"},
            "sequence": {"type": "integer", "description": "iCalendar SEQUENCE, raised on every change sent"},
            "status": {"type": "string", "enum": ["scheduled", "held", "no_show", "cancelled"]},
            "request": {"type": ["integer", "null"]},
            "center": {"type": "string", "description": "The center's slug"},
            "room": {"type": "string"},
            "starts_at": {"type": "string", "format": "date-time"},
            "ends_at": {"type": "string", "format": "date-time"},
            "local_start": {"type": "string", "format": "date-time", "description": "In the center's zone"},
            "participants": {"type": "array", "items": {"type": "string"}},
        },
    },
    "FreeSlot": {
        "type": "object",
        "properties": {
            "center": {"type": "integer"},
            "starts_at": {"type": "string", "format": "date-time"},
            "ends_at": {"type": "string", "format": "date-time"},
            "rooms_free": {"type": "integer"},
        },
    },
}

PATHS: dict[str, Any] = {
    "/meetings": {
        "get": {
            "summary": "My meetings (session cookie)",
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "properties": {
                            "meetings": {"type": "array", "items": {"$ref": "#/components/schemas/Meeting"}}
                        },
                    },
                    "Live meetings, soonest first",
                ),
                "401": _ERROR,
            },
        }
    },
    "/meetings/requests/{request_id}/slots": {
        "get": {
            "summary": "Slots an accepted request can be booked into: both free, a room free, travel allows it",
            "parameters": [_REQUEST_ID],
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "properties": {"slots": {"type": "array", "items": {"$ref": "#/components/schemas/FreeSlot"}}},
                    },
                    "Free slots",
                ),
                "401": _ERROR,
                "404": _ERROR,
            },
        }
    },
    "/meetings/requests/{request_id}/book": {
        "post": {
            "summary": "Book a slot for an accepted request (room and both people in one transaction)",
            "description": "Session cookie and the CSRF token in an X-CSRFToken header.",
            "parameters": [_REQUEST_ID],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["center", "starts_at"],
                            "properties": {
                                "center": {"type": "integer"},
                                "starts_at": {"type": "string", "format": "date-time"},
                            },
                        }
                    }
                },
            },
            "responses": {
                "201": _json({"$ref": "#/components/schemas/Meeting"}, "The meeting"),
                "401": _ERROR,
                "403": _ERROR,
                "404": _ERROR,
                "409": _ERROR,
                "422": _ERROR,
            },
        }
    },
}
