"""Creating a fair and changing its settings, as its organizers do from the organizer console.

A new fair is a draft of an organizer organization its creator owns (admins choose any). Times are entered in the
fair's zone (rules.FairSettings) and stored in UTC. Moving a fair that people already plan around (a new zone or new
days while it has bookings, meetings or availability) is refused until the organizer confirms that exact move.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eventsys.models import Fair, FairStatus, Organization, OrganizationKind, Sector, User
from eventsys.models.base import stored_translations
from eventsys.services import audit, permissions
from eventsys.services.errors import DomainError, InvalidInput, NotAllowed
from eventsys.services.fairs.impact import Impact, change_key, get_impact, moves_in_time
from eventsys.services.fairs.rules import FairSettings, check_settings

#: The settings' plain columns, copied as they are (texts stripped, empty ones stored as NULL).
TEXT_COLUMNS = ("name", "slug", "venue", "city", "description", "address")
#: The texts entered per interface language beyond English: {"ja": "…", "es": "…"} each.
TRANSLATED_TEXTS = ("name", "description", "venue", "address")
PLAIN_COLUMNS = (
    "timezone",
    "starts_on",
    "ends_on",
    "booking_mode",
    "hold_minutes",
    "max_booths_per_organization",
    "online_from",
    "online_opens_at",
    "online_closes_at",
)
#: The columns entered as wall-clock times in the fair's zone: (setting, column).
TIME_COLUMNS = (
    ("booking_opens", "booking_opens_at"),
    ("booking_closes", "booking_closes_at"),
    ("build_up_starts", "build_up_starts_at"),
    ("build_up_ends", "build_up_ends_at"),
    ("tear_down_starts", "tear_down_starts_at"),
    ("tear_down_ends", "tear_down_ends_at"),
)


class ChangeNeedsConfirmation(DomainError):
    """A new zone or new days for a fair people plan around: shown with its impact, saved once confirmed."""

    def __init__(self, impact: Impact, key: str):
        super().__init__(_l("This change moves the fair in time. Check what it affects, then confirm it."))
        self.impact = impact
        #: What the form sends back to confirm this very move (impact.change_key).
        self.key = key


def get_creatable_organizations(session: Session, user: User) -> list[Organization]:
    """The organizer organizations `user` may create a fair for: those they own; every one for admins."""
    if user.is_authenticated and user.is_admin:
        query = select(Organization).where(Organization.kind == OrganizationKind.ORGANIZER).order_by(Organization.name)
        return list(session.scalars(query))
    return sorted(permissions.organizer_organizations_owned(user), key=lambda organization: organization.name)


def create_fair(session: Session, settings: FairSettings, *, organizer: Organization, actor: User) -> Fair:
    """A new draft fair of `organizer`, which `actor` must own (or be an admin)."""
    if organizer not in get_creatable_organizations(session, actor):
        raise NotAllowed(_l("You cannot create fairs for %(organization)s.", organization=organizer.name))
    check_settings(session, settings)
    fair = Fair(organizer_id=organizer.id, status=FairStatus.DRAFT)
    apply_settings(session, fair, settings)
    insert_fair(session, fair)
    audit.record(session, "fair.create", fair, actor=actor, fair_id=fair.id, slug=fair.slug)
    return fair


def insert_fair(session: Session, fair: Fair) -> None:
    """Add the fair; a concurrent creation that took the same address a moment ago is the same clear refusal."""
    try:
        with session.begin_nested():
            session.add(fair)
            session.flush()
    except IntegrityError as error:
        raise InvalidInput(
            _l("Another fair already has the address %(slug)s.", slug=fair.slug), field="slug"
        ) from error


def update_fair(
    session: Session, fair: Fair, settings: FairSettings, *, actor: User, confirmation: str | None = None
) -> Fair:
    """Change the fair's settings; a move in time that affects people's plans needs `confirmation` (change_key)."""
    check_settings(session, settings, fair)
    if moves_in_time(fair, settings):
        impact = get_impact(session, fair, settings)
        if not impact.is_empty and confirmation != change_key(settings):
            raise ChangeNeedsConfirmation(impact, change_key(settings))
    before = snapshot(fair)
    apply_settings(session, fair, settings)
    after = snapshot(fair)
    changed = sorted(name for name in after if before[name] != after[name])
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as error:
        raise InvalidInput(
            _l("Another fair already has the address %(slug)s.", slug=fair.slug), field="slug"
        ) from error
    if changed:
        audit.record(session, "fair.update", fair, actor=actor, fair_id=fair.id, changed=changed)
    return fair


def apply_settings(session: Session, fair: Fair, settings: FairSettings) -> None:
    """Write checked settings onto the fair: texts stripped, times from the fair's zone to UTC."""
    for name in TEXT_COLUMNS:
        setattr(fair, name, (getattr(settings, name) or "").strip() or None)
    for name in PLAIN_COLUMNS:
        setattr(fair, name, getattr(settings, name))
    zone = ZoneInfo(settings.timezone)
    for setting, column in TIME_COLUMNS:
        setattr(fair, column, _to_utc(getattr(settings, setting), zone))
    fair.contact_email = (settings.contact_email or "").strip().lower() or None
    fair.website = (settings.website or "").strip() or None
    for text in TRANSLATED_TEXTS:
        setattr(fair, f"{text}_translations", _clean(getattr(settings, f"{text}_translations")))
    # The local-script name, venue and address the API and older readers know are the Japanese ones.
    fair.name_local = fair.name_translations.get("ja")
    fair.venue_local = fair.venue_translations.get("ja")
    fair.address_local = fair.address_translations.get("ja")
    wanted = set(settings.sector_ids)
    fair.sectors = list(session.scalars(select(Sector).where(Sector.id.in_(wanted)))) if wanted else []


def _to_utc(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    return None if value is None else value.replace(tzinfo=zone).astimezone(UTC)


def _clean(translations: dict[str, str]) -> dict[str, str]:
    return {language: text.strip() for language, text in translations.items() if text and text.strip()}


def settings_of(fair: Fair) -> FairSettings:
    """The fair's settings as its form shows them: times in the fair's zone, without their zone."""
    zone = fair.zone
    times = {
        setting: getattr(fair, column).astimezone(zone).replace(tzinfo=None) if getattr(fair, column) else None
        for setting, column in TIME_COLUMNS
    }
    return FairSettings(
        **{name: getattr(fair, name) for name in TEXT_COLUMNS + PLAIN_COLUMNS},
        **times,
        **translations_of(fair),
        contact_email=fair.contact_email,
        website=fair.website,
        sector_ids=[sector.id for sector in fair.sectors],
    )


def translations_of(fair: Fair) -> dict[str, dict[str, str]]:
    """Each translated text's languages as the settings carry them (see models.base.stored_translations)."""
    return stored_translations(fair, TRANSLATED_TEXTS)


def snapshot(fair: Fair) -> dict[str, object]:
    """The fair's settings as comparable values, to audit which ones a change touched."""
    names = TEXT_COLUMNS + PLAIN_COLUMNS + tuple(column for _setting, column in TIME_COLUMNS)
    values: dict[str, object] = {name: getattr(fair, name) for name in names}
    values |= translations_of(fair) | {
        "contact_email": fair.contact_email,
        "website": fair.website,
        "sectors": sorted(sector.id for sector in fair.sectors),
    }
    return values
