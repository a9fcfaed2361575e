"""The scheduler, the independent validator and the upper bound on plain-data problems, with property tests."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventsys.services.meetings import scheduling
from eventsys.services.meetings.bound import MaxFlow, upper_bound
from eventsys.services.meetings.validator import validate

TOKYO = ZoneInfo("Asia/Tokyo")
#: Friday 30 April to Thursday 6 May 2027: a normal day, a weekend and Golden Week's holidays (3–5 May).
DAYS = [date(2027, 4, 30) + timedelta(days=n) for n in range(7)]
REASONS = {
    scheduling.NO_AVAILABILITY,
    scheduling.BOOTH_DUTY,
    scheduling.NO_COMMON_TIME,
    scheduling.ROOMS_FULL,
    scheduling.PERSON_BUSY,
    scheduling.DAILY_CAP,
    scheduling.OTHER_CITY,
}


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), TOKYO).astimezone(UTC)


def simple_problem(*, rooms=1, slots_until=10, daily_cap=8, days=(DAYS[0],), buffer=0) -> dict:
    """One center open 9:00–`slots_until`:00 with `rooms` rooms of four seats."""
    return {
        "days": list(days),
        "daily_cap": daily_cap,
        "centers": {
            1: {
                "zone": "Asia/Tokyo",
                "slot_minutes": 30,
                "buffer_minutes": buffer,
                "rooms": {10 + n: 4 for n in range(rooms)},
                "hours": {w: (time(9), time(slots_until)) for w in range(5)},
                "closures": [],
            }
        },
        "availability": {},
        "requests": {},
        "fixed": [],
    }


def everyone_free(problem: dict, people, center=1) -> None:
    for person in people:
        problem["availability"][person] = [(center, local(d, 0), local(d, 23)) for d in problem["days"]]


@st.composite
def problems(draw) -> dict:
    """Small random problems: 1–3 centers with rooms of 1–4 seats, holidays and weekends among the days."""
    centers = draw(st.integers(1, 3))
    first = draw(st.integers(0, 4))
    days = DAYS[first : first + draw(st.integers(1, 3))]
    problem = {
        "days": days,
        "daily_cap": draw(st.integers(1, 4)),
        "centers": {},
        "availability": {},
        "requests": {},
        "fixed": [],
    }
    for c in range(1, centers + 1):
        opens = draw(st.integers(8, 10))
        problem["centers"][c] = {
            "zone": "Asia/Tokyo",
            "slot_minutes": draw(st.sampled_from((30, 45, 60))),
            "buffer_minutes": draw(st.sampled_from((0, 0, 15))),
            "rooms": {c * 10 + r: draw(st.integers(1, 4)) for r in range(draw(st.integers(1, 3)))},
            "hours": {w: (time(opens), time(opens + draw(st.integers(1, 4)))) for w in range(draw(st.integers(4, 6)))},
            "closures": [d for d in days if draw(st.booleans()) and draw(st.booleans())],
        }
    people = draw(st.integers(2, 9))
    for person in range(1, people + 1):
        ranges = []
        for _ in range(draw(st.integers(0, 4))):
            day = draw(st.sampled_from(days))
            start = draw(st.integers(8 * 4, 13 * 4))
            length = draw(st.integers(1, 16))
            ranges.append(
                (
                    draw(st.integers(1, centers)),
                    local(day, start // 4, 15 * (start % 4)),
                    local(day, start // 4, 15 * (start % 4)) + timedelta(minutes=15 * length),
                )
            )
        problem["availability"][person] = ranges
    problem["booth_duty"] = {}
    for person in range(1, people + 1):
        if draw(st.integers(0, 3)) == 0:
            # Partial days too: the scheduler and the validator must agree on any overlap, not only whole days.
            day, start, length = draw(st.sampled_from(days)), draw(st.integers(0, 23 * 4)), draw(st.integers(1, 48))
            begins = local(day, start // 4, 15 * (start % 4))
            problem["booth_duty"][person] = [(begins, begins + timedelta(minutes=15 * length))]
    for number in range(1, draw(st.integers(1, 14)) + 1):
        a, b = draw(st.lists(st.integers(1, people), min_size=2, max_size=2, unique=True))
        problem["requests"][number] = {
            "people": [a, b],
            "priority": draw(st.integers(1, 3)),
            "centers": draw(st.lists(st.integers(1, centers), max_size=2, unique=True)),
            "startup": b,
        }
    return problem


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(0, 2))
def test_random_schedules_pass_the_validator_and_stay_under_the_bound(problem, floor):
    result = scheduling.schedule(problem, floor=floor)
    assert validate(problem, result.meetings) == []
    assert result.scheduled <= upper_bound(problem)
    scheduled = {m["request"] for m in result.meetings}
    assert scheduled | set(result.reasons) == set(problem["requests"])
    assert not scheduled & set(result.reasons)
    assert set(result.reasons.values()) <= REASONS


@settings(max_examples=40, deadline=None)
@given(problems())
def test_same_input_same_output(problem):
    first = scheduling.schedule(copy.deepcopy(problem))
    second = scheduling.schedule(copy.deepcopy(problem))
    assert first.meetings == second.meetings and first.reasons == second.reasons


@settings(max_examples=60, deadline=None)
@given(problems())
def test_meetings_already_booked_keep_their_rooms_and_people(problem):
    first = scheduling.schedule(problem)
    half = first.meetings[::2]
    problem["fixed"] = half
    for meeting in half:
        del problem["requests"][meeting["request"]]
    second = scheduling.schedule(problem)
    assert validate(problem, second.meetings) == []


def test_priority_wins_when_rooms_are_scarce():
    problem = simple_problem(rooms=1, slots_until=10)  # two slots
    everyone_free(problem, range(1, 7))
    for number, (a, b, priority) in enumerate([(1, 2, 1), (3, 4, 3), (5, 6, 2)], start=1):
        problem["requests"][number] = {"people": [a, b], "priority": priority, "centers": [], "startup": b}
    result = scheduling.schedule(problem)
    assert {m["request"] for m in result.meetings} == {2, 3}
    assert result.reasons == {1: scheduling.ROOMS_FULL}


def test_fairness_floor_gives_each_startup_a_meeting():
    problem = simple_problem(rooms=1, slots_until=10)
    everyone_free(problem, range(1, 6))
    problem["requests"] = {
        1: {"people": [1, 4], "priority": 3, "centers": [], "startup": 4},
        2: {"people": [2, 4], "priority": 3, "centers": [], "startup": 4},
        3: {"people": [3, 5], "priority": 1, "centers": [], "startup": 5},
    }
    assert {m["request"] for m in scheduling.schedule(problem).meetings} == {1, 2}
    assert 3 in {m["request"] for m in scheduling.schedule(problem, floor=1).meetings}


def test_reasons_name_the_obstacle():
    problem = simple_problem(rooms=2, slots_until=10, daily_cap=1)
    everyone_free(problem, [1, 2, 3])
    problem["availability"][4] = [(1, local(DAYS[0], 12), local(DAYS[0], 13))]  # after closing
    problem["requests"] = {
        1: {"people": [1, 2], "priority": 2, "centers": [], "startup": 2},
        2: {"people": [1, 3], "priority": 1, "centers": [], "startup": 3},
        3: {"people": [1, 4], "priority": 1, "centers": [], "startup": 4},
        4: {"people": [2, 5], "priority": 1, "centers": [], "startup": 5},
    }
    result = scheduling.schedule(problem)
    assert result.reasons == {
        2: scheduling.DAILY_CAP,
        3: scheduling.NO_COMMON_TIME,
        4: scheduling.NO_AVAILABILITY,
    }


def test_booth_duty_keeps_a_person_out_and_is_the_reason():
    problem = simple_problem(rooms=2, slots_until=11)
    everyone_free(problem, [1, 2, 3])
    problem["requests"] = {
        1: {"people": [1, 2], "priority": 1, "centers": [], "startup": 2},
        2: {"people": [1, 3], "priority": 1, "centers": [], "startup": 3},
    }
    problem["booth_duty"] = {2: [(local(DAYS[0], 0), local(DAYS[1], 0))], 3: [(local(DAYS[0], 9), local(DAYS[0], 10))]}
    result = scheduling.schedule(problem)
    assert [(m["request"], m["starts_at"]) for m in result.meetings] == [(2, local(DAYS[0], 10))]
    assert result.reasons == {1: scheduling.BOOTH_DUTY}
    assert upper_bound(problem) == 1 and validate(problem, result.meetings) == []


def test_one_city_per_person_per_day():
    problem = simple_problem(rooms=1, slots_until=11)
    problem["centers"][2] = copy.deepcopy(problem["centers"][1])
    problem["centers"][2]["rooms"] = {20: 4}
    everyone_free(problem, [1, 2])
    problem["availability"][3] = [(2, local(DAYS[0], 0), local(DAYS[0], 23))]
    problem["availability"][1] += problem["availability"][3]
    problem["requests"] = {
        1: {"people": [1, 2], "priority": 2, "centers": [1], "startup": 2},
        2: {"people": [1, 3], "priority": 1, "centers": [], "startup": 3},
    }
    result = scheduling.schedule(problem)
    assert result.reasons == {2: scheduling.OTHER_CITY}


def test_augmenting_move_frees_the_only_slot_of_a_harder_request():
    # Request 1 could use either slot, request 2 only the first; a single room. Both fit only if 1 moves.
    problem = simple_problem(rooms=1, slots_until=10)
    everyone_free(problem, [1, 2])
    problem["availability"][3] = [(1, local(DAYS[0], 9), local(DAYS[0], 9, 30))]
    problem["availability"][4] = problem["availability"][3]
    problem["requests"] = {
        1: {"people": [1, 2], "priority": 5, "centers": [], "startup": 2},
        2: {"people": [3, 4], "priority": 1, "centers": [], "startup": 4},
    }
    assert len(scheduling.schedule(problem).meetings) == 2


# The validator catches every kind of broken rule.


def _valid_pair() -> tuple[dict, list[dict]]:
    problem = simple_problem(rooms=2, slots_until=12, daily_cap=2, days=DAYS[:1])
    everyone_free(problem, [1, 2, 3])
    problem["requests"] = {
        1: {"people": [1, 2], "priority": 1, "centers": [], "startup": 2},
        2: {"people": [1, 3], "priority": 1, "centers": [], "startup": 3},
    }
    meetings = [
        {
            "request": 1,
            "center": 1,
            "room": 10,
            "starts_at": local(DAYS[0], 9),
            "ends_at": local(DAYS[0], 9, 30),
            "people": [1, 2],
        },
        {
            "request": 2,
            "center": 1,
            "room": 10,
            "starts_at": local(DAYS[0], 10),
            "ends_at": local(DAYS[0], 10, 30),
            "people": [1, 3],
        },
    ]
    return problem, meetings


def _shift(meeting: dict, day: date, hour: int, minute: int = 0) -> None:
    meeting["starts_at"], meeting["ends_at"] = (
        local(day, hour, minute),
        local(day, hour, minute) + timedelta(minutes=30),
    )


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda p, m: _shift(m[1], DAYS[0], 9), "room 10: two meetings"),
        (lambda p, m: (_shift(m[1], DAYS[0], 9), m[1].update(room=11)), "person 1: meetings overlap"),
        (lambda p, m: _shift(m[1], DAYS[0], 12), "outside opening hours"),
        (lambda p, m: _shift(m[1], DAYS[0], 9, 45), "does not start on a slot"),
        (lambda p, m: (p["days"].append(DAYS[3]), _shift(m[1], DAYS[3], 10)), "public holiday"),
        (lambda p, m: p["centers"][1]["closures"].append(DAYS[0]), "closed on"),
        (lambda p, m: p.update(daily_cap=1), "daily cap"),
        (lambda p, m: p["availability"].update({3: []}), "person 3 is not available"),
        (lambda p, m: p["centers"][1]["rooms"].update({10: 1}), "room seats 1"),
        (lambda p, m: m[1].update(request=1, people=[1, 2]), "scheduled twice"),
        (lambda p, m: m[1].update(people=[1, 2]), "participants differ"),
        (lambda p, m: p["centers"][1].update(buffer_minutes=45), "lack the buffer"),
        (lambda p, m: p["requests"][2].update(centers=[7]), "preferred center"),
        (lambda p, m: p.update(booth_duty={3: [(local(DAYS[0], 10, 15), local(DAYS[0], 10, 20))]}), "booth duty"),
    ],
)
def test_validator_catches(breakage, message):
    problem, meetings = _valid_pair()
    assert validate(problem, meetings) == []
    breakage(problem, meetings)
    assert any(message in found for found in validate(problem, meetings)), validate(problem, meetings)


def test_validator_catches_two_cities_in_a_day():
    problem, meetings = _valid_pair()
    problem["centers"][2] = copy.deepcopy(problem["centers"][1])
    problem["centers"][2]["rooms"] = {20: 4}
    problem["availability"][1].append((2, local(DAYS[0], 0), local(DAYS[0], 23)))
    problem["availability"][3].append((2, local(DAYS[0], 0), local(DAYS[0], 23)))
    meetings[1].update(center=2, room=20)
    assert any("two cities" in found for found in validate(problem, meetings))


def test_max_flow_on_a_known_network():
    flow = MaxFlow(6)
    for tail, head, capacity in [
        (0, 2, 3),
        (0, 3, 2),
        (2, 3, 1),
        (2, 4, 2),
        (3, 5, 2),
        (4, 1, 3),
        (5, 1, 1),
        (5, 4, 1),
    ]:
        flow.add_edge(tail, head, capacity)
    assert flow.run(0, 1) == 4


def test_bound_counts_rooms_and_people():
    problem = simple_problem(rooms=1, slots_until=10)  # two slots, one room
    everyone_free(problem, range(1, 7))
    problem["requests"] = {
        n: {"people": [1, n + 1], "priority": 1, "centers": [], "startup": n + 1} for n in range(1, 5)
    }
    assert upper_bound(problem) == 2
    problem["centers"][1]["rooms"] = {10: 4, 11: 4, 12: 4}
    assert upper_bound(problem) == 2  # person 1 has only two slots
