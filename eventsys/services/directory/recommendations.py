"""Recommendations: the startups that fit an investor best and the investors that fit a startup, with reasons.

A fit needs at least one shared sector; each shared sector scores 3, a wanted stage 2, a wanted region 1 and the
same country 1. Everything is loaded in a few queries and scored in memory, so all investors against all startups
takes well under a second.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.models import (
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
from eventsys.services.accounts.investors import INVESTOR_KINDS, REGION_LABELS, STAGE_LABELS

SECTOR_POINTS, STAGE_POINTS, REGION_POINTS, COUNTRY_POINTS = 3, 2, 1, 1


@dataclass(frozen=True)
class Profile:
    """What matching needs of an organization, as plain values."""

    id: int
    name: str
    name_local: str | None
    country: str
    sectors: frozenset[int]
    stages: frozenset[Stage]
    regions: frozenset[Region]


@dataclass(frozen=True)
class Recommendation:
    """A recommended organization with its score and the reasons, such as ("Robotics", "seed", "Kansai")."""

    id: int
    name: str
    name_local: str | None
    country: str
    score: int
    reasons: tuple[str, ...]

    @property
    def reason_text(self) -> str:
        return " · ".join(self.reasons)


def _sectors_by_organization(session: Session, ids_query) -> dict[int, set[int]]:
    sectors: dict[int, set[int]] = defaultdict(set)
    rows = session.execute(
        select(organization_sectors.c.organization_id, organization_sectors.c.sector_id).where(
            organization_sectors.c.organization_id.in_(ids_query)
        )
    )
    for organization_id, sector_id in rows:
        sectors[organization_id].add(sector_id)
    return sectors


def load_startups(session: Session) -> list[Profile]:
    """Every startup as a Profile: its own stage and region stand in for "stages" and "regions"."""
    condition = Organization.kind == OrganizationKind.STARTUP
    sectors = _sectors_by_organization(session, select(Organization.id).where(condition))
    rows = session.execute(
        select(
            Organization.id,
            Organization.name,
            Organization.name_local,
            Organization.country,
            Organization.stage,
            Organization.region,
        ).where(condition)
    )
    return [
        Profile(
            i,
            name,
            local,
            country,
            frozenset(sectors[i]),
            frozenset([stage] if stage else ()),
            frozenset([region] if region else ()),
        )
        for i, name, local, country, stage, region in rows
    ]


def load_investors(session: Session, *, listed_only: bool = False) -> list[Profile]:
    """Verified investor firms as Profiles with the stages and regions they look for."""
    condition = Organization.kind.in_(INVESTOR_KINDS) & (Organization.verification == Verification.VERIFIED)
    if listed_only:
        condition &= Organization.is_listed.is_(True)
    ids = select(Organization.id).where(condition)
    sectors = _sectors_by_organization(session, ids)
    stages: dict[int, set[Stage]] = defaultdict(set)
    for organization_id, stage in session.execute(
        select(StageInterest.organization_id, StageInterest.stage).where(StageInterest.organization_id.in_(ids))
    ):
        stages[organization_id].add(stage)
    regions: dict[int, set[Region]] = defaultdict(set)
    for organization_id, region in session.execute(
        select(RegionInterest.organization_id, RegionInterest.region).where(RegionInterest.organization_id.in_(ids))
    ):
        regions[organization_id].add(region)
    rows = session.execute(
        select(Organization.id, Organization.name, Organization.name_local, Organization.country).where(condition)
    )
    return [
        Profile(i, name, local, country, frozenset(sectors[i]), frozenset(stages[i]), frozenset(regions[i]))
        for i, name, local, country in rows
    ]


def score(investor: Profile, startup: Profile) -> int:
    """How well a startup fits an investor; 0 when they share no sector."""
    shared = len(investor.sectors & startup.sectors)
    if not shared:
        return 0
    points = SECTOR_POINTS * shared
    if startup.stages & investor.stages:
        points += STAGE_POINTS
    if startup.regions & investor.regions:
        points += REGION_POINTS
    if startup.country == investor.country:
        points += COUNTRY_POINTS
    return points


def reasons(investor: Profile, startup: Profile, labels: dict) -> tuple[str, ...]:
    """Why they fit, as shown: shared sectors by name, then the stage and the region ("Robotics · seed · Kansai")."""
    found = sorted(labels[s] for s in investor.sectors & startup.sectors)
    found += [labels[stage] for stage in sorted(startup.stages & investor.stages)]
    found += [labels[region] for region in sorted(startup.regions & investor.regions)]
    return tuple(found)


def _labels(session: Session) -> dict:
    """Sector names by id and stage and region names, translated once per call rather than once per pair."""
    labels: dict = {stage: str(label) for stage, label in STAGE_LABELS.items()}
    labels.update({region: str(label) for region, label in REGION_LABELS.items()})
    labels.update(session.execute(select(Sector.id, Sector.name)).all())
    return labels


def _best(subject: Profile, by_sector, labels: dict, limit: int, subject_is_investor: bool) -> list[Recommendation]:
    """The `limit` best candidates sharing a sector with `subject`, best first, ties by name."""
    candidates = {c.id: c for sector in subject.sectors for c in by_sector.get(sector, ())}
    scored = []
    for candidate in candidates.values():
        pair = (subject, candidate) if subject_is_investor else (candidate, subject)
        points = score(*pair)
        if points:
            scored.append((-points, candidate.name.lower(), candidate.id, candidate, pair))
    best = heapq.nsmallest(limit, scored, key=lambda item: item[:3])
    return [
        Recommendation(c.id, c.name, c.name_local, c.country, -points, reasons(*pair, labels))
        for points, _, _, c, pair in best
    ]


def _index_by_sector(profiles: list[Profile]) -> dict[int, list[Profile]]:
    index: dict[int, list[Profile]] = defaultdict(list)
    for profile in profiles:
        for sector in profile.sectors:
            index[sector].append(profile)
    return index


def recommend_all_investors(session: Session, *, limit: int = 10) -> dict[int, list[Recommendation]]:
    """For every verified investor firm, the startups that fit best."""
    startups, investors = load_startups(session), load_investors(session)
    by_sector, labels = _index_by_sector(startups), _labels(session)
    return {i.id: _best(i, by_sector, labels, limit, True) for i in investors}


def recommend_startups(session: Session, investor: Organization, *, limit: int = 10) -> list[Recommendation]:
    """The startups that fit an investor firm best (any firm, verified or not, sees its own recommendations)."""
    profile = Profile(
        investor.id,
        investor.name,
        investor.name_local,
        investor.country,
        frozenset(s.id for s in investor.sectors),
        frozenset(investor.stages_of_interest),
        frozenset(investor.regions_of_interest),
    )
    startups = load_startups(session)
    return _best(profile, _index_by_sector(startups), _labels(session), limit, True)


def recommend_investors(session: Session, startup: Organization, *, limit: int = 10) -> list[Recommendation]:
    """The verified, listed investor firms that fit a startup best."""
    profile = Profile(
        startup.id,
        startup.name,
        startup.name_local,
        startup.country,
        frozenset(s.id for s in startup.sectors),
        frozenset([startup.stage] if startup.stage else ()),
        frozenset([startup.region] if startup.region else ()),
    )
    investors = load_investors(session, listed_only=True)
    return _best(profile, _index_by_sector(investors), _labels(session), limit, False)
