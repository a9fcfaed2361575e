"""Setting up the Business Support Centers: create, edit (a new slot length or zone asks first), rooms, hours,
closures and closing a center, which then takes no new availability or meetings anywhere."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from eventsys.models import AuditEntry, Center, FairRole, FairStaff, MeetingStatus, MemberRole, Membership, Role, Room
from eventsys.services.errors import ConfirmationNeeded, DomainError, InvalidInput
from eventsys.services.meetings import availability as availability_service
from eventsys.services.meetings import booking as meeting_service
from eventsys.services.meetings import center_settings as settings
from eventsys.services.meetings import free_slots
from eventsys.services.meetings import requests as request_service
from eventsys.services.meetings import runs as schedule_runs
from eventsys.services.meetings.center_settings import CenterValues
from tests.calendar_factories import create_meeting
from tests.conftest import create_user, login
from tests.meeting_factories import (
    accepted_request,
    at,
    center_values,
    create_center,
    create_meeting_fair,
    make_available,
)

#: Service tests word their refusals in an app context; page tests must not run in one (it would share `g`).
in_app = pytest.mark.usefixtures("app_context")

GOOD = {
    "slug": "sendai",
    "city": "Sendai",
    "city_ja": "仙台",
    "name": "Invest Japan Business Support Center Sendai",
    "address": "1-1 Chuo, Aoba-ku, Sendai",
    "address_ja": "仙台市青葉区中央1-1",
    "timezone": "Asia/Tokyo",
    "phone": "+81 22-000-0000",
    "email": "sendai@example.com",
    "slot_minutes": "30",
    "buffer_minutes": "10",
}


def new_values(**changes) -> CenterValues:
    fields = {k: v for k, v in GOOD.items() if k not in ("slug", "city_ja", "address_ja")}
    fields |= {"slot_minutes": 30, "buffer_minutes": 10}
    fields |= {"city_translations": {"ja": GOOD["city_ja"]}, "address_translations": {"ja": GOOD["address_ja"]}}
    return CenterValues(**(fields | changes))


@pytest.fixture
def week(db, investor, startup, organizer_organization):
    """A fair week at a center where investor and startup are both free and have accepted each other."""
    fair = create_meeting_fair(db, organizer_id=organizer_organization.id)
    center = create_center(db, rooms=(("Room A", 4), ("Room B", 6)))
    make_available(db, fair, investor, center)
    make_available(db, fair, startup, center)
    return fair, center, accepted_request(db, fair, investor, startup)


# Creating and editing


@in_app
def test_create_center_and_audit(db, organizer):
    center = settings.create_center(db, slug=" Sendai ", values=new_values(), actor=organizer)
    assert (center.slug, center.city_local, center.buffer_minutes, center.is_closed) == ("sendai", "仙台", 10, False)
    assert db.query(AuditEntry).filter_by(action="center.create", subject_id=center.id).count() == 1


@in_app
@pytest.mark.parametrize(
    ("slug", "changes", "field", "words"),
    [
        ("new", {}, "slug", "short name"),
        ("two words", {}, "slug", "short name"),
        ("taken", {}, "slug", "already a center"),
        ("ok", {"timezone": "Mars/Olympus"}, "timezone", "time zone"),
        ("ok", {"timezone": "Etc/GMT+9"}, "timezone", "time zone"),
        ("ok", {"slot_minutes": 4}, "slot_minutes", "between 5 and 240"),
        ("ok", {"slot_minutes": 241}, "slot_minutes", "between 5 and 240"),
        ("ok", {"buffer_minutes": -1}, "buffer_minutes", "between 0 and 120"),
        ("ok", {"phone": "call me"}, "phone", "phone number"),
        ("ok", {"email": "nobody"}, "email", "e-mail"),
        ("ok", {"city": "  "}, "city", "Fill in"),
        ("ok", {"address": "x" * 256}, "address", "255"),
    ],
)
def test_create_center_refusals(db, organizer, slug, changes, field, words):
    create_center(db, slug="taken")
    with pytest.raises(InvalidInput) as refusal:
        settings.create_center(db, slug=slug, values=new_values(**changes), actor=organizer)
    assert refusal.value.field == field and words in str(refusal.value)


@in_app
def test_a_new_slot_length_or_zone_with_booked_meetings_asks_first(db, week, investor, startup, organizer):
    fair, center, _request = week
    meeting = create_meeting(db, fair, center.rooms[0], investor, startup, starts_at=at(fair, 0, 10))
    settings.update_center(db, center, center_values(center, name="Renamed", buffer_minutes=5), actor=organizer)
    assert center.name == "Renamed"  # no question: slots and zone stay
    to_hawaii = center_values(center, timezone="Pacific/Honolulu", slot_minutes=45)
    with pytest.raises(ConfirmationNeeded, match="1 booked meetings"):
        settings.update_center(db, center, to_hawaii, actor=organizer)
    assert center.timezone == "Asia/Tokyo"
    (affected,) = settings.get_affected_meetings(db, center, to_hawaii)
    assert affected.local_start_before.hour == 10 and affected.local_start_after.hour == 15  # the day before
    assert affected.lasts_minutes == 30
    settings.update_center(db, center, to_hawaii, actor=organizer, confirmed=True)
    assert (center.timezone, center.slot_minutes) == ("Pacific/Honolulu", 45)
    assert meeting.starts_at == at(fair, 0, 10) and meeting.ends_at - meeting.starts_at == timedelta(minutes=30)


@in_app
def test_without_booked_meetings_the_slot_length_changes_at_once(db, week, investor, startup, organizer):
    fair, center, _request = week
    past = create_meeting(db, fair, center.rooms[0], investor, startup, starts_at=datetime(2020, 1, 6, 1, tzinfo=UTC))
    cancelled = create_meeting(db, fair, center.rooms[1], investor, startup, starts_at=at(fair, 1, 10))
    cancelled.status = MeetingStatus.CANCELLED
    db.flush()
    settings.update_center(db, center, center_values(center, slot_minutes=60), actor=organizer)
    assert center.slot_minutes == 60 and past.center_id == center.id


# Rooms, hours, closures


@in_app
def test_rooms_rename_capacity_and_delete(db, week, investor, startup, organizer):
    fair, center, _request = week
    room_a, room_b = center.rooms
    settings.update_room(db, center, room_a, name="Sakura", capacity=8, actor=organizer)
    assert (room_a.name, room_a.capacity) == ("Sakura", 8)
    with pytest.raises(InvalidInput, match="already has a room"):
        settings.update_room(db, center, room_b, name="Sakura", capacity=6, actor=organizer)
    with pytest.raises(InvalidInput, match="at least two"):
        settings.update_room(db, center, room_b, name="Room B", capacity=1, actor=organizer)
    create_meeting(db, fair, room_a, investor, startup, starts_at=at(fair, 0, 10))
    create_meeting(db, fair, room_a, investor, startup, starts_at=at(fair, 1, 10))
    with pytest.raises(InvalidInput, match="2 booked meetings are in Sakura"):
        settings.delete_room(db, center, room_a, actor=organizer)
    create_meeting(db, fair, room_b, investor, startup, starts_at=datetime(2020, 1, 6, 1, tzinfo=UTC))
    with pytest.raises(InvalidInput, match="record of 1 earlier meetings"):
        settings.delete_room(db, center, room_b, actor=organizer)
    spare = settings.add_room(db, center, name="Spare", capacity=2, actor=organizer)
    settings.delete_room(db, center, spare, actor=organizer)
    assert db.get(Room, spare.id) is None and sorted(r.name for r in center.rooms) == ["Room B", "Sakura"]


@in_app
def test_closures_refuse_days_with_meetings_and_silly_dates(db, week, investor, startup, organizer):
    fair, center, _request = week
    create_meeting(db, fair, center.rooms[0], investor, startup, starts_at=at(fair, 0, 10))
    with pytest.raises(InvalidInput, match="1 meetings are booked at this center that day"):
        settings.add_closure(db, center, on=fair.starts_on, reason="Audit", actor=organizer)
    with pytest.raises(InvalidInput, match="between 2000 and 2100"):
        settings.add_closure(db, center, on=date(9999, 12, 31), reason=None, actor=organizer)
    settings.add_closure(db, center, on=fair.starts_on + timedelta(days=1), reason="Audit", actor=organizer)
    with pytest.raises(InvalidInput, match="close after it opens"):
        settings.set_opening_hours(db, center, weekday=0, opens_at=time(12), closes_at=time(12), actor=organizer)
    with pytest.raises(InvalidInput, match="close after it opens"):
        settings.set_opening_hours(db, center, weekday=0, opens_at=time(12), closes_at=None, actor=organizer)


# Closing a center


@in_app
def test_close_is_refused_while_meetings_are_booked_then_closes_and_reopens(db, week, investor, startup, organizer):
    fair, center, _request = week
    booked = create_meeting(db, fair, center.rooms[0], investor, startup, starts_at=at(fair, 0, 10))
    with pytest.raises(InvalidInput, match="1 meetings to come are booked"):
        settings.close_center(db, center, actor=organizer)
    booked.status = MeetingStatus.CANCELLED
    past = create_meeting(db, fair, center.rooms[0], investor, startup, starts_at=datetime(2020, 1, 6, 1, tzinfo=UTC))
    settings.close_center(db, center, actor=organizer)
    assert center.is_closed and past.center_id == center.id
    with pytest.raises(InvalidInput, match="already closed"):
        settings.close_center(db, center, actor=organizer)
    settings.reopen_center(db, center, actor=organizer)
    assert not center.is_closed
    with pytest.raises(InvalidInput, match="is open"):
        settings.reopen_center(db, center, actor=organizer)
    actions = [e.action for e in db.query(AuditEntry).filter_by(subject_type="Center", subject_id=center.id)]
    assert actions == ["center.close", "center.reopen_center"]


@in_app
def test_a_closed_center_takes_no_availability_requests_or_meetings(db, week, investor, startup, organizer):
    fair, center, request = week
    settings.close_center(db, center, actor=organizer)
    message = f"The {center.city} center is closed: it takes no new availability or meetings."
    with pytest.raises(InvalidInput, match=message):
        availability_service.add_availability(
            db, fair, investor, center=center, day=fair.starts_on, starts=time(9), ends=time(12)
        )
    with pytest.raises(InvalidInput, match=message):
        availability_service.add_opening_hours(db, fair, investor, centers=[center])
    with pytest.raises(InvalidInput, match=message):
        meeting_service.book_meeting(db, request, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    assert free_slots.get_free_slots(db, request, [center], daily_cap=8) == []
    with pytest.raises(InvalidInput, match=message):
        request_service.send_request(
            db,
            fair,
            create_user(db, Role.INVESTOR),
            startup.organization,
            message=None,
            language="en",
            centers=[center],
            limits=request_service.RequestLimits(open_requests=30, expiry_days=7),
        )


@in_app
def test_a_meeting_cannot_be_moved_into_a_closed_center(db, week, investor, startup, organizer):
    fair, center, request = week
    meeting = meeting_service.book_meeting(db, request, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    other = create_center(db)
    make_available(db, fair, investor, other)
    make_available(db, fair, startup, other)
    settings.close_center(db, other, actor=organizer)
    with pytest.raises(InvalidInput, match="is closed"):
        meeting_service.reschedule_meeting(db, meeting, investor, center=other, starts_at=at(fair, 1, 10), daily_cap=8)


@in_app
def test_the_scheduler_leaves_a_closed_center_out_and_refuses_a_preview_made_before(db, week, organizer):
    fair, center, _request = week
    before = schedule_runs.run_scheduler(db, fair, organizer, daily_cap=8)
    assert before.scheduled == 1 and before.result["meetings"][0]["center"] == center.id
    settings.close_center(db, center, actor=organizer)
    after = schedule_runs.run_scheduler(db, fair, organizer, daily_cap=8)
    assert after.scheduled == 0
    with pytest.raises(DomainError, match=f"{center.city} closed since this preview"):
        schedule_runs.publish_run(db, before, organizer, daily_cap=8)


# The pages


@pytest.fixture
def organizer_client(app, db, organizer):
    client = app.test_client()
    assert login(client, organizer.email).status_code == 302
    return client


def test_create_a_center_through_the_form(organizer_client, db):
    page = organizer_client.get("/organizer/centers/new").get_data(as_text=True)
    assert '<option selected value="Asia/Tokyo">' in page or 'value="Asia/Tokyo" selected' in page
    response = organizer_client.post("/organizer/centers/new", data=GOOD)
    assert response.status_code == 303 and response.headers["Location"].endswith("/organizer/centers/sendai")
    center = db.query(Center).filter_by(slug="sendai").one()
    assert center.phone == "+81 22-000-0000" and center.address_local == "仙台市青葉区中央1-1"
    listing = organizer_client.get("/organizer/centers/").get_data(as_text=True)
    assert "Sendai" in listing and "仙台" in listing


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"slug": "Sendai City"}, "Use a-z, 0-9 and -."),
        ({"slug": "new"}, "The short name has at most 40 lower-case letters"),
        ({"timezone": "Mars/Olympus"}, "Not a valid choice."),
        ({"slot_minutes": "4"}, "Number must be between 5 and 240."),
        ({"slot_minutes": "nan"}, "Not a valid integer value."),
        ({"buffer_minutes": "-1"}, "Number must be between 0 and 120."),
        ({"email": "nobody"}, "Enter a valid e-mail address."),
        ({"phone": "call me"}, "Enter a phone number of digits"),
        ({"city": ""}, "This field is required."),
    ],
)
def test_create_form_refusals_are_422_with_the_message(organizer_client, db, changes, message):
    response = organizer_client.post("/organizer/centers/new", data=GOOD | changes)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert db.query(Center).filter_by(city="Sendai").count() == 0


def test_duplicate_slug_is_422(organizer_client, db):
    create_center(db, slug="sendai")
    db.commit()
    response = organizer_client.post("/organizer/centers/new", data=GOOD)
    assert response.status_code == 422 and "There is already a center with the short name sendai." in response.text


def test_settings_page_confirms_a_new_zone_with_the_meetings_it_touches(organizer_client, db, week, investor, startup):
    fair, center, _request = week
    create_meeting(db, fair, center.rooms[0], investor, startup, starts_at=at(fair, 0, 10))
    db.commit()
    url = f"/organizer/centers/{center.slug}"
    assert organizer_client.get(url).status_code == 200
    form = GOOD | {"city": center.city, "timezone": "Asia/Seoul", "slot_minutes": "30", "buffer_minutes": "0"}
    asked = organizer_client.post(url, data=form)
    text = asked.get_data(as_text=True)
    assert asked.status_code == 409 and "1 booked meetings at this center keep their times" in text
    assert 'name="confirm_changes"' in text and "KST" in text and "Room A" in text
    assert db.get(Center, center.id).timezone == "Asia/Tokyo"
    assert organizer_client.post(url, data=form | {"confirm_changes": "y"}).status_code == 303
    assert db.get(Center, center.id).timezone == "Asia/Seoul"
    assert organizer_client.post(url, data=form | {"slot_minutes": "500"}).status_code == 422


def test_rooms_hours_closures_and_closing_through_the_pages(organizer_client, db, week, investor, startup):
    fair, center, _request = week
    room_a, room_b = center.rooms
    create_meeting(db, fair, room_a, investor, startup, starts_at=at(fair, 0, 10))
    db.commit()
    base = f"/organizer/centers/{center.slug}"
    post = organizer_client.post
    assert post(f"{base}/rooms", data={"room-name": "Room C", "room-capacity": "3"}).status_code == 303
    duplicate = post(f"{base}/rooms", data={"room-name": "Room C", "room-capacity": "3"})
    assert duplicate.status_code == 422 and "This center already has a room of that name." in duplicate.text
    assert post(f"{base}/rooms", data={"room-name": "Tiny", "room-capacity": "1"}).status_code == 422
    renamed = post(
        f"{base}/rooms/{room_b.id}", data={f"room-{room_b.id}-name": "Fuji", f"room-{room_b.id}-capacity": "10"}
    )
    assert renamed.status_code == 303 and db.get(Room, room_b.id).name == "Fuji"
    clash = post(
        f"{base}/rooms/{room_b.id}", data={f"room-{room_b.id}-name": "Room A", f"room-{room_b.id}-capacity": "10"}
    )
    assert clash.status_code == 422 and "already has a room of that name" in clash.text
    refused = post(f"{base}/rooms/{room_a.id}/delete")
    assert refused.status_code == 422 and "1 booked meetings are in Room A" in refused.text
    assert post(f"{base}/rooms/{room_b.id}/delete").status_code == 303
    assert post(f"{base}/rooms/999999/delete").status_code == 404
    bad_hours = post(f"{base}/hours", data={"weekday": "0", "opens_at": "12:00", "closes_at": "09:00"})
    assert bad_hours.status_code == 422 and "The center must close after it opens." in bad_hours.text
    assert post(f"{base}/hours", data={"weekday": "5", "opens_at": "10:00", "closes_at": "12:00"}).status_code == 303
    busy_day = post(f"{base}/closures", data={"on": fair.starts_on.isoformat(), "reason": "Audit"})
    assert busy_day.status_code == 422 and "1 meetings are booked at this center that day" in busy_day.text
    assert post(f"{base}/closures", data={"on": "9999-12-31"}).status_code == 422
    refused_close = post(f"{base}/close")
    assert refused_close.status_code == 422 and "1 meetings to come are booked at this center" in refused_close.text


def test_a_closed_center_is_not_offered_to_startups_and_investors(app, db, week, investor, organizer):
    fair, center, _request = week
    other = create_center(db, city="Kobe-test")
    settings.close_center(db, center, actor=organizer)
    db.commit()
    client = app.test_client()
    assert "Kobe-test" in client.get("/centers/").text and center.city not in client.get("/centers/").text
    assert "closed and takes no new meetings" in client.get(f"/centers/{center.slug}").text
    assert center.slug not in {c["slug"] for c in client.get("/api/v1/centers").json["centers"]}
    assert client.get(f"/api/v1/centers/{center.slug}").json["closed"] is True
    login(client, investor.email)
    availability = client.get(f"/meetings/fairs/{fair.slug}/availability").text
    assert f'<option value="{other.id}">' in availability and f'<option value="{center.id}">' not in availability
    refused = client.post(
        f"/meetings/fairs/{fair.slug}/availability",
        data={
            "add-center": center.id,
            "add-day": fair.starts_on.isoformat(),
            "add-starts": "09:00",
            "add-ends": "10:00",
        },
    )
    assert refused.status_code == 422
    assert (
        client.post(f"/meetings/fairs/{fair.slug}/availability/quick", data={"quick-centers": [center.id]}).status_code
        == 422
    )
    request_form = client.get(f"/meetings/fairs/{fair.slug}/requests/new").text
    assert f'value="{other.id}"' in request_form and f'value="{center.id}"' not in request_form


def test_closing_and_reopening_through_the_page(organizer_client, db, week):
    _fair, center, _request = week
    db.commit()
    assert organizer_client.post(f"/organizer/centers/{center.slug}/close").status_code == 303
    page = organizer_client.get(f"/organizer/centers/{center.slug}").text
    assert "Reopen the center" in page and "Closed since" in page
    assert organizer_client.post(f"/organizer/centers/{center.slug}/close").status_code == 422
    assert organizer_client.post(f"/organizer/centers/{center.slug}/reopen").status_code == 303
    assert not db.get(Center, center.id).is_closed


CENTER_ROUTES = [
    ("get", "/organizer/centers/"),
    ("get", "/organizer/centers/new"),
    ("post", "/organizer/centers/new"),
    ("get", "/organizer/centers/{slug}"),
    ("post", "/organizer/centers/{slug}"),
    ("post", "/organizer/centers/{slug}/rooms"),
    ("post", "/organizer/centers/{slug}/rooms/{room_id}"),
    ("post", "/organizer/centers/{slug}/rooms/{room_id}/delete"),
    ("post", "/organizer/centers/{slug}/hours"),
    ("post", "/organizer/centers/{slug}/closures"),
    ("post", "/organizer/centers/{slug}/close"),
    ("post", "/organizer/centers/{slug}/reopen"),
]


def test_only_organizers_and_admins_may_edit_centers(app, db, startup, investor, admin, organizer):
    center = create_center(db)
    db.commit()
    paths = [(m, p.format(slug=center.slug, room_id=center.rooms[0].id)) for m, p in CENTER_ROUTES]
    anonymous = app.test_client()
    for method, path in paths:
        response = getattr(anonymous, method)(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"], path
    for user in (startup, investor):
        client = app.test_client()
        login(client, user.email)
        for method, path in paths:
            assert getattr(client, method)(path, data=GOOD).status_code == 403, (user.email, path)
    for user in (admin, organizer):
        client = app.test_client()
        assert login(client, user.email).status_code == 302, user.email
        assert client.get(paths[0][1]).status_code == 200
        assert client.get("/organizer/centers/no-such-center").status_code == 404


def test_a_check_in_member_does_not_edit_centers(app, db, fair, organizer_organization):
    """can_manage_centers is for the owners and staff of a verified organizer (README's table): a member who only
    works a check-in desk edits neither centers nor booth types."""
    check_in = create_user(db, Role.ORGANIZER)
    db.add(Membership(user=check_in, organization=organizer_organization, role=MemberRole.MEMBER))
    db.add(FairStaff(fair_id=fair.id, user_id=check_in.id, role=FairRole.CHECK_IN))
    db.commit()
    client = app.test_client()
    login(client, check_in.email)
    assert client.get("/organizer/centers/").status_code == 403
    assert client.get(f"/organizer/fairs/{fair.slug}/booth-types").status_code == 403
