"""Must-meet first, no-thanks left out, and interpreters as a third resource: scheduler, upper bound and validator."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from test_scheduling import DAYS, everyone_free, local, simple_problem

from eventsys.models import PreferenceLevel
from eventsys.services.meetings import scheduling
from eventsys.services.meetings.bound import upper_bound
from eventsys.services.meetings.preferences import request_value
from eventsys.services.meetings.validator import validate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from scheduler_instances import add_preferences_and_languages, generate  # noqa: E402


def interpreter(center=1, languages=("ja", "es"), until=10) -> dict:
    return {"center": center, "languages": list(languages), "hours": [(local(DAYS[0], 9), local(DAYS[0], until))]}


def language_problem(*, slots_until=10, interpreters=None) -> dict:
    """Requests 1 and 2 both pair a Japanese speaker with a Spanish speaker; the center has two rooms."""
    problem = simple_problem(rooms=2, slots_until=slots_until)
    everyone_free(problem, [1, 2, 3, 4])
    problem["requests"] = {1: {"people": [1, 2], "priority": 1}, 2: {"people": [3, 4], "priority": 1}}
    problem["languages"] = {1: ["ja"], 2: ["es"], 3: ["ja"], 4: ["es", "fr"]}
    problem["interpreters"] = interpreters if interpreters is not None else {7: interpreter()}
    return problem


def test_request_value_weights_wishes_and_sides():
    assert request_value(2, (PreferenceLevel.MUST_MEET, None)) == {"value": 22, "must_meet": True, "no_thanks": False}
    assert request_value(1, (None, PreferenceLevel.WOULD_LIKE), (1, 2))["value"] == 7
    assert request_value(1, (PreferenceLevel.NO_THANKS, None))["no_thanks"] is True


def test_must_meet_goes_first_even_against_many_others():
    problem = simple_problem(rooms=1, slots_until=10)  # two slots
    everyone_free(problem, [1, 2, 3, 4, 5, 6])
    problem["requests"] = {
        1: {"people": [1, 2], "priority": 3, "value": 90},
        2: {"people": [3, 4], "priority": 3, "value": 90},
        3: {"people": [5, 6], "priority": 1, "value": 1, "must_meet": True},
    }
    result = scheduling.schedule(problem)
    assert 3 in {m["request"] for m in result.meetings}
    assert result.scheduled == 2


def test_no_thanks_is_left_out_with_its_reason():
    problem = simple_problem()
    everyone_free(problem, [1, 2])
    problem["requests"] = {1: {"people": [1, 2], "priority": 1, "no_thanks": True}}
    result = scheduling.schedule(problem)
    assert result.meetings == [] and result.reasons == {1: scheduling.NO_THANKS}
    planted = {"request": 1, "center": 1, "room": 10, "people": [1, 2], "interpreter": None}
    planted |= {"starts_at": local(DAYS[0], 9), "ends_at": local(DAYS[0], 9, 30)}
    assert validate(problem, [planted]) == ["meeting for request 1: one side marked the other no-thanks"]


def test_an_interpreter_is_assigned_and_never_in_two_meetings_at_once():
    problem = language_problem()  # 9:00–10:00: two slots, one interpreter
    result = scheduling.schedule(problem)
    assert result.scheduled == 2
    assert {m["interpreter"] for m in result.meetings} == {7}
    assert len({m["starts_at"] for m in result.meetings}) == 2
    assert validate(problem, result.meetings) == []
    assert upper_bound(problem) == 2


def test_the_bound_counts_interpreters():
    problem = language_problem(slots_until=10, interpreters={7: interpreter(until=9)})
    problem["interpreters"][7]["hours"] = [(local(DAYS[0], 9), local(DAYS[0], 9, 30))]  # one slot only
    assert upper_bound(problem) == 1
    result = scheduling.schedule(problem)
    assert result.scheduled == 1
    (left,) = result.reasons
    assert result.reasons[left] == scheduling.INTERPRETER
    assert result.details[left]["languages"] in {"ja–es"}
    assert result.details[left]["center"] == 1 and result.details[left]["day"] == DAYS[0]


def test_no_interpreter_with_the_languages_is_a_reason():
    problem = language_problem(interpreters={7: interpreter(languages=("ja", "en"))})
    result = scheduling.schedule(problem)
    assert result.meetings == []
    assert set(result.reasons.values()) == {scheduling.INTERPRETER}
    assert result.details[1] == {"languages": "ja–es", "center": 1, "day": DAYS[0]}
    assert upper_bound(problem) == 0


def test_sides_sharing_a_language_need_no_interpreter():
    problem = language_problem(interpreters={})
    problem["languages"][2] = ["es", "ja"]
    result = scheduling.schedule(problem)
    assert [m["request"] for m in result.meetings] == [1]
    assert result.meetings[0]["interpreter"] is None


def test_a_booked_meeting_keeps_its_interpreter():
    problem = language_problem()
    problem["fixed"] = [
        {
            "request": 99,
            "center": 1,
            "room": 10,
            "starts_at": local(DAYS[0], 9),
            "ends_at": local(DAYS[0], 9, 30),
            "people": [8, 9],
            "interpreter": 7,
        }
    ]
    result = scheduling.schedule(problem)
    assert result.scheduled == 1
    assert result.meetings[0]["starts_at"] == local(DAYS[0], 9, 30)


def test_validator_catches_every_interpreter_mistake():
    problem = language_problem()
    meetings = scheduling.schedule(problem).meetings
    assert validate(problem, meetings) == []
    same_slot = [{**m, "starts_at": meetings[0]["starts_at"], "ends_at": meetings[0]["ends_at"]} for m in meetings]
    same_slot[1]["room"] = 11 if same_slot[0]["room"] == 10 else 10
    assert any("interpreter 7: two meetings" in p for p in validate(problem, same_slot))
    missing = [{**meetings[0], "interpreter": None}]
    assert any("no interpreter" in p for p in validate(problem, missing))
    problem["interpreters"][8] = interpreter(languages=("ja", "en"))
    wrong = [{**meetings[0], "interpreter": 8}]
    assert any("does not speak" in p for p in validate(problem, wrong))
    problem["interpreters"][9] = {**interpreter(), "center": 2}
    elsewhere = [{**meetings[0], "interpreter": 9}]
    assert any("another center" in p for p in validate(problem, elsewhere))
    late = interpreter()
    late["hours"] = [(local(DAYS[0], 12), local(DAYS[0], 13))]
    problem["interpreters"][10] = late
    assert any("does not work then" in p for p in validate(problem, [{**meetings[0], "interpreter": 10}]))


@pytest.mark.parametrize("seed", range(6))
def test_generated_instances_with_interpreters_pass_the_validator_and_stay_under_the_bound(seed):
    """Small SusHi-Tech-like instances with wishes, languages and one interpreter per center."""
    problem = add_preferences_and_languages(
        generate(seed, investors=30, startups=30, requests=120, centers=3, rooms=2, days=2, daily_cap=4),
        seed,
        interpreters=1,
    )
    result = scheduling.schedule(problem, floor=1)
    assert validate(problem, result.meetings) == []
    assert result.scheduled <= upper_bound(problem)
    must = {r for r, request in problem["requests"].items() if request["must_meet"]}
    placed = sum(1 for m in result.meetings if m["request"] in must)
    assert placed <= upper_bound(problem, only=must)
    assert set(result.reasons) == set(problem["requests"]) - {m["request"] for m in result.meetings}
    assert all(r in result.details for r, reason in result.reasons.items() if reason == scheduling.INTERPRETER)
    dropped = [m for m in result.meetings if m["interpreter"] is not None][:1]
    for meeting in dropped:  # the validator is not fooled by a meeting that lost its interpreter
        assert validate(problem, [{**meeting, "interpreter": None}]) != []
