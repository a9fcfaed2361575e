"""Must-meet, would-like, no-thanks (Grip's model): what each side wishes of a counterpart, and what a request is
worth to the scheduler.

A request's value is its priority (set by the organizers) times the sum over its two sides of that side's weight
(the organizers may weight investors or startups more) times the points of its wish. A must-meet from either side
puts the request in the scheduler's first tier; a no-thanks from either side keeps it out of the schedule.
"""

from __future__ import annotations

from eventsys.models import PreferenceLevel

#: Points of each wish; a side that marked nothing counts as POINTS[None].
POINTS = {PreferenceLevel.MUST_MEET: 10, PreferenceLevel.WOULD_LIKE: 3, None: 1, PreferenceLevel.NO_THANKS: 0}


def request_value(priority: int, wishes: tuple, weights: tuple[int, int] = (1, 1)) -> dict:
    """The scheduler's view of a request: {"value", "must_meet", "no_thanks"} from its two sides' wishes."""
    value = priority * sum(weight * POINTS[wish] for weight, wish in zip(weights, wishes, strict=True))
    return {
        "value": max(value, 1),
        "must_meet": PreferenceLevel.MUST_MEET in wishes,
        "no_thanks": PreferenceLevel.NO_THANKS in wishes,
    }
