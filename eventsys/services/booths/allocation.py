"""Application mode: startups rank up to three booths or zones; organizers preview and publish an allocation.

The allocation gives as many first choices as it can, then as many second and third choices as the booths left
allow, each round a maximum bipartite matching (augmenting paths) in the order of a seeded lottery: the same
seed gives the same result. A zone choice only ever takes a booth in that sector zone, so zones stay together.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from eventsys.models import (
    ApplicationStatus,
    BookingMode,
    BookingSource,
    BookingStatus,
    Booth,
    BoothApplication,
    BoothBooking,
    BoothChoice,
    BoothType,
    Fair,
    Organization,
    Sector,
    User,
    utcnow,
)
from eventsys.services import audit, mail
from eventsys.services.accounts.teams import member_emails_by_language
from eventsys.services.booths.booking import check_booking_window, is_approved_exhibitor
from eventsys.services.booths.notices import Notice
from eventsys.services.errors import DomainError, InvalidInput, NotAllowed
from eventsys.services.fairs.catalog import occupies_booth
from eventsys.services.fairs.states import check_open
from eventsys.services.invoices import mailing as invoice_mailing

MAX_CHOICES = 3


@dataclass
class Allocation:
    """The outcome of one lottery: which application gets which booth, by which choice."""

    seed: int
    #: application id → (booth id, rank of the choice it came from).
    assignments: dict[int, tuple[int, int]] = field(default_factory=dict)
    unallocated: list[int] = field(default_factory=list)

    def count_by_rank(self) -> dict[int | None, int]:
        counts = Counter(rank for _, rank in self.assignments.values())
        return {1: counts[1], 2: counts[2], 3: counts[3], None: len(self.unallocated)}


@dataclass(frozen=True)
class Wish:
    """One ranked choice as submitted: a booth or a zone."""

    booth: Booth | None = None
    zone: Sector | None = None


def submit_application(
    session: Session,
    fair: Fair,
    organization: Organization,
    booth_type: BoothType,
    wishes: list[Wish],
    *,
    actor: User,
    now: datetime | None = None,
) -> BoothApplication:
    """Submit or replace a startup's ranked wishes while the application window is open."""
    if fair.booking_mode != BookingMode.APPLICATION:
        raise DomainError(_l("%(fair)s gives booths first come, first served: book on the floor plan.", fair=fair.name))
    if not is_approved_exhibitor(session, fair, organization):
        raise NotAllowed(_l("Only startups approved for %(fair)s can apply for a booth.", fair=fair.name))
    check_booking_window(fair, now or utcnow())
    _check_wishes(fair, booth_type, wishes)
    application = session.scalar(
        select(BoothApplication).where(
            BoothApplication.fair_id == fair.id, BoothApplication.organization_id == organization.id
        )
    )
    if application is not None and application.status != ApplicationStatus.SUBMITTED:
        raise DomainError(_l("Booths have already been allocated; your application can no longer change."))
    if application is None:
        application = BoothApplication(fair_id=fair.id, organization=organization)
        session.add(application)
    application.booth_type = booth_type
    application.submitted_by_id = actor.id
    application.choices = []
    session.flush()
    application.choices = [
        BoothChoice(rank=rank, booth=wish.booth, sector=wish.zone) for rank, wish in enumerate(wishes, start=1)
    ]
    session.flush()
    audit.record(session, "application.submit", application, actor=actor, fair_id=fair.id, choices=len(wishes))
    return application


def _check_wishes(fair: Fair, booth_type: BoothType, wishes: list[Wish]) -> None:
    if booth_type.fair_id != fair.id:
        raise InvalidInput(_l("Choose a booth type of this fair."), field="booth_type")
    if not 1 <= len(wishes) <= MAX_CHOICES:
        raise InvalidInput(_l("Give one to three choices."), field="choice_1")
    seen = set()
    for wish in wishes:
        key = ("booth", wish.booth.id) if wish.booth else ("zone", wish.zone.id if wish.zone else None)
        if key in seen or key[1] is None:
            raise InvalidInput(_l("Each choice must be a different booth or zone."), field="choice_1")
        seen.add(key)
        booth = wish.booth
        if booth is not None and (booth.fair_id != fair.id or booth.is_blocked or booth.booth_type_id != booth_type.id):
            raise InvalidInput(
                _l("Booth %(code)s is not a bookable %(type)s booth.", code=booth.code, type=booth_type.name),
                field="choice_1",
            )


def compute_allocation(session: Session, fair: Fair, seed: int, now: datetime | None = None) -> Allocation:
    """Run the seeded lottery over the fair's submitted applications and its free booths; writes nothing."""
    applications = _submitted_applications(session, fair)
    free = _free_booths(session, fair, now or utcnow())
    order = sorted(applications, key=lambda application: application.id)
    random.Random(seed).shuffle(order)
    allocation = Allocation(seed=seed)
    waiting = order
    for rank in range(1, MAX_CHOICES + 1):
        candidates = {a.id: _candidates(a, rank, free) for a in waiting}
        matched = _match([a.id for a in waiting], candidates)
        for application_id, booth_id in matched.items():
            allocation.assignments[application_id] = (booth_id, rank)
            del free[booth_id]
        waiting = [a for a in waiting if a.id not in matched]
    allocation.unallocated = [a.id for a in waiting]
    return allocation


