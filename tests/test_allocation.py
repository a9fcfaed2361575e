"""Application mode: the seeded lottery allocation and its publication."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eventsys.models import ApplicationStatus, BookingMode, BookingSource, BoothBooking, Sector
from eventsys.services.booths import allocation
from eventsys.services.booths.allocation import Wish
from eventsys.services.errors import DomainError, InvalidInput, NotAllowed
from tests.booth_factories import approved_startup
from tests.conftest import create_booth, create_booth_type, create_user


@pytest.fixture(autouse=True)
def _app_context(app):
    with app.app_context():
        yield


@pytest.fixture
def zoned(db, fair):
    """An application-mode fair: zone robotics (R1–R3) and zone fintech (F1–F2), one booth type."""
    fair.booking_mode = BookingMode.APPLICATION
    robotics = Sector(slug="robotics-t", name="Robotics")
    fintech = Sector(slug="fintech-t", name="Fintech")
    db.add_all([robotics, fintech])
    hall = fair.halls[0]
    booth_type = create_booth_type(db, fair, name="Pod")
    booths = {}
    for i, (code, zone) in enumerate(
        [("R1", robotics), ("R2", robotics), ("R3", robotics), ("F1", fintech), ("F2", fintech)]
    ):
        booths[code] = create_booth(db, hall, booth_type, code=code, x=3 * i, y=20, sector=zone)
    return fair, booth_type, booths, {"robotics": robotics, "fintech": fintech}


def _apply(db, fair, booth_type, *wishes):
    user = approved_startup(db, fair)
    return allocation.submit_application(db, fair, user.organization, booth_type, list(wishes), actor=user)


def test_first_choices_are_maximised(db, zoned):
    fair, pod, booths, zones = zoned
    # Two want R1 first; one of them also accepts any robotics booth first: both can get a first choice.
    a = _apply(db, fair, pod, Wish(booth=booths["R1"]))
    b = _apply(db, fair, pod, Wish(zone=zones["robotics"]))
    result = allocation.compute_allocation(db, fair, seed=1)
    assert result.count_by_rank() == {1: 2, 2: 0, 3: 0, None: 0}
    assert result.assignments[a.id][0] == booths["R1"].id
    assert result.assignments[b.id][0] in {booths["R2"].id, booths["R3"].id}


def test_contested_booth_goes_by_lottery_and_the_loser_gets_the_next_choice(db, zoned):
    fair, pod, booths, zones = zoned
    apps = [_apply(db, fair, pod, Wish(booth=booths["F1"]), Wish(zone=zones["fintech"])) for _ in range(3)]
    result = allocation.compute_allocation(db, fair, seed=7)
    assert result.count_by_rank() == {1: 1, 2: 1, 3: 0, None: 1}
    again = allocation.compute_allocation(db, fair, seed=7)
    assert again.assignments == result.assignments, "same seed, same result"
    winners = {
        allocation.compute_allocation(db, fair, seed=s).assignments.get(apps[0].id, (None, 0))[1] for s in range(20)
    }
    assert winners >= {1, 2}, "different seeds give different applicants the contested booth"


def test_zone_choices_stay_in_their_zone(db, zoned):
    fair, pod, booths, zones = zoned
    apps = [_apply(db, fair, pod, Wish(zone=zones["fintech"])) for _ in range(3)]
    result = allocation.compute_allocation(db, fair, seed=3)
    fintech = {booths["F1"].id, booths["F2"].id}
    assert {booth for booth, _ in result.assignments.values()} <= fintech
    assert len(result.unallocated) == 1 and result.unallocated[0] in {a.id for a in apps}


def test_preview_writes_nothing_and_publish_writes_bookings(db, zoned, organizer):
    fair, pod, booths, zones = zoned
    a = _apply(db, fair, pod, Wish(booth=booths["R1"]), Wish(booth=booths["R2"]))
    b = _apply(db, fair, pod, Wish(booth=booths["R1"]), Wish(booth=booths["R3"]))
    allocation.compute_allocation(db, fair, seed=11)
    assert db.scalars(select(BoothBooking)).all() == []
    result = allocation.publish_allocation(db, fair, 11, actor=organizer)
    bookings = db.scalars(select(BoothBooking)).all()
    assert len(bookings) == 2 and {b.source for b in bookings} == {BookingSource.ALLOCATION}
    assert {a.status, b.status} == {ApplicationStatus.ALLOCATED}
    assert sorted([a.allocated_rank, b.allocated_rank]) == [1, 2]
    assert result.count_by_rank() == {1: 1, 2: 1, 3: 0, None: 0}
    with pytest.raises(DomainError, match="already been allocated"):
        allocation.submit_application(db, fair, a.organization, pod, [Wish(booth=booths["R3"])], actor=organizer)


def test_application_refusals(db, zoned, fair):
    fair, pod, booths, zones = zoned
    outsider = create_user(db)
    with pytest.raises(NotAllowed):
        allocation.submit_application(db, fair, outsider.organization, pod, [Wish(booth=booths["R1"])], actor=outsider)
    user = approved_startup(db, fair)
    for wishes in ([], [Wish(booth=booths["R1"])] * 2, [Wish(zone=zones["robotics"])] * 4):
        with pytest.raises(InvalidInput):
            allocation.submit_application(db, fair, user.organization, pod, wishes, actor=user)
    other_type = create_booth_type(db, fair, name="Other")
    with pytest.raises(InvalidInput, match="not a bookable"):
        allocation.submit_application(db, fair, user.organization, other_type, [Wish(booth=booths["R1"])], actor=user)


def test_first_come_fairs_take_no_applications(db, fair):
    user = approved_startup(db, fair)
    booth = fair.halls[0].booths[0]
    with pytest.raises(DomainError, match="first come"):
        allocation.submit_application(db, fair, user.organization, booth.booth_type, [Wish(booth=booth)], actor=user)
