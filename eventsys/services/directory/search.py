"""The startup and investor directories: search, filters, sorting and pages in a fixed number of queries.

Search is a substring match on `Organization.search_text`: name, local name, their Japanese readings (hiragana and
romaji) and pitch (or thesis), folded by `search_text.fold` (NFKC, case folding in every script, katakana as
hiragana), so Japanese words match without a word splitter and the same way on SQLite and PostgreSQL; every
whitespace-separated term must match, in any of its spellings (a kana term by its romaji too). On PostgreSQL a
pg_trgm GIN index on the column (migration 0019) serves it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from eventsys.models import (
    BookingStatus,
    Booth,
    BoothBooking,
    Fair,
    Hall,
    Organization,
    OrganizationKind,
    Region,
    RegionInterest,
    Sector,
    Stage,
    StageInterest,
    Verification,
)
from eventsys.models.organizations import organization_sectors
from eventsys.services.accounts.investors import INVESTOR_KINDS
from eventsys.services.directory.search_text import terms as search_terms

MAX_PER_PAGE = 100
STARTUP_SORTS = ("name", "newest", "country", "stage")
INVESTOR_SORTS = ("name", "newest", "country")
#: Longest search text taken into account; the rest is ignored.
MAX_SEARCH_LENGTH = 200


@dataclass(frozen=True)
class DirectoryQuery:
    """What a directory page asks for; every part is optional."""

    text: str = ""
    sectors: tuple[str, ...] = ()
    stages: tuple[Stage, ...] = ()
    countries: tuple[str, ...] = ()
    regions: tuple[Region, ...] = ()
    fair_slug: str | None = None
    has_booth: bool = False
    sort: str = "name"
    page: int = 1
    per_page: int = 24

    @property
    def terms(self) -> list[tuple[str, ...]]:
        return search_terms(self.text[:MAX_SEARCH_LENGTH])


@dataclass(frozen=True)
class BoothLocation:
    """Where a startup exhibits: the booth code and the hall whose floor plan shows it."""

    fair_slug: str
    fair_name: str
    hall_slug: str
    code: str


@dataclass
class DirectoryPage:
    """One page of results with the total, for the pager."""

    items: list[Any]
    total: int
    page: int
    per_page: int
    booths: dict[int, BoothLocation] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))


def search_expression():
    """The folded name, local name, readings and description: the text the directory searches."""
    return Organization.search_text


def like_pattern(term: str) -> str:
    """`term` as a LIKE pattern matching it anywhere, its wildcards escaped with a backslash."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def term_condition(spellings: tuple[str, ...]):
    """The search text contains one of the spellings of a search term."""
    return or_(*(search_expression().like(like_pattern(spelling), escape="\\") for spelling in spellings))


def _common_filters(statement: Select, query: DirectoryQuery) -> Select:
    for term in query.terms:
        statement = statement.where(term_condition(term))
    if query.sectors:
        statement = statement.where(
            Organization.id.in_(
                select(organization_sectors.c.organization_id)
                .join(Sector, Sector.id == organization_sectors.c.sector_id)
                .where(Sector.slug.in_(query.sectors))
            )
        )
    if query.countries:
        statement = statement.where(Organization.country.in_([c.upper() for c in query.countries]))
    return statement


def _booking_exists(query: DirectoryQuery, statuses) -> Any:
    condition = and_(BoothBooking.organization_id == Organization.id, BoothBooking.status.in_(statuses))
    if query.fair_slug:
        condition = and_(
            condition, BoothBooking.fair_id == select(Fair.id).where(Fair.slug == query.fair_slug).scalar_subquery()
        )
    return select(BoothBooking.id).where(condition).exists()


