"""A fair's halls as its owners set them up: name in each language, slug, size on the 0.5 m grid, order, and the
venue image traced over in the floor-plan editor. The plan itself is saved by services/booths/floor_plan_edit."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from eventsys.formatting import metres
from eventsys.models import Booth, BoothBooking, Fair, Hall, HallArea, Organization, User, utcnow
from eventsys.services import audit, images
from eventsys.services.booths import plan_rules
from eventsys.services.errors import DomainError, InvalidInput
from eventsys.services.fairs.catalog import occupies_booth

#: The largest hall side accepted, in metres (Tokyo Big Sight's largest hall is about 250 m long).
MAX_SIDE = 2000
#: Venue images may be larger than logos: a plan needs its detail. Stored scaled to fit this box.
MAX_BACKGROUND_BYTES = 3 * 1024 * 1024  # below the 4 MiB a request may carry
BACKGROUND_BOX = (4000, 4000)


class HallInUse(DomainError):
    """A hall cannot be deleted or shrunk while something stands in the way; the message says what."""

    status = 409


@dataclass(frozen=True)
class HallDetails:
    """What an owner types for a hall: its name (in the default language), its names in others, slug, size, order."""

    name: str
    slug: str
    width: float
    depth: float
    position: int = 0
    name_translations: dict[str, str] = field(default_factory=dict)


def create_hall(session: Session, fair: Fair, details: HallDetails, *, actor: User) -> Hall:
    """Add an empty hall to the fair."""
    _check(session, fair, details, None)
    hall = Hall(fair=fair)
    _apply(hall, details)
    session.add(hall)
    session.flush()
    audit.record(session, "hall.create", hall, actor=actor, fair_id=fair.id, slug=hall.slug)
    return hall


def update_hall(session: Session, hall: Hall, details: HallDetails, *, actor: User) -> None:
    """Rename, resize or reorder a hall; refused if its booths or areas would then lie outside it."""
    _check(session, hall.fair, details, hall)
    outside = _outside(session, hall, details.width, details.depth)
    if outside:
        raise HallInUse(
            _l(
                "%(things)s would lie outside a hall of %(w)s × %(d)s m: move them on the plan first.",
                things=", ".join(outside),
                w=metres(details.width),
                d=metres(details.depth),
            ),
            field="width",
        )
    _apply(hall, details)
    session.flush()
    audit.record(session, "hall.update", hall, actor=actor, fair_id=hall.fair_id, slug=hall.slug)


def delete_hall(session: Session, hall: Hall, uploads: Path, *, actor: User) -> None:
    """Delete a hall with its booths and areas; refused while any of its booths has a live booking, naming them."""
    booked = session.execute(
        select(Booth.code, Organization.name)
        .join(BoothBooking, BoothBooking.booth_id == Booth.id)
        .join(Organization, Organization.id == BoothBooking.organization_id)
        .where(Booth.hall_id == hall.id, occupies_booth(utcnow()))
        .order_by(Booth.code)
    ).all()
    if booked:
        names = ", ".join(f"{code} ({company})" for code, company in booked)
        raise HallInUse(
            _l("%(hall)s cannot be deleted: these booths are booked: %(booths)s.", hall=hall.name, booths=names)
        )
    audit.record(session, "hall.delete", hall, actor=actor, fair_id=hall.fair_id, slug=hall.slug, name=hall.name)
    background, fair = hall.background_path, hall.fair
    # The database deletes the booths (their bookings, past ones, with them) and areas: one statement.
    session.execute(delete(Hall).where(Hall.id == hall.id), execution_options={"synchronize_session": False})
    for instance in list(session.identity_map.values()):
        if instance is hall or (isinstance(instance, (Booth, HallArea)) and instance.hall_id == hall.id):
            session.expunge(instance)
    session.expire(fair, ["halls"])
    if background:
        (uploads / "halls" / background).unlink(missing_ok=True)


def store_background(session: Session, hall: Hall, data: bytes, uploads: Path, *, actor: User) -> str:
    """Decode the venue image, re-encode it as PNG under a random name, and put it behind the hall's plan."""
    image = images.decode_image(data, field="image", max_bytes=MAX_BACKGROUND_BYTES)
    folder = uploads / "halls"
    name = images.store_png(image, folder, BACKGROUND_BOX)
    old, hall.background_path = hall.background_path, name
    audit.record(session, "hall.background", hall, actor=actor, fair_id=hall.fair_id)
    if old:
        (folder / old).unlink(missing_ok=True)
    return name


def remove_background(session: Session, hall: Hall, uploads: Path, *, actor: User) -> None:
    old, hall.background_path = hall.background_path, None
    audit.record(session, "hall.background_remove", hall, actor=actor, fair_id=hall.fair_id)
    if old:
        (uploads / "halls" / old).unlink(missing_ok=True)


def background_file(hall: Hall, uploads: Path) -> Path | None:
    """Where the hall's venue image is, if it has one."""
    return uploads / "halls" / hall.background_path if hall.background_path else None


def _check(session: Session, fair: Fair, details: HallDetails, hall: Hall | None) -> None:
    for name, value in (("width", details.width), ("depth", details.depth)):
        if not plan_rules.on_grid(value) or not 0 < value <= MAX_SIDE:
            raise InvalidInput(
                _l("Width and depth are metres in steps of 0.5, at most %(max)d.", max=MAX_SIDE), field=name
            )
    taken = select(Hall.id).where(Hall.fair_id == fair.id, Hall.slug == details.slug)
    if hall is not None:
        taken = taken.where(Hall.id != hall.id)
    if session.scalar(taken) is not None:
        raise InvalidInput(_l("Another hall of this fair has the address %(slug)s.", slug=details.slug), field="slug")


def _apply(hall: Hall, details: HallDetails) -> None:
    hall.name, hall.slug, hall.width, hall.depth = details.name.strip(), details.slug, details.width, details.depth
    hall.position = details.position
    hall.name_translations = {lang: text.strip() for lang, text in details.name_translations.items() if text.strip()}


def _outside(session: Session, hall: Hall, width: float, depth: float) -> list[str]:
    """Booths (by code) and areas (by label) that a hall of `width` × `depth` would not hold, a few of them."""
    beyond = (Booth.x + Booth.width > width) | (Booth.y + Booth.depth > depth)
    codes = list(session.scalars(select(Booth.code).where(Booth.hall_id == hall.id, beyond).order_by(Booth.code)))
    areas_beyond = (HallArea.x + HallArea.width > width) | (HallArea.y + HallArea.depth > depth)
    labels = session.scalars(
        select(func.coalesce(HallArea.label, HallArea.kind)).where(HallArea.hall_id == hall.id, areas_beyond)
    )
    found = [str(_l("booth %(code)s", code=code)) for code in codes] + [str(label) for label in labels]
    return found[:10] + (["…"] if len(found) > 10 else [])
