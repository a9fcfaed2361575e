"""Companies, investor firms, partners and organizers, their people and their sectors."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.models.base import Model, Timestamped, enum_column, translations_column

if TYPE_CHECKING:
    from eventsys.models.users import User


class OrganizationKind(enum.StrEnum):
    STARTUP = "startup"
    INVESTOR_FIRM = "investor_firm"
    CORPORATE_PARTNER = "corporate_partner"
    ORGANIZER = "organizer"


class Stage(enum.StrEnum):
    """A startup's funding stage, also what investors look for."""

    PRE_SEED = "pre_seed"
    SEED = "seed"
    SERIES_A = "series_a"
    SERIES_B = "series_b"
    GROWTH = "growth"


class InvestorType(enum.StrEnum):
    VENTURE_CAPITAL = "venture_capital"
    CORPORATE_VC = "corporate_vc"
    ANGEL = "angel"
    GOVERNMENT_FUND = "government_fund"
    BANK = "bank"
    ACCELERATOR = "accelerator"
    CORPORATE_PARTNER = "corporate_partner"


class Verification(enum.StrEnum):
    """Whether organizers have checked an investor firm; startups and organizers need none."""

    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


class Region(enum.StrEnum):
    """Japan's six regions, and everything outside Japan."""

    HOKKAIDO_TOHOKU = "hokkaido_tohoku"
    KANTO = "kanto"
    CHUBU = "chubu"
    KANSAI = "kansai"
    CHUGOKU_SHIKOKU = "chugoku_shikoku"
    KYUSHU_OKINAWA = "kyushu_okinawa"
    OVERSEAS = "overseas"


class Currency(enum.StrEnum):
    """The currency an investor states its ticket sizes in."""

    JPY = "JPY"
    USD = "USD"


class MemberRole(enum.StrEnum):
    OWNER = "owner"
    MEMBER = "member"


organization_sectors = Table(
    "organization_sectors",
    Model.metadata,
    Column("organization_id", ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True),
    Column("sector_id", ForeignKey("sectors.id", ondelete="CASCADE"), primary_key=True),
)


class Sector(Model):
    """A field of business from the fair programs: robotics, healthtech, fintech, …"""

    __tablename__ = "sectors"

    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    #: The name in the other interface languages, keyed by locale.
    name_translations: Mapped[dict[str, str]] = translations_column()

    def __repr__(self) -> str:
        return f"<Sector {self.slug}>"


class StageInterest(Model):
    """A funding stage an investor firm invests in."""

    __tablename__ = "organization_stages"
    __table_args__ = (UniqueConstraint("organization_id", "stage"),)

    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    stage: Mapped[Stage] = mapped_column(enum_column(Stage))


class RegionInterest(Model):
    """A region (one of Japan's six, or overseas) an investor firm looks for startups in."""

    __tablename__ = "organization_regions"
    __table_args__ = (UniqueConstraint("organization_id", "region"),)

    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    region: Mapped[Region] = mapped_column(enum_column(Region))


