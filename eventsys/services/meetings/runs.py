"""Running the scheduler for a fair from the database: load the problem, preview a run, publish it as meetings.

The problem is plain data (dicts, lists, dates), read by the scheduler, the upper bound and the validator alike:
days, daily_cap, centers {id: zone, slot_minutes, buffer_minutes, rooms {id: seats}, hours {weekday: (opens,
closes)}, closures [date], closed}, availability {user: [(center, start, end)]}, requests {id: people, priority,
centers, startup, organizations}, fixed (meetings already booked anywhere in those days, which keep their rooms and
people) and booth_duty {user: [(start, end)]} (UTC intervals of services.meetings.booth_duty, in which a person
may not meet), languages {user: [code]} and interpreters {id: center, languages, hours [(start, end)]}; online
({from, opens, closes}, the fair's online window) and meets_online [user] (who gave a video link). Each
request also carries value, must_meet and no_thanks from the two sides' wishes (services.meetings.preferences).

A run is a provisional schedule: its participants are told, and until answers_due_at each may accept or release
each of their meetings; publishing books the meetings nobody released.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from eventsys.formatting import local_datetime
from eventsys.models import (
    Availability,
    Center,
    Fair,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Organization,
    OrganizationKind,
    ProposalStatus,
    RequestStatus,
    Room,
    ScheduleRun,
    ScheduleRunStatus,
    SlotProposal,
    User,
    utcnow,
)
from eventsys.services.audit import record
from eventsys.services.errors import DomainError
from eventsys.services.meetings import centers as center_service
from eventsys.services.meetings import scheduling
from eventsys.services.meetings.booking import SlotTaken, create_meeting, lock_people, request_people
from eventsys.services.meetings.booth_duty import booth_duty_windows
from eventsys.services.meetings.bound import upper_bound
from eventsys.services.meetings.interpreters import hours_utc, missing_interpreter_message
from eventsys.services.meetings.notices import notify_participants, notify_provisional_schedule
from eventsys.services.meetings.online import create_online_meeting, online_link
from eventsys.services.meetings.preferences import request_value, wishes_at
from eventsys.services.meetings.provisional import released_requests
from eventsys.services.meetings.validator import validate

#: What the reasons mean, for people.
REASONS = {
    scheduling.NO_AVAILABILITY: _l("one side has set no availability"),
    scheduling.NO_COMMON_TIME: _l("no common availability at an open center"),
    scheduling.ROOMS_FULL: _l("rooms full when both were free"),
    scheduling.PERSON_BUSY: _l("one side already meets someone else at every common time"),
    scheduling.DAILY_CAP: _l("daily cap of meetings reached"),
    scheduling.OTHER_CITY: _l("one side is in another city on those days"),
    scheduling.BOOTH_DUTY: _l("booth duty: one side staffs its booth at every common time"),
    scheduling.INTERPRETER: _l("no interpreter for their languages when both are free"),
    scheduling.NO_THANKS: _l("one side marked the other no-thanks"),
    scheduling.PROPOSAL_OPEN: _l("one side proposed three slots and the other has not answered yet"),
}


def reason_text(reason: str, detail: dict[str, Any] | None, centers: dict[int, Center]):
    """The reason in words; a missing interpreter names the languages, the city and the day."""
    if reason == scheduling.INTERPRETER and detail and detail.get("center") in centers and detail.get("day"):
        day = date.fromisoformat(detail["day"])
        return missing_interpreter_message(detail["languages"], centers[detail["center"]].city, day)
    return REASONS.get(reason, reason)


def load_problem(
    session: Session, fair: Fair, *, daily_cap: int, weights: dict[str, int] | None = None
) -> dict[str, Any]:
    """The fair's accepted, unscheduled requests with everything that constrains them; `weights` weight the
    investors' and the startups' wishes ({"investor": 2, "startup": 1})."""
    days = center_service.fair_days(fair)
    centers = center_service.get_centers(session)
    problem: dict[str, Any] = {"days": days, "daily_cap": daily_cap, "availability": defaultdict(list), "fixed": []}
    problem["centers"] = {
        c.id: {
            "zone": c.timezone,
            "slot_minutes": c.slot_minutes,
            "buffer_minutes": c.buffer_minutes,
            "rooms": {r.id: r.capacity for r in c.rooms},
            # A closed center stays in the problem, for the zone of its past meetings, but opens on no day.
            "hours": {} if c.is_closed else {h.weekday: (h.opens_at, h.closes_at) for h in c.opening_hours},
            "closures": [closure.on for closure in c.closures],
            "closed": c.is_closed,
        }
        for c in centers
    }
    for row in session.execute(
        select(Availability.user_id, Availability.center_id, Availability.starts_at, Availability.ends_at)
        .where(Availability.fair_id == fair.id)
        .order_by(Availability.user_id, Availability.starts_at)
    ):
        problem["availability"][row.user_id].append((row.center_id, row.starts_at, row.ends_at))
    problem["availability"] = dict(problem["availability"])
    problem["fixed"] = _fixed_meetings(session, [min(days[0], fair.online_from or days[0]), days[-1]])
    if fair.online_from is not None:
        problem["online"] = {"from": fair.online_from, "opens": fair.online_opens_at, "closes": fair.online_closes_at}
        problem["not_before"] = utcnow()
    booked = set(
        session.scalars(
            select(Meeting.request_id).where(Meeting.fair_id == fair.id, Meeting.status != MeetingStatus.CANCELLED)
        )
    )
    problem["requests"] = _requests(session, fair, booked, weights or {})
    problem["booth_duty"] = _booth_duty(session, problem["requests"])
    people = {person for request in problem["requests"].values() for person in request["people"]}
    problem["meets_online"] = sorted(
        session.scalars(select(User.id).where(User.id.in_(sorted(people)), User.online_meeting_url.is_not(None)))
    )
    problem["languages"] = {
        user.id: list(user.meeting_languages or ())
        for user in session.scalars(select(User).where(User.id.in_(sorted(people))))
        if user.meeting_languages
    }
    problem["interpreters"] = {
        interpreter.id: {
            "center": center.id,
            "languages": list(interpreter.languages),
            "hours": hours_utc(interpreter, center.zone),
        }
        for center in centers
        for interpreter in center.interpreters
    }
    return problem


def _booth_duty(session: Session, requests: dict[int, dict[str, Any]]) -> dict[int, list[tuple[datetime, datetime]]]:
    """Each requested person's booth-duty intervals, from the organization they take part for."""
    person_orgs = {pair for r in requests.values() for pair in zip(r["people"], r["organizations"], strict=True)}
    windows = booth_duty_windows(session, {org for _, org in person_orgs})
    duty: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for person, org in person_orgs:
        duty[person].extend(windows.get(org, ()))
    return {person: sorted(set(found)) for person, found in duty.items() if found}


