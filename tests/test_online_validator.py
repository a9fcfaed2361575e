"""The independent validator and the scheduler with online meetings: no room, the fair's online days and hours."""

from __future__ import annotations

from datetime import date, time

import pytest

from eventsys.services.meetings import scheduling
from eventsys.services.meetings.validator import validate
from tests.test_scheduling import DAYS, everyone_free, local, simple_problem


def online_problem() -> tuple[dict, list[dict]]:
    """A one-day fair (30 April 2027) allowing online meetings from 26 April, 8:00–20:00 Tokyo time."""
    problem = simple_problem(rooms=1)
    problem["online"] = {"from": date(2027, 4, 26), "opens": time(8), "closes": time(20)}
    problem["requests"] = {1: {"people": [1, 2], "priority": 1}, 2: {"people": [1, 3], "priority": 1}}
    everyone_free(problem, [1, 2, 3])
    online = {
        "request": 1,
        "center": 1,
        "room": None,
        "mode": "online",
        "starts_at": local(date(2027, 4, 27), 19, 30),
        "ends_at": local(date(2027, 4, 27), 20),
        "people": [1, 2],
        "interpreter": None,
    }
    in_person = {
        "request": 2,
        "center": 1,
        "room": 10,
        "starts_at": local(DAYS[0], 9),
        "ends_at": local(DAYS[0], 9, 30),
        "people": [1, 3],
        "interpreter": None,
    }
    return problem, [online, in_person]


def test_an_online_meeting_before_the_fair_without_room_or_availability_is_valid():
    problem, meetings = online_problem()
    problem["availability"] = {3: problem["availability"][3], 1: problem["availability"][1]}  # 2 declared nothing
    assert validate(problem, meetings) == []


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda p, m: p.pop("online"), "offers no online meetings"),
        (lambda p, m: m[0].update(room=10), "an online meeting has room 10"),
        (lambda p, m: m[1].update(room=None), "a meeting in person has no room"),
        (
            lambda p, m: m[0].update(starts_at=local(date(2027, 4, 25), 9), ends_at=local(date(2027, 4, 25), 9, 30)),
            "not a day for online meetings",
        ),
        (
            lambda p, m: m[0].update(starts_at=local(DAYS[1], 9), ends_at=local(DAYS[1], 9, 30)),
            "not a day for online meetings",
        ),
        (lambda p, m: m[0].update(starts_at=local(DAYS[0], 7, 30), ends_at=local(DAYS[0], 8)), "outside the online"),
        (lambda p, m: m[0].update(starts_at=local(DAYS[0], 8, 10), ends_at=local(DAYS[0], 8, 40)), "online slot"),
        (lambda p, m: m[0].update(starts_at=local(DAYS[0], 9), ends_at=local(DAYS[0], 9, 30)), "person 1: meetings"),
        (
            lambda p, m: (
                p.update(daily_cap=1) or m[0].update(starts_at=local(DAYS[0], 10), ends_at=local(DAYS[0], 10, 30))
            ),
            "more than the daily cap",
        ),
    ],
)
def test_validator_catches_online_breakages(breakage, message):
    problem, meetings = online_problem()
    assert validate(problem, meetings) == []
    breakage(problem, meetings)
    found = validate(problem, meetings)
    assert any(message in each for each in found), found


def test_an_online_meeting_ties_nobody_to_a_city():
    problem, meetings = online_problem()
    problem["centers"][2] = dict(problem["centers"][1], rooms={20: 4})
    meetings[0].update(center=2, starts_at=local(DAYS[0], 10), ends_at=local(DAYS[0], 10, 30))
    assert validate(problem, meetings) == []


def test_the_scheduler_works_around_booked_online_meetings_in_person_only():
    problem, meetings = online_problem()
    problem["centers"][2] = dict(problem["centers"][1], rooms={20: 4})
    everyone_free(problem, [1, 3], center=2)
    fixed = dict(meetings[0], center=2, starts_at=local(DAYS[0], 9), ends_at=local(DAYS[0], 9, 30))
    problem["fixed"] = [fixed]
    del problem["requests"][1]
    result = scheduling.schedule(problem)
    assert len(result.meetings) == 1
    planned = result.meetings[0]
    assert planned["room"] in (10, 20) and planned.get("mode") != "online"
    assert planned["starts_at"] != local(DAYS[0], 9)  # person 1 meets online then
    assert validate(problem, result.meetings) == []
