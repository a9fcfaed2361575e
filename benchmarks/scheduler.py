"""Benchmark of the meeting scheduler on a SusHi-Tech-scale instance, and against CP-SAT optima on small ones.

Run: .venv/bin/python benchmarks/scheduler.py   (OR-Tools comes with the `bench` extra: pip install -e .[bench])

The large instance (fixed seed): 635 investors, 434 startups, 3,000 accepted requests, 6 centers with 6 rooms each,
5 days of 30-minute slots 9:00–17:00, each person available at one or two centers for about 60% of the opening
hours, a daily cap of 8 meetings a person. Prints time, meetings scheduled, the max-flow upper bound, their ratio
and the independent validator's verdict. Then 10 small instances (up to 60 people a side) are solved to
optimality with CP-SAT and the scheduler's weighted result is reported as a share of the optimum.
The same large instance runs again with a fifth of the startups on booth duty for the whole fair (the upper
bound and CP-SAT see the same restriction: both read the scheduler's candidate slots, which leave it out).
Then the same instance with wishes and languages (scheduler_instances.add_preferences_and_languages): 10% of
the requests must-meet, 18% would-like, the sides of about 30% sharing no language, 2 interpreters per center.
must_meet_share is the must-meet meetings scheduled ÷ the upper bound computed over the must-meet requests alone;
interpreter_valid says the validator accepts every interpreter assignment (and every other rule). The small
CP-SAT instances carry the same wishes and languages, so the optimum is over value with interpreters too.
The last line is JSON: seconds, scheduled, upper_bound, ratio, valid, then duty_seconds, duty_scheduled,
duty_upper_bound, duty_ratio, duty_valid for the booth-duty run, pref_seconds, pref_scheduled,
pref_upper_bound, pref_ratio, must_meet_share, interpreter_valid for the run with wishes and interpreters,
online_seconds, online_scheduled, online_meetings, online_upper_bound, online_ratio, online_must_meet_share,
online_valid for that run with online meetings (scheduler_instances.add_online: 40% of the people meet online,
8:00–20:00 from five days before the fair), cpsat_share, and online_cpsat_share: the same small instances with
online meetings added as in the large run (scheduler_instances.add_online), CP-SAT's model with online slots (no
room, no city, the person and interpreter rules over overlapping slots). The validator checks CP-SAT's optimum too,
so a model looser than the rules would show.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scheduler_instances import add_booth_duty, add_online, add_preferences_and_languages, generate  # noqa: E402

from eventsys.services.meetings.bound import upper_bound  # noqa: E402
from eventsys.services.meetings.scheduling import schedule  # noqa: E402
from eventsys.services.meetings.scheduling_instance import MUST_MEET_TIER, prepare  # noqa: E402
from eventsys.services.meetings.validator import validate  # noqa: E402

SEED = 2027


def large(*, booth_duty: bool = False) -> dict:
    problem = generate(SEED, investors=635, startups=434, requests=3000)
    if booth_duty:
        add_booth_duty(problem, SEED)
        print(f"\nThe same with {len(problem['booth_duty'])} startups on booth duty for the whole fair:")
    started = time.perf_counter()
    result = schedule(problem)
    seconds = time.perf_counter() - started
    bound = upper_bound(problem)
    problems = validate(problem, result.meetings)
    print(f"SusHi-Tech-scale instance (seed {SEED}): {len(problem['requests'])} accepted requests")
    print(f"  scheduled      {result.scheduled} meetings in {seconds:.2f} s")
    print(f"  upper bound    {bound} (max flow)")
    print(f"  ratio          {result.scheduled / bound:.4f}")
    print(f"  validator      {'valid' if not problems else f'{len(problems)} broken rules: {problems[:3]}'}")
    reasons: dict[str, int] = {}
    for reason in result.reasons.values():
        reasons[reason] = reasons.get(reason, 0) + 1
    print(f"  left out       {dict(sorted(reasons.items()))}")
    return {
        "seconds": round(seconds, 3),
        "scheduled": result.scheduled,
        "upper_bound": bound,
        "ratio": round(result.scheduled / bound, 4),
        "valid": not problems,
    }


def with_preferences() -> dict:
    problem = add_preferences_and_languages(generate(SEED, investors=635, startups=434, requests=3000), SEED)
    must = {number for number, request in problem["requests"].items() if request["must_meet"]}
    print(f"\nThe same with wishes ({len(must)} must-meet) and {len(problem['interpreters'])} interpreters:")
    started = time.perf_counter()
    result = schedule(problem)
    seconds = time.perf_counter() - started
    bound, must_bound = upper_bound(problem), upper_bound(problem, only=must)
    must_scheduled = sum(1 for meeting in result.meetings if meeting["request"] in must)
    interpreted = sum(1 for meeting in result.meetings if meeting["interpreter"] is not None)
    problems = validate(problem, result.meetings)
    print(f"  scheduled      {result.scheduled} meetings ({interpreted} with an interpreter) in {seconds:.2f} s")
    print(f"  upper bound    {bound}, ratio {result.scheduled / bound:.4f}")
    print(f"  must-meet      {must_scheduled} of {len(must)}, bound {must_bound}")
    print(f"  validator      {'valid' if not problems else f'{len(problems)} broken rules: {problems[:3]}'}")
    left = Counter(result.reasons[r] for r in must if r in result.reasons)
    print(f"  must-meet left out {dict(sorted(left.items()))}")
    return {
        "pref_seconds": round(seconds, 3),
        "pref_scheduled": result.scheduled,
        "pref_upper_bound": bound,
        "pref_ratio": round(result.scheduled / bound, 4),
        "must_meet_share": round(must_scheduled / must_bound, 4) if must_bound else 1.0,
        "interpreter_valid": not problems,
    }


def with_online() -> dict:
    """The run with wishes and interpreters, plus online meetings for 40% of the people."""
    problem = add_preferences_and_languages(generate(SEED, investors=635, startups=434, requests=3000), SEED)
    add_online(problem, SEED)
    must = {number for number, request in problem["requests"].items() if request["must_meet"]}
    online_people = set(problem["meets_online"])
    both = sum(1 for request in problem["requests"].values() if set(request["people"]) <= online_people)
    print(f"\nThe same with online meetings ({len(online_people)} people meet online, {both} requests both sides):")
    started = time.perf_counter()
    result = schedule(problem)
    seconds = time.perf_counter() - started
    bound, must_bound = upper_bound(problem), upper_bound(problem, only=must)
    must_scheduled = sum(1 for meeting in result.meetings if meeting["request"] in must)
    online = sum(1 for meeting in result.meetings if meeting["mode"] == "online")
    problems = validate(problem, result.meetings)
    print(f"  scheduled      {result.scheduled} meetings ({online} online) in {seconds:.2f} s")
    print(f"  upper bound    {bound}, ratio {result.scheduled / bound:.4f}")
    print(f"  must-meet      {must_scheduled} of {len(must)}, bound {must_bound}")
    print(f"  validator      {'valid' if not problems else f'{len(problems)} broken rules: {problems[:3]}'}")
    return {
        "online_seconds": round(seconds, 3),
        "online_scheduled": result.scheduled,
        "online_meetings": online,
        "online_upper_bound": bound,
        "online_ratio": round(result.scheduled / bound, 4),
        "online_must_meet_share": round(must_scheduled / must_bound, 4) if must_bound else 1.0,
        "online_valid": not problems,
    }


def optimum(problem: dict) -> list[tuple[int, int, int | None]]:
    """The best weighted schedule, by CP-SAT: same rules as the scheduler, proved optimal.

    Returns (request, slot, interpreter or None) per meeting. Online slots take no room and no city, but one person
    (and one interpreter) takes no two slots that overlap (the instance's overlaps, which list only pairs with an
    online slot: slots in person of one center never overlap and two centers are two cities).
    """
    from ortools.sat.python import cp_model

    inst = prepare(problem)
    model = cp_model.CpModel()
    choose = {(r, s): model.new_bool_var(f"x{r}_{s}") for r, slots in inst.candidates.items() for s in slots}
    by_request, by_slot, by_person_slot, by_person_day = {}, {}, {}, {}
    city = {}
    for (r, s), var in choose.items():
        by_request.setdefault(r, []).append(var)
        by_slot.setdefault(s, []).append(var)
        day, center = inst.slot_day[s], inst.slot_center[s]
        for person in inst.people[r]:
            by_person_slot.setdefault((person, s), []).append(var)
            by_person_day.setdefault((person, day), []).append(var)
            if inst.slot_online[s]:
                continue  # an online meeting ties nobody to a city
            key = (person, day, center)
            if key not in city:
                city[key] = model.new_bool_var(f"c{person}_{day}_{center}")
            model.add_implication(var, city[key])
    for variables in by_request.values():
        model.add(sum(variables) <= 1)
    for s, variables in by_slot.items():
        if not inst.slot_online[s]:
            model.add(sum(variables) <= inst.slot_capacity[s])
    for variables in by_person_day.values():
        model.add(sum(variables) <= inst.daily_cap)
    per_day = {}
    for (person, day, _center), var in city.items():
        per_day.setdefault((person, day), []).append(var)
    for variables in per_day.values():
        model.add(sum(variables) <= 1)
    _once_at_a_time(model, inst, by_person_slot)
    uses = _interpreters(model, inst, choose)
    model.maximize(sum(inst.priority[r] * var for (r, _s), var in choose.items()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 120
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    if status != cp_model.OPTIMAL:
        raise RuntimeError("CP-SAT did not prove optimality in time")
    interpreter_of = {(r, s): i for (i, r, s), var in uses.items() if solver.value(var)}
    return [(r, s, interpreter_of.get((r, s))) for (r, s), var in choose.items() if solver.value(var)]


def _once_at_a_time(model, inst, by_key_slot: dict[tuple[int, int], list]) -> None:
    """One person (or interpreter) in one meeting per slot, and in none of the slots that overlap it."""
    for variables in by_key_slot.values():
        model.add(sum(variables) <= 1)
    for (key, s), variables in by_key_slot.items():
        for t in inst.overlaps[s]:
            if t > s and (key, t) in by_key_slot:
                model.add(sum(variables) + sum(by_key_slot[(key, t)]) <= 1)


def _interpreters(model, inst, choose: dict) -> dict[tuple[int, int, int], object]:
    """A meeting that needs an interpreter takes one of its eligible ones: {(interpreter, request, slot): var}."""
    uses, by_interpreter_slot = {}, {}
    for (r, s), var in choose.items():
        if r not in inst.interpreters:
            continue
        takes = []
        for interpreter in inst.interpreters[r][s]:
            use = model.new_bool_var(f"i{interpreter}_{r}_{s}")
            uses[(interpreter, r, s)] = use
            by_interpreter_slot.setdefault((interpreter, s), []).append(use)
            takes.append(use)
        model.add(sum(takes) == var)
    _once_at_a_time(model, inst, by_interpreter_slot)
    return uses


def _as_meetings(problem: dict, inst, chosen: list[tuple[int, int, int | None]]) -> list[dict]:
    """CP-SAT's choice as the validator reads meetings: rooms of each slot in order."""
    rooms = {s: iter(inst.slot_rooms[s]) for _r, s, _i in chosen}
    return [
        {
            "request": r,
            "center": inst.slot_center[s],
            "room": None if inst.slot_online[s] else next(rooms[s]),
            "mode": "online" if inst.slot_online[s] else "in_person",
            "starts_at": inst.slot_times[s][0],
            "ends_at": inst.slot_times[s][1],
            "people": list(inst.people[r]),
            "interpreter": interpreter,
        }
        for r, s, interpreter in chosen
    ]


