"""The fair dashboard's figures: booths sold over time, by hall and type; exhibitors by country and sector;
applications, investors, meetings and check-ins. Sixteen grouped queries whatever the fair's
size."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import has_app_context
from flask_babel import get_locale
from sqlalchemy import and_, case, func, literal, literal_column, select, union, union_all
from sqlalchemy.orm import Session

from eventsys.models import (
    ApplicationStatus,
    BookingStatus,
    Booth,
    BoothApplication,
    BoothBooking,
    BoothType,
    Center,
    Exhibitor,
    ExhibitorStatus,
    Fair,
    Hall,
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    MeetingStatus,
    Organization,
    OrganizationKind,
    RequestStatus,
    Sector,
    Verification,
    utcnow,
)
from eventsys.models.organizations import organization_sectors
from eventsys.services.badges.checkin import CheckInCounts, get_check_in_counts
from eventsys.services.fairs.catalog import occupies_booth
from eventsys.services.meetings import attendance
from eventsys.services.time_buckets import quarter_hour, start_of_quarter

#: Exhibitors from elsewhere are foreign: every fair eventsys runs is in Japan.
HOME_COUNTRY = "JP"


@dataclass(frozen=True)
class BoothCounts:
    """The booths of one hall or one booth type, by state now."""

    label: str
    total: int
    sold: int
    held: int
    blocked: int
    #: The booth type's price; None for a hall.
    price_jpy: int | None = None

    @property
    def free(self) -> int:
        return self.total - self.sold - self.held - self.blocked


@dataclass(frozen=True)
class SalesDay:
    """Booths sold on one day of the fair's zone (net of cancellations) and in all up to its end."""

    day: date
    sold: int
    total: int


@dataclass(frozen=True)
class SalesCurve:
    """Booths sold day by day against the booking window, up to today."""

    opens_on: date
    closes_on: date
    #: Every day from the first of the window (or an earlier sale) up to today or the last day shown.
    days: tuple[SalesDay, ...]
    #: The last day the chart's axis reaches: the window's end, or a later sale.
    ends_on: date
    bookable: int


@dataclass(frozen=True)
class CountryCount:
    """Exhibitors (companies with a confirmed booth) of one country, and their booths."""

    country: str
    exhibitors: int
    booths: int


@dataclass(frozen=True)
class MeetingDay:
    """The meetings at one center on one day of its zone, by status."""

    center: str
    day: date
    by_status: dict[MeetingStatus, int]


@dataclass(frozen=True)
class InvestorCount:
    """Investor firms and corporate partners of one verification state; verification holds at every fair."""

    verification: Verification
    firms: int
    #: Of them, those that asked or were asked for a meeting at this fair.
    at_fair: int


@dataclass(frozen=True)
class FairDashboard:
    """Every figure of one fair's dashboard, as of one moment."""

    fair: Fair
    sales: SalesCurve
    by_hall: tuple[BoothCounts, ...]
    by_type: tuple[BoothCounts, ...]
    by_country: tuple[CountryCount, ...]
    #: (sector name, exhibitors); a company lists up to three sectors, so these add up to more than the exhibitors.
    by_sector: tuple[tuple[str, int], ...]
    exhibitors: dict[ExhibitorStatus, int]
    booth_applications: dict[ApplicationStatus, int]
    investors: tuple[InvestorCount, ...]
    requests: dict[RequestStatus, int]
    meetings: tuple[MeetingDay, ...]
    check_ins: CheckInCounts
    #: What the participants recorded of the meetings that took place, by outcome (each side's answer once).
    outcomes: dict[MeetingOutcome, int]
    #: (person, organization, no-shows) of those the other side said did not come more often than allowed.
    no_shows: tuple[tuple[str, str, int], ...]

    @property
    def booked_booths(self) -> int:
        return sum(c.booths for c in self.by_country)

    @property
    def foreign_booths(self) -> int:
        return sum(c.booths for c in self.by_country if c.country != HOME_COUNTRY)

    @property
    def foreign_share(self) -> float | None:
        """The share of booked booths whose exhibitor is foreign, 0–1; None before any booth is booked."""
        return self.foreign_booths / self.booked_booths if self.booked_booths else None

    @property
    def applications_waiting(self) -> int:
        return self.exhibitors.get(ExhibitorStatus.APPLIED, 0)

    @property
    def investors_verified(self) -> int:
        return sum(c.firms for c in self.investors if c.verification == Verification.VERIFIED)

    @property
    def booths_sold(self) -> int:
        return sum(c.sold for c in self.by_hall)

    @property
    def meeting_totals(self) -> dict[MeetingStatus, int]:
        totals: Counter[MeetingStatus] = Counter()
        for day in self.meetings:
            totals.update(day.by_status)
        return {status: totals.get(status, 0) for status in MeetingStatus}

    @property
    def checked_in(self) -> int:
        """Badges that came in at least once."""
        return sum(came for came, _ in self.check_ins.by_role.values())


