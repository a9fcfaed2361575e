"""A fair's booth types as its owners edit them: name in each language, size on the 0.5 m grid, price in yen,
limit per company, the exhibitor badges a booth includes and the colour of the floor plan's legend."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from eventsys.formatting import yen
from eventsys.models import LIVE_BOOKING_STATUSES, Booth, BoothApplication, BoothBooking, BoothType, Fair, User
from eventsys.services.audit import record
from eventsys.services.errors import ConfirmationNeeded, InvalidInput

#: Largest booth side in metres and largest price in yen that a type may have (both fit the database's columns).
MAX_SIDE_METRES = 100.0
MAX_PRICE_JPY = 1_000_000_000
#: The most exhibitor badges a booth may include.
MAX_BADGES = 1000
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class BoothTypeValues:
    """What an owner enters for a booth type."""

    name: str
    width: float
    depth: float
    price_jpy: int
    max_per_organization: int
    colour: str
    description: str | None = None
    #: Exhibitor badges a booked booth includes; None: one per member of the company.
    badges_included: int | None = None
    #: The name in the other interface languages, keyed by locale; empty ones are dropped.
    name_translations: dict[str, str] = field(default_factory=dict)
    #: The description in the other interface languages, keyed by locale; empty ones are dropped.
    description_translations: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BoothTypeUsage:
    """A booth type with how many booths are of it and how many of those are held or booked."""

    booth_type: BoothType
    booths: int
    booked: int


def get_booth_type_usage(session: Session, fair: Fair) -> list[BoothTypeUsage]:
    """The fair's booth types with their counts, in one query."""
    live = (
        select(BoothBooking.booth_id)
        .where(BoothBooking.fair_id == fair.id, BoothBooking.status.in_(LIVE_BOOKING_STATUSES))
        .scalar_subquery()
    )
    rows = session.execute(
        select(BoothType, func.count(Booth.id), func.count(Booth.id).filter(Booth.id.in_(live)))
        .outerjoin(Booth, Booth.booth_type_id == BoothType.id)
        .where(BoothType.fair_id == fair.id)
        .group_by(BoothType.id)
        .order_by(BoothType.price_jpy, BoothType.name)
    ).all()
    return [BoothTypeUsage(booth_type, booths, booked) for booth_type, booths, booked in rows]


def get_booth_type(session: Session, fair: Fair, booth_type_id: int) -> BoothType | None:
    booth_type = session.get(BoothType, booth_type_id)
    return booth_type if booth_type is not None and booth_type.fair_id == fair.id else None


def count_live_bookings(session: Session, booth_type: BoothType) -> int:
    """Held and confirmed bookings of booths of this type."""
    return session.scalar(
        select(func.count(BoothBooking.id))
        .join(Booth, Booth.id == BoothBooking.booth_id)
        .where(Booth.booth_type_id == booth_type.id, BoothBooking.status.in_(LIVE_BOOKING_STATUSES))
    )


def create_booth_type(session: Session, fair: Fair, values: BoothTypeValues, *, actor: User) -> BoothType:
    """A new booth type of the fair."""
    values = _checked(session, fair, values, None)
    booth_type = BoothType(fair_id=fair.id)
    _assign(booth_type, values)
    session.add(booth_type)
    _flush_unique(session)
    record(session, "booth_type.create", booth_type, actor=actor, fair_id=fair.id, **_audited(values))
    return booth_type


def update_booth_type(
    session: Session, booth_type: BoothType, values: BoothTypeValues, *, actor: User, confirmed: bool = False
) -> BoothType:
    """Change a booth type. A new price applies to new bookings only: bookings keep the price they were made at,
    so changing the price of a type with live bookings needs `confirmed`, after the owner was told so."""
    fair = booth_type.fair
    values = _checked(session, fair, values, booth_type.id)
    if values.price_jpy != booth_type.price_jpy and not confirmed:
        live = count_live_bookings(session, booth_type)
        if live:
            raise ConfirmationNeeded(price_change_note(live, values.price_jpy), field="price_jpy")
    old_price = booth_type.price_jpy
    _assign(booth_type, values)
    _flush_unique(session)
    record(
        session,
        "booth_type.update",
        booth_type,
        actor=actor,
        fair_id=fair.id,
        old_price_jpy=old_price,
        **_audited(values),
    )
    return booth_type


def price_change_note(live: int, new_price: int) -> str:
    """What a price change means for a type with live bookings."""
    return _l(
        "%(count)d held or confirmed bookings of this type keep the price they were booked at; only new bookings "
        "pay %(price)s. Tick the box below and save again to change the price.",
        count=live,
        price=yen(new_price),
    )