def _fixed_meetings(session: Session, days) -> list[dict[str, Any]]:
    start = datetime.combine(days[0], datetime.min.time(), UTC) - timedelta(days=1)
    end = datetime.combine(days[-1], datetime.min.time(), UTC) + timedelta(days=2)
    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.status != MeetingStatus.CANCELLED, Meeting.starts_at >= start, Meeting.starts_at < end)
        .options(selectinload(Meeting.participants))
    )
    return [
        {
            "request": m.request_id,
            "center": m.center_id,
            "room": m.room_id,
            "mode": m.mode.value,
            "starts_at": m.starts_at,
            "ends_at": m.ends_at,
            "people": [p.user_id for p in m.participants if p.is_active],
            "interpreter": m.interpreter_id,
        }
        for m in meetings
    ]


def _requests(session: Session, fair: Fair, booked: set[int | None], weights: dict[str, int]) -> dict[int, dict]:
    rows = session.scalars(
        select(MeetingRequest)
        .where(MeetingRequest.fair_id == fair.id, MeetingRequest.status == RequestStatus.ACCEPTED)
        .options(selectinload(MeetingRequest.preferred_centers))
        .order_by(MeetingRequest.id)
    )
    startups = set(session.scalars(select(Organization.id).where(Organization.kind == OrganizationKind.STARTUP)))
    wish = wishes_at(session, fair)
    proposing = set(
        session.scalars(
            select(SlotProposal.request_id)
            .join(MeetingRequest, MeetingRequest.id == SlotProposal.request_id)
            .where(MeetingRequest.fair_id == fair.id, SlotProposal.status == ProposalStatus.OPEN)
        )
    )
    requests = {}
    for request in rows:
        if request.id in booked or request.recipient_id is None:
            continue
        sides = (request.requester_organization_id, request.recipient_organization_id)
        side_weights = tuple(weights.get("startup" if org in startups else "investor", 1) for org in sides)
        wishes = (wish.get((sides[0], sides[1])), wish.get((sides[1], sides[0])))
        requests[request.id] = {
            "people": [request.requester_id, request.recipient_id],
            "priority": request.priority,
            "centers": sorted(c.id for c in request.preferred_centers),
            "startup": next((org for org in sides if org in startups), None),
            "organizations": list(sides),
            **request_value(request.priority, wishes, side_weights),
        }
        if request.id in proposing:
            requests[request.id]["proposal_open"] = True
    return requests