def get_fair_dashboard(
    session: Session, fair: Fair, *, now: datetime | None = None, no_shows_allowed: int = 1
) -> FairDashboard:
    """Every figure of the fair's dashboard, in a fixed number of grouped queries."""
    now = now or utcnow()
    by_hall, by_type = _booth_counts(session, fair, now)
    return FairDashboard(
        fair=fair,
        sales=_sales_curve(session, fair, now, bookable=sum(c.total - c.blocked for c in by_hall)),
        by_hall=by_hall,
        by_type=by_type,
        by_country=_countries(session, fair),
        by_sector=_sectors(session, fair),
        exhibitors=_status_counts(session, Exhibitor.status, Exhibitor.fair_id == fair.id, ExhibitorStatus),
        booth_applications=_status_counts(
            session, BoothApplication.status, BoothApplication.fair_id == fair.id, ApplicationStatus
        ),
        investors=_investors(session, fair),
        requests=_requests(session, fair, now),
        meetings=_meetings(session, fair),
        check_ins=get_check_in_counts(session, fair),
        outcomes=attendance.get_outcome_counts(session, fair.id),
        no_shows=tuple(
            (user.name, user.organization.name if user.organization else "", n)
            for user, n in attendance.get_repeated_no_shows(session, fair.id, allowed=no_shows_allowed)
        ),
    )


def _booth_counts(session: Session, fair: Fair, now: datetime) -> tuple[tuple[BoothCounts, ...], ...]:
    """Booths by hall, type, blocked and live booking state (one query), put together by hall and by type."""
    live = and_(BoothBooking.booth_id == Booth.id, occupies_booth(now))
    rows = session.execute(
        select(Booth.hall_id, Booth.booth_type_id, Booth.is_blocked, BoothBooking.status, func.count(Booth.id))
        .outerjoin(BoothBooking, live)
        .where(Booth.fair_id == fair.id)
        .group_by(Booth.hall_id, Booth.booth_type_id, Booth.is_blocked, BoothBooking.status)
    ).all()
    halls = session.execute(
        select(Hall.id, Hall.name, Hall.name_translations)
        .where(Hall.fair_id == fair.id)
        .order_by(Hall.position, Hall.id)
    ).all()
    types = session.execute(
        select(BoothType.id, BoothType.name, BoothType.name_translations, BoothType.price_jpy)
        .where(BoothType.fair_id == fair.id)
        .order_by(BoothType.price_jpy, BoothType.name)
    ).all()
    per_hall: dict[int, Counter[str]] = defaultdict(Counter)
    per_type: dict[int, Counter[str]] = defaultdict(Counter)
    for hall_id, type_id, blocked, status, n in rows:
        state = _state(blocked, status)
        for counter in (per_hall[hall_id], per_type[type_id]):
            counter[state] += n
            counter["total"] += n
    by_hall = tuple(_counts(local_name(name, names), per_hall[id_]) for id_, name, names in halls)
    by_type = tuple(_counts(local_name(name, names), per_type[id_], price) for id_, name, names, price in types)
    return by_hall, by_type


def _state(blocked: bool, status: BookingStatus | None) -> str:
    """A booked booth counts as sold even if an organizer blocked it since."""
    if status == BookingStatus.CONFIRMED:
        return "sold"
    if status == BookingStatus.HELD:
        return "held"
    return "blocked" if blocked else "free"


def _counts(label: str, counter: Counter[str], price_jpy: int | None = None) -> BoothCounts:
    return BoothCounts(label, counter["total"], counter["sold"], counter["held"], counter["blocked"], price_jpy)


def _sales_curve(session: Session, fair: Fair, now: datetime, *, bookable: int) -> SalesCurve:
    """+1 on the day a booking was confirmed, -1 on the day a confirmed one was cancelled; summed up day by day.
    The database counts them by quarter hour, which a rush at opening time folds into a few rows."""
    confirmed = BoothBooking.confirmed_at.is_not(None)
    plus, minus = literal_column("1").label("change"), literal_column("-1").label("change")
    sold = select(quarter_hour(BoothBooking.confirmed_at).label("quarter"), plus).where(
        BoothBooking.fair_id == fair.id, confirmed
    )
    cancelled = select(quarter_hour(BoothBooking.ended_at).label("quarter"), minus).where(
        BoothBooking.fair_id == fair.id,
        confirmed,
        BoothBooking.status == BookingStatus.CANCELLED,
        BoothBooking.ended_at.is_not(None),
    )
    changes = union_all(sold, cancelled).subquery()
    rows = session.execute(select(changes.c.quarter, func.sum(changes.c.change)).group_by(changes.c.quarter)).all()
    zone = fair.zone
    change: Counter[date] = Counter()
    for quarter, n in rows:
        change[_day(start_of_quarter(quarter), zone)] += int(n)
    opens_on, closes_on = _day(fair.booking_opens_at, zone), _day(fair.booking_closes_at, zone)
    first = min([opens_on, *change])
    ends_on = max([closes_on, *change])
    last = min(ends_on, _day(now, zone))
    days, total = [], 0
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        total += change.get(day, 0)
        days.append(SalesDay(day, change.get(day, 0), total))
    return SalesCurve(opens_on, closes_on, tuple(days), ends_on, bookable)


