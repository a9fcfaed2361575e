"""The sector zones of a fair: the sectors it offers (Fair.sectors), which its halls' booths are zoned to.

Sectors themselves are shared by every fair and by the investors' interests, so an owner may add a new one but
not rename or delete one: another fair or an investor's profile may use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eventsys.models import Booth, Fair, Sector, User
from eventsys.services.audit import record
from eventsys.services.errors import InvalidInput

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class ZoneUsage:
    """A sector of the fair with the codes of its booths zoned to it; `offered` is False for a sector that booths
    are zoned to but the fair does not offer (an older plan or import), so that the owner can add it."""

    sector: Sector
    booth_codes: list[str]
    offered: bool = True

    @property
    def booths(self) -> int:
        return len(self.booth_codes)


def get_zone_usage(session: Session, fair: Fair) -> list[ZoneUsage]:
    """The fair's sectors with the booths zoned to each, then any sector zoned but not offered: two queries."""
    codes: dict[int, list[str]] = {}
    rows = session.execute(
        select(Booth.sector_id, Booth.code)
        .where(Booth.fair_id == fair.id, Booth.sector_id.is_not(None))
        .order_by(Booth.code)
    )
    for sector_id, code in rows:
        codes.setdefault(sector_id, []).append(code)
    offered = [ZoneUsage(sector, codes.pop(sector.id, [])) for sector in fair.sectors]
    stray = session.scalars(select(Sector).where(Sector.id.in_(codes)).order_by(Sector.name)) if codes else []
    return offered + [ZoneUsage(sector, codes[sector.id], offered=False) for sector in stray]


def get_addable_sectors(session: Session, fair: Fair) -> list[Sector]:
    """Sectors the fair does not offer yet."""
    offered = {sector.id for sector in fair.sectors}
    return [s for s in session.scalars(select(Sector).order_by(Sector.name)) if s.id not in offered]


def add_zone(session: Session, fair: Fair, sector: Sector, *, actor: User) -> None:
    """Offer an existing sector at the fair."""
    if sector in fair.sectors:
        raise InvalidInput(_l("The fair already offers %(sector)s.", sector=sector.name), field="sector")
    fair.sectors.append(sector)
    session.flush()
    record(session, "fair.zone_add", fair, actor=actor, fair_id=fair.id, sector=sector.slug)


def create_sector(
    session: Session, fair: Fair, *, slug: str, name: str, name_translations: dict[str, str], actor: User
) -> Sector:
    """A new sector, offered at the fair at once."""
    slug, name = (slug or "").strip().lower(), (name or "").strip()
    if not _SLUG.fullmatch(slug) or len(slug) > 40:
        raise InvalidInput(
            _l("A short name has at most 40 lower-case letters, digits and hyphens, such as space-tech."), field="slug"
        )
    if not name or len(name) > 80:
        raise InvalidInput(_l("Give the sector a name of at most 80 characters."), field="name")
    if session.scalar(select(Sector.id).where(Sector.slug == slug)) is not None:
        raise InvalidInput(_l("A sector with the short name %(slug)s exists: add it instead.", slug=slug), field="slug")
    if session.scalar(select(Sector.id).where(func.lower(Sector.name) == name.lower())) is not None:
        raise InvalidInput(_l("A sector named %(name)s exists: add it instead.", name=name), field="name")
    translations = {lang: text.strip() for lang, text in name_translations.items() if text and text.strip()}
    if any(len(text) > 80 for text in translations.values()):
        raise InvalidInput(_l("A translated name has at most 80 characters."), field="name")
    sector = Sector(slug=slug, name=name, name_translations=translations)
    try:
        with session.begin_nested():
            session.add(sector)
            session.flush()
    except IntegrityError:
        raise InvalidInput(_l("A sector with the short name %(slug)s exists: add it instead.", slug=slug)) from None
    record(session, "sector.create", sector, actor=actor, fair_id=fair.id, slug=slug, name=name)
    fair.sectors.append(sector)
    session.flush()
    return sector


def remove_zone(session: Session, fair: Fair, sector: Sector, *, actor: User) -> None:
    """Stop offering a sector at the fair; refused while booths are zoned to it."""
    if sector not in fair.sectors:
        raise InvalidInput(_l("The fair does not offer %(sector)s.", sector=sector.name), field="sector")
    zoned = session.scalar(select(func.count(Booth.id)).where(Booth.fair_id == fair.id, Booth.sector_id == sector.id))
    if zoned:
        raise InvalidInput(
            _l(
                "%(count)d booths are zoned to %(sector)s. Move them to another zone in the floor-plan editor first.",
                count=zoned,
                sector=sector.name,
            ),
            field="sector",
        )
    fair.sectors.remove(sector)
    session.flush()
    record(session, "fair.zone_remove", fair, actor=actor, fair_id=fair.id, sector=sector.slug)