def delete_booth_type(session: Session, booth_type: BoothType, *, actor: User) -> None:
    """Delete a type no booth and no application uses."""
    booths = session.scalar(select(func.count(Booth.id)).where(Booth.booth_type_id == booth_type.id))
    if booths:
        raise InvalidInput(
            _l(
                "%(count)d booths are of this type. Give them another type in the floor-plan editor first.",
                count=booths,
            )
        )
    applications = session.scalar(
        select(func.count(BoothApplication.id)).where(BoothApplication.booth_type_id == booth_type.id)
    )
    if applications:
        raise InvalidInput(_l("%(count)d booth applications ask for this type.", count=applications))
    record(session, "booth_type.delete", booth_type, actor=actor, fair_id=booth_type.fair_id, name=booth_type.name)
    session.delete(booth_type)
    session.flush()


def _checked(session: Session, fair: Fair, values: BoothTypeValues, own_id: int | None) -> BoothTypeValues:
    """The values tidied, or the first refusal."""
    name = (values.name or "").strip()
    if not name or len(name) > 80:
        raise InvalidInput(_l("Give the booth type a name of at most 80 characters."), field="name")
    if _name_taken(session, fair, name, own_id):
        raise InvalidInput(_l("This fair already has a booth type named %(name)s.", name=name), field="name")
    translations = _tidied(values.name_translations)
    if any(len(text) > 80 for text in translations.values()):
        raise InvalidInput(_l("A translated name has at most 80 characters."), field="name")
    for side in ("width", "depth"):
        _check_side(getattr(values, side), side)
    if not 0 <= values.price_jpy <= MAX_PRICE_JPY:
        raise InvalidInput(_l("The price is a whole number of yen from 0 to 1,000,000,000."), field="price_jpy")
    _check_limit(fair, values.max_per_organization)
    if not _COLOUR.fullmatch(values.colour or ""):
        raise InvalidInput(_l("Choose a colour as #rrggbb."), field="colour")
    description = (values.description or "").strip()[:255] or None
    descriptions = _tidied(values.description_translations)
    if any(len(text) > 255 for text in descriptions.values()):
        raise InvalidInput(_l("A translated description has at most 255 characters."), field="description")
    if values.badges_included is not None and not 0 <= values.badges_included <= MAX_BADGES:
        raise InvalidInput(
            _l("A booth includes 0 to %(count)d badges (leave it empty for one per member).", count=MAX_BADGES),
            field="badges_included",
        )
    return BoothTypeValues(
        name=name,
        width=values.width,
        depth=values.depth,
        price_jpy=values.price_jpy,
        max_per_organization=values.max_per_organization,
        colour=values.colour.lower(),
        description=description,
        badges_included=values.badges_included,
        name_translations=translations,
        description_translations=descriptions,
    )


def _tidied(translations: dict[str, str]) -> dict[str, str]:
    """Translations without surrounding spaces, the empty ones dropped."""
    return {lang: text.strip() for lang, text in translations.items() if text and text.strip()}


def _name_taken(session: Session, fair: Fair, name: str, own_id: int | None) -> bool:
    same = select(BoothType.id).where(BoothType.fair_id == fair.id, func.lower(BoothType.name) == name.lower())
    if own_id is not None:
        same = same.where(BoothType.id != own_id)
    return session.scalar(same.limit(1)) is not None


def _check_side(metres: float, field_name: str) -> None:
    if not (math.isfinite(metres) and 0 < metres <= MAX_SIDE_METRES and (metres * 2).is_integer()):
        raise InvalidInput(_l("Sizes are in steps of 0.5 m, from 0.5 to 100 m."), field=field_name)


def _check_limit(fair: Fair, limit: int) -> None:
    if limit < 1:
        raise InvalidInput(_l("A company may book at least one booth of a type."), field="max_per_organization")
    if limit > fair.max_booths_per_organization:
        raise InvalidInput(
            _l(
                "A company may book at most %(count)d booths at this fair (the fair's own limit), so a booth type "
                "cannot allow more. Raise the fair's limit in its settings first.",
                count=fair.max_booths_per_organization,
            ),
            field="max_per_organization",
        )


def _assign(booth_type: BoothType, values: BoothTypeValues) -> None:
    booth_type.name, booth_type.name_translations = values.name, values.name_translations
    booth_type.description, booth_type.description_translations = values.description, values.description_translations
    booth_type.width, booth_type.depth = values.width, values.depth
    booth_type.price_jpy, booth_type.max_per_organization = values.price_jpy, values.max_per_organization
    booth_type.colour = values.colour
    booth_type.badges_included = values.badges_included


def _flush_unique(session: Session) -> None:
    """Flush in a savepoint: a name another owner took a moment ago is a refusal, not a failed transaction."""
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise InvalidInput(_l("This fair already has a booth type of that name."), field="name") from None


def _audited(values: BoothTypeValues) -> dict[str, object]:
    return {
        "name": values.name,
        "size": f"{values.width:g}x{values.depth:g}",
        "price_jpy": values.price_jpy,
        "max_per_organization": values.max_per_organization,
        "colour": values.colour,
        "badges_included": values.badges_included,
    }