def _day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def _countries(session: Session, fair: Fair) -> tuple[CountryCount, ...]:
    rows = session.execute(
        select(Organization.country, func.count(func.distinct(Organization.id)), func.count(BoothBooking.id))
        .join(BoothBooking, BoothBooking.organization_id == Organization.id)
        .where(BoothBooking.fair_id == fair.id, BoothBooking.status == BookingStatus.CONFIRMED)
        .group_by(Organization.country)
    ).all()
    counts = [CountryCount(country, exhibitors, booths) for country, exhibitors, booths in rows]
    return tuple(sorted(counts, key=lambda c: (-c.booths, -c.exhibitors, c.country)))


def _sectors(session: Session, fair: Fair) -> tuple[tuple[str, int], ...]:
    exhibiting = (
        select(BoothBooking.organization_id)
        .where(BoothBooking.fair_id == fair.id, BoothBooking.status == BookingStatus.CONFIRMED)
        .distinct()
    )
    counts = (
        select(organization_sectors.c.sector_id, func.count().label("exhibitors"))
        .where(organization_sectors.c.organization_id.in_(exhibiting))
        .group_by(organization_sectors.c.sector_id)
        .subquery()
    )
    rows = session.execute(
        select(Sector.name, Sector.name_translations, counts.c.exhibitors)
        .join(counts, counts.c.sector_id == Sector.id)
        .order_by(counts.c.exhibitors.desc(), Sector.name)
    ).all()
    return tuple((local_name(name, names), n) for name, names, n in rows)


def _status_counts(session: Session, column, where, statuses) -> dict:
    """Rows of a table by status, every status present (0 for none)."""
    counts = dict(session.execute(select(column, func.count()).where(where).group_by(column)).tuples().all())
    return {status: counts.get(status, 0) for status in statuses}


def _investors(session: Session, fair: Fair) -> tuple[InvestorCount, ...]:
    at_fair = union(
        select(MeetingRequest.requester_organization_id).where(MeetingRequest.fair_id == fair.id),
        select(MeetingRequest.recipient_organization_id).where(MeetingRequest.fair_id == fair.id),
    )
    meeting_here = case((Organization.id.in_(at_fair), 1), else_=0)
    rows = session.execute(
        select(Organization.verification, func.count(), func.coalesce(func.sum(meeting_here), 0))
        .where(Organization.kind.in_((OrganizationKind.INVESTOR_FIRM, OrganizationKind.CORPORATE_PARTNER)))
        .group_by(Organization.verification)
    ).all()
    found = {verification: (firms, here) for verification, firms, here in rows}
    return tuple(InvestorCount(v, *found.get(v, (0, 0))) for v in Verification)


def _requests(session: Session, fair: Fair, now: datetime) -> dict[RequestStatus, int]:
    """Requests by status as of now: an open one past its expiry counts as expired before a write marks it so."""
    lapsed = and_(MeetingRequest.status == RequestStatus.OPEN, MeetingRequest.expires_at <= now)
    status = case((lapsed, literal(RequestStatus.EXPIRED.value)), else_=MeetingRequest.status).label("state")
    # Grouped outside, so PostgreSQL need not match the CASE and its parameters in the GROUP BY.
    states = select(status).where(MeetingRequest.fair_id == fair.id).subquery()
    rows = session.execute(select(states.c.state, func.count()).group_by(states.c.state)).all()
    counts: Counter[str] = Counter()
    for value, n in rows:
        counts[str(getattr(value, "value", value))] += n
    return {s: counts.get(s.value, 0) for s in RequestStatus}


def _meetings(session: Session, fair: Fair) -> tuple[MeetingDay, ...]:
    """Meetings by center, quarter hour and status (slots are few), put together by day in each center's zone."""
    quarter = quarter_hour(Meeting.starts_at)
    rows = session.execute(
        select(Center.id, Center.city, Center.timezone, quarter, Meeting.status, func.count())
        .join(Center, Center.id == Meeting.center_id)
        .where(Meeting.fair_id == fair.id)
        .group_by(Center.id, Center.city, Center.timezone, quarter, Meeting.status)
    ).all()
    days: dict[tuple[date, str, int], Counter[MeetingStatus]] = defaultdict(Counter)
    local_days: dict[tuple[int, str], date] = {}  # the centers' rooms share their slots
    for center_id, city, timezone, starts, status, n in rows:
        if (starts, timezone) not in local_days:
            local_days[(starts, timezone)] = _day(start_of_quarter(starts), ZoneInfo(timezone))
        days[(local_days[(starts, timezone)], city, center_id)][status] += n
    return tuple(
        MeetingDay(city, day, {s: counter.get(s, 0) for s in MeetingStatus})
        for (day, city, _), counter in sorted(days.items())
    )


def local_name(name: str, translations: dict[str, str] | None) -> str:
    """A name an organizer gave in the page's language where they gave one, else the default (English) name."""
    language = get_locale().language if has_app_context() and get_locale() else None
    return (translations or {}).get(language or "", "") or name
