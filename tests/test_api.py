"""The read-only JSON API and its OpenAPI document."""

from __future__ import annotations

import copy
import re
from datetime import UTC, datetime, timedelta

from flask import Blueprint
from pydantic import BaseModel

from eventsys import create_app
from eventsys.api import booths, directory, fairs, meetings
from eventsys.api.spec import answers, spec
from eventsys.errors import ErrorBody
from eventsys.models import BookingStatus, BoothBooking
from tests.booth_factories import approved_startup
from tests.conftest import app_config


def test_openapi_document_lists_every_api_route(app, client, db):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/") and not rule.rule.endswith("openapi.json")
    }
    assert routes == set(document["paths"])


REF = "#/components/schemas/{model}"


def _refs(node) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if "$ref" in node else []
        return own + [ref for value in node.values() for ref in _refs(value)]
    return [ref for value in node for ref in _refs(value)] if isinstance(node, list) else []


def test_openapi_document_is_well_formed(client, db):
    """openapi-spec-validator is not a dependency: the structure OpenAPI 3.1 requires, checked by hand."""
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.1.") and document["info"]["title"] and document["info"]["version"]
    assert document["servers"] == [{"url": "http://eventsys.test/api/v1"}]
    schemas = document["components"]["schemas"]
    assert all(re.fullmatch(r"[\w.-]+", name) for name in schemas)
    assert {ref.removeprefix("#/components/schemas/") for ref in _refs(document)} <= set(schemas)
    operation_ids = []
    for path, operations in document["paths"].items():
        assert path.startswith("/")
        for method, operation in operations.items():
            assert method in {"get", "post", "put", "patch", "delete"} and operation["summary"]
            declared = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert declared == set(re.findall(r"{(\w+)}", path)), path
            assert operation["responses"] and all(re.fullmatch(r"[1-5]\d\d", code) for code in operation["responses"])
            for code, answer in operation["responses"].items():
                assert answer["description"]
                if code.startswith(("4", "5")):  # the one error body; a refused floor plan's lists its problems too
                    body = answer["content"]["application/json"]["schema"]["$ref"].removeprefix("#/components/schemas/")
                    assert body == "ErrorBody" or (body == "PlanRefusal" and "error" in schemas[body]["properties"])
            operation_ids.append(operation["operationId"])
    assert len(operation_ids) == len(set(operation_ids))


def test_the_document_schemas_are_the_models(client, db):
    """Each component is a model's own JSON schema (as input or as output), and every model of a route is one."""
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    models = {
        name: value
        for module in (fairs, booths, meetings, directory)
        for name, value in vars(module).items()
        if isinstance(value, type) and issubclass(value, BaseModel) and value.__module__ == module.__name__
    }
    models["ErrorBody"] = ErrorBody
    assert set(models) - set(schemas) == {"Filters", "Page"}, "only the bases of other models are left out"
    for name in set(models) & set(schemas):
        own = [
            {
                key: value
                for key, value in models[name].model_json_schema(mode=mode, ref_template=REF).items()
                if key != "$defs"
            }
            for mode in ("validation", "serialization")
        ]
        assert schemas[name] in own, name
    paths = client.get("/api/v1/openapi.json").json["paths"]
    confirm = paths["/bookings/{booking_id}/confirm"]["post"]
    assert confirm["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/BillingContact")
    assert paths["/booths/{booth_id}/hold"]["post"]["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Booking"
    }
    assert "422" not in paths["/booths/{booth_id}/hold"]["post"]["responses"], "a hold reads no input"


def test_a_field_added_to_a_model_shows_up_in_the_document(tmp_path, database_url, db, monkeypatch):
    class ProbeBooking(booths.Booking):
        probe_field: int

    probe = Blueprint("probe", __name__, url_prefix="/api/v1")

    @probe.get("/probe")
    @spec.validate(resp=answers(ProbeBooking, 404))
    def show_probe():
        """A route that exists only in this test."""

    app = create_app(app_config(tmp_path, database_url))
    app.register_blueprint(probe)
    # the probe's schema leaves with the test; a deep copy, since SpecTree moves nested schemas as it builds
    monkeypatch.setattr(spec, "models", copy.deepcopy(spec.models))
    if hasattr(spec, "_spec"):
        monkeypatch.delattr(spec, "_spec")  # SpecTree builds its document once; this one has the probe
    try:
        with app.app_context():
            document = app.test_client().get("/api/v1/openapi.json").json
    finally:
        spec.__dict__.pop("_spec", None)
    properties = document["components"]["schemas"]["ProbeBooking"]["properties"]
    assert properties["probe_field"] == {"title": "Probe Field", "type": "integer"}
    assert set(properties) == {*booths.Booking.model_fields, "probe_field"}
    assert document["paths"]["/probe"]["get"]["summary"] == "A route that exists only in this test."


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


def _book(fair_app, db, fair, code: str, status: BookingStatus, held_until: datetime | None = None) -> None:
    booth = next(b for b in fair.halls[0].booths if b.code == code)
    organization = approved_startup(db, fair).organization
    db.add(BoothBooking(fair_id=fair.id, booth=booth, organization=organization, status=status, held_until=held_until))
    with fair_app.app_context():
        db.commit()  # as a view does: the cached free booths are rebuilt after the commit


def test_free_booths_leave_out_taken_and_blocked_ones(app, client, db, fair):
    ids = {b.code: b.id for b in fair.halls[0].booths}
    assert client.get("/api/v1/fairs/test-fair/free-booths").json == {"booth_ids": [ids["A01"], ids["A02"]]}
    _book(app, db, fair, "A01", BookingStatus.HELD, datetime.now(UTC) + timedelta(minutes=5))
    assert client.get("/api/v1/fairs/test-fair/free-booths").json == {"booth_ids": [ids["A02"]]}
    _book(app, db, fair, "A02", BookingStatus.CONFIRMED)
    assert client.get("/api/v1/fairs/test-fair/free-booths").json == {"booth_ids": []}


def test_a_booth_whose_hold_expired_is_free_again(app, client, db, fair):
    ids = {b.code: b.id for b in fair.halls[0].booths}
    _book(app, db, fair, "A01", BookingStatus.HELD, datetime.now(UTC) - timedelta(seconds=1))
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
        assert response.json["error"]["code"] == "not_found"


def test_centers(client, db):
    assert client.get("/api/v1/centers").json == {"centers": []}
