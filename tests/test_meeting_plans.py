"""Wishes, meeting languages, interpreters, priorities and provisional answers, through the pages and services."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from eventsys.models import (
    Interpreter,
    Meeting,
    MeetingPreference,
    PreferenceLevel,
    Role,
    ScheduleRun,
    SlotAnswer,
)
from eventsys.services.errors import DomainError
from eventsys.services.meetings import runs as schedule_runs
from eventsys.services.meetings.booking import book_meeting
from eventsys.services.meetings.free_slots import get_free_slots
from tests.conftest import create_user, login
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available


@pytest.fixture
def setting(db, investor, startup, organizer_organization):
    fair = create_meeting_fair(db, organizer_id=organizer_organization.id)
    center = create_center(db, rooms=(("Room A", 4), ("Room B", 4)))
    make_available(db, fair, investor, center)
    make_available(db, fair, startup, center)
    return fair, center


def add_interpreter(db, fair, center, languages=("ja", "es"), day=0, hours=(9, 17)) -> Interpreter:
    interpreter = Interpreter(
        center_id=center.id,
        name=f"Interpreter {len(center.interpreters) + 1}",
        languages=list(languages),
        days=[(fair.starts_on + timedelta(days=day)).isoformat()],
        starts_at=time(hours[0]),
        ends_at=time(hours[1]),
    )
    db.add(interpreter)
    db.flush()
    db.refresh(center)
    return interpreter


def speak(investor, startup, first=("ja",), second=("es",)):
    investor.meeting_languages, startup.meeting_languages = list(first), list(second)


# Wishes


def test_investor_marks_a_startup_and_clears_the_mark(client, db, setting, investor, startup):
    fair, _center = setting
    accepted_request(db, fair, investor, startup)
    login(client, investor.email)
    path = f"/meetings/fairs/{fair.slug}/wishes/{startup.organization.id}"
    assert client.post(path, data={"level": "must_meet"}).status_code == 302
    wish = db.scalar(select(MeetingPreference))
    assert wish.level == PreferenceLevel.MUST_MEET and wish.organization_id == investor.organization.id
    page = client.get(f"/meetings/fairs/{fair.slug}/requests").get_data(as_text=True)
    assert 'value="must_meet" selected' in page
    assert client.post(path, data={"level": ""}).status_code == 302
    assert db.scalar(select(func.count(MeetingPreference.id))) == 0


def test_bad_or_forbidden_wishes_write_nothing(client, db, setting, investor, startup, organizer):
    fair, _center = setting
    login(client, investor.email)
    path = f"/meetings/fairs/{fair.slug}/wishes/{startup.organization.id}"
    assert client.post(path, data={"level": "adore"}).status_code == 422
    assert client.post(f"/meetings/fairs/{fair.slug}/wishes/999999", data={"level": "must_meet"}).status_code == 404
    other_investor = create_user(db, Role.INVESTOR)
    own_kind = f"/meetings/fairs/{fair.slug}/wishes/{other_investor.organization.id}"
    assert client.post(own_kind, data={"level": "must_meet"}).status_code == 422  # investors mark startups
    client.post("/logout")
    login(client, organizer.email)
    assert client.post(path, data={"level": "must_meet"}).status_code == 403
    assert db.scalar(select(func.count(MeetingPreference.id))) == 0


def test_wishes_and_side_weights_reach_the_scheduler(db, setting, investor, startup):
    fair, _center = setting
    request = accepted_request(db, fair, investor, startup, priority=2)
    db.add(
        MeetingPreference(
            fair_id=fair.id,
            organization_id=startup.organization.id,
            counterpart_id=investor.organization.id,
            level=PreferenceLevel.MUST_MEET,
        )
    )
    db.flush()
    problem = schedule_runs.load_problem(db, fair, daily_cap=8, weights={"investor": 1, "startup": 3})
    entry = problem["requests"][request.id]
    assert entry["must_meet"] is True and entry["no_thanks"] is False
    assert entry["value"] == 2 * (1 * 1 + 3 * 10)


def test_no_thanks_leaves_the_request_out_with_its_reason(db, setting, investor, startup, organizer):
    fair, _center = setting
    request = accepted_request(db, fair, investor, startup)
    db.add(
        MeetingPreference(
            fair_id=fair.id,
            organization_id=investor.organization.id,
            counterpart_id=startup.organization.id,
            level=PreferenceLevel.NO_THANKS,
        )
    )
    db.flush()
    run = schedule_runs.run_scheduler(db, fair, organizer, daily_cap=8)
    assert run.scheduled == 0 and run.result["reasons"] == {str(request.id): "no_thanks"}


# Meeting languages


def test_meeting_languages_are_saved_and_bad_codes_refused(client, db, startup):
    login(client, startup.email)
    assert client.get("/meetings/languages").status_code == 200
    assert client.post("/meetings/languages", data={"languages": ["ja", "es"]}).status_code == 302
    db.refresh(startup)
    assert startup.meeting_languages == ["ja", "es"]
    assert client.post("/meetings/languages", data={"languages": ["xx"]}).status_code == 422
    db.refresh(startup)
    assert startup.meeting_languages == ["ja", "es"]


def test_languages_page_needs_a_log_in(client):
    assert client.get("/meetings/languages").status_code == 302


# Interpreters: center admins keep them; booking and the scheduler assign them


def test_center_admin_adds_and_removes_an_interpreter(client, db, setting, organizer, startup):
    fair, center = setting
    path = f"/organizer/centers/{center.slug}/interpreters"
    login(client, organizer.email)
    assert client.get(path).status_code == 200
    good = {"name": "Ana Sato", "languages": "ja, es", "days": fair.starts_on.isoformat(), "starts_at": "09:00"}
    assert client.post(path, data=good | {"ends_at": "17:00"}).status_code == 302
    interpreter = db.scalar(select(Interpreter))
    assert interpreter.languages == ["ja", "es"] and interpreter.days == [fair.starts_on.isoformat()]
    assert "Ana Sato" in client.get(path).get_data(as_text=True)
    for bad, message in (
        ({"languages": "ja, xx"}, "Unknown language code xx"),
        ({"languages": "ja"}, "at least two languages"),
        ({"days": "13 May"}, "YYYY-MM-DD"),
        ({"ends_at": "08:00"}, "The end must be after the start"),
        ({"name": "Ana Sato"}, "already has an interpreter of that name"),
    ):
        response = client.post(path, data=good | {"ends_at": "17:00", "name": "Other"} | bad)
        assert response.status_code == 422, bad
        assert message in response.get_data(as_text=True)
    assert db.scalar(select(func.count(Interpreter.id))) == 1
    assert client.post(f"{path}/{interpreter.id}/delete").status_code == 302
    assert db.scalar(select(func.count(Interpreter.id))) == 0
    client.post("/logout")
    login(client, startup.email)
    assert client.post(path, data=good | {"ends_at": "17:00"}).status_code == 403
    assert db.scalar(select(func.count(Interpreter.id))) == 0


@pytest.mark.usefixtures("app_context")
def test_booking_assigns_an_interpreter_and_refuses_without_one(db, setting, investor, startup):
    fair, center = setting
    speak(investor, startup)
    first = accepted_request(db, fair, investor, startup)
    with pytest.raises(DomainError) as refused:
        book_meeting(db, first, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    day = fair.starts_on.strftime("%-d %b")
    assert str(refused.value.message) == f"No ja–es interpreter at {center.city} on {day}."
    assert get_free_slots(db, first, [center], daily_cap=8) == []
    interpreter = add_interpreter(db, fair, center)
    assert get_free_slots(db, first, [center], daily_cap=8)
    meeting = book_meeting(db, first, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    assert meeting.interpreter_id == interpreter.id
    # Another pair at the same time: rooms are free, the one interpreter is not.
    other_investor, other_startup = create_user(db, Role.INVESTOR), create_user(db, Role.STARTUP)
    speak(other_investor, other_startup)
    make_available(db, fair, other_investor, center)
    make_available(db, fair, other_startup, center)
    second = accepted_request(db, fair, other_investor, other_startup)
    with pytest.raises(DomainError):
        book_meeting(db, second, other_investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    assert book_meeting(db, second, other_investor, center=center, starts_at=at(fair, 0, 10, 30), daily_cap=8)


@pytest.mark.usefixtures("app_context")
def test_sides_sharing_a_language_need_no_interpreter(db, setting, investor, startup):
    fair, center = setting
    speak(investor, startup, ("ja", "en"), ("en",))
    request = accepted_request(db, fair, investor, startup)
    meeting = book_meeting(db, request, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    assert meeting.interpreter_id is None


# The provisional schedule: preview with names, answers, confirmed publishing


def run_page(client, fair, data=None):
    return client.post(f"/organizer/meetings/fairs/{fair.slug}/schedule", data=data or {"floor": 0})


def test_preview_shows_names_interpreters_and_must_meet_reasons(client, db, setting, investor, startup, organizer):
    fair, center = setting
    speak(investor, startup)
    interpreter = add_interpreter(db, fair, center)
    booked = accepted_request(db, fair, investor, startup)
    loner = create_user(db, Role.STARTUP)
    loner.meeting_languages = ["zh"]
    make_available(db, fair, loner, center)
    left = accepted_request(db, fair, investor, loner)
    db.add(
        MeetingPreference(
            fair_id=fair.id,
            organization_id=investor.organization.id,
            counterpart_id=loner.organization.id,
            level=PreferenceLevel.MUST_MEET,
        )
    )
    db.flush()
    login(client, organizer.email)
    assert run_page(client, fair, {"floor": 0, "investor_weight": 11}).status_code == 422
    past = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert run_page(client, fair, {"floor": 0, "answers_due": past}).status_code == 422
    response = run_page(client, fair)
    assert response.status_code == 302
    run = db.scalar(select(ScheduleRun))
    assert run.result["meetings"][0]["interpreter"] == interpreter.id
    assert run.result["reasons"] == {str(left.id): "interpreter"}
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    names = f"{investor.organization.name} with {startup.organization.name}"
    assert names in page and f"Request {booked.id}" not in page
    assert "Must-meet requests left out" in page
    assert f"No ja–zh interpreter at {center.city} on {fair.starts_on.strftime('%-d %b')}." in page
    assert interpreter.name in page


def test_publishing_asks_to_confirm_and_skips_released_meetings(client, db, setting, investor, startup, organizer):
    fair, center = setting
    first = accepted_request(db, fair, investor, startup)
    other = create_user(db, Role.STARTUP)
    make_available(db, fair, other, center)
    second = accepted_request(db, fair, investor, other)
    login(client, organizer.email)
    run_page(client, fair, {"floor": 0, "answers_due": (datetime.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")})
    run = db.scalar(select(ScheduleRun))
    assert run.answers_due_at is not None and run.scheduled == 2
    client.post("/logout")
    login(client, other.email)
    page = client.get(f"/meetings/schedules/{run.id}").get_data(as_text=True)
    assert investor.organization.name in page
    assert client.post(f"/meetings/schedules/{run.id}/{first.id}/release").status_code == 403  # not theirs
    assert client.post(f"/meetings/schedules/{run.id}/{second.id}/release").status_code == 302
    assert db.scalar(select(SlotAnswer)).released is True
    client.post("/logout")
    login(client, organizer.email)
    publish = f"/organizer/meetings/fairs/{fair.slug}/schedule/{run.id}/publish"
    assert client.post(publish).status_code == 422  # not confirmed
    assert db.scalar(select(func.count(Meeting.id))) == 0
    preview = client.get(f"/organizer/meetings/fairs/{fair.slug}/schedule/{run.id}").get_data(as_text=True)
    assert "0 accepted, 1 released" in preview
    early = client.post(publish, data={"confirm": "y"}, follow_redirects=True)
    assert "publish after that" in early.get_data(as_text=True)
    assert db.scalar(select(func.count(Meeting.id))) == 0
    run.answers_due_at = datetime.now(UTC) - timedelta(minutes=1)
    db.flush()
    assert client.post(publish, data={"confirm": "y"}).status_code == 302
    assert [m.request_id for m in db.scalars(select(Meeting))] == [first.id]


def test_answers_after_the_deadline_and_strangers_are_refused(client, db, setting, investor, startup, organizer):
    fair, _center = setting
    request = accepted_request(db, fair, investor, startup)
    run = schedule_runs.run_scheduler(db, fair, organizer, daily_cap=8)
    stranger = create_user(db, Role.STARTUP)
    login(client, stranger.email)
    assert client.get(f"/meetings/schedules/{run.id}").status_code == 404
    assert client.post(f"/meetings/schedules/{run.id}/{request.id}/release").status_code == 404
    client.post("/logout")
    run.answers_due_at = datetime.now(UTC) - timedelta(minutes=1)
    db.flush()
    login(client, startup.email)
    response = client.post(f"/meetings/schedules/{run.id}/{request.id}/accept")
    assert response.status_code == 409 and "deadline" in response.get_data(as_text=True)
    assert db.scalar(select(func.count(SlotAnswer.id))) == 0
    assert client.get("/meetings/schedules/999999").status_code == 404


def test_the_provisional_notice_leads_to_the_answers_page(db, setting, investor, startup, organizer):
    from eventsys.models import Notice, NoticeKind
    from eventsys.services.notifications.wording import target

    fair, _center = setting
    accepted_request(db, fair, investor, startup)
    run = schedule_runs.run_scheduler(db, fair, organizer, daily_cap=8)
    notice = db.scalar(select(Notice).where(Notice.kind == NoticeKind.SCHEDULE_PROVISIONAL))
    assert target(notice.kind, notice.params) == ("meeting_plans.provisional_schedule", {"run_id": run.id})


# Priorities


def test_organizer_sets_a_priority_and_bad_values_are_refused(client, db, setting, investor, startup, organizer):
    fair, _center = setting
    request = accepted_request(db, fair, investor, startup)
    login(client, organizer.email)
    path = f"/organizer/meetings/requests/{request.id}/priority"
    assert client.post(path, data={"priority": 4}).status_code == 302
    assert request.priority == 4
    for bad in ("0", "6", "high", ""):
        assert client.post(path, data={"priority": bad}).status_code == 422
    assert request.priority == 4
    assert client.post("/organizer/meetings/requests/999999/priority", data={"priority": 2}).status_code == 404
    client.post("/logout")
    login(client, investor.email)
    assert client.post(path, data={"priority": 5}).status_code == 403
    assert request.priority == 4


# The API


def test_the_api_sets_and_clears_a_wish_and_refuses_bad_input(client, db, setting, investor, startup, organizer):
    fair, _center = setting
    path = f"/api/v1/meetings/fairs/{fair.slug}/wishes/{startup.organization.id}"
    assert client.put(path, json={"level": "must_meet"}).status_code == 401
    login(client, investor.email)
    response = client.put(path, json={"level": "must_meet"})
    assert response.status_code == 200 and response.json["level"] == "must_meet"
    assert db.scalar(select(MeetingPreference)).level == PreferenceLevel.MUST_MEET
    assert client.put(path, json={"level": "adore"}).status_code == 422
    assert client.put(path, data="not json", content_type="application/json").status_code in (400, 422)
    assert client.put(f"/api/v1/meetings/fairs/{fair.slug}/wishes/999999", json={"level": None}).status_code == 404
    assert db.scalar(select(MeetingPreference)).level == PreferenceLevel.MUST_MEET
    assert client.put(path, json={"level": None}).json["level"] is None
    assert db.scalar(select(func.count(MeetingPreference.id))) == 0
    client.post("/logout")
    login(client, organizer.email)
    assert client.put(path, json={"level": "must_meet"}).status_code == 403
    assert db.scalar(select(func.count(MeetingPreference.id))) == 0


@pytest.mark.usefixtures("app_context")
def test_a_move_keeps_an_interpreter_or_is_refused_without_one(db, setting, investor, startup):
    from eventsys.services.meetings.booking import reschedule_meeting

    fair, center = setting
    speak(investor, startup)
    interpreter = add_interpreter(db, fair, center, hours=(9, 12))
    request = accepted_request(db, fair, investor, startup)
    meeting = book_meeting(db, request, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8)
    reschedule_meeting(db, meeting, startup, center=center, starts_at=at(fair, 0, 11), daily_cap=8)
    assert meeting.interpreter_id == interpreter.id and meeting.starts_at == at(fair, 0, 11)
    with pytest.raises(DomainError, match="interpreter"):
        reschedule_meeting(db, meeting, startup, center=center, starts_at=at(fair, 0, 14), daily_cap=8)
    db.refresh(meeting)
    assert meeting.starts_at == at(fair, 0, 11)


def test_the_startup_profile_offers_the_mark_at_each_upcoming_fair(client, db, setting, investor, startup):
    fair, _center = setting
    from eventsys.models import FairStatus

    fair.status = FairStatus.PUBLISHED
    db.flush()
    login(client, investor.email)
    path = f"/startups/{startup.organization.id}"
    page = client.get(path)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f"/meetings/fairs/{fair.slug}/wishes/{startup.organization.id}" in text
    response = client.post(
        f"/meetings/fairs/{fair.slug}/wishes/{startup.organization.id}", data={"level": "would_like", "next": path}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith(path)
    assert 'value="would_like" selected' in client.get(path).get_data(as_text=True)
    client.post("/logout")
    other_startup = create_user(db, Role.STARTUP)
    login(client, other_startup.email)
    assert "/wishes/" not in client.get(path).get_data(as_text=True)  # startups mark investors, not startups


def test_a_video_link_makes_a_person_meet_online_and_a_bad_one_is_refused_beside_its_field(client, db, startup):
    login(client, startup.email)
    link = "https://meet.example.com/startup"
    data = {"languages": ["ja"], "online_meeting_url": f"  {link} "}
    assert client.post("/meetings/languages", data=data).status_code == 302
    db.refresh(startup)
    assert startup.online_meeting_url == link and startup.meeting_languages == ["ja"]
    response = client.post("/meetings/languages", data={"languages": ["en"], "online_meeting_url": "http://x"})
    assert response.status_code == 422
    assert 'id="online_meeting_url-error"' in response.get_data(as_text=True)
    db.refresh(startup)
    assert startup.online_meeting_url == link and startup.meeting_languages == ["ja"]  # nothing half-written
    assert client.post("/meetings/languages", data={"languages": ["ja"], "online_meeting_url": ""}).status_code == 302
    db.refresh(startup)
    assert startup.online_meeting_url is None