def small(*, online: bool = False) -> float:
    """The scheduler's share of the CP-SAT optimum on 10 small instances; with online meetings when `online`."""
    shares = []
    kind = "and online meetings " if online else ""
    print(f"\nSmall instances with wishes, interpreters {kind}against the CP-SAT optimum (weighted by value):")
    for n in range(10):
        side = 33 + 3 * n
        problem = generate(
            SEED + 100 + n, investors=side, startups=side, requests=4 * side, centers=3, rooms=2, days=2, daily_cap=4
        )
        add_preferences_and_languages(problem, SEED + 100 + n, interpreters=1)
        if online:
            add_online(problem, SEED + 100 + n)
        started = time.perf_counter()
        result = schedule(problem)
        inst = prepare(problem)
        chosen = optimum(problem)
        # The share is of the value without the must-meet tier (which would hide every other difference).
        weight = sum(inst.priority[m["request"]] % MUST_MEET_TIER for m in result.meetings)
        musts = sum(1 for m in result.meetings if m["request"] in inst.must_meet)
        best_musts = sum(1 for r, _s, _i in chosen if r in inst.must_meet)
        best = sum(inst.priority[r] % MUST_MEET_TIER for r, _s, _i in chosen)
        solved = time.perf_counter() - started
        share = weight / best if best else 1.0
        shares.append(share)
        valid = not validate(problem, result.meetings)
        best_valid = not validate(problem, _as_meetings(problem, inst, chosen))
        online_counts = ""
        if online:
            mine = sum(1 for m in result.meetings if m["mode"] == "online")
            theirs = sum(1 for _r, s, _i in chosen if inst.slot_online[s])
            online_counts = f", online {mine} and {theirs}"
        print(
            f"  #{n + 1:<2} {side} a side, {len(problem['requests'])} requests: "
            f"scheduler {weight} ({musts} must-meet), optimum {best} ({best_musts} must-meet), share {share:.4f}, "
            f"valid {valid} and {best_valid}{online_counts} ({solved:.1f} s)"
        )
    print(f"  mean share {statistics.mean(shares):.4f}, lowest {min(shares):.4f}")
    return statistics.mean(shares)


def main() -> None:
    figures = large()
    figures.update({f"duty_{key}": value for key, value in large(booth_duty=True).items()})
    figures.update(with_preferences())
    figures.update(with_online())
    try:
        figures["cpsat_share"] = round(small(), 4)
        figures["online_cpsat_share"] = round(small(online=True), 4)
    except ImportError:
        print("\nOR-Tools is not installed (pip install -e .[bench]); skipping the CP-SAT comparison.")
        figures["cpsat_share"] = figures["online_cpsat_share"] = None
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
