"""Which slots both sides of an accepted request could book now: the centers' slots inside both people's
availability, off booth duty, that pass booking's checks, with the rooms still free."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.models import Availability, Center, Fair, MeetingRequest, utcnow
from eventsys.services.errors import DomainError
from eventsys.services.meetings import centers as center_service
from eventsys.services.meetings.booking import check_slot, free_rooms, request_people
from eventsys.services.meetings.booth_duty import booth_duty_windows, is_on_booth_duty


@dataclass(frozen=True)
class FreeSlot:
    center: Center
    starts_at: datetime
    ends_at: datetime
    rooms_free: int


def get_free_slots(
    session: Session, request: MeetingRequest, centers: list[Center], *, daily_cap: int, now: datetime | None = None
) -> list[FreeSlot]:
    """Slots both sides could book now, with how many rooms are free (at most one query per center and day)."""
    now = now or utcnow()
    wanted = {c.id for c in request.preferred_centers}
    ranges = session.execute(
        select(Availability.user_id, Availability.center_id, Availability.starts_at, Availability.ends_at).where(
            Availability.fair_id == request.fair_id,
            Availability.user_id.in_([user_id for user_id, _ in request_people(request)]),
        )
    ).all()

    def both_free(center_id: int, start: datetime, end: datetime) -> bool:
        free = {r.user_id for r in ranges if r.center_id == center_id and r.starts_at <= start and r.ends_at >= end}
        return len(free) == 2

    duty = booth_duty_windows(session, [org for _, org in request_people(request)], now=now)
    on_duty = [window for windows in duty.values() for window in windows]
    found = []
    for center in centers:
        if (wanted and center.id not in wanted) or center.is_closed:
            continue
        for day in center_service.fair_days(session.get(Fair, request.fair_id)):
            for start, end in center_service.day_slots(center, day):
                if start <= now or not both_free(center.id, start, end) or is_on_booth_duty(on_duty, start, end):
                    continue
                try:
                    check_slot(session, request, center, start, daily_cap=daily_cap, now=now)
                except DomainError:
                    continue
                rooms = len(free_rooms(session, center, start))
                if rooms:
                    found.append(FreeSlot(center, start, start + timedelta(minutes=center.slot_minutes), rooms))
    return found