def _page(session: Session, statement: Select, query: DirectoryQuery, order_by, options) -> DirectoryPage:
    per_page = min(max(query.per_page, 1), MAX_PER_PAGE)
    page = max(query.page, 1)
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    rows = session.scalars(
        statement.options(*options).order_by(*order_by, Organization.id).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return DirectoryPage(items=list(rows), total=total or 0, page=page, per_page=per_page)


def search_startups(session: Session, query: DirectoryQuery) -> DirectoryPage:
    """Startups matching the query, one page of them with sectors and booths: four queries whatever the page size."""
    statement = _common_filters(select(Organization).where(Organization.kind == OrganizationKind.STARTUP), query)
    if query.stages:
        statement = statement.where(Organization.stage.in_(query.stages))
    if query.regions:
        statement = statement.where(Organization.region.in_(query.regions))
    if query.has_booth:
        statement = statement.where(_booking_exists(query, [BookingStatus.CONFIRMED]))
    elif query.fair_slug:
        statement = statement.where(_booking_exists(query, [BookingStatus.HELD, BookingStatus.CONFIRMED]))
    orders = {
        "name": (func.lower(Organization.name),),
        "newest": (Organization.created_at.desc(),),
        "country": (Organization.country, func.lower(Organization.name)),
        "stage": (Organization.stage, func.lower(Organization.name)),
    }
    result = _page(
        session, statement, query, orders.get(query.sort, orders["name"]), [selectinload(Organization.sectors)]
    )
    result.booths = get_booths(session, [o.id for o in result.items], fair_slug=query.fair_slug)
    return result


def get_booths(
    session: Session, organization_ids: list[int], *, fair_slug: str | None = None
) -> dict[int, BoothLocation]:
    """Each organization's confirmed booth (at `fair_slug`, else at its latest fair), in one query."""
    if not organization_ids:
        return {}
    statement = (
        select(BoothBooking.organization_id, Fair.slug, Fair.name, Hall.slug, Booth.code)
        .join(Booth, Booth.id == BoothBooking.booth_id)
        .join(Hall, Hall.id == Booth.hall_id)
        .join(Fair, Fair.id == BoothBooking.fair_id)
        .where(BoothBooking.organization_id.in_(organization_ids), BoothBooking.status == BookingStatus.CONFIRMED)
        .order_by(Fair.starts_on, Booth.code)
    )
    if fair_slug:
        statement = statement.where(Fair.slug == fair_slug)
    booths: dict[int, BoothLocation] = {}
    for organization_id, slug, name, hall_slug, code in session.execute(statement):
        booths[organization_id] = BoothLocation(slug, name, hall_slug, code)
    return booths


def search_investors(session: Session, query: DirectoryQuery) -> DirectoryPage:
    """Verified, listed investor firms matching the query, as public cards: three queries whatever the page size."""
    statement = _common_filters(
        select(Organization).where(
            Organization.kind.in_(INVESTOR_KINDS),
            Organization.verification == Verification.VERIFIED,
            Organization.is_listed.is_(True),
        ),
        query,
    )
    if query.stages:
        statement = statement.where(
            Organization.id.in_(select(StageInterest.organization_id).where(StageInterest.stage.in_(query.stages)))
        )
    if query.regions:
        statement = statement.where(
            Organization.id.in_(select(RegionInterest.organization_id).where(RegionInterest.region.in_(query.regions)))
        )
    orders = {
        "name": (func.lower(Organization.name),),
        "newest": (Organization.created_at.desc(),),
        "country": (Organization.country, func.lower(Organization.name)),
    }
    options = [
        selectinload(Organization.sectors),
        selectinload(Organization.stage_interests),
        selectinload(Organization.region_interests),
    ]
    result = _page(session, statement, query, orders.get(query.sort, orders["name"]), options)
    result.items = [public_investor(o) for o in result.items]
    return result


@dataclass(frozen=True)
class InvestorCard:
    """What startups may see of an investor firm: never e-mail addresses, the ticket size only if the firm shows it."""

    id: int
    name: str
    name_local: str | None
    investor_type: str | None
    country: str
    city: str | None
    website: str | None
    thesis: str | None
    sectors: list[str]
    stages: list[str]
    regions: list[str]
    ticket_min: int | None = None
    ticket_max: int | None = None
    ticket_currency: str | None = None


def public_investor(organization: Organization) -> InvestorCard:
    """The startup-facing card of an investor firm."""
    shown = organization.shows_ticket_size
    return InvestorCard(
        id=organization.id,
        name=organization.name,
        name_local=organization.name_local,
        investor_type=organization.investor_type.value if organization.investor_type else None,
        country=organization.country,
        city=organization.city,
        website=organization.website,
        thesis=organization.description,
        sectors=[sector.name for sector in organization.sectors],
        stages=[stage.value for stage in organization.stages_of_interest],
        regions=[region.value for region in organization.regions_of_interest],
        ticket_min=organization.ticket_min if shown else None,
        ticket_max=organization.ticket_max if shown else None,
        ticket_currency=organization.ticket_currency.value if shown and organization.ticket_currency else None,
    )


def get_listed_investor(session: Session, organization_id: int) -> InvestorCard | None:
    """One verified, listed investor's public card, or None: hidden and pending firms do not exist for startups."""
    organization = session.get(Organization, organization_id)
    if (
        organization is None
        or organization.kind not in INVESTOR_KINDS
        or organization.verification != Verification.VERIFIED
        or not organization.is_listed
    ):
        return None
    return public_investor(organization)


def get_startup(session: Session, organization_id: int) -> Organization | None:
    organization = session.get(Organization, organization_id)
    return organization if organization is not None and organization.kind == OrganizationKind.STARTUP else None
