"""Copying a fair as next year's: its halls, areas, booth types and booths, zones and settings, moved in time.

The copy is a draft of the same organizer organization. Every date and time moves by the days between the two
first days, keeping its wall-clock time in the fair's zone (so a booking window opening at 10:00 opens at 10:00,
whatever daylight saving time does between the years). Nothing people did is copied: no bookings, exhibitors,
waitlists, meetings, availability or badges, and no staff roles (next year's team is invited again).
Booths and areas go in with one bulk insert each, so a fair of thousands of booths copies in well under a second.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from eventsys.models import Booth, BoothType, Fair, FairStatus, Hall, HallArea, Model, User
from eventsys.services import audit, permissions
from eventsys.services.errors import InvalidInput, NotAllowed
from eventsys.services.fairs.rules import FIRST_YEAR, LAST_YEAR, LENGTHS, check_slug
from eventsys.services.fairs.setup import insert_fair

#: Columns a copy never takes from its original.
_OWN_COLUMNS = frozenset({"id", "created_at"})
_FAIR_OWN_COLUMNS = _OWN_COLUMNS | {"slug", "name", "status"}


def copy_fair(session: Session, fair: Fair, *, slug: str, name: str, starts_on: date, actor: User | None) -> Fair:
    """A draft copy of `fair` named `name` at `slug`, its first day `starts_on` and everything moved with it."""
    if actor is not None and not permissions.owns_fair(actor, fair):
        raise NotAllowed(_l("Only the owners of %(fair)s can copy it.", fair=fair.name))
    name = (name or "").strip()
    _check_copy(session, slug, name, starts_on, fair)
    copy = _copy_fair_row(fair, slug=slug, name=name, days=(starts_on - fair.starts_on).days)
    _check_windows_in_order(copy)
    insert_fair(session, copy)
    halls = _copy_children(session, Hall, fair, copy)
    booth_types = _copy_children(session, BoothType, fair, copy)
    _bulk_copy(session, HallArea, HallArea.hall_id.in_(list(halls)), {"hall_id": halls})
    booths = _bulk_copy(
        session, Booth, Booth.fair_id == fair.id, {"hall_id": halls, "booth_type_id": booth_types}, fair_id=copy.id
    )
    audit.record(session, "fair.copy", copy, actor=actor, fair_id=copy.id, source=fair.slug, booths=booths)
    return copy


def suggest_copy(fair: Fair) -> tuple[str, str, date]:
    """Next year's name, address and first day: the year in the name and slug raised by one, the first day 52
    weeks later (the same weekday)."""
    year, next_year = str(fair.starts_on.year), str(fair.starts_on.year + 1)
    name = fair.name.replace(year, next_year) if year in fair.name else f"{fair.name} {next_year}"
    slug = fair.slug.replace(year, next_year) if year in fair.slug else f"{fair.slug}-{next_year}"
    return name[: LENGTHS["name"]], slug[:80], fair.starts_on + timedelta(weeks=52)


def _check_copy(session: Session, slug: str, name: str, starts_on: date, fair: Fair) -> None:
    if not name:
        raise InvalidInput(_l("This field is required."), field="name")
    if len(name) > LENGTHS["name"]:
        raise InvalidInput(_l("At most %(count)d characters.", count=LENGTHS["name"]), field="name")
    check_slug(session, slug)
    in_range = FIRST_YEAR <= starts_on.year <= LAST_YEAR
    if not in_range or (starts_on + (fair.ends_on - fair.starts_on)).year > LAST_YEAR:
        raise InvalidInput(
            _l("Enter a date between %(first)d and %(last)d.", first=FIRST_YEAR, last=LAST_YEAR), field="starts_on"
        )


#: The copy's windows that must end after they start (the fairs table's CHECKs), with what the organizer calls them.
_WINDOWS = (
    ("booking_opens_at", "booking_closes_at", _l("the booking window")),
    ("build_up_starts_at", "build_up_ends_at", _l("the build-up")),
    ("tear_down_starts_at", "tear_down_ends_at", _l("the tear-down")),
)


def _check_windows_in_order(copy: Fair) -> None:
    """Each moved window still ends after it starts: one that starts in the hour the clocks skip on its new day
    starts an hour later, after a short window's end."""
    for starts, ends, window in _WINDOWS:
        start, end = getattr(copy, starts), getattr(copy, ends)
        if start is not None and end is not None and end <= start:
            raise InvalidInput(
                _l(
                    "On these days the clocks change in %(zone)s during %(window)s, which would then end before it "
                    "starts: choose another first day, or change that window in the fair's settings first.",
                    zone=copy.timezone,
                    window=window,
                ),
                field="starts_on",
            )


def _copy_fair_row(fair: Fair, *, slug: str, name: str, days: int) -> Fair:
    """The fair's row with a new slug and name, dates moved by `days`, as a draft."""
    zone = fair.zone
    values = {}
    for column in Fair.__table__.columns:
        if column.key in _FAIR_OWN_COLUMNS:
            continue
        values[column.key] = _moved(getattr(fair, column.key), days, zone)
    copy = Fair(**values, slug=slug, name=name, status=FairStatus.DRAFT)
    copy.sectors = list(fair.sectors)
    return copy


def _moved(value: object, days: int, zone: ZoneInfo) -> object:
    """A date `days` later; a datetime `days` later at the same wall-clock time in `zone`; other values copied."""
    if isinstance(value, datetime):
        local = value.astimezone(zone).replace(tzinfo=None) + timedelta(days=days)
        return local.replace(tzinfo=zone).astimezone(UTC)
    if isinstance(value, date):
        return value + timedelta(days=days)
    if isinstance(value, dict):
        return dict(value)
    return value


def _copy_children(session: Session, model: type[Model], fair: Fair, copy: Fair) -> dict[int, int]:
    """Copy the fair's halls or booth types (a few rows, whose new ids the booths need): old id → new id."""
    originals = session.scalars(select(model).where(model.fair_id == fair.id).order_by(model.id)).all()
    copies = []
    for original in originals:
        values = {c.key: _moved(getattr(original, c.key), 0, UTC) for c in model.__table__.columns}
        copies.append(model(**{key: value for key, value in values.items() if key not in _OWN_COLUMNS}))
    for row in copies:
        row.fair_id = copy.id
    session.add_all(copies)
    session.flush()
    return {original.id: row.id for original, row in zip(originals, copies, strict=True)}


def _bulk_copy(session: Session, model: type[Model], where, new_ids: dict[str, dict[int, int]], **fixed) -> int:
    """Copy the rows of `model` that match `where` in one read and one bulk insert, their ids mapped; the count."""
    columns = [c for c in model.__table__.columns if c.key not in _OWN_COLUMNS]
    rows = session.execute(select(*columns).where(where)).mappings().all()
    if not rows:
        return 0
    copies = [{**row, **{key: mapping[row[key]] for key, mapping in new_ids.items()}, **fixed} for row in rows]
    session.execute(insert(model.__table__), copies)
    return len(copies)
