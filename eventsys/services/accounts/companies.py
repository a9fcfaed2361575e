"""A startup's company profile and logo."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.models import Organization, Sector, Stage, User
from eventsys.services import audit, images
from eventsys.services.errors import InvalidInput, NotAllowed

MAX_LOGO_BYTES = images.MAX_BYTES
MAX_PITCH = 500
#: Logos are scaled down to fit this box and stored as PNG.
LOGO_BOX = (512, 512)


@dataclass(frozen=True)
class CompanyProfile:
    name: str
    name_local: str | None
    country: str
    sector_slugs: list[str]
    stage: Stage | None
    year_founded: int | None
    website: str | None
    pitch: str | None


def update_profile(session: Session, organization: Organization, profile: CompanyProfile, *, actor: User) -> None:
    """Save the profile a member of the company edited."""
    _check_member(organization, actor)
    if profile.pitch and len(profile.pitch) > MAX_PITCH:
        raise InvalidInput(_l("The pitch can have at most %(count)d characters.", count=MAX_PITCH), field="pitch")
    sectors = list(session.scalars(select(Sector).where(Sector.slug.in_(profile.sector_slugs))))
    if len(sectors) != len(set(profile.sector_slugs)):
        raise InvalidInput(_l("Choose sectors from the list."), field="sectors")
    organization.name = profile.name.strip()
    organization.name_local = (profile.name_local or "").strip() or None
    organization.country = profile.country.upper()
    organization.sectors = sectors
    organization.stage = profile.stage
    organization.year_founded = profile.year_founded
    organization.website = profile.website or None
    organization.description = (profile.pitch or "").strip() or None
    audit.record(session, "organization.update", organization, actor=actor)


def store_logo(session: Session, organization: Organization, data: bytes, uploads: Path, *, actor: User) -> str:
    """Decode the upload as an image, re-encode it as PNG under a random name, and keep that name."""
    _check_member(organization, actor)
    image = images.decode_image(data, field="logo", max_bytes=MAX_LOGO_BYTES)
    folder = uploads / "logos"
    name = images.store_png(image, folder, LOGO_BOX)
    old = organization.logo_path
    organization.logo_path = name
    audit.record(session, "organization.logo", organization, actor=actor)
    if old:
        (folder / old).unlink(missing_ok=True)
    return name


def _check_member(organization: Organization, actor: User) -> None:
    if not any(m.user_id == actor.id for m in organization.memberships):
        raise NotAllowed(_l("Only members of %(company)s can change its profile.", company=organization.name))