def run_scheduler(
    session: Session,
    fair: Fair,
    actor: User | None,
    *,
    daily_cap: int,
    floor: int = 0,
    weights: dict[str, int] | None = None,
    answers_due_at: datetime | None = None,
) -> ScheduleRun:
    """Schedule and keep the result as a provisional schedule, with the upper bound and the validator's verdict;
    its participants are told and may answer until `answers_due_at`."""
    problem = load_problem(session, fair, daily_cap=daily_cap, weights=weights)
    result = scheduling.schedule(problem, floor=floor)
    problems = validate(problem, result.meetings)
    run = ScheduleRun(
        fair_id=fair.id,
        created_by_id=actor.id if actor else None,
        fair_floor=floor,
        scheduled=result.scheduled,
        upper_bound=upper_bound(problem),
        answers_due_at=answers_due_at,
        result={
            "meetings": [_to_json(m) for m in result.meetings],
            "reasons": {str(k): v for k, v in sorted(result.reasons.items())},
            "details": {
                str(k): {**v, "day": v["day"].isoformat()} if "day" in v else v
                for k, v in sorted(result.details.items())
            },
            "must_meet": sorted(r for r, req in problem["requests"].items() if req.get("must_meet")),
            "weights": weights or {},
            "requests": len(problem["requests"]),
            "violations": problems[:20],
            "seconds": round(result.seconds, 3),
        },
    )
    session.add(run)
    session.flush()
    record(session, "schedule.preview", run, actor=actor, fair_id=fair.id, scheduled=run.scheduled)
    notify_provisional_schedule(session, fair, _meetings_per_person(session, run), run.id)
    return run


def _meetings_per_person(session: Session, run: ScheduleRun) -> dict[int, int]:
    """How many of the preview's meetings each person would have."""
    counts: dict[int, int] = {}
    for user_id in _people_of(session, run):
        if user_id is not None:
            counts[user_id] = counts.get(user_id, 0) + 1
    return counts


def _to_json(meeting: dict[str, Any]) -> dict[str, Any]:
    return {**meeting, "starts_at": meeting["starts_at"].isoformat(), "ends_at": meeting["ends_at"].isoformat()}