def _submitted_applications(session: Session, fair: Fair) -> list[BoothApplication]:
    return list(
        session.scalars(
            select(BoothApplication)
            .where(BoothApplication.fair_id == fair.id, BoothApplication.status == ApplicationStatus.SUBMITTED)
            .options(selectinload(BoothApplication.choices))
        )
    )


def _free_booths(session: Session, fair: Fair, now: datetime) -> dict[int, Booth]:
    taken = select(BoothBooking.booth_id).where(BoothBooking.fair_id == fair.id, occupies_booth(now))
    booths = session.scalars(
        select(Booth)
        .where(Booth.fair_id == fair.id, Booth.is_blocked.is_(False), Booth.id.not_in(taken))
        .order_by(Booth.code)
    )
    return {booth.id: booth for booth in booths}


def _candidates(application: BoothApplication, rank: int, free: dict[int, Booth]) -> list[int]:
    """Free booths that satisfy the application's choice of this rank, in code order so zones fill up in a row."""
    choice = next((c for c in application.choices if c.rank == rank), None)
    if choice is None:
        return []
    if choice.booth_id is not None:
        return [choice.booth_id] if choice.booth_id in free else []
    return [
        booth_id
        for booth_id, booth in free.items()
        if booth.sector_id == choice.sector_id and booth.booth_type_id == application.booth_type_id
    ]


def _match(order: list[int], candidates: dict[int, list[int]]) -> dict[int, int]:
    """Maximum matching of applications to booths (Kuhn's augmenting paths), earlier in `order` served first."""
    owner: dict[int, int] = {}

    def augment(application_id: int, visited: set[int]) -> bool:
        for booth_id in candidates[application_id]:
            if booth_id in visited:
                continue
            visited.add(booth_id)
            if booth_id not in owner or augment(owner[booth_id], visited):
                owner[booth_id] = application_id
                return True
        return False

    for application_id in order:
        augment(application_id, set())
    return {application_id: booth_id for booth_id, application_id in owner.items()}


@dataclass(frozen=True)
class AllocationLine:
    """One applicant's outcome, for the preview."""

    organization: Organization
    booth: Booth | None
    rank: int | None


def describe(session: Session, allocation: Allocation) -> list[AllocationLine]:
    """Every applicant with the booth and choice rank the allocation gives, by booth code, unplaced last."""
    ids = list(allocation.assignments) + allocation.unallocated
    applications = {
        a.id: a
        for a in session.scalars(
            select(BoothApplication)
            .where(BoothApplication.id.in_(ids))
            .options(selectinload(BoothApplication.organization))
        )
    }
    booths = {
        b.id: b
        for b in session.scalars(select(Booth).where(Booth.id.in_([b for b, _ in allocation.assignments.values()])))
    }
    lines = [
        AllocationLine(applications[a].organization, booths[booth_id], rank)
        for a, (booth_id, rank) in allocation.assignments.items()
    ]
    lines.sort(key=lambda line: line.booth.code)
    return lines + [AllocationLine(applications[a].organization, None, None) for a in allocation.unallocated]


def publish_allocation(session: Session, fair: Fair, seed: int, *, actor: User) -> Allocation:
    """Write the allocation the seed gives as confirmed bookings, and tell every applicant the outcome."""
    if fair.booking_mode != BookingMode.APPLICATION:
        raise DomainError(_l("Only fairs in application mode are allocated."))
    check_open(fair)
    now = utcnow()
    allocation = compute_allocation(session, fair, seed, now)
    applications = {a.id: a for a in _submitted_applications(session, fair)}
    for application_id, (booth_id, rank) in allocation.assignments.items():
        application = applications[application_id]
        booth = session.get(Booth, booth_id)
        booking = BoothBooking(
            fair_id=fair.id,
            booth=booth,
            organization=application.organization,
            created_by_id=actor.id,
            status=BookingStatus.CONFIRMED,
            confirmed_at=now,
            price_jpy=booth.booth_type.price_jpy,
            source=BookingSource.ALLOCATION,
            billing_name=application.organization.name,
        )
        session.add(booking)
        application.status = ApplicationStatus.ALLOCATED
        application.allocated_rank = rank
        session.flush()
        audit.record(session, "booking.allocate", booking, actor=actor, fair_id=fair.id, booth=booth.code, rank=rank)
        invoice_mailing.issue_and_mail(session, booking, notice=Notice("allocate"), now=now)
    for application_id in allocation.unallocated:
        application = applications[application_id]
        application.status = ApplicationStatus.UNALLOCATED
        recipients = member_emails_by_language(session, application.organization_id)
        mail.send_in_each_language(session, recipients, partial(_unallocated_mail, fair, application))
    audit.record(
        session,
        "allocation.publish",
        fair,
        actor=actor,
        fair_id=fair.id,
        seed=seed,
        **{f"rank_{k or 'none'}": v for k, v in allocation.count_by_rank().items()},
    )
    return allocation


def _unallocated_mail(fair: Fair, application: BoothApplication) -> tuple[str, str]:
    text = _l(
        "No booth at %(fair)s could be given to %(company)s from your choices. The organizers will "
        "contact you if one becomes free.",
        fair=fair.name,
        company=application.organization.name,
    )
    return str(_l("Booth allocation for %(fair)s", fair=fair.name)), str(text)
