"""First-come booth booking: hold and expire, with the rules and refusals every new booking goes by.

The database guarantees one live booking per booth (a partial unique index); these functions add the business
rules and turn a lost race into a clear refusal. Every change is audited and mailed to the startup's members.
Every booth a hold frees by lapsing is offered to its waitlist (offers.py): here, by the transaction that finds the
stale hold when it takes the booth, and by the timed job in expiry.py. Cancelling and moving, which also free
booths, are in changes.py; joining, leaving and declining in waitlist.py; confirming a hold in confirmation.py:
all are above this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, load_only

from eventsys.models import (
    LIVE_BOOKING_STATUSES,
    BookingSource,
    BookingStatus,
    Booth,
    BoothBooking,
    BoothType,
    Exhibitor,
    ExhibitorStatus,
    Fair,
    Organization,
    User,
    WaitlistStatus,
    utcnow,
)
from eventsys.services import audit
from eventsys.services.accounts.teams import member_emails_by_language
from eventsys.services.booths import offers
from eventsys.services.booths.notices import notify
from eventsys.services.errors import DomainError, NotAllowed, NotFound
from eventsys.services.fairs.catalog import BookingWindow, get_booking_window, get_fair_booths, occupies_booth
from eventsys.services.fairs.states import check_open


class BoothUnavailable(DomainError):
    """The booth is taken, blocked, or was taken a moment ago by someone else."""


def booth_taken(code: str) -> BoothUnavailable:
    """The refusal of a hold of a taken booth, also in the words of the fast answer (api/hold_refusals.py)."""
    return BoothUnavailable(_l("Booth %(code)s is already taken.", code=code))


class BookingClosed(DomainError):
    pass


class LimitReached(DomainError):
    pass


class HoldExpired(DomainError):
    pass


class NotApproved(NotAllowed):
    pass


class PassedToWaitlist(BoothUnavailable):
    """The booth was free only because a hold on it had lapsed, and went to the first startup on its waitlist.

    Unlike other refusals this one has changed something, the offer: the caller commits before it answers."""


#: The statements every hold in a rush runs, built once: a reused statement spares SQLAlchemy building it and its
#: cache key again on each of thousands of requests.
_LIVE_ON_BOOTH = (BoothBooking.booth_id == bindparam("booth"), BoothBooking.status.in_(LIVE_BOOKING_STATUSES))
_LIVE_STATE = select(BoothBooking.status, BoothBooking.held_until).where(*_LIVE_ON_BOOTH)
_HOLD_CHECK = (
    select(Booth, BoothBooking.status, BoothBooking.held_until, Exhibitor.status)
    .outerjoin(BoothBooking, and_(BoothBooking.booth_id == Booth.id, BoothBooking.status.in_(LIVE_BOOKING_STATUSES)))
    .outerjoin(
        Exhibitor, and_(Exhibitor.fair_id == Booth.fair_id, Exhibitor.organization_id == bindparam("organization"))
    )
    .options(
        # Only what a hold, its refusals and its mail read: a third of the columns, and every refusal of a rush pays
        # for each column it loads. Anything else loads when first read, as with any unloaded attribute.
        load_only(Booth.fair_id, Booth.hall_id, Booth.booth_type_id, Booth.code, Booth.is_blocked),
        joinedload(Booth.fair).load_only(
            Fair.name,
            Fair.slug,  # for the refusal of a taken booth to name its fair (api/hold_refusals.py)
            Fair.status,
            Fair.timezone,
            Fair.booking_opens_at,
            Fair.booking_closes_at,
            Fair.hold_minutes,
            Fair.max_booths_per_organization,
        ),
        joinedload(Booth.booth_type).load_only(BoothType.name, BoothType.price_jpy, BoothType.max_per_organization),
    )
    .where(Booth.id == bindparam("booth"))
)
_EXHIBITOR_STATUS = select(Exhibitor.status).where(
    Exhibitor.fair_id == bindparam("fair"), Exhibitor.organization_id == bindparam("organization")
)
_LOCK_ORGANIZATION = select(Organization.id).where(Organization.id == bindparam("organization")).with_for_update()
_LIVE_COUNTS = (
    select(func.count(), func.count().filter(Booth.booth_type_id == bindparam("booth_type")))
    .select_from(BoothBooking)
    .join(Booth, Booth.id == BoothBooking.booth_id)
    .where(
        BoothBooking.fair_id == bindparam("fair"),
        BoothBooking.organization_id == bindparam("organization"),
        occupies_booth(bindparam("now")),
    )
)

#: A live booking's status and hold expiry; a booth has one at most (the partial unique index).
LiveState = tuple[BookingStatus, datetime | None]


@dataclass(frozen=True)
class HoldCheck:
    """What a hold must know, read in one query: the booth with its fair and type, the state of its live booking
    if any, and the startup's standing at the fair."""

    booth: Booth
    live: LiveState | None
    exhibitor_status: ExhibitorStatus | None


