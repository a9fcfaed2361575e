"""The proposed slots' JSON routes: list mine, propose three, accept one (booking it), decline, withdraw; bad
input and users who may not act, answered with the one error body and nothing written."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from eventsys.models import Meeting, Notice, NoticeKind, ProposalStatus, Role, SlotProposal
from tests.conftest import create_user, login
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available


@pytest.fixture
def setting(db, investor, startup, organizer_organization):
    """An accepted request whose sides are free on different days: no common slot."""
    fair = create_meeting_fair(db, organizer_id=organizer_organization.id)
    center = create_center(db, rooms=(("Room A", 4),))
    make_available(db, fair, investor, center, fair.starts_on)
    make_available(db, fair, startup, center, fair.starts_on + timedelta(days=1))
    request = accepted_request(db, fair, investor, startup)
    db.commit()
    return fair, center, request


#: Outside the fair and ten past the hour: refused as the third slot, whichever check speaks first.
OFF_GRID = "2030-01-07T10:10:00+09:00"


def body(fair, center, hours=(10, 11, 14), day=2) -> dict:
    return {"slots": [{"center": center.id, "starts_at": at(fair, day, hour).isoformat()} for hour in hours]}


def count(db, model) -> int:
    return db.scalar(select(func.count(model.id)))


def switch(client, user) -> None:
    client.post("/logout")
    login(client, user.email)


def test_propose_list_and_accept(client, db, setting, investor, startup):
    fair, center, request = setting
    login(client, startup.email)
    proposed = client.post(f"/api/v1/meetings/requests/{request.id}/proposals", json=body(fair, center))
    assert proposed.status_code == 201, proposed.json
    proposal = proposed.json
    assert proposal["status"] == "open" and proposal["withdrawable"] and not proposal["answerable"]
    assert [slot["position"] for slot in proposal["slots"]] == [1, 2, 3]
    assert datetime.fromisoformat(proposal["slots"][1]["starts_at"]) == at(fair, 2, 11)
    assert proposal["slots"][1]["local_start"].endswith("T11:00:00+09:00")
    switch(client, investor)
    [listed] = client.get("/api/v1/meetings/proposals").json["proposals"]
    assert listed["id"] == proposal["id"] and listed["answerable"] and not listed["withdrawable"]
    assert db.scalar(select(Notice).where(Notice.user_id == investor.id, Notice.kind == NoticeKind.SLOTS_PROPOSED))
    accepted = client.post(f"/api/v1/meetings/proposals/{proposal['id']}/accept", json={"position": 2})
    assert accepted.status_code == 201 and accepted.json["request"] == request.id
    meeting = db.get(Meeting, accepted.json["id"])
    assert meeting.starts_at == at(fair, 2, 11)
    again = client.post(f"/api/v1/meetings/proposals/{proposal['id']}/accept", json={"position": 1})
    assert again.status_code == 409 and "already been answered" in again.json["error"]["message"]
    [listed] = client.get("/api/v1/meetings/proposals").json["proposals"]
    assert listed["status"] == "picked" and listed["picked_position"] == 2 and listed["meeting"] == meeting.id
    assert count(db, Meeting) == 1


def test_decline_and_withdraw(client, db, setting, investor, startup):
    fair, center, request = setting
    login(client, startup.email)
    first = client.post(f"/api/v1/meetings/requests/{request.id}/proposals", json=body(fair, center)).json
    switch(client, investor)
    declined = client.post(f"/api/v1/meetings/proposals/{first['id']}/decline")
    assert declined.status_code == 200 and declined.json["status"] == "declined"
    second = client.post(f"/api/v1/meetings/requests/{request.id}/proposals", json=body(fair, center, day=3))
    assert second.status_code == 201
    withdrawn = client.post(f"/api/v1/meetings/proposals/{second.json['id']}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json["status"] == "withdrawn"
    assert db.scalar(select(Notice).where(Notice.user_id == startup.id, Notice.kind == NoticeKind.SLOTS_WITHDRAWN))
    statuses = [p["status"] for p in client.get("/api/v1/meetings/proposals").json["proposals"]]
    assert statuses == ["withdrawn", "declined"]


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        (lambda b, center: {"slots": b["slots"][:2]}, 422, "exactly three"),
        (lambda b, center: {"slots": [b["slots"][0]] * 3}, 422, "three different"),
        (lambda b, center: {"slots": [*b["slots"][:2], {"center": 2**31 - 1, "starts_at": b["slots"][0]["starts_at"]}]},
         422, "Slot 3: no such center"),
        (lambda b, center: {"slots": [*b["slots"][:2], {"center": center.id, "starts_at": "2030-01-07T10:00:00"}]},
         422, ""),  # no UTC offset
        (lambda b, center: {"slots": [{"center": center.id, "starts_at": "x"}] * 3}, 422, ""),
        (lambda b, center: {"slots": [*b["slots"][:2], {**b["slots"][2], "starts_at": OFF_GRID}]}, 422, "Slot 3:"),
        (lambda b, center: {"slots": b["slots"] * 4}, 422, ""),  # more than the schema takes
        (lambda b, center: {}, 422, ""),
    ],
)  # fmt: skip
def test_bad_proposals_are_refused_and_nothing_is_written(client, db, setting, startup, change, status, message):
    fair, center, request = setting
    login(client, startup.email)
    response = client.post(f"/api/v1/meetings/requests/{request.id}/proposals", json=change(body(fair, center), center))
    assert response.status_code == status, response.json
    assert set(response.json["error"]) == {"code", "message", "field"} and message in response.json["error"]["message"]
    assert count(db, SlotProposal) == 0


def test_bad_accepts_are_refused(client, db, setting, investor, startup):
    fair, center, request = setting
    login(client, startup.email)
    proposal = client.post(f"/api/v1/meetings/requests/{request.id}/proposals", json=body(fair, center)).json
    switch(client, investor)
    path = f"/api/v1/meetings/proposals/{proposal['id']}/accept"
    for bad in ({}, {"position": 0}, {"position": 4}, {"position": "one"}):
        response = client.post(path, json=bad)
        assert response.status_code == 422 and response.json["error"]["message"], bad
    assert client.post("/api/v1/meetings/proposals/2147483647/accept", json={"position": 1}).status_code == 404
    assert db.get(SlotProposal, proposal["id"]).status == ProposalStatus.OPEN and count(db, Meeting) == 0


def test_users_who_may_not_act_are_refused(client, db, setting, investor, startup):
    fair, center, request = setting
    assert client.get("/api/v1/meetings/proposals").status_code == 401
    assert client.post(f"/api/v1/meetings/requests/{request.id}/proposals", json=body(fair, center)).status_code == 401
    login(client, startup.email)
    proposal = client.post(f"/api/v1/meetings/requests/{request.id}/proposals", json=body(fair, center)).json
    base = f"/api/v1/meetings/proposals/{proposal['id']}"
    # The proposer answers nothing of its own.
    assert client.post(f"{base}/accept", json={"position": 1}).status_code == 403
    assert client.post(f"{base}/decline").status_code == 403
    # The other side does not withdraw what it did not propose.
    switch(client, investor)
    assert client.post(f"{base}/withdraw").json["error"]["code"]
    assert client.post(f"{base}/withdraw").status_code == 403
    # A stranger sees nothing of it: 404 everywhere, and an empty list.
    stranger = create_user(db, Role.STARTUP)
    db.commit()
    switch(client, stranger)
    assert client.get("/api/v1/meetings/proposals").json["proposals"] == []
    assert client.post(f"/api/v1/meetings/requests/{request.id}/proposals", json=body(fair, center)).status_code == 404
    for action, json in (("accept", {"position": 1}), ("decline", None), ("withdraw", None)):
        assert client.post(f"{base}/{action}", json=json).status_code == 404
    assert db.get(SlotProposal, proposal["id"]).status == ProposalStatus.OPEN and count(db, Meeting) == 0
    assert count(db, SlotProposal) == 1


def test_the_documents_lists_the_routes(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"/meetings/proposals", "/meetings/requests/{request_id}/proposals"} <= set(paths)
    for action in ("accept", "decline", "withdraw"):
        assert f"/meetings/proposals/{{proposal_id}}/{action}" in paths


def test_an_organizer_may_not_propose_whatever_the_body(client, db, setting, organizer):
    """Who asks is answered before what they sent: an unknown center does not hide the refusal."""
    fair, center, request = setting
    login(client, organizer.email)
    bad_center = {"slots": [{"center": 2**31 - 1, "starts_at": at(fair, 2, 10).isoformat()}] * 3}
    for sent in (body(fair, center), bad_center):
        response = client.post(f"/api/v1/meetings/requests/{request.id}/proposals", json=sent)
        assert response.status_code == 403 and "Only the two sides" in response.json["error"]["message"]
    assert count(db, SlotProposal) == 0
