"""The read-only JSON API and its OpenAPI document."""

from __future__ import annotations

import re


def test_openapi_document_lists_every_api_route(app, client, db):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and not rule.rule.endswith("openapi.json")
    }
    assert routes == set(document["paths"])


def test_fairs(client, fair):
    data = client.get("/api/v1/fairs").json
    assert [f["slug"] for f in data["upcoming"]] == ["test-fair"]
    fair_data = client.get("/api/v1/fairs/test-fair").json
    assert fair_data["timezone"] == "Asia/Tokyo"
    assert fair_data["booth_types"][0] == {
        "name": "Standard 3×3 m",
        "width": 3,
        "depth": 3,
        "price_jpy": 330000,
        "total": 2,
        "free": 2,
    }


def test_booths(client, fair):
    data = client.get("/api/v1/fairs/test-fair/halls/main/booths").json
    assert [(b["code"], b["state"]) for b in data["booths"]] == [("A01", "free"), ("A02", "free"), ("A03", "blocked")]


def test_unknown_things_are_json_404s(client, fair):
    for path in (
        "/api/v1/fairs/nope",
        "/api/v1/fairs/test-fair/halls/nope/booths",
        "/api/v1/centers/nope",
        "/api/v1/x",
    ):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json["error"]["status"] == 404


def test_centers(client, db):
    assert client.get("/api/v1/centers").json == {"centers": []}