def read_hold_check(session: Session, booth_id: int, organization_id: int) -> HoldCheck | None:
    """The HoldCheck of a booth for a startup, or None when there is no such booth."""
    row = session.execute(_HOLD_CHECK, {"booth": booth_id, "organization": organization_id}).first()
    if row is None:
        return None
    booth, status, held_until, exhibitor_status = row
    return HoldCheck(booth, None if status is None else (status, held_until), exhibitor_status)


def prepare_statements(session: Session) -> None:
    """Run the reads of a booking rush once, matching nothing, so this process has compiled them before its first
    customer: a worker started shortly before booking opens would otherwise compile them during the rush."""
    # The parameters' names are part of the compiled statement's cache key, so each gets exactly its own.
    read_hold_check(session, 0, 0)
    session.execute(_LOCK_ORGANIZATION, {"organization": 0}).all()
    session.execute(_LIVE_COUNTS, {"booth_type": 0, "fair": 0, "organization": 0, "now": utcnow()}).all()
    member_emails_by_language(session, 0)
    # The free booths: the fair, then (once per change) its booths, for them and for refusals before the app.
    window = get_booking_window(session, "") or BookingWindow(0, True, utcnow(), utcnow())
    get_fair_booths(session, window)
    session.rollback()


def is_approved_exhibitor(session: Session, fair: Fair, organization: Organization) -> bool:
    """Whether the fair's organizers approved the organization as an exhibitor."""
    status = session.scalar(_EXHIBITOR_STATUS, {"fair": fair.id, "organization": organization.id})
    return status == ExhibitorStatus.APPROVED


def hold_booth(
    session: Session,
    booth: Booth,
    organization: Organization,
    *,
    actor: User | None,
    now: datetime | None = None,
    source: BookingSource = BookingSource.FLOOR_PLAN,
) -> BoothBooking:
    """Reserve a free booth for the fair's hold time; refuse with a reason if any rule forbids it."""
    check = read_hold_check(session, booth.id, organization.id)
    return _hold(session, check, organization, actor=actor, now=now, source=source)


def hold_booth_by_id(
    session: Session, booth_id: int, organization: Organization, *, actor: User | None, now: datetime | None = None
) -> BoothBooking:
    """hold_booth for a booth known only by its id, as the API's clients know it: the booth comes with the check.

    For a request that ends with its hold: after a refusal the caller must roll the transaction back, since a lost
    race leaves it unusable (the insert takes no savepoint, which saves two round trips in a rush).
    """
    check = read_hold_check(session, booth_id, organization.id)
    if check is None:
        raise NotFound(_l("There is no such booth."))
    return _hold(session, check, organization, actor=actor, now=now, source=BookingSource.FLOOR_PLAN, savepoint=False)


def _hold(
    session: Session,
    check: HoldCheck,
    organization: Organization,
    *,
    actor: User | None,
    now: datetime | None,
    source: BookingSource,
    savepoint: bool = True,
    hold_for: timedelta | None = None,
) -> BoothBooking:
    now = now or utcnow()
    booth, fair = check.booth, check.booth.fair
    check_booking_window(fair, now)
    if booth.is_blocked:
        raise BoothUnavailable(_l("Booth %(code)s is not available for booking.", code=booth.code))
    # A taken booth is the commonest refusal in a rush, so it is checked before the costlier rules.
    if free_or_refuse(session, booth, check.live, now) and source != BookingSource.WAITLIST:
        offer = offer_to_line(session, booth, now=now)
        if offer is not None and offer.organization_id == organization.id:
            return offer
        if offer is not None:
            raise PassedToWaitlist(_l("Booth %(code)s has gone to the first startup on its waitlist.", code=booth.code))
    if check.exhibitor_status != ExhibitorStatus.APPROVED:
        raise NotApproved(_l("Only startups approved for %(fair)s can book a booth.", fair=fair.name))
    _lock(session, organization)
    check_limits(session, booth, organization, now)
    booking = BoothBooking(
        fair_id=fair.id,
        booth=booth,
        organization=organization,
        created_by_id=actor.id if actor else None,
        status=BookingStatus.HELD,
        held_until=now + (hold_for or timedelta(minutes=fair.hold_minutes)),
        price_jpy=booth.booth_type.price_jpy,
        source=source,
    )
    insert_guarded(session, booking, savepoint=savepoint)
    record_change(session, booking, "waitlist" if source == BookingSource.WAITLIST else "hold", actor)
    return booking


def insert_guarded(session: Session, booking: BoothBooking, *, savepoint: bool = True) -> None:
    """Insert; when a concurrent request won the booth, the unique index refuses this one. In a savepoint the
    caller's transaction goes on after that refusal; without one it has to be rolled back."""
    code = booking.booth.code  # read now: a failed flush without a savepoint expires every object
    try:
        if savepoint:
            with session.begin_nested():
                session.add(booking)
        else:
            session.add(booking)
            session.flush()
    except IntegrityError as error:
        raise BoothUnavailable(_l("Booth %(code)s was taken a moment ago by someone else.", code=code)) from error


