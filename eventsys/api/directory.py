"""The directories for programs: startups for investors, investors for startups, and recommendations; the same
services as the pages, with the filters declared as query schemas."""

from __future__ import annotations

from typing import Literal

from flask import Blueprint, url_for
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import Field, model_validator
from sqlalchemy import select

from eventsys.api.schemas import Schema
from eventsys.api.spec import answers, login_required, spec
from eventsys.extensions import db
from eventsys.forms import country_choices
from eventsys.models import Currency, InvestorType, Organization, Region, Role, Sector, Stage
from eventsys.models import Fair as FairRecord
from eventsys.services import permissions
from eventsys.services.directory import recommendations
from eventsys.services.directory import search as directory
from eventsys.services.directory.search import BoothLocation, DirectoryPage, DirectoryQuery
from eventsys.services.errors import InvalidInput

bp = Blueprint("directory", __name__, url_prefix="/directory")
TAGS = ("directory",)


class Filters(Schema):
    """Search text, filters and page, as the directory pages read them from the query string."""

    q: str = Field(default="", max_length=directory.MAX_SEARCH_LENGTH, description="Words in name and pitch")
    sector: list[str] = Field(default=[], description="Sector slugs (any of them)")
    stage: list[Stage] = []
    country: list[str] = Field(default=[], description="ISO 3166-1 alpha-2 codes")
    region: list[Region] = []
    page: int = Field(default=1, ge=1, le=100_000)
    per_page: int = Field(default=24, ge=1, le=directory.MAX_PER_PAGE)

    @model_validator(mode="before")
    @classmethod
    def leave_out_empty(cls, data):
        """An empty parameter (?fair=&sort=), as a page's form sends it, means the default."""
        if not isinstance(data, dict):
            return data
        return {key: value for key, value in data.items() if value not in ("", [""], None)}

    def query(self, **extra) -> DirectoryQuery:
        return DirectoryQuery(
            text=self.q,
            sectors=tuple(self.sector),
            stages=tuple(self.stage),
            countries=tuple(self.country),
            regions=tuple(self.region),
            page=self.page,
            per_page=self.per_page,
            **extra,
        )


class StartupFilters(Filters):
    fair: str | None = Field(default=None, description="Fair slug")
    has_booth: bool = Field(default=False, description="Only startups with a confirmed booth (at that fair)")
    sort: Literal[directory.STARTUP_SORTS] = "name"  # type: ignore[valid-type]


class InvestorFilters(Filters):
    sort: Literal[directory.INVESTOR_SORTS] = "name"  # type: ignore[valid-type]


class StartupBooth(Schema):
    fair: str = Field(description="Fair slug")
    hall: str = Field(description="Hall slug")
    code: str
    floor_plan: str = Field(description="The floor plan showing the booth", json_schema_extra={"format": "uri"})


class DirectoryStartup(Schema):
    id: int
    name: str
    name_local: str | None
    country: str
    region: Region | None
    stage: Stage | None
    sectors: list[str] = Field(description="Sector slugs")
    website: str | None
    pitch: str | None
    booth: StartupBooth | None = Field(description="The confirmed booth at the fair asked for (or any)")

    @classmethod
    def of(cls, organization: Organization, booth: BoothLocation | None) -> DirectoryStartup:
        fields = {name: getattr(organization, name) for name in ("id", "name", "name_local", "country", "region")}
        return cls(
            **fields,
            stage=organization.stage,
            sectors=[sector.slug for sector in organization.sectors],
            website=organization.website,
            pitch=organization.description,
            booth=None if booth is None else _booth(booth),
        )


def _booth(booth: BoothLocation) -> StartupBooth:
    plan = url_for("fairs.show_hall", slug=booth.fair_slug, hall_slug=booth.hall_slug, _external=True)
    return StartupBooth(fair=booth.fair_slug, hall=booth.hall_slug, code=booth.code, floor_plan=plan)


