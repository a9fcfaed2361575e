"""Online meetings through the JSON API: online slots listed, booked with a link, refusals as JSON statuses."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import func, select

from eventsys.models import Meeting, Role
from tests.conftest import create_user, login
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available

LINK = "https://meet.example.com/api-call"


@pytest.fixture
def setting(db, investor, startup):
    fair = create_meeting_fair(db)
    fair.online_from = fair.starts_on - timedelta(days=2)
    fair.online_opens_at, fair.online_closes_at = time(9), time(11)
    center = create_center(db)
    make_available(db, fair, investor, center)
    make_available(db, fair, startup, center)
    return fair, center, accepted_request(db, fair, investor, startup)


def meetings_count(db) -> int:
    return db.scalar(select(func.count(Meeting.id)))


def test_online_slots_are_listed_and_booked_with_the_link(client, db, setting, startup):
    fair, center, request = setting
    login(client, startup.email)
    slots = client.get(f"/api/v1/meetings/requests/{request.id}/slots").json["slots"]
    in_person = [s for s in slots if s["mode"] == "in_person"]
    online = [s for s in slots if s["mode"] == "online"]
    assert len(in_person) == 80 and len(online) == 4 * 7  # 9:00–11:00, from two days before to the fair's end
    assert online[0]["rooms_free"] == 0
    path = f"/api/v1/meetings/requests/{request.id}/book"
    start = at(fair, -2, 9).isoformat()
    booked = client.post(path, json={"center": center.id, "starts_at": start, "mode": "online", "video_url": LINK})
    assert booked.status_code == 201
    assert booked.json["mode"] == "online" and booked.json["video_url"] == LINK and booked.json["room"] is None
    listed = client.get("/api/v1/meetings").json["meetings"]
    assert [(m["mode"], m["video_url"]) for m in listed] == [("online", LINK)]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"mode": "online", "video_url": "http://meet.example.com/x"}, 422, "video_url"),
        ({"mode": "online", "video_url": "javascript:alert(1)"}, 422, "video_url"),
        ({"mode": "online"}, 422, "video_url"),
        ({"mode": "online", "video_url": None}, 422, "video_url"),
        ({"mode": "online", "video_url": "https://meet.example.com/" + "x" * 3000}, 422, "video_url"),
        ({"mode": "online", "video_url": LINK, "starts_at": "late"}, 422, "starts_at"),
        ({"mode": "online", "video_url": LINK, "starts_at": "early"}, 422, "starts_at"),
        ({"mode": "by-pigeon", "video_url": LINK}, 422, "mode"),
    ],
)
def test_bad_online_bookings_are_json_4xx_and_write_nothing(client, db, setting, startup, body, status, field):
    fair, center, request = setting
    login(client, startup.email)
    times = {"late": at(fair, 1, 12).isoformat(), "early": at(fair, -3, 9).isoformat()}
    payload = {"center": center.id, "starts_at": at(fair, -1, 9).isoformat()} | body
    payload["starts_at"] = times.get(payload["starts_at"], payload["starts_at"])
    response = client.post(f"/api/v1/meetings/requests/{request.id}/book", json=payload)
    assert response.status_code == status, response.json
    assert response.json["error"]["field"] == field and response.json["error"]["message"]
    assert meetings_count(db) == 0


def test_a_stranger_cannot_book_online(client, db, setting):
    fair, center, request = setting
    login(client, create_user(db, Role.INVESTOR).email)
    response = client.post(
        f"/api/v1/meetings/requests/{request.id}/book",
        json={"center": center.id, "starts_at": at(fair, -1, 9).isoformat(), "mode": "online", "video_url": LINK},
    )
    assert response.status_code == 404 and meetings_count(db) == 0
