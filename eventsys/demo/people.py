"""The demo accounts of every role with their organizations, and the startups approved at SusHi Tech."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.demo import names
from eventsys.demo.report import SeedReport
from eventsys.models import (
    Currency,
    Exhibitor,
    ExhibitorStatus,
    Fair,
    FairRole,
    FairStaff,
    InvestorType,
    MemberRole,
    Membership,
    Organization,
    OrganizationKind,
    Region,
    Role,
    Sector,
    Stage,
    User,
    Verification,
)

#: The password of every demo account; printed by `seed-demo` and given in README.md.
DEMO_PASSWORD = "Demo-2026-eventsys"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    name: str
    role: Role
    organization: str | None
    kind: OrganizationKind | None = None
    name_local: str | None = None
    country: str = "JP"
    verification: Verification = Verification.VERIFIED
    #: For a plain member of an organizer organization: their role at SusHi Tech (owners own every fair).
    fair_role: FairRole | None = None
    #: A video call link: the person meets online too (the scheduler may place their meetings online).
    online_meeting_url: str | None = None


#: One or more accounts of every role, all with DEMO_PASSWORD.
DEMO_ACCOUNTS = (
    DemoAccount(
        "admin@example.com", "Aiko Tanaka", Role.ADMIN, "eventsys Operations", OrganizationKind.ORGANIZER, "田中 愛子"
    ),
    DemoAccount(
        "organizer@example.com",
        "Kenji Watanabe",
        Role.ORGANIZER,
        "SusHi Tech Tokyo Secretariat",
        OrganizationKind.ORGANIZER,
        "渡辺 健二",
    ),
    DemoAccount(
        "expo-organizer@example.com",
        "Yuki Nakamura",
        Role.ORGANIZER,
        "Expo 2025 Business Program Office",
        OrganizationKind.ORGANIZER,
        "中村 由紀",
    ),
    DemoAccount(
        "startup@example.com", "Haruto Sato", Role.STARTUP, "Sakura Robotics", OrganizationKind.STARTUP, "佐藤 陽翔"
    ),
    DemoAccount(
        "startup2@example.com",
        "Amélie Laurent",
        Role.STARTUP,
        "GreenLoop Energy",
        OrganizationKind.STARTUP,
        country="FR",
        online_meeting_url="https://meet.example.com/greenloop-amelie",
    ),
    DemoAccount(
        "investor@example.com",
        "Daniel Kim",
        Role.INVESTOR,
        "Shibuya Frontier Ventures",
        OrganizationKind.INVESTOR_FIRM,
        online_meeting_url="https://meet.example.com/sfv-daniel",
    ),
    DemoAccount(
        "investor-pending@example.com",
        "Priya Raman",
        Role.INVESTOR,
        "Bayside Seed Partners",
        OrganizationKind.INVESTOR_FIRM,
        country="SG",
        verification=Verification.PENDING,
    ),
    DemoAccount(
        "partner@example.com",
        "Takeshi Yamamoto",
        Role.INVESTOR,
        "Hoshino Heavy Industries",
        OrganizationKind.CORPORATE_PARTNER,
        "山本 武",
    ),
    # The secretariat's people with one role each at SusHi Tech: booth staff, the check-in desk and finance.
    DemoAccount(
        "staff@example.com",
        "Mei Suzuki",
        Role.ORGANIZER,
        "SusHi Tech Tokyo Secretariat",
        OrganizationKind.ORGANIZER,
        "鈴木 芽衣",
        fair_role=FairRole.STAFF,
    ),
    DemoAccount(
        "checkin@example.com",
        "Sota Ito",
        Role.ORGANIZER,
        "SusHi Tech Tokyo Secretariat",
        OrganizationKind.ORGANIZER,
        "伊藤 蒼太",
        fair_role=FairRole.CHECK_IN,
    ),
    DemoAccount(
        "finance@example.com",
        "Naomi Kobayashi",
        Role.ORGANIZER,
        "SusHi Tech Tokyo Secretariat",
        OrganizationKind.ORGANIZER,
        "小林 直美",
        fair_role=FairRole.FINANCE,
    ),
)


def seed_accounts(
    session: Session, password_hash: str, sectors: dict[str, Sector], report: SeedReport
) -> dict[str, Organization]:
    """The demo accounts of every role; returns their organizations by name."""
    organizations: dict[str, Organization] = {}
    for account in DEMO_ACCOUNTS:
        organization = _get_or_create_organization(session, account, sectors, report)
        organizations[organization.name] = organization
        if session.scalar(select(User.id).where(User.email == account.email)) is not None:
            continue
        user = User(
            email=account.email,
            password_hash=password_hash,
            name=account.name,
            name_local=account.name_local,
            role=account.role,
            online_meeting_url=account.online_meeting_url,
        )
        session.add(user)
        member_role = MemberRole.MEMBER if account.fair_role else MemberRole.OWNER
        session.add(Membership(user=user, organization=organization, role=member_role))
        report.add("users")
    return organizations


def seed_fair_staff(session: Session, fair: Fair, report: SeedReport) -> None:
    """The demo accounts with a role at one fair get it at `fair` (SusHi Tech), if they have none there yet."""
    for account in DEMO_ACCOUNTS:
        if account.fair_role is None:
            continue
        user = session.scalar(select(User).where(User.email == account.email))
        if user is None or session.scalar(
            select(FairStaff.id).where(FairStaff.fair_id == fair.id, FairStaff.user_id == user.id)
        ):
            continue
        session.add(FairStaff(fair=fair, user=user, role=account.fair_role))
        report.add("fair staff")


def _get_or_create_organization(
    session: Session, account: DemoAccount, sectors: dict[str, Sector], report: SeedReport
) -> Organization:
    """The organization of a demo account, created with a profile fitting its kind if it is missing."""
    organization = session.scalar(
        select(Organization).where(Organization.name == account.organization, Organization.kind == account.kind)
    )
    if organization is None:
        organization = Organization(
            kind=account.kind,
            name=account.organization,
            country=account.country,
            verification=account.verification,
            region=Region.KANTO if account.country == "JP" else Region.OVERSEAS,
            website=f"https://{account.organization.lower().replace(' ', '-')}.example.com",
        )
        if account.kind == OrganizationKind.STARTUP:
            organization.stage = Stage.SEED
            organization.year_founded = 2021
            organization.sectors = [sectors["robotics" if account.country == "JP" else "renewable-energy"]]
            organization.description = names.pitch(random.Random(account.email), "robotics", account.organization)
        elif account.kind in (OrganizationKind.INVESTOR_FIRM, OrganizationKind.CORPORATE_PARTNER):
            organization.investor_type = (
                InvestorType.CORPORATE_PARTNER
                if account.kind == OrganizationKind.CORPORATE_PARTNER
                else InvestorType.VENTURE_CAPITAL
            )
            organization.sectors = [sectors["robotics"], sectors["ai-digital"], sectors["mobility"]]
            organization.stages_of_interest = [Stage.SEED, Stage.SERIES_A]
            organization.regions_of_interest = [Region.KANTO, Region.KANSAI, Region.OVERSEAS]
            organization.ticket_min, organization.ticket_max = 50_000_000, 500_000_000
            organization.ticket_currency = Currency.JPY
            organization.description = "Seed and Series A rounds in robotics, AI and mobility, in Japan and abroad."
        session.add(organization)
        report.add("organizations")
    return organization


def approve_startups(session: Session, fair: Fair, report: SeedReport) -> None:
    """Every demo startup with an account is an approved exhibitor at SusHi Tech, so it can book at once."""
    approved = select(Exhibitor.organization_id).where(Exhibitor.fair_id == fair.id)
    startups = session.scalars(
        select(Organization.id)
        .join(Membership, Membership.organization_id == Organization.id)
        .where(Organization.kind == OrganizationKind.STARTUP, Organization.id.not_in(approved))
        .distinct()
    ).all()
    session.add_all(
        Exhibitor(fair_id=fair.id, organization_id=org_id, status=ExhibitorStatus.APPROVED) for org_id in startups
    )
    if startups:
        report.add("approved exhibitors", len(startups))
