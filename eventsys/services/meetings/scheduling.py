"""The meeting scheduler: fits the most valuable accepted requests into rooms, slots and interpreters.

The rules (values and must-meet first, interpreters, online meetings, meetings already booked) are those of the
instance it works on (services.meetings.scheduling_instance.prepare); it runs on a plain-data problem (see
schedule_problem.load_problem), so it runs the same from the database, the benchmark and property tests.
Construction is greedy in order of priority and scarcity, each request taking the least contested feasible slot
(a slot in person before an online one: a request gets an online slot only when no slot in person fits); then
augmenting moves place left-out requests by relocating one meeting that is in the way, and higher-priority requests
may displace lower ones. Everything is ordered, so the same input gives the same output.

The reasons a request is left out, prepare and the interpreter rules are also importable from here, as before.
"""

from __future__ import annotations

import time as clock
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from eventsys.services.meetings.scheduling_assignment import Assignment
from eventsys.services.meetings.scheduling_instance import (
    BOOTH_DUTY,
    DAILY_CAP,
    INTERPRETER,
    MUST_MEET_TIER,
    NO_AVAILABILITY,
    NO_COMMON_TIME,
    NO_THANKS,
    ONLINE_SEATS,
    OTHER_CITY,
    PERSON_BUSY,
    PROPOSAL_OPEN,
    ROOMS_FULL,
    Instance,
    can_interpret,
    needs_interpreter,
    prepare,
)

__all__ = [
    "BOOTH_DUTY",
    "DAILY_CAP",
    "INTERPRETER",
    "MUST_MEET_TIER",
    "NO_AVAILABILITY",
    "NO_COMMON_TIME",
    "NO_THANKS",
    "ONLINE_SEATS",
    "OTHER_CITY",
    "PERSON_BUSY",
    "PROPOSAL_OPEN",
    "ROOMS_FULL",
    "Instance",
    "Result",
    "can_interpret",
    "needs_interpreter",
    "prepare",
    "schedule",
]


@dataclass
class Result:
    meetings: list[dict[str, Any]]
    reasons: dict[int, str]
    seconds: float
    #: For left-out requests where it helps: {"languages": "ja–es", "center": id, "day": date}.
    details: dict[int, dict[str, Any]] = field(default_factory=dict)

    @property
    def scheduled(self) -> int:
        return len(self.meetings)


def schedule(problem: dict[str, Any], *, floor: int = 0, max_passes: int = 50) -> Result:
    """Schedule the problem's requests; every request left out gets a reason.

    No clock decides anything (passes are counted, not timed), so the same input always gives the same output.
    """
    started = clock.perf_counter()
    inst = prepare(problem)
    state = Assignment(inst)
    order = sorted(inst.candidates, key=lambda r: (-inst.priority[r], len(inst.candidates[r]), r))
    _construct(state, order, floor)
    _improve(state, order, floor, max_passes)
    reasons = _reasons(state, order)
    return Result(_meetings(state), reasons, clock.perf_counter() - started, _details(problem, state, reasons))


def _construct(state: Assignment, order: list[int], floor: int) -> None:
    inst = state.inst
    demand = [0.0] * len(inst.slot_center)
    for request in order:
        for slot in inst.candidates[request]:
            demand[slot] += 1
    pressure = [demand[s] / max(inst.slot_capacity[s], 0.5) for s in range(len(demand))]

    def take(request: int) -> bool:
        slot = state.first_free(request, pressure)
        for candidate in inst.candidates[request]:
            pressure[candidate] -= 1 / max(inst.slot_capacity[candidate], 0.5)
        if slot is None:
            return False
        state.place(request, slot)
        return True

    by_startup: dict[Any, list[int]] = defaultdict(list)
    for request in order:
        by_startup[inst.startup[request]].append(request)
    for round_number in range(1, floor + 1):
        for startup in sorted(by_startup, key=str):
            if startup is None or state.count_by_startup[startup] >= round_number:
                continue
            for request in by_startup[startup]:
                if request not in state.assign and take(request):
                    break
    for request in order:
        if request not in state.assign:
            take(request)


def _improve(state: Assignment, order: list[int], floor: int, max_passes: int) -> None:
    """Augmenting moves: put a left-out request in a slot by moving one meeting in its way elsewhere.

    Every successful move raises the number of meetings or their total priority, so the passes end by themselves;
    `max_passes` only caps pathological cases.
    """
    for _ in range(max_passes):
        improved = False
        for request in order:
            if request in state.assign or not state.inst.candidates[request]:
                continue
            if _augment(state, request) or _displace(state, request, floor):
                improved = True
        if not improved:
            return