class Organization(Timestamped, Model):
    """A startup, an investor firm, a corporate partner or an organizer, with its people."""

    __tablename__ = "organizations"
    __table_args__ = (
        CheckConstraint(
            "ticket_min IS NULL OR ticket_max IS NULL OR ticket_min <= ticket_max", name="ticket_range_in_order"
        ),
        CheckConstraint("ticket_min IS NULL OR ticket_min >= 0", name="ticket_min_not_negative"),
    )

    kind: Mapped[OrganizationKind] = mapped_column(enum_column(OrganizationKind), index=True)
    name: Mapped[str] = mapped_column(String(160))
    #: The name in local script ("株式会社さくらロボティクス").
    name_local: Mapped[str | None] = mapped_column(String(160))
    #: ISO 3166-1 alpha-2.
    country: Mapped[str] = mapped_column(String(2))
    city: Mapped[str | None] = mapped_column(String(80))
    region: Mapped[Region | None] = mapped_column(enum_column(Region))
    website: Mapped[str | None] = mapped_column(String(255))
    #: A startup's pitch (at most 500 characters) or an investor's thesis.
    description: Mapped[str | None] = mapped_column(Text)
    #: Name, local name, their Japanese readings and description, folded for search (kept up to date on write).
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    stage: Mapped[Stage | None] = mapped_column(enum_column(Stage))
    year_founded: Mapped[int | None] = mapped_column(SmallInteger)
    investor_type: Mapped[InvestorType | None] = mapped_column(enum_column(InvestorType))
    verification: Mapped[Verification] = mapped_column(
        enum_column(Verification), default=Verification.VERIFIED, server_default=Verification.VERIFIED.value
    )
    #: Path of the re-encoded logo under instance/uploads/, never a user-chosen name.
    logo_path: Mapped[str | None] = mapped_column(String(255))
    #: An investor's smallest and largest ticket, in whole units of `ticket_currency` (yen or dollars).
    ticket_min: Mapped[int | None] = mapped_column(BigInteger)
    ticket_max: Mapped[int | None] = mapped_column(BigInteger)
    ticket_currency: Mapped[Currency | None] = mapped_column(enum_column(Currency))
    #: Whether startups find the investor in the investor directory.
    is_listed: Mapped[bool] = mapped_column(default=True, server_default="1")
    #: Whether startups see the investor's ticket size.
    shows_ticket_size: Mapped[bool] = mapped_column(default=True, server_default="1")
    #: Why organizers rejected (or noted on verifying) the firm; mailed to its people.
    verification_reason: Mapped[str | None] = mapped_column(Text)
    #: When and by whom the firm was verified or rejected.
    verification_decided_at: Mapped[datetime | None]
    verification_decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    memberships: Mapped[list[Membership]] = relationship(back_populates="organization", cascade="all, delete-orphan")
    sectors: Mapped[list[Sector]] = relationship(secondary=organization_sectors, order_by=Sector.name)
    stage_interests: Mapped[list[StageInterest]] = relationship(cascade="all, delete-orphan")
    region_interests: Mapped[list[RegionInterest]] = relationship(cascade="all, delete-orphan")

    @property
    def stages_of_interest(self) -> list[Stage]:
        """The stages the investor looks for, in the order of the funding ladder."""
        return sorted((i.stage for i in self.stage_interests), key=list(Stage).index)

    @stages_of_interest.setter
    def stages_of_interest(self, stages) -> None:
        wanted = set(stages)
        self.stage_interests = [i for i in self.stage_interests if i.stage in wanted] + [
            StageInterest(stage=s) for s in sorted(wanted - {i.stage for i in self.stage_interests})
        ]

    @property
    def regions_of_interest(self) -> list[Region]:
        """The regions the investor looks for, in the order of the Region enum."""
        return sorted((i.region for i in self.region_interests), key=list(Region).index)

    @regions_of_interest.setter
    def regions_of_interest(self, regions) -> None:
        wanted = set(regions)
        self.region_interests = [i for i in self.region_interests if i.region in wanted] + [
            RegionInterest(region=r) for r in sorted(wanted - {i.region for i in self.region_interests})
        ]

    @property
    def is_investor(self) -> bool:
        return self.kind in (OrganizationKind.INVESTOR_FIRM, OrganizationKind.CORPORATE_PARTNER)

    def __repr__(self) -> str:
        return f"<Organization {self.id} {self.kind} {self.name!r}>"


class Membership(Timestamped, Model):
    """A user belongs to an organization."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "organization_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    role: Mapped[MemberRole] = mapped_column(enum_column(MemberRole), default=MemberRole.MEMBER)
    #: Job title shown on badges.
    title: Mapped[str | None] = mapped_column(String(120))

    user: Mapped[User] = relationship(back_populates="memberships")
    organization: Mapped[Organization] = relationship(back_populates="memberships")


@event.listens_for(Organization, "before_insert")
@event.listens_for(Organization, "before_update")
def _fold_search_text(mapper, connection, organization: Organization) -> None:
    """Keep `search_text` in step with the name, local name and description on every write."""
    from eventsys.services.directory.search_text import searchable

    organization.search_text = searchable(
        organization.name, organization.name_local, description=organization.description
    )
