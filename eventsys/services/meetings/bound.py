"""An upper bound on the number of meetings any schedule can hold, from maximum flows.

Flow network per side (first person, then second person of every request):
source → request (1) → (that side's person, slot) (1) → slot (free rooms) → sink.
Each unit is a meeting in a slot both people are free, one per person per slot on that side, no more than the
rooms. Every real schedule is such a flow, so each maximum flow bounds the schedule; the smaller one is reported.
Daily caps and the one-city rule only make real schedules smaller, so the bound stays valid.
A third network counts interpreters: a request that needs one flows through (interpreter, slot) (1), one
meeting per interpreter and slot; the others go straight to the slot. It drops the person rule, so it too is
a relaxation of every real schedule. Requests that need an interpreter only have candidate slots where an eligible
one works, so the two person networks respect interpreters' languages and hours as well.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from eventsys.services.meetings.scheduling_instance import prepare


class MaxFlow:
    """Dinic's algorithm on integer capacities."""

    def __init__(self, nodes: int):
        self.graph: list[list[int]] = [[] for _ in range(nodes)]
        self.to: list[int] = []
        self.cap: list[int] = []

    def add_edge(self, tail: int, head: int, capacity: int) -> None:
        self.graph[tail].append(len(self.to))
        self.to.append(head)
        self.cap.append(capacity)
        self.graph[head].append(len(self.to))
        self.to.append(tail)
        self.cap.append(0)

    def run(self, source: int, sink: int) -> int:
        total = 0
        while True:
            level = self._levels(source, sink)
            if level[sink] < 0:
                return total
            pointer = [0] * len(self.graph)
            while pushed := self._push(source, sink, level, pointer):
                total += pushed

    def _levels(self, source: int, sink: int) -> list[int]:
        level = [-1] * len(self.graph)
        level[source] = 0
        queue = deque([source])
        while queue:
            node = queue.popleft()
            for edge in self.graph[node]:
                if self.cap[edge] > 0 and level[self.to[edge]] < 0:
                    level[self.to[edge]] = level[node] + 1
                    queue.append(self.to[edge])
        return level

    def _push(self, source: int, sink: int, level: list[int], pointer: list[int]) -> int:
        """One augmenting path in the level graph (iterative, so deep graphs cannot overflow the stack)."""
        path: list[int] = []
        node = source
        while True:
            if node == sink:
                pushed = min(self.cap[edge] for edge in path)
                for edge in path:
                    self.cap[edge] -= pushed
                    self.cap[edge ^ 1] += pushed
                return pushed
            edges = self.graph[node]
            while pointer[node] < len(edges):
                edge = edges[pointer[node]]
                if self.cap[edge] > 0 and level[self.to[edge]] == level[node] + 1:
                    break
                pointer[node] += 1
            else:
                if not path:
                    return 0
                level[node] = -1
                edge = path.pop()
                node = self.to[edge ^ 1]
                pointer[node] += 1
                continue
            path.append(edges[pointer[node]])
            node = self.to[edges[pointer[node]]]


def upper_bound(problem: dict[str, Any], *, only: set[int] | None = None) -> int:
    """No schedule of `problem` holds more meetings than this (of the requests in `only`, when given)."""
    inst = prepare(problem)
    requests = [r for r in sorted(inst.candidates) if inst.candidates[r] and (only is None or r in only)]

    def person(side: int):
        return lambda request, slot: [inst.people[request][min(side, len(inst.people[request]) - 1)]]

    def interpreter(request: int, slot: int):
        if request not in inst.interpreters:
            return [("room", request)]  # a node of its own: only the slot's rooms limit it
        return [("interpreter", i) for i in inst.interpreters[request][slot]]

    return min(_bound(inst, requests, resources) for resources in (person(0), person(1), interpreter))


def _bound(inst, requests: list[int], resources) -> int:
    """Max flow source → request (1) → (resource, slot) (1) → slot (free rooms) → sink."""
    slots = len(inst.slot_center)
    resource_slot: dict[tuple[Any, int], int] = {}
    base = 2 + len(requests) + slots
    edges = []
    for index, request in enumerate(requests):
        for slot in inst.candidates[request]:
            for resource in resources(request, slot):
                node = resource_slot.setdefault((resource, slot), base + len(resource_slot))
                edges.append((2 + index, node))
    flow = MaxFlow(base + len(resource_slot))
    for index in range(len(requests)):
        flow.add_edge(0, 2 + index, 1)
    for tail, head in edges:
        flow.add_edge(tail, head, 1)
    for (_resource, slot), node in resource_slot.items():
        flow.add_edge(node, 2 + len(requests) + slot, 1)
    for slot in range(slots):
        if inst.slot_capacity[slot] > 0:
            flow.add_edge(2 + len(requests) + slot, 1, inst.slot_capacity[slot])
    return flow.run(0, 1)
