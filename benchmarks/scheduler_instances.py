"""Generated scheduling problems for the scheduler benchmark and tests (plain data, fixed seeds)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

TOKYO = ZoneInfo("Asia/Tokyo")
#: Monday 10 May 2027 to Friday 14 May 2027: no public holiday in Japan.
FAIR_DAYS = [date(2027, 5, 10) + timedelta(days=n) for n in range(5)]
CENTER_WEIGHTS = (0.3, 0.12, 0.12, 0.22, 0.1, 0.14)


def generate(
    seed: int,
    *,
    investors: int,
    startups: int,
    requests: int,
    centers: int = 6,
    rooms: int = 6,
    days: int = 5,
    share: float = 0.6,
    daily_cap: int = 8,
) -> dict:
    """A problem like SusHi Tech's: people at one or two centers for about `share` of the opening hours."""
    rng = random.Random(seed)
    fair_days = FAIR_DAYS[:days]
    center_ids = list(range(1, centers + 1))
    problem = {
        "days": fair_days,
        "daily_cap": daily_cap,
        "centers": {
            c: {
                "zone": "Asia/Tokyo",
                "slot_minutes": 30,
                "buffer_minutes": 0,
                "rooms": {c * 100 + r: 4 for r in range(rooms)},
                "hours": {weekday: (time(9), time(17)) for weekday in range(5)},
                "closures": [],
            }
            for c in center_ids
        },
        "availability": {},
        "requests": {},
        "fixed": [],
    }
    weights = CENTER_WEIGHTS[:centers]
    homes = {}
    people = [("i", n) for n in range(investors)] + [("s", n) for n in range(startups)]
    for index, _person in enumerate(people, start=1):
        home = rng.choices(center_ids, weights)
        if rng.random() < 0.4:
            home = sorted(set(home + rng.choices(center_ids, weights)))
        homes[index] = home
        problem["availability"][index] = _availability(rng, home, fair_days, share)
    investor_ids = list(range(1, investors + 1))
    startup_ids = list(range(investors + 1, investors + startups + 1))
    by_center = {c: [s for s in startup_ids if c in homes[s]] for c in center_ids}
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < requests:
        investor = rng.choice(investor_ids)
        pool = by_center[rng.choice(homes[investor])] if rng.random() < 0.85 else startup_ids
        if pool:
            pairs.add((investor, rng.choice(pool)))
    for number, (investor, startup) in enumerate(sorted(pairs), start=1):
        problem["requests"][number] = {
            "people": [investor, startup],
            "priority": rng.choice((1, 1, 1, 2, 2, 3)),
            "centers": [],
            "startup": startup,
        }
    return problem


def _availability(rng: random.Random, home: list[int], fair_days: list[date], share: float) -> list:
    ranges = []
    length = round(16 * share)
    for day in fair_days:
        center = rng.choice(home)
        first = rng.randint(0, 16 - length)
        start = datetime.combine(day, time(9), TOKYO) + timedelta(minutes=30 * first)
        ranges.append((center, start.astimezone(UTC), (start + timedelta(minutes=30 * length)).astimezone(UTC)))
    return ranges


def add_booth_duty(problem: dict, seed: int, *, share: float = 0.2) -> dict:
    """On booth duty: a `share` of the startups, over every fair day midnight to midnight (no team covering)."""
    rng = random.Random(seed)
    startups = sorted({request["startup"] for request in problem["requests"].values()})
    first = datetime.combine(problem["days"][0], time(0), TOKYO).astimezone(UTC)
    last = datetime.combine(problem["days"][-1] + timedelta(days=1), time(0), TOKYO).astimezone(UTC)
    problem["booth_duty"] = {startup: [(first, last)] for startup in startups if rng.random() < share}
    return problem


#: Languages people meet in, and how often one is someone's first.
LANGUAGES = ("en", "ja", "es", "zh", "fr")


def add_preferences_and_languages(problem: dict, seed: int, *, must_meet: float = 0.1, interpreters: int = 2) -> dict:
    """Wishes, languages and interpreters on a generated problem.

    A `must_meet` share of the requests is must-meet for one side, a fifth of the others would-like; people speak
    English, Japanese, both, Spanish or Chinese, so that the sides of about 30% of the requests share none. Each
    center gets `interpreters` who speak English, Japanese and one more language, every fair day 9:00–17:00.
    """
    from eventsys.services.meetings.preferences import request_value

    rng = random.Random(seed)
    investors = sorted({request["people"][0] for request in problem["requests"].values()})
    startups = sorted({request["people"][1] for request in problem["requests"].values()})
    languages: dict[int, list[str]] = {}
    for investor in investors:
        languages[investor] = rng.choices((["en"], ["en", "ja"], ["ja"]), (0.6, 0.25, 0.15))[0]
    for startup in startups:
        languages[startup] = rng.choices((["en"], ["ja"], ["es"], ["zh"], ["en", "ja"]), (0.7, 0.13, 0.06, 0.06, 0.05))[
            0
        ]
    problem["languages"] = languages
    for request in problem["requests"].values():
        roll = rng.random()
        wish = "must_meet" if roll < must_meet else "would_like" if roll < must_meet + 0.18 else None
        side = rng.randrange(2)
        wishes = (wish, None) if side == 0 else (None, wish)
        request.update(request_value(request["priority"], wishes))
    problem["interpreters"] = {}
    for center in sorted(problem["centers"]):
        for n in range(interpreters):
            extra = ("es", "zh", "fr")[(center + n) % 3]
            problem["interpreters"][center * 10 + n] = {
                "center": center,
                "languages": ["en", "ja", extra],
                "hours": [
                    (
                        datetime.combine(day, time(9), TOKYO).astimezone(UTC),
                        datetime.combine(day, time(17), TOKYO).astimezone(UTC),
                    )
                    for day in problem["days"]
                ],
            }
    return problem


def add_online(problem: dict, seed: int, *, share: float = 0.4, lead_days: int = 5) -> dict:
    """Online meetings on a generated problem: from `lead_days` before the fair to its end, 8:00–20:00 in each
    center's zone, for a `share` of the people (about `share`² of the requests have both sides meeting online)."""
    rng = random.Random(seed + 13)
    people = sorted({person for request in problem["requests"].values() for person in request["people"]})
    problem["online"] = {"from": min(problem["days"]) - timedelta(days=lead_days), "opens": time(8), "closes": time(20)}
    problem["meets_online"] = [person for person in people if rng.random() < share]
    return problem