def publish_run(session: Session, run: ScheduleRun, actor: User | None, *, daily_cap: int) -> tuple[list[Meeting], int]:
    """Turn a preview into meetings, their invitations mailed on commit; returns them and how many were booked
    otherwise since the preview.

    The preview is checked again against today's rules and bookings, so a stale preview cannot break a rule.
    """
    if run.status != ScheduleRunStatus.PREVIEW:
        raise DomainError(_l("This schedule was already published or discarded."))
    if run.answers_due_at is not None and run.answers_due_at > utcnow():
        when = local_datetime(run.answers_due_at, session.get(Fair, run.fair_id).timezone, "short")
        raise DomainError(_l("Participants may answer until %(when)s; publish after that.", when=when))
    closed = _closed_centers(session, run)
    if closed:
        raise DomainError(
            _l(
                "%(centers)s closed since this preview and takes no new meetings. Run the scheduler again.",
                centers=", ".join(closed),
            )
        )
    lock_people(session, _people_of(session, run))  # no self-service booking slips in between check and insert
    if run.result.get("violations") or _stale(session, run, daily_cap):
        raise DomainError(_l("Availability, rooms or bookings changed since this preview. Run the scheduler again."))
    created, skipped = [], 0
    released = released_requests(session, run)
    for item in run.result["meetings"]:
        if item["request"] in released:
            skipped += 1
            continue
        meeting = _publish_one(session, item)
        if meeting is None:
            skipped += 1
        else:
            created.append(meeting)
    run.status, run.published_at = ScheduleRunStatus.PUBLISHED, utcnow()
    session.flush()
    record(session, "schedule.publish", run, actor=actor, fair_id=run.fair_id, created=len(created), skipped=skipped)
    for meeting in created:
        notify_participants(session, meeting, "scheduled")
    return created, skipped


def _publish_one(session: Session, item: dict[str, Any]) -> Meeting | None:
    """Book one meeting of a preview, in its room or online at the requester's link; None when that cannot be."""
    request = session.get(MeetingRequest, item["request"])
    if request is None or request.status != RequestStatus.ACCEPTED or _proposing(session, request):
        return None  # a pair that proposed slots since the preview is left for the people, as in the preview
    start, end = datetime.fromisoformat(item["starts_at"]), datetime.fromisoformat(item["ends_at"])
    try:
        if item.get("mode") == "online":
            link = online_link(request)
            if link is None:
                return None
            center = session.get(Center, item["center"])
            return create_online_meeting(session, request, center, start, end, item.get("interpreter"), link)
        room = session.get(Room, item["room"]) if item.get("room") is not None else None
        return create_meeting(session, request, room, start, end, item.get("interpreter")) if room else None
    except SlotTaken:
        return None


def _proposing(session: Session, request: MeetingRequest) -> bool:
    query = select(SlotProposal.id).where(
        SlotProposal.request_id == request.id, SlotProposal.status == ProposalStatus.OPEN
    )
    return session.scalar(query) is not None


def _closed_centers(session: Session, run: ScheduleRun) -> list[str]:
    """The cities of the closed centers that the preview's meetings would use."""
    ids = {item["center"] for item in run.result["meetings"]}
    if not ids:
        return []
    return list(session.scalars(select(Center.city).where(Center.id.in_(ids), Center.closed_at.is_not(None))))


def _people_of(session: Session, run: ScheduleRun) -> list[int]:
    """Everybody the preview's meetings would book."""
    request_ids = [item["request"] for item in run.result["meetings"]]
    requests = session.scalars(select(MeetingRequest).where(MeetingRequest.id.in_(request_ids))).all()
    return [user_id for request in requests for user_id, _ in request_people(request)]


def _stale(session: Session, run: ScheduleRun, daily_cap: int) -> bool:
    """Whether the preview's meetings (those still unbooked, and not since left to the people by a proposal of
    slots: publish skips those) now break a rule."""
    problem = load_problem(session, session.get(Fair, run.fair_id), daily_cap=daily_cap)
    planned = [
        {**m, "starts_at": datetime.fromisoformat(m["starts_at"]), "ends_at": datetime.fromisoformat(m["ends_at"])}
        for m in run.result["meetings"]
        if m["request"] in problem["requests"] and not problem["requests"][m["request"]].get("proposal_open")
    ]
    return bool(validate(problem, planned))


def get_runs(session: Session, fair: Fair) -> list[ScheduleRun]:
    return list(
        session.scalars(select(ScheduleRun).where(ScheduleRun.fair_id == fair.id).order_by(ScheduleRun.id.desc()))
    )


def priorities(session: Session, request_ids) -> dict[int, int]:
    """{request id: priority} of these requests."""
    rows = session.execute(select(MeetingRequest.id, MeetingRequest.priority).where(MeetingRequest.id.in_(request_ids)))
    return dict(rows.tuples().all())
