"""The scheduler on database data: loading the problem, preview, publish, and a preview gone stale."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import delete, func, select

from eventsys.models import Availability, Meeting, MeetingMode, Role, ScheduleRunStatus
from eventsys.services.errors import DomainError
from eventsys.services.meetings import runs as schedule_runs
from eventsys.services.meetings.booking import book_meeting
from eventsys.services.meetings.validator import validate
from tests.conftest import create_user
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available

#: Booking and publishing word the participants' mails, which needs the app (not a request).
pytestmark = pytest.mark.usefixtures("app_context")


@pytest.fixture
def week(db, investor):
    fair = create_meeting_fair(db)
    tokyo, osaka = create_center(db, rooms=(("A", 4), ("Booth", 1))), create_center(db, rooms=(("B", 4),))
    make_available(db, fair, investor, tokyo)
    startups = [create_user(db, Role.STARTUP) for _ in range(3)]
    for startup in startups:
        make_available(db, fair, startup, tokyo)
        make_available(db, fair, startup, osaka)
    requests = [accepted_request(db, fair, investor, s) for s in startups]
    return fair, tokyo, osaka, requests


def test_problem_from_the_database_keeps_booked_meetings_fixed(db, week, investor):
    fair, tokyo, osaka, requests = week
    requests[0].preferred_centers = [osaka]
    book_meeting(db, requests[1], investor, center=tokyo, starts_at=at(fair, 0, 9), daily_cap=8)
    problem = schedule_runs.load_problem(db, fair, daily_cap=8)
    assert set(problem["requests"]) == {requests[0].id, requests[2].id}
    assert problem["requests"][requests[0].id]["centers"] == [osaka.id]
    assert problem["centers"][tokyo.id]["rooms"] == {r.id: r.capacity for r in tokyo.rooms}
    assert [m["request"] for m in problem["fixed"]] == [requests[1].id]
    run = schedule_runs.run_scheduler(db, fair, investor, daily_cap=8)
    assert run.scheduled == 1  # the investor is only in Tokyo; request 0 wants Osaka
    assert run.result["reasons"] == {str(requests[0].id): "no_common_time"}
    assert run.result["violations"] == []
    meeting = run.result["meetings"][0]
    assert meeting["room"] == next(r.id for r in tokyo.rooms if r.name == "A")  # never the one-seat booth


def test_publish_books_and_a_second_publish_is_refused(db, week, organizer):
    fair, _tokyo, _osaka, requests = week
    run = schedule_runs.run_scheduler(db, fair, organizer, daily_cap=8)
    created, skipped = schedule_runs.publish_run(db, run, organizer, daily_cap=8)
    assert len(created) == 3 and skipped == 0 and run.status == ScheduleRunStatus.PUBLISHED
    problem = schedule_runs.load_problem(db, fair, daily_cap=8)
    assert problem["requests"] == {}
    with pytest.raises(DomainError):
        schedule_runs.publish_run(db, run, organizer, daily_cap=8)


def test_stale_preview_is_refused(db, week, organizer, investor):
    fair, _tokyo, _osaka, _requests = week
    run = schedule_runs.run_scheduler(db, fair, organizer, daily_cap=8)
    db.execute(delete(Availability).where(Availability.user_id == investor.id))
    with pytest.raises(DomainError, match="changed since"):
        schedule_runs.publish_run(db, run, organizer, daily_cap=8)
    assert db.scalar(select(func.count(Meeting.id))) == 0


def test_published_meetings_pass_the_validator(db, week, organizer):
    fair, _tokyo, _osaka, _requests = week
    run = schedule_runs.run_scheduler(db, fair, organizer, daily_cap=2, floor=1)
    schedule_runs.publish_run(db, run, organizer, daily_cap=2)
    problem = schedule_runs.load_problem(db, fair, daily_cap=2)
    fixed, problem["fixed"] = problem["fixed"], []
    problem["requests"] = {m["request"]: {"people": m["people"], "centers": []} for m in fixed}
    assert validate(problem, fixed) == []


def test_pairs_who_both_meet_online_are_scheduled_online_and_published_at_the_requesters_link(db, organizer, investor):
    """No common time in person: with both video links the pair meets online (before the fair, no room); a pair
    where one side gave no link is left out."""
    fair = create_meeting_fair(db)
    fair.online_from, fair.online_opens_at, fair.online_closes_at = (
        fair.starts_on - timedelta(days=3),
        time(9),
        time(12),
    )
    create_center(db, rooms=(("A", 4),))
    online_startup, in_person_startup = create_user(db, Role.STARTUP), create_user(db, Role.STARTUP)
    investor.online_meeting_url = "https://meet.example.com/investor"
    online_startup.online_meeting_url = "https://meet.example.com/startup"
    both = accepted_request(db, fair, investor, online_startup)
    one_side = accepted_request(db, fair, investor, in_person_startup)
    run = schedule_runs.run_scheduler(db, fair, organizer, daily_cap=8)
    (planned,) = run.result["meetings"]
    assert planned["request"] == both.id and planned["mode"] == "online" and planned["room"] is None
    assert run.result["reasons"] == {str(one_side.id): "no_availability"} and run.result["violations"] == []
    (meeting,) = schedule_runs.publish_run(db, run, organizer, daily_cap=8)[0]
    assert meeting.mode == MeetingMode.ONLINE and meeting.room_id is None
    assert meeting.video_url == both.requester.online_meeting_url
    assert meeting.starts_at.astimezone(fair.zone).date() == fair.starts_on - timedelta(days=3)
    assert [p.ends_at for p in meeting.participants] == [meeting.ends_at] * 2
