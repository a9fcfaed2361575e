"""Companies, investor firms, partners and organizers, their people and their sectors."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, SmallInteger, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventsys.models.base import Model, Timestamped, enum_column

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

    def __repr__(self) -> str:
        return f"<Sector {self.slug}>"


class Organization(Timestamped, Model):
    """A startup, an investor firm, a corporate partner or an organizer, with its people."""

    __tablename__ = "organizations"

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
    stage: Mapped[Stage | None] = mapped_column(enum_column(Stage))
    year_founded: Mapped[int | None] = mapped_column(SmallInteger)
    investor_type: Mapped[InvestorType | None] = mapped_column(enum_column(InvestorType))
    verification: Mapped[Verification] = mapped_column(
        enum_column(Verification), default=Verification.VERIFIED, server_default=Verification.VERIFIED.value
    )
    #: Path of the re-encoded logo under instance/uploads/, never a user-chosen name.
    logo_path: Mapped[str | None] = mapped_column(String(255))

    memberships: Mapped[list[Membership]] = relationship(back_populates="organization", cascade="all, delete-orphan")
    sectors: Mapped[list[Sector]] = relationship(secondary=organization_sectors, order_by=Sector.name)

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
