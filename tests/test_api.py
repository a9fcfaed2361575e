"""The read-only JSON API and its OpenAPI document."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from eventsys.models import BookingStatus, BoothBooking
from tests.booth_factories import approved_startup


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


def _book(db, fair, code: str, status: BookingStatus, held_until: datetime | None = None) -> None:
    booth = next(b for b in fair.halls[0].booths if b.code == code)
    organization = approved_startup(db, fair).organization
    db.add(BoothBooking(fair_id=fair.id, booth=booth, organization=organization, status=status, held_until=held_until))
    db.flush()


def test_free_booths_leave_out_taken_and_blocked_ones(client, db, fair):
    ids = {b.code: b.id for b in fair.halls[0].booths}
    assert client.get("/api/v1/fairs/test-fair/free-booths").json == {"booth_ids": [ids["A01"], ids["A02"]]}
    _book(db, fair, "A01", BookingStatus.HELD, datetime.now(UTC) + timedelta(minutes=5))
    assert client.get("/api/v1/fairs/test-fair/free-booths").json == {"booth_ids": [ids["A02"]]}
    _book(db, fair, "A02", BookingStatus.CONFIRMED)
    assert client.get("/api/v1/fairs/test-fair/free-booths").json == {"booth_ids": []}


def test_a_booth_whose_hold_expired_is_free_again(client, db, fair):
    ids = {b.code: b.id for b in fair.halls[0].booths}
    _book(db, fair, "A01", BookingStatus.HELD, datetime.now(UTC) - timedelta(seconds=1))
    assert client.get("/api/v1/fairs/test-fair/free-booths").json == {"booth_ids": [ids["A01"], ids["A02"]]}


def test_unknown_things_are_json_404s(client, fair):
    for path in (
        "/api/v1/fairs/nope",
        "/api/v1/fairs/nope/free-booths",
        "/api/v1/fairs/test-fair/halls/nope/booths",
        "/api/v1/centers/nope",
        "/api/v1/x",
    ):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json["error"]["status"] == 404


def test_centers(client, db):
    assert client.get("/api/v1/centers").json == {"centers": []}
