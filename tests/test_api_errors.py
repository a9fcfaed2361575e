"""Every error of every API module answers the same body, {"error": {"code", "message", "field"}}, with its status.

(The meetings module's 403 is the service's NotAllowed, which its loader's 404 for strangers leaves unreachable.)"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from eventsys import create_app
from eventsys.models import Meeting, Role
from tests.booth_factories import approved_startup
from tests.conftest import app_config, create_user, csrf_token, login
from tests.directory_factories import investor_org, investor_user
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available


def assert_error(response, status: int, code: str, field: str | None = None) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    error = response.json["error"]
    assert set(error) == {"code", "message", "field"}
    assert (error["code"], error["field"]) == (code, field)
    assert isinstance(error["message"], str) and error["message"]


def test_fairs(client, fair):
    assert_error(client.get("/api/v1/fairs/nope"), 404, "not_found")
    assert_error(client.get("/api/v1/fairs/test-fair/halls/nope/booths"), 404, "not_found")
    assert_error(client.post("/api/v1/fairs"), 405, "method_not_allowed")
    assert_error(client.get("/api/v1/nothing-here"), 404, "not_found")


def test_booths(client, db, fair, investor):
    booths = fair.halls[0].booths
    holder, rival = approved_startup(db, fair), approved_startup(db, fair)
    assert_error(client.post(f"/api/v1/booths/{booths[0].id}/hold"), 401, "unauthorized")
    login(client, investor.email)
    assert_error(client.post(f"/api/v1/booths/{booths[0].id}/hold"), 403, "forbidden")
    client.post("/logout")
    login(client, holder.email)
    assert_error(client.post("/api/v1/booths/999999/hold"), 404, "not_found")
    assert_error(client.post(f"/api/v1/booths/{booths[2].id}/hold"), 409, "booth_unavailable")
    held = client.post(f"/api/v1/booths/{booths[0].id}/hold").json["id"]
    confirm = f"/api/v1/bookings/{held}/confirm"
    too_long = {"billing_name": "M" * 161, "billing_email": "m@example.com"}
    assert_error(client.post(confirm, json=too_long), 422, "invalid_input", "billing_name")
    assert_error(client.post(confirm, json={"billing_name": "Mei"}), 422, "invalid_input", "billing_email")
    assert_error(client.post(confirm, json=["billing_name"]), 422, "invalid_input")
    bad_email = {"billing_name": "Mei", "billing_email": "nope"}
    assert_error(client.post(confirm, json=bad_email), 422, "invalid_input", "email")
    malformed = client.post(confirm, data="{billing_name", content_type="application/json")
    assert_error(malformed, 400, "invalid_json")
    as_form = client.post(confirm, data={"billing_name": "Mei", "billing_email": "m@example.com"})
    assert_error(as_form, 400, "invalid_json")
    client.post("/logout")
    login(client, rival.email)
    assert_error(client.post(f"/api/v1/booths/{booths[0].id}/hold"), 409, "booth_unavailable")
    assert_error(client.post(f"/api/v1/bookings/{held}/cancel"), 404, "not_found")


def test_booths_without_the_csrf_token(tmp_path, database_url, db, fair):
    app = create_app(app_config(tmp_path, database_url, WTF_CSRF_ENABLED=True))
    with app.app_context():
        client = app.test_client()
        token = csrf_token(client, "/login")
        holder = approved_startup(db, fair)
        client.post("/login", data={"email": holder.email, "password": "Correct-Horse-42", "csrf_token": token})
        assert_error(client.post(f"/api/v1/booths/{fair.halls[0].booths[0].id}/hold"), 400, "csrf_error")


def test_meetings(client, db, investor, startup):
    fair, center = create_meeting_fair(db), create_center(db)
    make_available(db, fair, investor, center)
    make_available(db, fair, startup, center)
    request = accepted_request(db, fair, investor, startup)
    book = f"/api/v1/meetings/requests/{request.id}/book"
    slot = {"center": center.id, "starts_at": at(fair, 1, 10).isoformat()}
    assert_error(client.get("/api/v1/meetings"), 401, "unauthorized")
    assert_error(client.post(book, json=slot), 401, "unauthorized")
    login(client, create_user(db, Role.STARTUP).email)
    assert_error(client.get(f"/api/v1/meetings/requests/{request.id}/slots"), 404, "not_found")
    client.post("/logout")
    login(client, startup.email)
    assert_error(client.get("/api/v1/meetings/requests/abc/slots"), 404, "not_found")
    assert_error(client.post(book, json={**slot, "starts_at": "soon"}), 422, "invalid_input", "starts_at")
    assert_error(client.post(book, json={"starts_at": slot["starts_at"]}), 422, "invalid_input", "center")
    assert_error(client.post(book, json={**slot, "center": 999999}), 422, "invalid_input", "center")
    assert_error(client.post(book, data="[1, 2", content_type="application/json"), 400, "invalid_json")
    assert client.post(book, json=slot).status_code == 201
    assert_error(client.post(book, json=slot), 409, "conflict")
    assert db.scalar(select(func.count(Meeting.id))) == 1
    assert_error(client.get("/api/v1/centers/nope"), 404, "not_found")


def test_directory(client, db, startup):
    assert_error(client.get("/api/v1/directory/startups"), 401, "unauthorized")
    assert_error(client.get("/api/v1/directory/recommendations"), 401, "unauthorized")
    login(client, startup.email)
    assert_error(client.get("/api/v1/directory/startups"), 403, "forbidden")
    assert_error(client.get("/api/v1/directory/investors?sort=stage"), 422, "invalid_input", "sort")
    client.post("/logout")
    login(client, investor_user(db, investor_org(db, "Error Capital"), "errors@example.com").email)
    assert_error(client.get("/api/v1/directory/investors"), 403, "forbidden")
    for query, field in (("stage=unicorn", "stage"), ("page=0", "page"), ("sector=nope", "sector"), ("fair=x", "fair")):
        assert_error(client.get(f"/api/v1/directory/startups?{query}"), 422, "invalid_input", field)


@pytest.mark.parametrize("body", [{"gate": "A"}, {"gate": "", "code": "x"}])
def test_the_check_in_desk_answers_bad_input_with_the_same_body(client, db, organizer, body):
    from tests.badges_factories import staff_fair

    show = staff_fair(db, organizer, slug="error-show", name="Error Show")
    login(client, organizer.email)
    response = client.post("/checkin/scan", json={"fair": show.slug, **body})
    assert_error(response, 422, "invalid_input", response.json["error"]["field"])
    assert response.json["error"]["field"] in ("code", "gate")
