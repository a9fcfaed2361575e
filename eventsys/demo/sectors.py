"""The sectors of the SusHi Tech and Expo business programs."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.demo.report import SeedReport
from eventsys.models import (
    Sector,
)

#: Sectors of the SusHi Tech and Expo business programs, as (slug, name).
SECTORS = (
    ("ai-digital", "AI and digital"),
    ("semiconductors", "Semiconductors"),
    ("robotics", "Robotics"),
    ("mobility", "Mobility"),
    ("healthtech", "Healthtech"),
    ("life-sciences", "Life sciences and biomedicine"),
    ("agritech", "Agritech"),
    ("smart-cities", "Smart cities"),
    ("retail-tech", "Retail tech"),
    ("renewable-energy", "Renewable energy"),
    ("greentech", "Greentech"),
    ("smart-infrastructure", "Smart infrastructure"),
    ("manufacturing-automation", "Automation of manufacturing"),
    ("fintech", "Fintech"),
)


def seed_sectors(session: Session, report: SeedReport) -> dict[str, Sector]:
    """The program sectors, those missing by slug; returns every sector by slug."""
    existing = {sector.slug: sector for sector in session.scalars(select(Sector))}
    for slug, name in SECTORS:
        if slug not in existing:
            existing[slug] = Sector(slug=slug, name=name)
            session.add(existing[slug])
            report.add("sectors")
    return existing
