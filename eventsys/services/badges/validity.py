"""Which days and zones a badge admits to, set by the fair's managers for one badge or for every badge of a role
(which also becomes the rule for the role's badges issued later: issuing.get_role_rule).

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
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eventsys.models import Badge, BadgeRole, BadgeRoleRule, Fair, User, utcnow
from eventsys.models.badges import MAX_DAYS, days_text
from eventsys.services import audit
from eventsys.services.badges.checkin import get_admission_window
from eventsys.services.badges.issuing import get_active_badges, get_role_rule, reprint_badge
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


def _checked_days(fair: Fair, role: BadgeRole, days: list[date]) -> str | None:
    """The days as stored (models.badges.days_text), once each is a day `role` admits on and they fit a code."""
    wanted = sorted(set(days))
    admitted = set(get_admission_days(fair, role))
    wrong = [day.isoformat() for day in wanted if day not in admitted]
    if wrong:
        raise InvalidInput(
            _l("%(day)s is not a day this badge's role admits on at this fair.", day=", ".join(wrong)), field="days"
        )
    if wanted and (wanted[-1] - wanted[0]).days >= MAX_DAYS:
        raise InvalidInput(_l("Choose days within %(count)d days of each other.", count=MAX_DAYS), field="days")
    if len(wanted) == len(admitted):
        return None  # every day the role admits on: the badge needs no days in its code
    return days_text(wanted)


def _checked(session: Session, fair: Fair, role: BadgeRole, days: list[date], zones: list[str]) -> tuple:
    """(days, zones) as stored, None for every day / zone, once they are valid for `role`."""
    stored_days = _checked_days(fair, role, days)
    wanted = sorted({zone.strip().lower() for zone in zones if zone.strip()})
    if len(wanted) > MAX_ZONES:
        raise InvalidInput(_l("Choose at most %(count)d zones.", count=MAX_ZONES), field="zones")
    known = {zone.slug for zone in get_fair_zones(session, fair)}
    unknown = [zone for zone in wanted if zone not in known]
    if unknown:
        raise InvalidInput(_l("This fair has no zone %(zone)s.", zone=", ".join(unknown)), field="zones")
    return stored_days, "+".join(wanted) or None


def set_badge_validity(
    session: Session, badge: Badge, *, days: list[date], zones: list[str], actor: User
) -> Badge | None:
    """Limit `badge` to `days` (empty: every day its role admits) and to `zones` (empty: every zone). Returns the
    new badge that replaces it, to print; None when nothing changed."""
    if not badge.is_active:
        raise InvalidInput(_l("This badge was already replaced or revoked."))
    stored = _checked(session, badge.fair, badge.role, days, zones)
    if (badge.valid_days, badge.zones) == stored:
        return None
    return _replace(session, badge, stored, actor)


def set_role_validity(
    session: Session, fair: Fair, role: BadgeRole, *, days: list[date], zones: list[str], actor: User
) -> list[Badge]:
    """The same for every active badge of `role` at `fair`, kept as the role's rule for badges issued later
    (get_role_rule); returns the new badges, to print."""
    stored = _checked(session, fair, role, days, zones)
    _keep_rule(session, fair, role, stored, actor)
    changing = [b for b in get_active_badges(session, fair, role) if (b.valid_days, b.zones) != stored]
    replaced = [_replace(session, badge, stored, actor, bulk=True) for badge in changing]
    audit.record(
        session,
        "badge.validity_by_role",
        fair,
        actor=actor,
        fair_id=fair.id,
        role=role.value,
        valid_days=stored[0],
        zones=stored[1],
        count=len(replaced),
    )
    return replaced


def _keep_rule(session: Session, fair: Fair, role: BadgeRole, stored: tuple, actor: User) -> None:
    """Insert or update the role's rule; the unique (fair, role) index keeps one row when two managers set it."""
    valid_days, zones = stored
    for _attempt in range(2):
        rule = get_role_rule(session, fair, role, for_update=True)
        if rule is not None:
            rule.valid_days, rule.zones, rule.updated_by_id = valid_days, zones, actor.id
            rule.updated_at = utcnow()
            session.flush()
            return
        try:
            with session.begin_nested():
                rule = BadgeRoleRule(fair_id=fair.id, role=role, valid_days=valid_days, zones=zones)
                rule.updated_by_id = actor.id
                session.add(rule)
            return
        except IntegrityError:
            continue  # another manager's rule arrived first: update it instead
    raise InvalidInput(_l("The rule was being changed at the same moment: try again."))


def _replace(session, badge: Badge, stored: tuple, actor: User, **noted) -> Badge:
    valid_days, zones = stored
    return reprint_badge(
        session,
        badge,
        actor=actor,
        valid_days=valid_days,
        zones=zones,
        action="badge.validity",
        before={"valid_days": badge.valid_days, "zones": badge.zones},
        after={"valid_days": valid_days, "zones": zones},
        **noted,
    )