class DirectoryInvestor(Schema):
    """Public fields only: never e-mail addresses; the ticket fields are null when the firm hides them."""

    id: int
    name: str
    name_local: str | None
    investor_type: InvestorType | None
    country: str
    city: str | None
    website: str | None
    thesis: str | None
    sectors: list[str] = Field(description="Sector names")
    stages: list[Stage]
    regions: list[Region]
    ticket_min: int | None
    ticket_max: int | None
    ticket_currency: Currency | None


class Page(Schema):
    total: int
    page: int
    per_page: int
    pages: int

    @classmethod
    def of(cls, page: DirectoryPage, items: list):
        return cls(total=page.total, page=page.page, per_page=page.per_page, pages=page.pages, items=items)


class StartupPage(Page):
    items: list[DirectoryStartup]


class InvestorPage(Page):
    items: list[DirectoryInvestor]


class Recommendation(Schema):
    id: int
    name: str
    name_local: str | None
    country: str
    score: int
    reasons: list[str] = Field(description="What fits, such as Robotics, seed, Kansai")


class RecommendationList(Schema):
    items: list[Recommendation] = Field(description="Best fits first")


def _refuse_unknown(filters: Filters, fair_slug: str | None = None) -> None:
    """Sectors, countries and a fair that do not exist are refused, as the directory pages refuse them."""
    if filters.sector:
        known = set(db.session.scalars(select(Sector.slug).where(Sector.slug.in_(filters.sector))))
        if not known.issuperset(filters.sector):
            raise InvalidInput(_("%(field)s is not valid.", field="sector"), field="sector")
    if filters.country and not {choice.value for choice in country_choices()}.issuperset(filters.country):
        raise InvalidInput(_("%(field)s is not valid.", field="country"), field="country")
    if fair_slug and db.session.scalar(select(FairRecord.id).where(FairRecord.slug == fair_slug)) is None:
        raise InvalidInput(_("%(field)s is not valid.", field="fair"), field="fair")


def _sees_startups(user) -> bool:
    return permissions.acts_for_verified_organizer(user) or user.role == Role.INVESTOR


def _sees_investors(user) -> bool:
    return permissions.acts_for_verified_organizer(user) or user.role == Role.STARTUP


def _gets_recommendations(user) -> bool:
    return user.organization is not None and user.role in (Role.INVESTOR, Role.STARTUP)


@bp.get("/startups")
@login_required(_sees_startups)
@spec.validate(query=StartupFilters, resp=answers(StartupPage, 401, 403, 422), tags=TAGS)
def list_startups(query: StartupFilters):
    """Search startups (investors and organizers)."""
    _refuse_unknown(query, query.fair)
    page = directory.search_startups(
        db.session, query.query(fair_slug=query.fair, has_booth=query.has_booth, sort=query.sort)
    )
    return StartupPage.of(page, [DirectoryStartup.of(o, page.booths.get(o.id)) for o in page.items])


@bp.get("/investors")
@login_required(_sees_investors)
@spec.validate(query=InvestorFilters, resp=answers(InvestorPage, 401, 403, 422), tags=TAGS)
def list_investors(query: InvestorFilters):
    """Search verified, listed investors (startups and organizers): public fields only."""
    _refuse_unknown(query)
    page = directory.search_investors(db.session, query.query(sort=query.sort))
    return InvestorPage.of(page, page.items)


@bp.get("/recommendations")
@login_required(_gets_recommendations)
@spec.validate(resp=answers(RecommendationList, 401, 403), tags=TAGS)
def list_recommendations():
    """The best fits for the logged-in investor (startups) or startup (investors), with reasons."""
    organization = current_user.organization
    if current_user.role == Role.INVESTOR:
        items = recommendations.recommend_startups(db.session, organization, limit=20)
    else:
        items = recommendations.recommend_investors(db.session, organization, limit=20)
    return RecommendationList(items=items)