def _obstacles(state: Assignment, request: int, slot: int) -> list[int]:
    """Meetings one of which, moved away, could free `slot` for `request`."""
    reason = state.blocker(request, slot)
    if reason == ROOMS_FULL:
        return sorted(state.in_slot[slot])
    if reason == PERSON_BUSY:
        near = {slot, *state.inst.overlaps[slot]}
        occupants = {state.busy[p].get(s) for p in state.inst.people[request] for s in near} - {None}
        return sorted(occupants) if len(occupants) == 1 else []
    if reason == INTERPRETER:
        eligible = state.inst.interpreters[request].get(slot, ())
        near = [slot, *state.inst.overlaps[slot]]
        return sorted({state.interpreting[(i, s)] for i in eligible for s in near if (i, s) in state.interpreting})
    return []


def _augment(state: Assignment, request: int) -> bool:
    for slot in state.inst.candidates[request]:
        for other in _obstacles(state, request, slot):
            if state.blocker(request, slot, ignore=other) is not None or not _can_move(state, other):
                continue
            old = state.remove(other)
            state.place(request, slot)
            new = state.first_free(other)
            if new is not None:
                state.place(other, new)
                state.version += 1
                return True
            state.remove(request)
            state.place(other, old)
    return False


def _can_move(state: Assignment, request: int) -> bool:
    """Whether the placed `request` has another feasible slot now; a placement elsewhere can only take slots away,
    so a "no" stays true until the next committed move (cached by state version)."""
    if state.stuck.get(request) == state.version:
        return False
    current = state.assign[request]
    for slot in state.inst.candidates[request]:
        if slot != current and state.blocker(request, slot, ignore=request) is None:
            return True
    state.stuck[request] = state.version
    return False


def _displace(state: Assignment, request: int, floor: int) -> bool:
    """A request of higher priority takes the place of one of lower priority (never below the fairness floor)."""
    inst = state.inst
    for slot in inst.candidates[request]:
        for other in _obstacles(state, request, slot):
            if inst.priority[other] >= inst.priority[request]:
                continue
            if floor and state.count_by_startup[inst.startup[other]] <= floor:
                continue
            if state.blocker(request, slot, ignore=other) is None:
                state.remove(other)
                state.place(request, slot)
                state.version += 1
                return True
    return False


def _meetings(state: Assignment) -> list[dict[str, Any]]:
    """The assignment with a room for each meeting: rooms in order, smallest fitting first."""
    inst = state.inst
    meetings = []
    for slot in sorted(set(state.assign.values())):
        rooms = iter(inst.slot_rooms[slot])
        online = inst.slot_online[slot]
        for request in sorted(state.in_slot[slot]):
            start, end = inst.slot_times[slot]
            meetings.append(
                {
                    "request": request,
                    "center": inst.slot_center[slot],
                    "room": None if online else next(rooms),
                    "mode": "online" if online else "in_person",
                    "starts_at": start,
                    "ends_at": end,
                    "people": list(inst.people[request]),
                    "interpreter": state.interpreter_of.get(request),
                }
            )
    return meetings


def _reasons(state: Assignment, order: list[int]) -> dict[int, str]:
    """For each request left out, the most common obstacle over its candidate slots."""
    reasons = {}
    for request in order:
        if request in state.assign:
            continue
        if not state.inst.candidates[request]:
            reasons[request] = state.inst.reason_if_empty[request]
            continue
        seen = Counter(state.blocker(request, slot) for slot in state.inst.candidates[request])
        reasons[request] = min(seen, key=lambda reason: (-seen[reason], str(reason))) or ROOMS_FULL
    return reasons


def _details(problem, state: Assignment, reasons: dict[int, str]) -> dict[int, dict[str, Any]]:
    """For requests left out for want of an interpreter: the languages, and the center and day where one was missing."""
    inst = state.inst
    details = {}
    for request, reason in reasons.items():
        if reason != INTERPRETER:
            continue
        slots = [s for s in inst.candidates[request] if state.blocker(request, s) == INTERPRETER]
        if not slots:  # no candidate slot at all: the first common time is where an interpreter was missing
            slots = _common_slots(problem, inst, request)
        detail: dict[str, Any] = {"languages": inst.language_pair.get(request, "")}
        if slots:
            detail["center"] = inst.slot_center[slots[0]]
            detail["day"] = inst.days[inst.slot_day[slots[0]]]
        details[request] = detail
    return details


def _common_slots(problem, inst: Instance, request: int) -> list[int]:
    people = inst.people[request]
    found = []
    for slot, (start, end) in enumerate(inst.slot_times):
        center = inst.slot_center[slot]
        if inst.slot_online[slot]:
            continue
        if all(
            any(c == center and a <= start and end <= b for c, a, b in problem["availability"].get(p, ()))
            for p in people
        ):
            found.append(slot)
            break
    return found
