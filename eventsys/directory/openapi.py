"""The directory's part of the OpenAPI document (merged into eventsys.api.openapi)."""

from __future__ import annotations

from typing import Any

_ERROR = {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _array(name: str) -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}}


def _list_param(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "description": description,
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form",
        "explode": True,
    }


_FILTERS = [
    {
        "name": "q",
        "in": "query",
        "description": "Words to find in name, local name and pitch",
        "schema": {"type": "string"},
    },
    _list_param("sector", "Sector slugs (any of them)"),
    _list_param("stage", "pre_seed, seed, series_a, series_b, growth"),
    _list_param("country", "ISO 3166-1 alpha-2 codes"),
    _list_param("region", "hokkaido_tohoku, kanto, chubu, kansai, chugoku_shikoku, kyushu_okinawa, overseas"),
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
]


def _paged(item: str, description: str) -> dict[str, Any]:
    schema = {
        "type": "object",
        "properties": {
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "pages": {"type": "integer"},
            "items": _array(item),
        },
    }
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_REFUSALS = {"401": _ERROR, "403": _ERROR, "422": _ERROR}

PATHS: dict[str, Any] = {
    "/directory/startups": {
        "get": {
            "summary": "Search startups (investors and organizers)",
            "parameters": [
                *_FILTERS,
                {"name": "fair", "in": "query", "description": "Fair slug", "schema": {"type": "string"}},
                {
                    "name": "has_booth",
                    "in": "query",
                    "description": "y: confirmed booth only",
                    "schema": {"type": "string"},
                },
                {
                    "name": "sort",
                    "in": "query",
                    "schema": {"type": "string", "enum": ["name", "newest", "country", "stage"]},
                },
            ],
            "responses": {"200": _paged("DirectoryStartup", "One page of startups"), **_REFUSALS},
        }
    },
    "/directory/investors": {
        "get": {
            "summary": "Search verified, listed investors (startups and organizers)",
            "parameters": [
                *_FILTERS,
                {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["name", "newest", "country"]}},
            ],
            "responses": {"200": _paged("DirectoryInvestor", "One page of investors"), **_REFUSALS},
        }
    },
    "/directory/recommendations": {
        "get": {
            "summary": "Best fits for the logged-in investor or startup, with reasons",
            "responses": {
                "200": {
                    "description": "Recommendations",
                    "content": {
                        "application/json": {
                            "schema": {"type": "object", "properties": {"items": _array("Recommendation")}}
                        }
                    },
                },
                "401": _ERROR,
                "403": _ERROR,
            },
        }
    },
}

_NULLABLE_STRING = {"type": ["string", "null"]}
_NULLABLE_INTEGER = {"type": ["integer", "null"]}
_STRINGS = {"type": "array", "items": {"type": "string"}}

SCHEMAS: dict[str, Any] = {
    "DirectoryStartup": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "name_local": _NULLABLE_STRING,
            "country": {"type": "string"},
            "region": _NULLABLE_STRING,
            "stage": _NULLABLE_STRING,
            "sectors": _STRINGS,
            "website": _NULLABLE_STRING,
            "pitch": _NULLABLE_STRING,
            "booth": {
                "type": ["object", "null"],
                "properties": {
                    "fair": {"type": "string"},
                    "hall": {"type": "string"},
                    "code": {"type": "string"},
                    "floor_plan": {"type": "string", "format": "uri"},
                },
            },
        },
    },
    "DirectoryInvestor": {
        "type": "object",
        "description": "Public fields only: never e-mail addresses; ticket fields are null when the firm hides them",
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "name_local": _NULLABLE_STRING,
            "investor_type": _NULLABLE_STRING,
            "country": {"type": "string"},
            "city": _NULLABLE_STRING,
            "website": _NULLABLE_STRING,
            "thesis": _NULLABLE_STRING,
            "sectors": _STRINGS,
            "stages": _STRINGS,
            "regions": _STRINGS,
            "ticket_min": _NULLABLE_INTEGER,
            "ticket_max": _NULLABLE_INTEGER,
            "ticket_currency": {"type": ["string", "null"], "enum": ["JPY", "USD", None]},
        },
    },
    "Recommendation": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "name_local": _NULLABLE_STRING,
            "country": {"type": "string"},
            "score": {"type": "integer"},
            "reasons": _STRINGS,
        },
    },
}
