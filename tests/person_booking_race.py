"""One person, two bookings at once on PostgreSQL: the set-up the person-slot and person-overlap race tests share.

An investor has two accepted requests (two startups), everyone free at one center during the fair, which offers
online meetings. The first request is booked in person and the second online, each by its service in its own thread,
session and connection, released together by a barrier. `pass_both_checks` takes the person lock away and holds
each check until the other booking has passed its own, so both pass every check before either inserts: only the
database stands.
"""

from __future__ import annotations

import threading
from datetime import time

from sqlalchemy import func, select

from eventsys.extensions import db
from eventsys.models import Center, Fair, MeetingParticipant, MeetingRequest, OrganizationKind, Role, User
from eventsys.services.errors import DomainError
from eventsys.services.meetings import booking, online
from tests.conftest import create_organization, create_user
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available

LINK = "https://meet.example.com/race"


def seed_two_requests(app, *, online_opens_at: time = time(8)) -> tuple[list[int], int, int]:
    """The investor's two request ids, the center's id and the investor's id; online meetings from the fair's first
    day, `online_opens_at` to 20:00 (the grid starts there)."""
    with app.app_context():
        organizer = create_organization(db.session, OrganizationKind.ORGANIZER)
        fair = create_meeting_fair(db.session, organizer_id=organizer.id)
        fair.online_from, fair.online_opens_at, fair.online_closes_at = fair.starts_on, online_opens_at, time(20)
        center = create_center(db.session, rooms=[("Room A", 2)])
        investor = create_user(db.session, Role.INVESTOR)
        make_available(db.session, fair, investor, center)
        requests = []
        for _ in range(2):
            startup = create_user(db.session, Role.STARTUP)
            make_available(db.session, fair, startup, center)
            requests.append(accepted_request(db.session, fair, investor, startup).id)
        db.session.commit()
        return requests, center.id, investor.id


def book_both_at_once(
    app, request_ids: list[int], center_id: int, *, in_person: tuple[int, int], online_at: tuple[int, int]
) -> list[str]:
    """The first request in person at `in_person` (hour, minute), the second online at `online_at`, both on the
    fair's second day, at the same moment: each outcome, sorted ("booked", "refused" or what went wrong)."""
    barrier = threading.Barrier(2, timeout=60)
    outcomes: list[str] = []

    def book(index: int) -> None:
        with app.app_context(), app.test_request_context():
            request = db.session.get(MeetingRequest, request_ids[index])
            center = db.session.get(Center, center_id)
            fair = db.session.get(Fair, request.fair_id)
            actor = db.session.get(User, request.recipient_id)
            start = at(fair, 1, *(in_person if index == 0 else online_at))
            barrier.wait()
            try:
                if index == 0:
                    booking.book_meeting(db.session, request, actor, center=center, starts_at=start, daily_cap=8)
                else:
                    online.book_online_meeting(
                        db.session, request, actor, center=center, starts_at=start, video_url=LINK, daily_cap=8
                    )
                db.session.commit()
                outcomes.append("booked")
            except booking.SlotTaken:
                db.session.rollback()
                outcomes.append("refused")
            except DomainError as error:
                db.session.rollback()
                outcomes.append(f"refused otherwise: {error.message}")
            except Exception as error:  # noqa: BLE001 - reported below
                outcomes.append(f"error: {error!r}")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=book, args=(index,)) for index in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def pass_both_checks(monkeypatch) -> None:
    """No person lock, and both bookings pass their checks before either inserts: each check (one per booking)
    returns only once the other booking has passed its own. A fixed pause left that to the scheduler: on a loaded
    machine one booking could commit before the other had checked, which then refused it for another reason."""
    monkeypatch.setattr(booking, "lock_people", lambda session, user_ids: None)
    both_checked = threading.Barrier(2, timeout=30)
    for module, name in ((booking, "check_slot"), (online, "check_online_slot")):
        original = getattr(module, name)

        def held(*args, _original=original, **kwargs):
            found = _original(*args, **kwargs)
            both_checked.wait()
            return found

        monkeypatch.setattr(module, name, held)


def investor_seats(app, investor_id: int) -> int:
    """The investor's places in live meetings."""
    with app.app_context():
        return db.session.scalar(
            select(func.count(MeetingParticipant.id)).where(
                MeetingParticipant.user_id == investor_id, MeetingParticipant.is_active
            )
        )
