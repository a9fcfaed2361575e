"""The scheduler's view of a problem: its slots, and for each request the slots it could take (or why none).

A request's value is its "value" (services.meetings.preferences.request_value: priority × the sides' wishes),
or its priority; must-meet requests come first (MUST_MEET_TIER is added to their value, so no number of other
meetings outweighs one of them). A request whose two sides share no language (problem["languages"]) needs one
of the center's interpreters (problem["interpreters"]) who speaks a language of each side and works in that slot.
Online meetings (problem["online"]: {"from": date, "opens": time, "closes": time}) are for pairs whose two people
both meet online (problem["meets_online"]: their ids): every open center has an online grid from "from" to the fair's
last day within those hours, in its zone, with its slot length and buffer; a request's online slots are on the grid
of its first open preferred center (else the first open center). They need no room and no availability and are
outside the one-city rule, but take their people's time (no overlap with any other meeting, with the buffer) and
daily cap, and an interpreter when one is needed. Online slots come after those in person in a request's candidates.
Online meetings already booked come in as fixed ones that take their people's time and daily cap but no room and
no city.

The problem is plain data (see schedule_problem.load_problem); prepare indexes it by slot for the scheduler
(services.meetings.scheduling) and the upper bound (services.meetings.bound).
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import holidays

#: Why a request was left out, most specific first.
NO_AVAILABILITY = "no_availability"
NO_COMMON_TIME = "no_common_time"
ROOMS_FULL = "rooms_full"
PERSON_BUSY = "person_busy"
DAILY_CAP = "daily_cap"
OTHER_CITY = "other_city"
BOOTH_DUTY = "booth_duty"
INTERPRETER = "interpreter"
NO_THANKS = "no_thanks"
#: The pair has open proposed slots: left for the people to pick or decline (see prepare).
PROPOSAL_OPEN = "proposal_open"

#: Seats of an online slot: no room limits it.
ONLINE_SEATS = 1_000_000

#: Added to a must-meet request's value: one must-meet outweighs any number of others (with values below it).
MUST_MEET_TIER = 100_000


def needs_interpreter(first: set[str], second: set[str]) -> bool:
    """Two sides need an interpreter when both declared languages and they share none."""
    return bool(first) and bool(second) and not first & second


def can_interpret(languages: set[str], first: set[str], second: set[str]) -> bool:
    return bool(languages & first) and bool(languages & second)


@dataclass
class Instance:
    """The problem indexed by slot: what the scheduler and the upper bound work on."""

    slot_center: list[int] = field(default_factory=list)
    slot_day: list[int] = field(default_factory=list)
    slot_times: list[tuple[datetime, datetime]] = field(default_factory=list)
    #: Rooms still free in each slot, after meetings already booked.
    slot_capacity: list[int] = field(default_factory=list)
    slot_rooms: list[list[int]] = field(default_factory=list)
    #: Whether the slot is on an online grid (no room, no city).
    slot_online: list[bool] = field(default_factory=list)
    #: Per slot, the other slots one person cannot also take (they overlap, with the buffer): only pairs with an
    #: online slot, since slots in person of one center never overlap and two centers are two cities.
    overlaps: list[frozenset[int]] = field(default_factory=list)
    #: The days slot_day counts: the fair's, then the online days before it.
    days: list[date] = field(default_factory=list)
    people: dict[int, tuple[int, ...]] = field(default_factory=dict)
    priority: dict[int, int] = field(default_factory=dict)
    startup: dict[int, Any] = field(default_factory=dict)
    candidates: dict[int, list[int]] = field(default_factory=dict)
    reason_if_empty: dict[int, str] = field(default_factory=dict)
    #: Meetings already booked, per (person, day): their center and count.
    fixed_city: dict[tuple[int, int], int] = field(default_factory=dict)
    fixed_load: Counter = field(default_factory=Counter)
    daily_cap: int = 8
    must_meet: set[int] = field(default_factory=set)
    #: For requests that need an interpreter: per candidate slot, the eligible interpreters, least versatile first.
    interpreters: dict[int, dict[int, list[int]]] = field(default_factory=dict)
    #: For requests that need one: the two sides' languages, as "ja–es".
    language_pair: dict[int, str] = field(default_factory=dict)
    #: (interpreter, slot) taken by meetings already booked.
    interpreters_taken: set[tuple[int, int]] = field(default_factory=set)


def _closed_days(center: dict[str, Any], days: list[date]) -> set[date]:
    japan = holidays.country_holidays("JP", years=sorted({day.year for day in days}))
    closures = set(center.get("closures", ()))
    return {day for day in days if day in japan or day in closures or day.weekday() not in center["hours"]}


def prepare(problem: dict[str, Any]) -> Instance:
    """Generate the slots, subtract booked meetings, and list each request's slots where both sides are free."""
    inst = Instance(daily_cap=problem["daily_cap"])
    days = list(problem["days"])
    inst.days = days + [day for day in _online_days(problem) if day not in days]
    by_center: dict[int, list[tuple[datetime, int]]] = defaultdict(list)
    for center_id in sorted(problem["centers"]):
        center = problem["centers"][center_id]
        zone = ZoneInfo(center["zone"])
        length = timedelta(minutes=center["slot_minutes"])
        step = timedelta(minutes=center["slot_minutes"] + center["buffer_minutes"])
        rooms = sorted(room for room, seats in center["rooms"].items() if seats >= 2)
        closed = _closed_days(center, days)
        for day_index, day in enumerate(days):
            if day in closed:
                continue
            opens, closes = center["hours"][day.weekday()]
            start, end = datetime.combine(day, opens, zone), datetime.combine(day, closes, zone)
            while start + length <= end:
                slot = _add_slot(inst, center_id, day_index, start, start + length, rooms)
                by_center[center_id].append((start.astimezone(UTC), slot))
                start += step
    online_grid = _add_online_slots(problem, inst)
    inst.overlaps = _overlapping_slots(problem, inst)
    free = _free_slots(problem, inst, by_center)
    fixed_busy = _subtract_fixed(problem, inst, free)
    on_duty = _duty_slots(problem, inst)
    working = _interpreter_slots(problem, inst)
    languages = {person: set(codes) for person, codes in problem.get("languages", {}).items()}
    for request_id in sorted(problem["requests"]):
        request = problem["requests"][request_id]
        people = tuple(request["people"])
        inst.people[request_id] = people
        must = bool(request.get("must_meet"))
        inst.priority[request_id] = request.get("value", request.get("priority", 1)) + (MUST_MEET_TIER if must else 0)
        if must:
            inst.must_meet.add(request_id)
        inst.startup[request_id] = request.get("startup")
        if request.get("no_thanks") or request.get("proposal_open"):
            # An open proposal is left for the people: one side named three times and the other is answering;
            # booking any slot, one of those or another, would answer for them (and supersede the proposal).
            inst.candidates[request_id] = []
            inst.reason_if_empty[request_id] = NO_THANKS if request.get("no_thanks") else PROPOSAL_OPEN
            continue
        common = set.intersection(*(free.get(person, set()) for person in people))
        wanted = set(request.get("centers") or ())
        usable = {s for s in common if not wanted or inst.slot_center[s] in wanted}
        usable |= _online_candidates(problem, inst, online_grid, request, fixed_busy)
        duty = set().union(*(on_duty.get(person, ()) for person in people))
        candidates = usable - duty
        sides = [languages.get(person, set()) for person in people[:2]]
        if len(sides) == 2 and needs_interpreter(*sides):
            inst.language_pair[request_id] = "–".join(sorted(sides[0])[:1] + sorted(sides[1])[:1])
            fitting = {
                interpreter
                for interpreter, spec in problem.get("interpreters", {}).items()
                if can_interpret(set(spec["languages"]), *sides)
            }
            eligible = {
                slot: sorted(
                    (i for i in working.get(slot, ()) if i in fitting),
                    key=lambda i: (len(problem["interpreters"][i]["languages"]), i),
                )
                for slot in candidates
            }
            inst.interpreters[request_id] = {slot: found for slot, found in eligible.items() if found}
            with_interpreter = set(inst.interpreters[request_id])
            if candidates and not with_interpreter:
                inst.reason_if_empty[request_id] = INTERPRETER
            candidates &= with_interpreter
        inst.candidates[request_id] = sorted(candidates, key=lambda s: (inst.slot_online[s], s))  # in person first
        if not inst.candidates[request_id] and request_id not in inst.reason_if_empty:
            missing = any(not problem["availability"].get(person) for person in people)
            inst.reason_if_empty[request_id] = BOOTH_DUTY if usable else NO_AVAILABILITY if missing else NO_COMMON_TIME
    return inst


