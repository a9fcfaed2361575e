"""Meeting pages through the test client: requests, availability, slot picker, agenda, organizer pages, CLI."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from eventsys.models import (
    Availability,
    CenterClosure,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    OrganizationKind,
    RequestStatus,
    Role,
    ScheduleRun,
    Verification,
)
from tests.conftest import create_organization, create_user, login
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available


@pytest.fixture
def setting(db, investor, startup, organizer_organization):
    fair = create_meeting_fair(db, organizer_id=organizer_organization.id)
    center = create_center(db, rooms=(("Room A", 4),))
    make_available(db, fair, investor, center)
    make_available(db, fair, startup, center)
    return fair, center


def meetings_count(db) -> int:
    return db.scalar(select(func.count(Meeting.id)))


@pytest.mark.parametrize(
    "path", ["/meetings/", "/meetings/fairs/x/requests", "/meetings/requests/1/slots", "/organizer/meetings/centers/x"]
)
def test_anonymous_is_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_investor_sends_and_startup_accepts_then_books(client, db, setting, investor, startup, outbox):
    fair, center = setting
    login(client, investor.email)
    page = client.get(f"/meetings/fairs/{fair.slug}/requests/new")
    assert page.status_code == 200 and startup.organization.name not in page.get_data(as_text=True)  # no list of all
    page = client.get(f"/meetings/fairs/{fair.slug}/requests/new", query_string={"q": startup.organization.name})
    assert page.status_code == 200 and startup.organization.name in page.get_data(as_text=True)
    response = client.post(
        f"/meetings/fairs/{fair.slug}/requests/new",
        data={"recipient": startup.organization.id, "message": "Let us talk", "language": "en", "centers": [center.id]},
    )
    assert response.status_code == 302
    request = db.scalar(select(MeetingRequest))
    assert request.status == RequestStatus.OPEN and request.preferred_centers == [center]

    client.post("/logout")
    login(client, startup.email)
    assert "Let us talk" in client.get(f"/meetings/fairs/{fair.slug}/requests").get_data(as_text=True)
    response = client.post(f"/meetings/requests/{request.id}/accept")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/meetings/requests/{request.id}/slots"
    )
    picker = client.get(f"/meetings/requests/{request.id}/slots").get_data(as_text=True)
    start = at(fair, 1, 10).astimezone(UTC)
    assert start.isoformat() in picker
    response = client.post(
        f"/meetings/requests/{request.id}/book", data={"center": center.id, "starts_at": start.isoformat()}
    )
    assert response.status_code == 302
    meeting = db.scalar(select(Meeting))
    assert meeting.starts_at == start and meeting.sequence == 0
    invitations = [p for p in outbox.glob("*.eml") if b"text/calendar" in p.read_bytes()]
    assert len(invitations) == 2  # an invitation to each side, besides the notices of the request and the answer
    agenda = client.get("/meetings/").get_data(as_text=True)
    assert investor.name in agenda and center.city in agenda


def test_unverified_investor_is_refused_and_nothing_is_written(client, db, setting, startup):
    fair, _center = setting
    firm = create_organization(db, OrganizationKind.INVESTOR_FIRM, verification=Verification.PENDING)
    pending = create_user(db, Role.INVESTOR, organization=firm)
    login(client, pending.email)
    response = client.post(
        f"/meetings/fairs/{fair.slug}/requests/new", data={"recipient": startup.organization.id, "language": "en"}
    )
    assert response.status_code == 403
    assert db.scalar(select(func.count(MeetingRequest.id))) == 0


def test_request_form_rejects_bad_input(client, db, setting, investor):
    fair, _center = setting
    login(client, investor.email)
    response = client.post(f"/meetings/fairs/{fair.slug}/requests/new", data={"recipient": "999999", "language": "xx"})
    assert response.status_code == 422
    assert db.scalar(select(func.count(MeetingRequest.id))) == 0


def test_decline_with_reason_and_stranger_cannot_answer(client, db, setting, investor, startup):
    fair, _center = setting
    request = accepted_request(db, fair, investor, startup, status=RequestStatus.OPEN)
    request.recipient_id = None
    stranger = create_user(db, Role.STARTUP)
    login(client, stranger.email)
    assert client.post(f"/meetings/requests/{request.id}/accept").status_code == 404
    client.post("/logout")
    login(client, startup.email)
    client.post(f"/meetings/requests/{request.id}/decline", data={"reason": "Too early for us"})
    assert request.status == RequestStatus.DECLINED and request.decline_reason == "Too early for us"
    response = client.post(
        f"/meetings/requests/{request.id}/book", data={"center": 1, "starts_at": at(fair, 1, 10).isoformat()}
    )
    assert response.status_code in (409, 422)
    assert meetings_count(db) == 0


@pytest.mark.parametrize(
    ("starts_at", "status"),
    [
        ("tomorrow", 422),
        ("2020-01-01T10:00:00+09:00", 422),
        ("closed", 422),
        ("late", 422),
    ],
)
def test_bad_slots_are_refused_with_4xx(client, db, setting, investor, startup, starts_at, status, organizer):
    fair, center = setting
    request = accepted_request(db, fair, investor, startup)
    db.add(CenterClosure(center_id=center.id, on=fair.starts_on, reason="Inventory"))
    db.flush()
    values = {"closed": at(fair, 0, 10).isoformat(), "late": at(fair, 1, 18).isoformat()}
    login(client, startup.email)
    response = client.post(
        f"/meetings/requests/{request.id}/book",
        data={"center": center.id, "starts_at": values.get(starts_at, starts_at)},
    )
    assert response.status_code == status
    assert meetings_count(db) == 0


def test_someone_elses_request_is_404(client, db, setting, investor, startup):
    fair, center = setting
    request = accepted_request(db, fair, investor, startup)
    stranger = create_user(db, Role.INVESTOR)
    login(client, stranger.email)
    assert client.get(f"/meetings/requests/{request.id}/slots").status_code == 404
    response = client.post(
        f"/meetings/requests/{request.id}/book", data={"center": center.id, "starts_at": at(fair, 1, 10).isoformat()}
    )
    assert response.status_code == 404
    assert meetings_count(db) == 0


def test_taken_slot_is_409(client, db, setting, investor, startup):
    fair, center = setting
    other_investor, other_startup = create_user(db, Role.INVESTOR), create_user(db, Role.STARTUP)
    make_available(db, fair, other_investor, center)
    make_available(db, fair, other_startup, center)
    first, second = (
        accepted_request(db, fair, investor, startup),
        accepted_request(db, fair, other_investor, other_startup),
    )
    slot = {"center": center.id, "starts_at": at(fair, 1, 10).isoformat()}
    login(client, startup.email)
    assert client.post(f"/meetings/requests/{first.id}/book", data=slot).status_code == 302
    client.post("/logout")
    login(client, other_startup.email)
    response = client.post(f"/meetings/requests/{second.id}/book", data=slot)
    assert response.status_code == 409 and "rooms are taken" in response.get_data(as_text=True)
    assert meetings_count(db) == 1


def test_reschedule_and_cancel_notify_with_rising_sequence(client, db, setting, investor, startup, outbox):
    fair, center = setting
    request = accepted_request(db, fair, investor, startup)
    login(client, startup.email)
    client.post(
        f"/meetings/requests/{request.id}/book", data={"center": center.id, "starts_at": at(fair, 1, 10).isoformat()}
    )
    meeting = db.scalar(select(Meeting))
    assert client.get(f"/meetings/{meeting.id}/reschedule").status_code == 200
    response = client.post(
        f"/meetings/{meeting.id}/reschedule", data={"center": center.id, "starts_at": at(fair, 2, 11).isoformat()}
    )
    assert response.status_code == 302
    assert meeting.sequence == 1 and meeting.starts_at == at(fair, 2, 11)
    assert client.post(f"/meetings/{meeting.id}/cancel", data={"reason": "Sorry"}).status_code == 302
    assert meeting.status == MeetingStatus.CANCELLED and meeting.sequence == 2
    assert len(list(outbox.glob("*.eml"))) == 6  # booked, moved, cancelled: each to both sides


def test_availability_page_adds_quick_and_single_ranges(client, db, investor):
    fair = create_meeting_fair(db)
    center = create_center(db)
    login(client, investor.email)
    assert client.get(f"/meetings/fairs/{fair.slug}/availability").status_code == 200
    response = client.post(f"/meetings/fairs/{fair.slug}/availability/quick", data={"quick-centers": [center.id]})
    assert response.status_code == 302
    assert db.scalar(select(func.count(Availability.id))) == 5
    bad = {"add-center": center.id, "add-day": fair.starts_on.isoformat(), "add-starts": "12:00", "add-ends": "11:00"}
    assert client.post(f"/meetings/fairs/{fair.slug}/availability", data=bad).status_code == 422
    good = dict(bad, **{"add-starts": "09:00", "add-ends": "10:00"})
    assert client.post(f"/meetings/fairs/{fair.slug}/availability", data=good).status_code == 302
    assert db.scalar(select(func.count(Availability.id))) == 6


def test_organizer_day_grid(app, client, db, setting, investor, startup, organizer):
    fair, center = setting
    request = accepted_request(db, fair, investor, startup)
    from eventsys.services.meetings.booking import book_meeting

    with app.app_context():
        book_meeting(db, request, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    login(client, investor.email)
    assert client.get(f"/organizer/meetings/centers/{center.slug}").status_code == 403
    client.post("/logout")
    login(client, organizer.email)
    page = client.get(f"/organizer/meetings/centers/{center.slug}?day={fair.starts_on.isoformat()}")
    assert page.status_code == 200 and investor.name in page.get_data(as_text=True)
    assert client.get(f"/organizer/meetings/centers/{center.slug}?day=nonsense").status_code == 400
    assert f'href="/organizer/centers/{center.slug}"' in page.get_data(as_text=True)


def test_no_show_is_recorded_by_organizers_only(app, client, db, setting, investor, startup, organizer):
    fair, center = setting
    request = accepted_request(db, fair, investor, startup)
    from eventsys.services.meetings.booking import book_meeting

    with app.app_context():
        meeting = book_meeting(db, request, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    login(client, investor.email)
    assert client.post(f"/organizer/meetings/{meeting.id}/outcome", data={"outcome": "no_show"}).status_code == 403
    client.post("/logout")
    login(client, organizer.email)
    client.post(f"/organizer/meetings/{meeting.id}/outcome", data={"outcome": "no_show"})
    assert meeting.status == MeetingStatus.SCHEDULED  # not started yet: refused
    meeting.starts_at = datetime.now(UTC) - timedelta(hours=1)
    client.post(f"/organizer/meetings/{meeting.id}/outcome", data={"outcome": "no_show"})
    assert meeting.status == MeetingStatus.NO_SHOW


def test_scheduler_preview_then_publish(client, db, setting, investor, startup, organizer, outbox):
    fair, center = setting
    requests = [accepted_request(db, fair, investor, startup)]
    for _ in range(3):
        other = create_user(db, Role.STARTUP)
        make_available(db, fair, other, center)
        requests.append(accepted_request(db, fair, investor, other))
    loner = create_user(db, Role.STARTUP)
    requests.append(accepted_request(db, fair, investor, loner))  # no availability
    login(client, startup.email)
    assert client.get(f"/organizer/meetings/fairs/{fair.slug}/schedule").status_code == 403
    client.post("/logout")
    login(client, organizer.email)
    assert client.post(f"/organizer/meetings/fairs/{fair.slug}/schedule", data={"floor": -1}).status_code == 422
    response = client.post(f"/organizer/meetings/fairs/{fair.slug}/schedule", data={"floor": 1})
    assert response.status_code == 302
    run = db.scalar(select(ScheduleRun))
    assert run.scheduled == 4 and run.upper_bound == 4 and run.result["violations"] == []
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "one side has set no availability" in preview
    assert meetings_count(db) == 0
    client.post(f"/organizer/meetings/fairs/{fair.slug}/schedule/{run.id}/publish", data={"confirm": "y"})
    invitations = [p for p in outbox.glob("*.eml") if b"text/calendar" in p.read_bytes()]
    assert meetings_count(db) == 4 and len(invitations) == 8  # besides the provisional schedule's notices
    response = client.post(f"/organizer/meetings/fairs/{fair.slug}/schedule/{run.id}/publish", data={"confirm": "y"})
    assert response.status_code == 303 and meetings_count(db) == 4


def test_cli_prints_what_it_scheduled_and_why_not(runner, db, setting, investor, startup):
    fair, _center = setting
    accepted_request(db, fair, investor, startup)
    accepted_request(db, fair, investor, create_user(db, Role.STARTUP))
    result = runner.invoke(args=["meetings", "schedule", "--fair", fair.slug])
    assert result.exit_code == 0, result.output
    assert "Scheduled 1 of 2" in result.output and "one side has set no availability" in result.output
    assert meetings_count(db) == 0
    result = runner.invoke(args=["meetings", "schedule", "--fair", fair.slug, "--publish"])
    assert "Published 1 meetings" in result.output and meetings_count(db) == 1
    assert runner.invoke(args=["meetings", "schedule", "--fair", "nope"]).exit_code != 0


def test_startup_sees_booth_duty_clash(app, client, db, setting, investor, startup):
    fair, center = setting
    from eventsys.models import BookingStatus, BoothBooking
    from eventsys.services.meetings.booking import create_meeting
    from tests.conftest import create_booth, create_booth_type, create_hall

    booth = create_booth(db, create_hall(db, fair), create_booth_type(db, fair))
    db.add(
        BoothBooking(
            fair_id=fair.id, booth_id=booth.id, organization_id=startup.organization.id, status=BookingStatus.CONFIRMED
        )
    )
    request = accepted_request(db, fair, investor, startup)
    create_meeting(db, request, center.rooms[0], at(fair, 0, 10), at(fair, 0, 10, 30))
    login(client, startup.email)
    assert "Clashes with your booth duty" in client.get("/meetings/").get_data(as_text=True)
    client.post("/logout")
    login(client, investor.email)
    assert "Clashes with your booth duty" not in client.get("/meetings/").get_data(as_text=True)


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Etc/GMT+12"])
def test_the_center_day_grid_opens_on_the_centers_date(client, db, organizer, zone):
    """UTC+14 and UTC-12: at any moment one of the two has another date than UTC, so the test always bites."""
    from zoneinfo import ZoneInfo

    center = create_center(db, timezone=zone)
    login(client, organizer.email)
    page = client.get(f"/organizer/meetings/centers/{center.slug}").get_data(as_text=True)
    assert f'value="{datetime.now(ZoneInfo(zone)).date().isoformat()}"' in page


def test_the_outcome_is_chosen_not_preset_to_no_show(app, client, db, setting, investor, startup, organizer):
    fair, center = setting
    request = accepted_request(db, fair, investor, startup)
    from eventsys.services.meetings.booking import book_meeting

    with app.app_context():
        meeting = book_meeting(db, request, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    login(client, organizer.email)
    day = meeting.starts_at.astimezone(center.zone).date().isoformat()
    page = client.get(f"/organizer/meetings/centers/{center.slug}?day={day}").get_data(as_text=True)
    assert f'id="outcome-{meeting.id}"' in page
    assert '<option value="" selected>' in page and '"no_show" selected' not in page
    meeting.starts_at = datetime.now(UTC) - timedelta(hours=1)
    refused = client.post(f"/organizer/meetings/{meeting.id}/outcome", data={"outcome": ""})
    assert refused.status_code == 422 and "held or was a no-show" in refused.get_data(as_text=True)
    assert meeting.status == MeetingStatus.SCHEDULED
    client.post(f"/organizer/meetings/{meeting.id}/outcome", data={"outcome": "held"})
    assert meeting.status == MeetingStatus.HELD