def _lock(session: Session, organization: Organization) -> None:
    """Serialize one organization's bookings, so two tabs cannot both pass the limit check (PostgreSQL)."""
    session.execute(_LOCK_ORGANIZATION, {"organization": organization.id})


def free_or_refuse(session: Session, booth: Booth, live: LiveState | None, now: datetime) -> bool:
    """Refuse if a live booking (`live`, as just read) holds the booth; expire a stale hold on it, and say whether
    there was one. Only a stale hold is locked, so the many refusals of a rush do not queue on the winner's row."""
    if live is None:
        return False
    if not _is_stale(*live, now):
        raise booth_taken(booth.code)
    locked = select(BoothBooking).where(*_LIVE_ON_BOOTH).with_for_update().execution_options(populate_existing=True)
    stale = session.scalars(locked, {"booth": booth.id}).all()
    for record in stale:
        if not _is_stale(record.status, record.held_until, now):  # confirmed or renewed since the first read
            raise booth_taken(booth.code)
        record.status, record.ended_at = BookingStatus.EXPIRED, now
        record_expiry(session, record)
    return bool(stale)


def live_state(session: Session, booth: Booth) -> LiveState | None:
    """The state of the booth's live booking, if it has one."""
    row = session.execute(_LIVE_STATE, {"booth": booth.id}).first()
    return None if row is None else (row.status, row.held_until)


def record_expiry(session: Session, record: BoothBooking) -> None:
    """Audit and mail an expiry; a lapsed offer also takes its startup out of the line."""
    if record.source == BookingSource.WAITLIST:
        offers.settle_offer(session, record, WaitlistStatus.LAPSED)
    record_change(session, record, "expire", None)


def offer_to_line(session: Session, booth: Booth, *, now: datetime | None = None) -> BoothBooking | None:
    """Offer a freed booth to the first waiting startup that may still take it, for the offer's life; skip those
    that may not. None when nobody in line can have it."""
    if booth.is_blocked:
        return None
    for entry in offers.get_line(session, booth.booth_type_id):
        try:
            with session.begin_nested():
                check = read_hold_check(session, booth.id, entry.organization_id)
                offer = _hold(
                    session,
                    check,
                    entry.organization,
                    actor=None,
                    now=now,
                    source=BookingSource.WAITLIST,
                    hold_for=offers.offer_life(),
                )
                if not offers.claim_entry(session, entry, offer):
                    raise booth_taken(booth.code)
        except DomainError:
            continue
        return offer
    return None


def _is_stale(status: BookingStatus, held_until: datetime | None, now: datetime) -> bool:
    return status == BookingStatus.HELD and held_until <= now


def check_booking_window(fair: Fair, now: datetime) -> None:
    """Refuse outside the fair's booking period, and at a fair that is not published (a draft or archived one)."""
    check_open(fair)
    if now < fair.booking_opens_at:
        raise BookingClosed(_l("Booking for %(fair)s has not opened yet.", fair=fair.name))
    if now >= fair.booking_closes_at:
        raise BookingClosed(_l("Booking for %(fair)s has closed.", fair=fair.name))


def check_limits(session: Session, booth: Booth, organization: Organization, now: datetime) -> None:
    """At most the fair's and the booth type's number of live bookings per organization (one query)."""
    parameters = {"booth_type": booth.booth_type_id, "fair": booth.fair_id, "organization": organization.id, "now": now}
    in_fair, of_type = session.execute(_LIVE_COUNTS, parameters).one()
    if in_fair >= booth.fair.max_booths_per_organization:
        raise LimitReached(
            _l(
                "Your company already has %(count)d booth(s) at this fair, the most allowed.",
                count=booth.fair.max_booths_per_organization,
            )
        )
    if of_type >= booth.booth_type.max_per_organization:
        raise LimitReached(
            _l("Your company already has the most booths of type %(type)s allowed.", type=booth.booth_type.name)
        )


def get_live_booking(session: Session, booth: Booth, now: datetime | None = None) -> BoothBooking | None:
    """The booking that occupies the booth now, if any (an expired hold does not)."""
    return session.scalar(
        select(BoothBooking).where(BoothBooking.booth_id == booth.id, occupies_booth(now or utcnow()))
    )


def check_owner(booking: BoothBooking, organization: Organization) -> None:
    """Refuse a change of another company's booking."""
    if booking.organization_id != organization.id:
        raise NotAllowed(_l("This booking belongs to another company."))


def record_change(
    session: Session, booking: BoothBooking, verb: str, actor: User | None, *, mailed: bool = True, **details
) -> None:
    """Audit a change of the booking and mail it to the startup's members (with the reason, if any); `mailed`
    False when another mail carries the notice (a confirmation's invoice: confirmation.confirm_and_invoice)."""
    audit.record(
        session,
        f"booking.{verb}",
        booking,
        actor=actor,
        fair_id=booking.fair_id,
        booth=booking.booth.code,
        status=booking.status.value,
        **{k: v for k, v in details.items() if v},
    )
    if mailed:
        notify(session, booking, verb, details.get("reason"))
