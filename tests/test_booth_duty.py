"""One booth-duty rule for the agenda's clash warning, booking, the slot picker, the scheduler and its validator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from eventsys.models import BookingStatus, BoothBooking, Exhibitor, ExhibitorStatus, Meeting, ScheduleRun
from eventsys.services.errors import DomainError, NotAllowed
from eventsys.services.meetings import agenda as agenda_service
from eventsys.services.meetings import booth_duty
from eventsys.services.meetings import runs as schedule_runs
from eventsys.services.meetings.booking import book_meeting, create_meeting
from eventsys.services.meetings.free_slots import get_free_slots
from eventsys.services.meetings.validator import validate
from tests.conftest import create_booth, create_booth_type, create_hall, create_user, csrf_token, login
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available


@pytest.fixture
def duty(db, investor, startup, organizer_organization):
    """A fair where the startup has a confirmed booth, both sides free at a center, and their accepted request."""
    fair = create_meeting_fair(db, organizer_id=organizer_organization.id)
    center = create_center(db)
    make_available(db, fair, investor, center)
    make_available(db, fair, startup, center)
    booth = create_booth(db, create_hall(db, fair), create_booth_type(db, fair))
    organization = startup.organization
    db.add(Exhibitor(fair=fair, organization=organization, status=ExhibitorStatus.APPROVED))
    db.add(
        BoothBooking(
            fair_id=fair.id, booth_id=booth.id, organization_id=organization.id, status=BookingStatus.CONFIRMED
        )
    )
    db.flush()
    return fair, center, accepted_request(db, fair, investor, startup)


def covers(db, fair, startup, value=True) -> None:
    booth_duty.set_team_covers_booth(db, fair, startup.organization, covers=value, actor=startup)


def test_windows_are_the_fair_days_in_the_fairs_zone(db, duty, startup, investor):
    fair, _center, _request = duty
    windows = booth_duty.booth_duty_windows(db, [startup.organization.id, investor.organization.id, None])
    first = datetime.combine(fair.starts_on, datetime.min.time(), fair.zone)
    assert windows == {startup.organization.id: [(first.astimezone(UTC), (first + timedelta(days=5)).astimezone(UTC))]}
    start, end = windows[startup.organization.id][0]
    assert booth_duty.is_on_booth_duty(windows[startup.organization.id], end - timedelta(minutes=1), end)
    assert not booth_duty.is_on_booth_duty(windows[startup.organization.id], end, end + timedelta(hours=1))
    assert not booth_duty.is_on_booth_duty(windows[startup.organization.id], start - timedelta(hours=1), start)
    covers(db, fair, startup)
    assert booth_duty.booth_duty_windows(db, [startup.organization.id]) == {}


@pytest.mark.parametrize("status", [BookingStatus.CANCELLED, BookingStatus.EXPIRED, "expired hold"])
def test_no_duty_without_a_booth(db, duty, startup, status):
    booking = db.scalar(select(BoothBooking))
    if status == "expired hold":
        booking.status, booking.held_until = BookingStatus.HELD, datetime.now(UTC) - timedelta(minutes=1)
    else:
        booking.status = status
    db.flush()
    assert booth_duty.booth_duty_windows(db, [startup.organization.id]) == {}


def test_agenda_clash_only_without_the_flag(db, duty, startup):
    fair, center, request = duty
    meeting = create_meeting(db, request, center.rooms[0], at(fair, 1, 10), at(fair, 1, 10, 30))
    assert agenda_service.get_booth_duty_clashes(db, startup, [meeting]) == {meeting.id}
    covers(db, fair, startup)
    assert agenda_service.get_booth_duty_clashes(db, startup, [meeting]) == set()


def test_booking_and_the_slot_picker_follow_the_flag(db, app_context, duty, investor, startup):
    fair, center, request = duty
    with pytest.raises(DomainError, match="booth duty"):
        book_meeting(db, request, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    assert get_free_slots(db, request, [center], daily_cap=8) == []
    covers(db, fair, startup)
    assert len(get_free_slots(db, request, [center], daily_cap=8)) == 5 * 16
    assert book_meeting(db, request, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8).id


def test_scheduler_leaves_booth_duty_out_and_says_why(db, duty, startup):
    fair, _center, request = duty
    run = schedule_runs.run_scheduler(db, fair, None, daily_cap=8)
    assert run.scheduled == 0 and run.upper_bound == 0
    assert run.result["reasons"] == {str(request.id): "booth_duty"} and run.result["violations"] == []
    covers(db, fair, startup)
    run = schedule_runs.run_scheduler(db, fair, None, daily_cap=8)
    assert run.scheduled == 1 and run.result["violations"] == []


def test_validator_flags_a_planted_booth_duty_meeting(db, duty, startup):
    fair, center, request = duty
    problem = schedule_runs.load_problem(db, fair, daily_cap=8)
    start = at(fair, 2, 11).astimezone(UTC)
    planted = {
        "request": request.id,
        "center": center.id,
        "room": center.rooms[0].id,
        "starts_at": start,
        "ends_at": start + timedelta(minutes=30),
        "people": [request.requester_id, request.recipient_id],
    }
    found = validate(problem, [planted])
    assert len(found) == 1 and f"person {startup.id} is on booth duty from" in found[0], found
    covers(db, fair, startup)
    assert validate(schedule_runs.load_problem(db, fair, daily_cap=8), [planted]) == []


def test_a_preview_goes_stale_when_the_flag_is_taken_back(db, duty, startup):
    fair, _center, _request = duty
    covers(db, fair, startup)
    run = schedule_runs.run_scheduler(db, fair, None, daily_cap=8)
    covers(db, fair, startup, value=False)
    with pytest.raises(DomainError, match="changed since this preview"):
        schedule_runs.publish_run(db, run, None, daily_cap=8)


def test_cli_and_organizer_page_name_booth_duty(client, runner, db, duty, organizer):
    fair, _center, _request = duty
    result = runner.invoke(args=["meetings", "schedule", "--fair", fair.slug])
    assert result.exit_code == 0, result.output
    assert "Scheduled 0 of 1" in result.output and "booth duty: one side staffs its booth" in result.output
    login(client, organizer.email)
    client.post(f"/organizer/meetings/fairs/{fair.slug}/schedule", data={"floor": 0})
    run = db.scalar(select(ScheduleRun).order_by(ScheduleRun.id.desc()))
    page = client.get(f"/organizer/meetings/fairs/{fair.slug}/schedule/{run.id}").get_data(as_text=True)
    assert "booth duty: one side staffs its booth at every common time" in page


def test_only_members_set_the_flag(db, duty, investor):
    fair, _center, _request = duty
    outsider = create_user(db)
    startup_org = db.scalar(select(Exhibitor)).organization
    with pytest.raises(NotAllowed):
        booth_duty.set_team_covers_booth(db, fair, startup_org, covers=True, actor=outsider)
    with pytest.raises(NotAllowed):
        booth_duty.set_team_covers_booth(db, fair, investor.organization, covers=True, actor=investor)
    with pytest.raises(DomainError, match="does not exhibit"):
        booth_duty.set_team_covers_booth(
            db, create_meeting_fair(db), outsider.organization, covers=True, actor=outsider
        )


def test_the_desk_form_sets_and_clears_the_flag(client, db, duty, startup):
    fair, _center, _request = duty
    login(client, startup.email)
    page = client.get(f"/fairs/{fair.slug}").get_data(as_text=True)
    assert "My team covers the booth" in page
    response = client.post(f"/fairs/{fair.slug}/booth-duty", data={"covers": "yes"})
    assert response.status_code == 303
    db.expire_all()
    assert db.scalar(select(Exhibitor)).team_covers_booth is True
    assert "We staff the booth ourselves" in client.get(f"/fairs/{fair.slug}").get_data(as_text=True)
    assert client.post(f"/fairs/{fair.slug}/booth-duty", data={"covers": "no"}).status_code == 303
    db.expire_all()
    assert db.scalar(select(Exhibitor)).team_covers_booth is False


@pytest.mark.parametrize("data", [{}, {"covers": "maybe"}, {"covers": "yes\x00"}])
def test_the_desk_form_refuses_invalid_input(client, db, duty, startup, data):
    fair, _center, _request = duty
    login(client, startup.email)
    assert client.post(f"/fairs/{fair.slug}/booth-duty", data=data).status_code == 400
    assert db.scalar(select(Exhibitor)).team_covers_booth is False


def test_the_desk_form_is_not_for_others(client, db, duty, investor):
    fair, _center, _request = duty
    assert client.post(f"/fairs/{fair.slug}/booth-duty", data={"covers": "yes"}).status_code in (302, 401)
    login(client, investor.email)
    assert client.post(f"/fairs/{fair.slug}/booth-duty", data={"covers": "yes"}).status_code == 403
    assert client.post("/fairs/no-such-fair/booth-duty", data={"covers": "yes"}).status_code == 404
    assert db.scalar(select(Exhibitor)).team_covers_booth is False


def test_a_startup_that_does_not_exhibit_is_told(client, db, duty):
    fair, _center, _request = duty
    other = create_user(db)
    login(client, other.email)
    response = client.post(f"/fairs/{fair.slug}/booth-duty", data={"covers": "yes"}, follow_redirects=True)
    assert "Your company does not exhibit at this fair." in response.get_data(as_text=True)


def test_the_desk_form_needs_its_csrf_token(app, db, duty, startup):
    fair, _center, _request = duty
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        token = csrf_token(client, "/login")
        login(client, startup.email, csrf_token=token)
        assert client.post(f"/fairs/{fair.slug}/booth-duty", data={"covers": "yes"}).status_code == 400
        token = csrf_token(client, f"/fairs/{fair.slug}")
        data = {"covers": "yes", "csrf_token": token}
        assert client.post(f"/fairs/{fair.slug}/booth-duty", data=data).status_code == 303
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert db.scalar(select(Exhibitor)).team_covers_booth is True
    assert db.scalar(select(Meeting.id)) is None
