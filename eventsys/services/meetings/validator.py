"""An independent check of a set of meetings against every scheduling rule.

Deliberately shares no code with the scheduler (services.meetings.scheduling and its scheduling_instance and
scheduling_assignment): it reasons about plain time intervals in each center's zone (never the scheduler's slot
indexes), so a mistake in one is not repeated in the other.
Input is the plain-data problem of schedule_problem.load_problem and meetings as dicts with request, center,
room, starts_at, ends_at, people and interpreter (an id of problem["interpreters"], or None).
A meeting whose two sides both declared languages (problem["languages"]) and share none needs an interpreter of
that center who speaks a language of each side and works the whole meeting; an interpreter meets once at a time.
A meeting with "mode" "online" has no room (room None) and keeps its center for the zone and the slot grid only:
it takes place on the days and hours of problem["online"] ({"from": date, "opens": time, "closes": time}, from
"from" to the fair's last day), needs no availability and is outside the one-city rule; the person rules hold.
When the problem names who meets online (problem["meets_online"]), a new online meeting needs both sides among them.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import holidays


def validate(problem: dict[str, Any], meetings: list[dict[str, Any]]) -> list[str]:
    """Every broken rule, as readable sentences; an empty list means the meetings are valid."""
    problems: list[str] = []
    everything = list(problem.get("fixed", ())) + list(meetings)
    seen_requests: set[int] = set()
    for meeting in meetings:
        problems += _check_meeting(problem, meeting, seen_requests)
    problems += _check_rooms(everything)
    problems += _check_people(problem, everything)
    problems += _check_interpreters_busy(everything)
    return problems


def _check_meeting(problem, meeting, seen_requests: set[int]) -> list[str]:
    found = []
    label = f"meeting for request {meeting['request']}"
    request = problem["requests"].get(meeting["request"])
    if request is None:
        return [f"{label}: no such accepted request"]
    if meeting["request"] in seen_requests:
        found.append(f"{label}: request scheduled twice")
    seen_requests.add(meeting["request"])
    if request.get("no_thanks"):
        found.append(f"{label}: one side marked the other no-thanks")
    if request.get("proposal_open"):
        found.append(f"{label}: the pair's proposed slots await an answer")
    if sorted(request["people"]) != sorted(meeting["people"]):
        found.append(f"{label}: participants differ from the request")
    if request.get("centers") and meeting["center"] not in request["centers"]:
        found.append(f"{label}: not at a preferred center")
    center = problem["centers"].get(meeting["center"])
    if center is None:
        return [*found, f"{label}: unknown center"]
    if _is_online(meeting):
        meets_online = problem.get("meets_online")
        if meets_online is not None and not set(meeting["people"]) <= set(meets_online):
            found.append(f"{label}: online, but one side does not meet online")
        if meeting.get("room") is not None:
            found.append(f"{label}: an online meeting has room {meeting['room']}")
        found += _check_online_hours(problem, center, meeting, label)
        found += _check_booth_duty(problem, meeting, label)
        found += _check_interpreter(problem, meeting, label)
        return found
    seats = center["rooms"].get(meeting["room"])
    if meeting.get("room") is None:
        found.append(f"{label}: a meeting in person has no room")
    elif seats is None:
        found.append(f"{label}: room {meeting['room']} is not in center {meeting['center']}")
    elif seats < len(meeting["people"]):
        found.append(f"{label}: room seats {seats}, meeting needs {len(meeting['people'])}")
    found += _check_hours(problem, center, meeting, label)
    found += _check_availability(problem, meeting, label)
    found += _check_booth_duty(problem, meeting, label)
    found += _check_interpreter(problem, meeting, label)
    return found


def _check_interpreter(problem, meeting, label: str) -> list[str]:
    spoken = [set(problem.get("languages", {}).get(person, ())) for person in meeting["people"]]
    shared = set.intersection(*spoken) if spoken else set()
    needed = len(spoken) == 2 and all(spoken) and not shared
    chosen = meeting.get("interpreter")
    if chosen is None:
        return [f"{label}: the two sides share no language and no interpreter is assigned"] if needed else []
    spec = problem.get("interpreters", {}).get(chosen)
    if spec is None:
        return [f"{label}: unknown interpreter {chosen}"]
    found = []
    if spec["center"] != meeting["center"]:
        found.append(f"{label}: interpreter {chosen} works at another center")
    if needed and not all(set(spec["languages"]) & side for side in spoken):
        found.append(f"{label}: interpreter {chosen} does not speak a language of each side")
    if not any(a <= meeting["starts_at"] and meeting["ends_at"] <= b for a, b in spec["hours"]):
        found.append(f"{label}: interpreter {chosen} does not work then")
    return found


def _check_interpreters_busy(meetings) -> list[str]:
    by_interpreter = defaultdict(list)
    for meeting in meetings:
        if meeting.get("interpreter") is not None:
            by_interpreter[meeting["interpreter"]].append(meeting)
    found = []
    for interpreter, booked in by_interpreter.items():
        booked.sort(key=lambda m: m["starts_at"])
        for before, after in zip(booked, booked[1:], strict=False):
            if after["starts_at"] < before["ends_at"]:
                found.append(f"interpreter {interpreter}: two meetings at {after['starts_at']:%Y-%m-%d %H:%M} UTC")
    return found


def _check_booth_duty(problem, meeting, label: str) -> list[str]:
    found = []
    for person in meeting["people"]:
        for start, end in problem.get("booth_duty", {}).get(person, ()):
            if meeting["starts_at"] < end and start < meeting["ends_at"]:
                found.append(f"{label}: person {person} is on booth duty from {start:%Y-%m-%d %H:%M} UTC")
                break
    return found


def _check_hours(problem, center, meeting, label: str) -> list[str]:
    zone = ZoneInfo(center["zone"])
    start, end = meeting["starts_at"].astimezone(zone), meeting["ends_at"].astimezone(zone)
    day = start.date()
    if day not in set(problem["days"]):
        return [f"{label}: {day} is not a day of the fair"]
    if day in holidays.country_holidays("JP", years=day.year):
        return [f"{label}: {day} is a public holiday in Japan"]
    if day in set(center.get("closures", ())):
        return [f"{label}: the center is closed on {day}"]
    hours = center["hours"].get(day.weekday())
    if hours is None:
        return [f"{label}: the center does not open on that weekday"]
    opens, closes = datetime.combine(day, hours[0], zone), datetime.combine(day, hours[1], zone)
    found = []
    if end - start != timedelta(minutes=center["slot_minutes"]):
        found.append(f"{label}: lasts {end - start}, not one slot")
    if start < opens or end > closes:
        found.append(f"{label}: outside opening hours")
    elif (start - opens) % timedelta(minutes=center["slot_minutes"] + center["buffer_minutes"]):
        found.append(f"{label}: does not start on a slot")
    return found


def _is_online(meeting) -> bool:
    return meeting.get("mode") == "online"


def _check_online_hours(problem, center, meeting, label: str) -> list[str]:
    window = problem.get("online")
    if not window:
        return [f"{label}: online, but the fair offers no online meetings"]
    zone = ZoneInfo(center["zone"])
    start, end = meeting["starts_at"].astimezone(zone), meeting["ends_at"].astimezone(zone)
    day = start.date()
    if not window["from"] <= day <= max(problem["days"]):
        return [f"{label}: {day} is not a day for online meetings"]
    opens, closes = datetime.combine(day, window["opens"], zone), datetime.combine(day, window["closes"], zone)
    found = []
    if end - start != timedelta(minutes=center["slot_minutes"]):
        found.append(f"{label}: lasts {end - start}, not one slot")
    if start < opens or end > closes:
        found.append(f"{label}: outside the online hours")
    elif (start - opens) % timedelta(minutes=center["slot_minutes"] + center["buffer_minutes"]):
        found.append(f"{label}: does not start on an online slot")
    return found


def _check_availability(problem, meeting, label: str) -> list[str]:
    found = []
    for person in meeting["people"]:
        ranges = problem["availability"].get(person, ())
        if not any(
            c == meeting["center"] and a <= meeting["starts_at"] and meeting["ends_at"] <= b for c, a, b in ranges
        ):
            found.append(f"{label}: person {person} is not available then at that center")
    return found


def _check_rooms(meetings) -> list[str]:
    by_room = defaultdict(list)
    for meeting in meetings:
        if meeting.get("room") is not None:  # online meetings take no room
            by_room[meeting["room"]].append(meeting)
    found = []
    for room, booked in by_room.items():
        booked.sort(key=lambda m: m["starts_at"])
        for before, after in zip(booked, booked[1:], strict=False):
            if after["starts_at"] < before["ends_at"]:
                found.append(f"room {room}: two meetings at {after['starts_at']:%Y-%m-%d %H:%M} UTC")
    return found


def _check_people(problem, meetings) -> list[str]:
    by_person = defaultdict(list)
    for meeting in meetings:
        for person in meeting["people"]:
            by_person[person].append(meeting)
    found = []
    for person, booked in by_person.items():
        booked.sort(key=lambda m: m["starts_at"])
        for before, after in zip(booked, booked[1:], strict=False):
            pause = timedelta(minutes=problem["centers"][before["center"]]["buffer_minutes"])
            if after["starts_at"] < before["ends_at"] + pause:
                found.append(f"person {person}: meetings overlap or lack the buffer at {after['starts_at']}")
        per_day = defaultdict(list)
        for meeting in booked:
            zone = ZoneInfo(problem["centers"][meeting["center"]]["zone"])
            per_day[meeting["starts_at"].astimezone(zone).date()].append(meeting)
        for day, that_day in per_day.items():
            if len(that_day) > problem["daily_cap"]:
                found.append(f"person {person}: {len(that_day)} meetings on {day}, more than the daily cap")
            if len({m["center"] for m in that_day if not _is_online(m)}) > 1:
                found.append(f"person {person}: two cities on {day}")
    return found