def _add_slot(inst: Instance, center_id: int, day_index: int, start: datetime, end: datetime, rooms) -> int:
    slot = len(inst.slot_center)
    inst.slot_center.append(center_id)
    inst.slot_day.append(day_index)
    inst.slot_times.append((start.astimezone(UTC), end.astimezone(UTC)))
    inst.slot_capacity.append(len(rooms) if rooms is not None else ONLINE_SEATS)
    inst.slot_rooms.append(list(rooms or ()))
    inst.slot_online.append(rooms is None)
    return slot


def _online_days(problem) -> list[date]:
    window = problem.get("online")
    if not window or not problem.get("meets_online"):
        return []
    last = max(problem["days"])
    return [window["from"] + timedelta(days=n) for n in range((last - window["from"]).days + 1)]


def _add_online_slots(problem, inst: Instance) -> dict[int, list[int]]:
    """Each open center's online grid (when anyone meets online): {center: its online slots}, those after
    problem["not_before"] (when given: the online window may have opened in the past)."""
    window, grid, not_before = problem.get("online"), {}, problem.get("not_before")
    online_days = _online_days(problem)
    for center_id in sorted(problem["centers"]) if online_days else ():
        center = problem["centers"][center_id]
        if center.get("closed"):
            continue
        zone = ZoneInfo(center["zone"])
        length = timedelta(minutes=center["slot_minutes"])
        step = timedelta(minutes=center["slot_minutes"] + center["buffer_minutes"])
        grid[center_id] = []
        for day in online_days:
            start, end = datetime.combine(day, window["opens"], zone), datetime.combine(day, window["closes"], zone)
            while start + length <= end:
                if not_before is None or start > not_before:
                    grid[center_id].append(
                        _add_slot(inst, center_id, inst.days.index(day), start, start + length, None)
                    )
                start += step
    return grid


