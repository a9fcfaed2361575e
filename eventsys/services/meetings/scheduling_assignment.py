"""The assignment the scheduler builds: which request has which slot (and interpreter), with the counters that
make asking whether a request could take a slot constant time."""

from __future__ import annotations

from collections import Counter, defaultdict

from eventsys.services.meetings.scheduling_instance import (
    DAILY_CAP,
    INTERPRETER,
    OTHER_CITY,
    PERSON_BUSY,
    ROOMS_FULL,
    Instance,
)


class Assignment:
    """The assignment being built, with the counters that make a feasibility check constant time."""

    def __init__(self, inst: Instance):
        self.inst = inst
        self.used = [0] * len(inst.slot_center)
        self.in_slot: list[set[int]] = [set() for _ in inst.slot_center]
        self.busy: dict[int, dict[int, int]] = defaultdict(dict)
        #: Per person, how many of their placed meetings overlap each slot (inst.overlaps).
        self.near: dict[int, Counter] = defaultdict(Counter)
        self.load: Counter = Counter(inst.fixed_load)
        self.city_count: Counter = Counter({(p, d, c): 1 for (p, d), c in inst.fixed_city.items()})
        self.city: dict[tuple[int, int], int] = dict(inst.fixed_city)
        self.assign: dict[int, int] = {}
        self.count_by_startup: Counter = Counter()
        #: (interpreter, slot) → request, and each placed request's interpreter.
        self.interpreting: dict[tuple[int, int], int] = {}
        self.interpreter_of: dict[int, int] = {}
        #: (interpreter, slot) → how many of their meetings overlap that slot (inst.overlaps).
        self.interpreter_near: Counter = Counter()
        #: Raised on every committed improvement; `stuck` remembers requests that could not move at a version.
        self.version = 0
        self.stuck: dict[int, int] = {}

    def blocker(self, request: int, slot: int, ignore: int | None = None) -> str | None:
        """Why `request` cannot take `slot` now (ignoring meeting `ignore`), or None when it can."""
        inst = self.inst
        center, day = inst.slot_center[slot], inst.slot_day[slot]
        moved = self.assign.get(ignore) if ignore is not None else None
        used = self.used[slot] - (1 if moved == slot else 0)
        if used >= inst.slot_capacity[slot]:
            return ROOMS_FULL
        ignored_people = inst.people[ignore] if moved is not None else ()
        for person in inst.people[request]:
            mine = person in ignored_people
            occupant = self.busy[person].get(slot)
            if occupant is not None and occupant != ignore:
                return PERSON_BUSY
            near = self.near[person][slot] - (1 if mine and slot in inst.overlaps[moved] else 0)
            if near > 0:
                return PERSON_BUSY
            load = self.load[(person, day)] - (1 if mine and inst.slot_day[moved] == day else 0)
            if load >= inst.daily_cap:
                return DAILY_CAP
            city = None if inst.slot_online[slot] else self.city.get((person, day))
            if city is not None and city != center:
                alone = mine and inst.slot_day[moved] == day and not inst.slot_online[moved]
                alone = alone and self.city_count[(person, day, city)] == 1
                if not alone:
                    return OTHER_CITY
        if request in inst.interpreters and self.free_interpreter(request, slot, ignore) is None:
            return INTERPRETER
        return None

    def free_interpreter(self, request: int, slot: int, ignore: int | None = None) -> int | None:
        """The first eligible interpreter free in `slot` (or interpreting `ignore` there)."""
        moved = self.assign.get(ignore) if ignore is not None else None
        for interpreter in self.inst.interpreters[request].get(slot, ()):
            busy = self.interpreting.get((interpreter, slot))
            if busy is not None and busy != ignore:
                continue
            near = self.interpreter_near[(interpreter, slot)]
            if near and self.interpreter_of.get(ignore) == interpreter and slot in self.inst.overlaps[moved]:
                near -= 1
            if not near:
                return interpreter
        return None

    def place(self, request: int, slot: int) -> None:
        inst = self.inst
        day, center = inst.slot_day[slot], inst.slot_center[slot]
        self.assign[request] = slot
        self.used[slot] += 1
        self.in_slot[slot].add(request)
        for person in inst.people[request]:
            self.busy[person][slot] = request
            self.near[person].update(inst.overlaps[slot])
            self.load[(person, day)] += 1
            if not inst.slot_online[slot]:
                self.city_count[(person, day, center)] += 1
                self.city[(person, day)] = center
        self.count_by_startup[inst.startup[request]] += 1
        if request in inst.interpreters:
            interpreter = self.free_interpreter(request, slot)
            self.interpreting[(interpreter, slot)] = request
            self.interpreter_of[request] = interpreter
            self.interpreter_near.update((interpreter, other) for other in inst.overlaps[slot])

    def remove(self, request: int) -> int:
        inst = self.inst
        slot = self.assign.pop(request)
        day, center = inst.slot_day[slot], inst.slot_center[slot]
        self.used[slot] -= 1
        self.in_slot[slot].discard(request)
        for person in inst.people[request]:
            del self.busy[person][slot]
            self.near[person].subtract(inst.overlaps[slot])
            self.load[(person, day)] -= 1
            if inst.slot_online[slot]:
                continue
            self.city_count[(person, day, center)] -= 1
            if self.city_count[(person, day, center)] == 0:
                del self.city[(person, day)]
        self.count_by_startup[inst.startup[request]] -= 1
        interpreter = self.interpreter_of.pop(request, None)
        if interpreter is not None:
            del self.interpreting[(interpreter, slot)]
            self.interpreter_near.subtract((interpreter, other) for other in inst.overlaps[slot])
        return slot

    def first_free(self, request: int, pressure: list[float] | None = None, ignore: int | None = None) -> int | None:
        """The feasible slot of `request` with the least pressure on it (the lowest index on ties)."""
        best, best_key = None, None
        for slot in self.inst.candidates[request]:
            if best is not None and self.inst.slot_online[slot]:
                break  # a slot in person came first: online only when none fits
            if self.blocker(request, slot, ignore) is None:
                key = pressure[slot] if pressure is not None else 0
                if best_key is None or key < best_key:
                    best, best_key = slot, key
                    if pressure is None:
                        break
        return best
