"""The meetings' JSON routes: my meetings, free slots, booking with refusals as JSON statuses."""

from __future__ import annotations

from sqlalchemy import func, select

from eventsys.models import Meeting, Role
from tests.conftest import create_user, login
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available


def test_book_through_the_api_and_refusals_are_json(client, db, investor, startup):
    fair = create_meeting_fair(db)
    center = create_center(db)
    make_available(db, fair, investor, center)
    make_available(db, fair, startup, center)
    request = accepted_request(db, fair, investor, startup)
    assert client.get("/api/v1/meetings").status_code == 401
    assert client.get(f"/api/v1/meetings/requests/{request.id}/slots").status_code == 401
    login(client, startup.email)
    slots = client.get(f"/api/v1/meetings/requests/{request.id}/slots").json["slots"]
    assert len(slots) == 80 and slots[0]["rooms_free"] == 1
    path = f"/api/v1/meetings/requests/{request.id}/book"
    bad = client.post(path, json={"center": center.id, "starts_at": "soon"})
    assert bad.status_code == 422 and bad.json["error"]["code"] == "invalid_input"
    assert bad.json["error"]["field"] == "starts_at"
    closed = client.post(path, json={"center": center.id, "starts_at": at(fair, 5, 10).isoformat()})
    assert closed.status_code == 422
    booked = client.post(path, json={"center": center.id, "starts_at": at(fair, 1, 10).isoformat()})
    assert booked.status_code == 201 and booked.json["sequence"] == 0
    again = client.post(path, json={"center": center.id, "starts_at": at(fair, 1, 11).isoformat()})
    assert again.status_code == 409 and "already has a meeting" in again.json["error"]["message"]
    assert [m["id"] for m in client.get("/api/v1/meetings").json["meetings"]] == [booked.json["id"]]
    assert db.scalar(select(func.count(Meeting.id))) == 1


def test_strangers_get_404(client, db, investor, startup):
    fair = create_meeting_fair(db)
    center = create_center(db)
    request = accepted_request(db, fair, investor, startup)
    login(client, create_user(db, Role.STARTUP).email)
    assert client.get(f"/api/v1/meetings/requests/{request.id}/slots").status_code == 404
    response = client.post(
        f"/api/v1/meetings/requests/{request.id}/book",
        json={"center": center.id, "starts_at": at(fair, 1, 10).isoformat()},
    )
    assert response.status_code == 404 and db.scalar(select(func.count(Meeting.id))) == 0


def test_non_numeric_request_id_is_404(client, db, startup):
    login(client, startup.email)
    assert client.get("/api/v1/meetings/requests/abc/slots").status_code == 404