def _online_candidates(problem, inst: Instance, grid, request, fixed_busy) -> set[int]:
    """The request's online slots where neither person has a meeting already, when both meet online."""
    if not grid or not set(request["people"]) <= set(problem.get("meets_online", ())):
        return set()
    wanted = [c for c in sorted(request.get("centers") or ()) if c in grid]
    center = wanted[0] if wanted else (min(grid) if not request.get("centers") else None)
    if center is None:  # every preferred center is closed
        return set()
    taken = set().union(*(fixed_busy.get(person, ()) for person in request["people"]))
    return {slot for slot in grid[center] if slot not in taken}


def _pause(problem, inst: Instance, slot: int) -> timedelta:
    return timedelta(minutes=problem["centers"][inst.slot_center[slot]]["buffer_minutes"])


def _overlapping_slots(problem, inst: Instance) -> list[frozenset[int]]:
    """Per slot, the slots overlapping it (with the larger buffer of the two) where one of them is online."""
    found: list[set[int]] = [set() for _ in inst.slot_center]
    if not any(inst.slot_online):
        return [frozenset()] * len(found)
    order = sorted(range(len(found)), key=lambda s: inst.slot_times[s][0])
    widest = max((_pause(problem, inst, s) for s in order), default=timedelta(0))
    for index, first in enumerate(order):
        first_end = inst.slot_times[first][1]
        for second in order[index + 1 :]:
            second_start = inst.slot_times[second][0]
            if second_start >= first_end + widest:
                break
            if not (inst.slot_online[first] or inst.slot_online[second]):
                continue
            if second_start < first_end + max(_pause(problem, inst, first), _pause(problem, inst, second)):
                found[first].add(second)
                found[second].add(first)
    return [frozenset(slots) for slots in found]


