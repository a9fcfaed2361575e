"""The scheduler places online meetings: for pairs who both meet online, on a center's online grid, in no room,
before the fair too, under the same person and daily rules; the validator and the bound agree with it."""

from __future__ import annotations

from datetime import date, time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventsys.services.meetings import scheduling
from eventsys.services.meetings.bound import upper_bound
from eventsys.services.meetings.validator import validate
from tests.test_scheduling import DAYS, everyone_free, local, problems, simple_problem

#: 26 April 2027: four days before the one-day fair of simple_problem.
BEFORE = date(2027, 4, 26)


def online_problem(*, opens=time(8), closes=time(20), meets_online=(1, 2, 3)) -> dict:
    problem = simple_problem(rooms=1)
    problem["online"] = {"from": BEFORE, "opens": opens, "closes": closes}
    problem["meets_online"] = list(meets_online)
    problem["requests"] = {1: {"people": [1, 2], "priority": 1}}
    return problem


def test_a_pair_without_common_time_in_person_meets_online_before_the_fair():
    problem = online_problem()
    (meeting,) = scheduling.schedule(problem).meetings
    assert meeting["mode"] == "online" and meeting["room"] is None
    assert meeting["starts_at"] == local(BEFORE, 8)  # the first online slot, no availability needed
    assert validate(problem, [meeting]) == []


def test_in_person_comes_first_when_a_slot_fits():
    problem = online_problem()
    everyone_free(problem, [1, 2])
    (meeting,) = scheduling.schedule(problem).meetings
    assert meeting["mode"] == "in_person" and meeting["room"] == 10


def test_only_pairs_who_both_meet_online_get_online_slots():
    problem = online_problem(meets_online=[1])
    result = scheduling.schedule(problem)
    assert result.meetings == [] and result.reasons == {1: scheduling.NO_AVAILABILITY}


def test_an_online_slot_on_another_grid_never_overlaps_a_meeting_in_person():
    """The online grid starts at 8:15, so its slots overlap the center's 9:00 slot without sharing its start."""
    problem = online_problem(opens=time(8, 15), closes=time(10, 15))
    problem["online"]["from"] = DAYS[0]
    problem["requests"][2] = {"people": [1, 3], "priority": 2}
    everyone_free(problem, [1, 3])
    result = scheduling.schedule(problem)
    by_request = {m["request"]: m for m in result.meetings}
    assert by_request[2]["mode"] == "in_person" and by_request[2]["starts_at"] == local(DAYS[0], 9)
    online = by_request[1]
    assert online["mode"] == "online"
    assert online["ends_at"] <= local(DAYS[0], 9) or online["starts_at"] >= local(DAYS[0], 9, 30)
    assert validate(problem, result.meetings) == []


def test_online_meetings_count_toward_the_daily_cap():
    problem = online_problem(closes=time(9))  # two online slots a day
    problem["online"]["from"] = DAYS[0]
    problem["daily_cap"] = 1
    problem["requests"][2] = {"people": [1, 3], "priority": 1}
    result = scheduling.schedule(problem)
    assert len(result.meetings) == 1 and result.reasons == {2: scheduling.DAILY_CAP}


def test_a_booked_meeting_keeps_its_people_out_of_overlapping_online_slots():
    problem = online_problem(opens=time(8, 45), closes=time(9, 45))
    problem["online"]["from"] = DAYS[0]
    problem["fixed"] = [
        {
            "request": 9,
            "center": 1,
            "room": 10,
            "starts_at": local(DAYS[0], 9),
            "ends_at": local(DAYS[0], 9, 30),
            "people": [2, 5],
            "interpreter": None,
        }
    ]
    result = scheduling.schedule(problem)
    assert result.meetings == []  # both online slots (8:45 and 9:15) overlap the booked 9:00


def test_the_validator_refuses_an_online_meeting_for_someone_who_does_not_meet_online():
    problem = online_problem()
    (meeting,) = scheduling.schedule(problem).meetings
    problem["meets_online"] = [1]
    assert any("does not meet online" in each for each in validate(problem, [meeting]))


@st.composite
def online_problems(draw) -> dict:
    """The scheduler's random problems with an online window (before the fair too) and people who meet online."""
    problem = draw(problems())
    first = min(problem["days"])
    opens = draw(st.sampled_from((time(7), time(8, 15), time(9, 10))))
    problem["online"] = {
        "from": draw(st.sampled_from((first, date.fromordinal(first.toordinal() - 2)))),
        "opens": opens,
        "closes": time(opens.hour + draw(st.integers(1, 4)), opens.minute),
    }
    people = sorted({p for request in problem["requests"].values() for p in request["people"]})
    problem["meets_online"] = draw(st.lists(st.sampled_from(people), unique=True)) if people else []
    return problem


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(online_problems(), st.integers(0, 1))
def test_random_schedules_with_online_meetings_pass_the_validator_and_stay_under_the_bound(problem, floor):
    result = scheduling.schedule(problem, floor=floor)
    assert validate(problem, result.meetings) == []
    assert result.scheduled <= upper_bound(problem)
    assert {m["request"] for m in result.meetings} | set(result.reasons) == set(problem["requests"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(online_problems())
def test_meetings_booked_online_or_not_are_worked_around(problem):
    first = scheduling.schedule(problem)
    half = first.meetings[::2]
    problem["fixed"] = half
    for meeting in half:
        del problem["requests"][meeting["request"]]
    assert validate(problem, scheduling.schedule(problem).meetings) == []
