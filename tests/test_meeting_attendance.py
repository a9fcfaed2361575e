"""Attendance and outcomes: each side answers after the slot; repeated no-shows cost open requests and show on the
fair's dashboard beside the outcomes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from eventsys.models import Attendance, AuditEntry, Fair, MeetingOutcome, MeetingStatus, OrganizationKind, Role
from eventsys.services.errors import DomainError, InvalidInput, NotAllowed
from eventsys.services.fairs.fair_report import get_fair_dashboard
from eventsys.services.fairs.report_tables import get_tables
from eventsys.services.meetings import attendance
from eventsys.services.meetings.requests import RequestLimits, send_request
from tests.calendar_factories import create_meeting
from tests.conftest import create_organization, create_user, login
from tests.meeting_factories import create_center, create_meeting_fair

PAST = datetime.now(UTC) - timedelta(days=1)


@pytest.fixture
def meeting(db, investor, startup, organizer_organization):
    fair = create_meeting_fair(db, organizer_id=organizer_organization.id)
    center = create_center(db)
    return create_meeting(db, fair, center.rooms[0], investor, startup, starts_at=PAST)


def test_each_side_answers_after_the_slot_and_may_change_it(db, meeting, investor, startup):
    answer = attendance.answer_attendance(db, meeting, investor, Attendance.TOOK_PLACE, MeetingOutcome.FOLLOW_UP)
    assert (answer.attendance, answer.outcome) == (Attendance.TOOK_PLACE, MeetingOutcome.FOLLOW_UP)
    again = attendance.answer_attendance(db, meeting, investor, Attendance.TOOK_PLACE, MeetingOutcome.PILOT)
    assert again is answer and answer.outcome == MeetingOutcome.PILOT
    assert db.query(AuditEntry).filter_by(action="meeting.attendance").count() == 2


def test_refused_answers_change_nothing(db, meeting, investor, organizer):
    with pytest.raises(InvalidInput, match="slot is over"):
        attendance.answer_attendance(db, meeting, investor, Attendance.TOOK_PLACE, now=PAST)
    with pytest.raises(InvalidInput, match="took place"):
        attendance.answer_attendance(db, meeting, investor, Attendance.OTHER_ABSENT, MeetingOutcome.PILOT)
    with pytest.raises(NotAllowed):
        attendance.answer_attendance(db, meeting, organizer, Attendance.TOOK_PLACE)
    meeting.status = MeetingStatus.CANCELLED
    with pytest.raises(DomainError, match="cancelled"):
        attendance.answer_attendance(db, meeting, investor, Attendance.TOOK_PLACE)
    assert all(p.attendance is None and p.outcome is None for p in meeting.participants)


def test_the_agenda_offers_the_answer_after_the_slot_and_the_route_saves_it(client, db, meeting, startup):
    login(client, startup.email)
    assert f'id="attendance-{meeting.id}"' in client.get("/meetings/").get_data(as_text=True)
    data = {"attendance": "took_place", "outcome": "investment_talks"}
    assert client.post(f"/meetings/{meeting.id}/attendance", data=data).status_code == 302
    mine = next(p for p in meeting.participants if p.user_id == startup.id)
    assert (mine.attendance, mine.outcome) == (Attendance.TOOK_PLACE, MeetingOutcome.INVESTMENT_TALKS)
    page = client.get("/meetings/").get_data(as_text=True)
    assert 'value="investment_talks" selected' in page and 'value="took_place" checked' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Say whether the meeting took place."),
        ({"attendance": "maybe"}, "Not a valid choice"),
        ({"attendance": "took_place", "outcome": "unicorn"}, "Not a valid choice"),
        ({"attendance": "other_absent", "outcome": "pilot"}, "An outcome goes with a meeting that took place."),
    ],
)
def test_bad_answers_are_refused_with_a_message(client, db, meeting, startup, data, message):
    login(client, startup.email)
    response = client.post(f"/meetings/{meeting.id}/attendance", data=data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert all(p.attendance is None for p in meeting.participants)


def test_before_the_slot_and_for_others_the_route_refuses(client, db, meeting, startup):
    meeting.starts_at, meeting.ends_at = PAST + timedelta(days=3), PAST + timedelta(days=3, minutes=30)
    login(client, startup.email)
    assert f'id="attendance-{meeting.id}"' not in client.get("/meetings/").get_data(as_text=True)
    refused = client.post(f"/meetings/{meeting.id}/attendance", data={"attendance": "took_place"})
    assert refused.status_code == 422 and "slot is over" in refused.get_data(as_text=True)
    assert all(p.attendance is None for p in meeting.participants)
    client.post("/logout")
    stranger = create_user(db, Role.STARTUP)
    login(client, stranger.email)
    assert client.post(f"/meetings/{meeting.id}/attendance", data={"attendance": "took_place"}).status_code == 404


def test_repeated_no_shows_lower_the_open_request_limit(db, meeting, investor, startup):
    assert attendance.open_request_limit(30, 0, allowed=1, penalty=10) == 30
    assert attendance.open_request_limit(30, 2, allowed=1, penalty=10) == 20
    assert attendance.open_request_limit(30, 9, allowed=1, penalty=10) == 1
    attendance.answer_attendance(db, meeting, startup, Attendance.OTHER_ABSENT)
    assert attendance.no_show_count(db, investor.id) == 1 and attendance.no_show_count(db, startup.id) == 0
    limits = RequestLimits(open_requests=2, no_shows_allowed=0, no_show_penalty=1)
    startups = [create_organization(db, OrganizationKind.STARTUP) for _ in range(2)]
    for org in startups:
        create_user(db, Role.STARTUP, organization=org)
    the_fair = db.get(Fair, meeting.fair_id)
    ask = {"message": None, "language": None, "centers": [], "limits": limits}
    send_request(db, the_fair, investor, startups[0], **ask)
    with pytest.raises(DomainError, match="open requests"):
        send_request(db, the_fair, investor, startups[1], **ask)  # 2 allowed, 1 less for the no-show


def test_outcomes_and_repeated_no_shows_feed_the_dashboard(db, meeting, investor, startup):
    attendance.answer_attendance(db, meeting, investor, Attendance.TOOK_PLACE, MeetingOutcome.FOLLOW_UP)
    attendance.answer_attendance(db, meeting, startup, Attendance.OTHER_ABSENT)
    tables = get_tables(get_fair_dashboard(db, db.get(Fair, meeting.fair_id), no_shows_allowed=0))
    assert ("Follow-up", 1) in tables["meeting-outcomes"].rows
    assert tables["repeated-no-shows"].rows == ((investor.name, investor.organization.name, 1),)