def _interpreter_slots(problem, inst: Instance) -> dict[int, list[int]]:
    """Per slot, the interpreters of its center working the whole slot."""
    by_center: dict[int, list[tuple[int, list]]] = defaultdict(list)
    for interpreter, spec in sorted(problem.get("interpreters", {}).items()):
        by_center[spec["center"]].append((interpreter, spec["hours"]))
    working: dict[int, list[int]] = {}
    for slot, (start, end) in enumerate(inst.slot_times):
        found = [
            i
            for i, hours in by_center.get(inst.slot_center[slot], ())
            if (i, slot) not in inst.interpreters_taken and any(a <= start and end <= b for a, b in hours)
        ]
        if found:
            working[slot] = found
    return working


def _free_slots(problem, inst: Instance, by_center) -> dict[int, set[int]]:
    """Slots lying wholly inside one of the person's availability ranges at that center."""
    free: dict[int, set[int]] = defaultdict(set)
    for person, ranges in problem["availability"].items():
        for center_id, start, end in ranges:
            slots = by_center.get(center_id, [])
            index = bisect_left(slots, (start, -1))
            while index < len(slots) and inst.slot_times[slots[index][1]][1] <= end:
                free[person].add(slots[index][1])
                index += 1
    return free


def _duty_slots(problem, inst: Instance) -> dict[int, set[int]]:
    """Per person, the slots that overlap their booth duty (problem["booth_duty"])."""
    duty: dict[int, set[int]] = {}
    for person, windows in problem.get("booth_duty", {}).items():
        duty[person] = {
            slot
            for slot, (slot_start, slot_end) in enumerate(inst.slot_times)
            if any(start < slot_end and slot_start < end for start, end in windows)
        }
    return duty


def _subtract_fixed(problem, inst: Instance, free: dict[int, set[int]]) -> dict[int, set[int]]:
    """Meetings already booked take their room, their people's time, their city and a share of the daily cap;
    returns, per person, the slots their booked meetings overlap (with the buffer), for the online slots."""
    day_index = {day: n for n, day in enumerate(inst.days)}
    busy: dict[int, set[int]] = defaultdict(set)
    for meeting in problem.get("fixed", ()):
        start, end = meeting["starts_at"], meeting["ends_at"]
        fixed_pause = timedelta(minutes=problem["centers"][meeting["center"]]["buffer_minutes"])
        for slot, (slot_start, slot_end) in enumerate(inst.slot_times):
            if slot_start < end and start < slot_end:
                if inst.slot_center[slot] == meeting["center"] and meeting["room"] in inst.slot_rooms[slot]:
                    inst.slot_rooms[slot].remove(meeting["room"])
                    inst.slot_capacity[slot] -= 1
                if meeting.get("interpreter") is not None:
                    inst.interpreters_taken.add((meeting["interpreter"], slot))
            pause = max(fixed_pause, _pause(problem, inst, slot))
            if slot_start < end + pause and start < slot_end + pause:
                for person in meeting["people"]:
                    free.get(person, set()).discard(slot)
                    busy[person].add(slot)
        zone = ZoneInfo(problem["centers"][meeting["center"]]["zone"])
        day = day_index.get(start.astimezone(zone).date())
        if day is not None:
            for person in meeting["people"]:
                if meeting.get("mode") != "online":  # an online meeting ties nobody to a city
                    inst.fixed_city[(person, day)] = meeting["center"]
                inst.fixed_load[(person, day)] += 1
    return busy
