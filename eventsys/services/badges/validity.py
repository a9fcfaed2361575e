"""Which days and zones a badge admits to, set by the fair's managers for one badge or for every badge of a role.

What a badge admits to is signed into its code (signing.claims_of), so that desks check it offline; a change
therefore replaces the badge the way a reprint does: the old code is revoked (desks refuse it from their next sync)
and the new badge, with a new code, has to be printed. Badges whose days and zones already are the wanted ones are
left alone, so applying a rule to a role twice reprints nothing the second time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from eventsys.models import Badge, BadgeRole, Fair, User
from eventsys.services import audit
from eventsys.services.badges.checkin import get_admission_window
from eventsys.services.badges.issuing import get_active_badges, reprint_badge
from eventsys.services.errors import InvalidInput
from eventsys.services.fairs.catalog import get_zones

#: What a zone name may be to fit in a signed code (signing._SIGNED).
_ZONE_NAME = re.compile(r"^[a-z0-9-]{1,20}$")
MAX_ZONES = 6


@dataclass(frozen=True)
class Zone:
    """A zone a badge may be limited to: a hall, or a sector zone of the fair's halls."""

    slug: str
    name: str


def get_fair_zones(session: Session, fair: Fair) -> list[Zone]:
    """The fair's halls and sector zones whose slug fits in a signed code, halls first, each slug once."""
    found: dict[str, Zone] = {}
    for hall in fair.halls:
        found.setdefault(hall.slug, Zone(hall.slug, hall.name))
    for sector in [*fair.sectors, *get_zones(session, fair)]:
        found.setdefault(sector.slug, Zone(sector.slug, sector.name))
    return [zone for zone in found.values() if _ZONE_NAME.match(zone.slug)]


def get_admission_days(fair: Fair, role: BadgeRole | None = None) -> list[date]:
    """The calendar days (in the fair's zone) a badge of `role` may be limited to: the fair's days, and for
    exhibitors and organizers build-up and tear-down days too; for no role, the days of any role."""
    roles = [role] if role is not None else list(BadgeRole)
    days: set[date] = set()
    for each in roles:
        opens, closes = get_admission_window(fair, each)
        day, last = opens.astimezone(fair.zone).date(), (closes - timedelta(microseconds=1)).astimezone(fair.zone)
        while day <= last.date():
            days.add(day)
            day += timedelta(days=1)
    return sorted(days)


def _checked(session: Session, fair: Fair, role: BadgeRole, valid_on: date | None, zones: list[str]) -> str | None:
    """The zones as stored ("hall-a+vip", None for every zone), once the day and zones are valid for `role`."""
    if valid_on is not None and valid_on not in get_admission_days(fair, role):
        raise InvalidInput(
            _l("%(day)s is not a day this badge's role admits on at this fair.", day=valid_on.isoformat()),
            field="valid_on",
        )
    wanted = sorted({zone.strip().lower() for zone in zones if zone.strip()})
    if len(wanted) > MAX_ZONES:
        raise InvalidInput(_l("Choose at most %(count)d zones.", count=MAX_ZONES), field="zones")
    known = {zone.slug for zone in get_fair_zones(session, fair)}
    unknown = [zone for zone in wanted if zone not in known]
    if unknown:
        raise InvalidInput(_l("This fair has no zone %(zone)s.", zone=", ".join(unknown)), field="zones")
    return "+".join(wanted) or None


def set_badge_validity(
    session: Session, badge: Badge, *, valid_on: date | None, zones: list[str], actor: User
) -> Badge | None:
    """Limit `badge` to one day (None: every day its role admits) and to `zones` (empty: every zone). Returns the
    new badge that replaces it, to print; None when nothing changed."""
    if not badge.is_active:
        raise InvalidInput(_l("This badge was already replaced or revoked."))
    stored = _checked(session, badge.fair, badge.role, valid_on, zones)
    if (badge.valid_on, badge.zones) == (valid_on, stored):
        return None
    return _replace(session, badge, valid_on, stored, actor)


def set_role_validity(
    session: Session, fair: Fair, role: BadgeRole, *, valid_on: date | None, zones: list[str], actor: User
) -> list[Badge]:
    """The same for every active badge of `role` at `fair`; returns the new badges, to print."""
    stored = _checked(session, fair, role, valid_on, zones)
    changing = [b for b in get_active_badges(session, fair, role) if (b.valid_on, b.zones) != (valid_on, stored)]
    replaced = [_replace(session, badge, valid_on, stored, actor, bulk=True) for badge in changing]
    audit.record(
        session,
        "badge.validity_by_role",
        fair,
        actor=actor,
        fair_id=fair.id,
        role=role.value,
        valid_on=valid_on.isoformat() if valid_on else None,
        zones=stored,
        count=len(replaced),
    )
    return replaced


def _replace(session, badge: Badge, valid_on: date | None, stored: str | None, actor: User, **noted) -> Badge:
    before = {"valid_on": badge.valid_on.isoformat() if badge.valid_on else None, "zones": badge.zones}
    return reprint_badge(
        session,
        badge,
        actor=actor,
        valid_on=valid_on,
        zones=stored,
        action="badge.validity",
        before=before,
        after={"valid_on": valid_on.isoformat() if valid_on else None, "zones": stored},
        **noted,
    )
