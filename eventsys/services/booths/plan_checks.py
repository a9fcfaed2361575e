"""The plan the floor-plan editor saves, and everything wrong with one: plan_rules (the CSV import's rules) for each
booth and area, codes unique in the fair, no overlaps, and booked booths left where their bookings are."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from eventsys.models import AreaKind, Hall
from eventsys.services.booths import plan_rules

#: How each kind of area is called when it has no label of its own.
AREA_KIND_LABELS = {
    AreaKind.STAGE: lazy_pgettext("floor plan area", "Stage"),  # a company's "Stage" is its funding round
    AreaKind.LOUNGE: _l("Lounge"),
    AreaKind.PILLAR: _l("Pillar"),
    AreaKind.ENTRANCE: _l("Entrance"),
    AreaKind.OTHER: _l("Other area"),
}
MAX_LABEL = 80
#: Which of a booth's fields a plan_rules problem is about, as the plan names them.
_FIELDS = {"booth_type": "booth_type_id", "zone": "sector_id", "code": "code", "place": "place"}


@dataclass(frozen=True)
class DrawnBooth:
    """A booth as drawn: `id` None for a new one; metres on the 0.5 m grid; a type and zone (sector) of the fair."""

    id: int | None
    code: str
    x: float
    y: float
    width: float
    depth: float
    booth_type_id: int
    sector_id: int | None = None
    is_blocked: bool = False


@dataclass(frozen=True)
class DrawnArea:
    """A stage, lounge, pillar, entrance or other area that nobody books; `id` None for a new one."""

    id: int | None
    kind: AreaKind | str
    label: str | None
    x: float
    y: float
    width: float
    depth: float


@dataclass(frozen=True)
class DrawnPlan:
    """Everything on one hall's plan: save_floor_plan deletes the booths and areas it leaves out."""

    booths: Sequence[DrawnBooth]
    areas: Sequence[DrawnArea] = ()


@dataclass(frozen=True)
class PlanProblem:
    """One thing wrong with a plan, about one booth or area (by its position in the plan, and id if saved)."""

    message: str
    #: "booth" or "area".
    item: str
    #: Its position in the plan's list; None for a booth the plan deletes.
    index: int | None
    id: int | None = None
    code: str | None = None
    #: The field at fault: code, booth_type_id, sector_id, kind, label, place (x, y, width and depth), id.
    field: str | None = None
    #: The live booking that keeps a booked booth where it is.
    booking_id: int | None = None


@dataclass(frozen=True)
class LiveBooking:
    """A live hold or booking of one of the hall's booths."""

    id: int
    company: str


def area_name(area: DrawnArea) -> str:
    """The area's label, or its kind's name."""
    label = (area.label or "").strip()
    if label:
        return label
    try:
        return str(AREA_KIND_LABELS[AreaKind(area.kind)])
    except ValueError:
        return str(area.kind)


def check_plan(
    hall: Hall,
    plan: DrawnPlan,
    current: dict[int, dict],
    area_ids: set[int],
    other_codes: dict[str, str],
    bookings: dict[int, LiveBooking],
) -> tuple[list[PlanProblem], list[PlanProblem]]:
    """(problems with the plan itself, booked booths it would change): the hall's booths now (`current`, by id), its
    areas' ids, the codes of the fair's other halls (with the hall's name) and the live bookings by booth id."""
    problems = [
        *_booth_problems(hall, plan, current),
        *_code_problems(plan, other_codes),
        *_area_problems(hall, plan, area_ids),
        *_overlap_problems(hall, plan),
    ]
    return problems, list(_booking_conflicts(plan, current, bookings))


def _booth_problems(hall: Hall, plan: DrawnPlan, current: dict[int, dict]) -> Iterator[PlanProblem]:
    types = {booth_type.id: booth_type for booth_type in hall.fair.booth_types}
    zones = plan_rules.offered_zones(hall.fair)
    seen: set[int] = set()
    for index, booth in enumerate(plan.booths):
        where = {"item": "booth", "index": index, "id": booth.id, "code": booth.code}
        if booth.id is not None and (booth.id not in current or booth.id in seen):
            message = _l("Booth %(code)s is no longer on this hall's plan: reload the editor.", code=booth.code)
            yield PlanProblem(str(message), field="id", **where)
        seen.add(booth.id)
        zone = None if booth.sector_id is None else zones.get(booth.sector_id, plan_rules.UNKNOWN)
        place = (booth.x, booth.y, booth.width, booth.depth)
        found = plan_rules.booth_problems(
            hall,
            booth.code,
            place,
            types.get(booth.booth_type_id),
            zone,
            type_label=booth.booth_type_id,
            zone_label=booth.sector_id,
        )
        for name, message in found:
            yield PlanProblem(message, field=_FIELDS[name], **where)


def _code_problems(plan: DrawnPlan, other_codes: dict[str, str]) -> Iterator[PlanProblem]:
    for index, code, _first in plan_rules.duplicate_codes(enumerate(b.code for b in plan.booths)):
        booth = plan.booths[index]
        message = _l("Code %(code)s is used by two booths.", code=code)
        yield PlanProblem(str(message), "booth", index, booth.id, code, "code")
    for index, booth in enumerate(plan.booths):
        if booth.code in other_codes:
            message = _l("Code %(code)s is already used in %(hall)s.", code=booth.code, hall=other_codes[booth.code])
            yield PlanProblem(str(message), "booth", index, booth.id, booth.code, "code")


def _area_problems(hall: Hall, plan: DrawnPlan, area_ids: set[int]) -> Iterator[PlanProblem]:
    seen: set[int] = set()
    for index, area in enumerate(plan.areas):
        where = {"item": "area", "index": index, "id": area.id}
        if area.id is not None and (area.id not in area_ids or area.id in seen):
            message = _l("The area %(area)s is no longer on this hall's plan: reload the editor.", area=area_name(area))
            yield PlanProblem(str(message), field="id", **where)
        seen.add(area.id)
        if area.kind not in set(AreaKind):
            yield PlanProblem(str(_l("Unknown kind of area %(kind)r.", kind=area.kind)), field="kind", **where)
        if len(area.label or "") > MAX_LABEL:
            message = _l("A label has at most %(count)d characters.", count=MAX_LABEL)
            yield PlanProblem(str(message), field="label", **where)
        for message in plan_rules.place_problems(hall, area.x, area.y, area.width, area.depth, area=area_name(area)):
            yield PlanProblem(message, field="place", **where)


def _overlap_problems(hall: Hall, plan: DrawnPlan) -> Iterator[PlanProblem]:
    """Each overlap once, about the booth (of two booths, the one further right)."""
    placed = [
        plan_rules.Placed(("booth", i), b.code, hall.id, b.x, b.y, b.width, b.depth) for i, b in enumerate(plan.booths)
    ]
    placed += [
        plan_rules.Placed(("area", i), area_name(a), hall.id, a.x, a.y, a.width, a.depth, is_area=True)
        for i, a in enumerate(plan.areas)
    ]
    for a, b in plan_rules.overlaps(placed):
        _kind, index = b.ref if not b.is_area else a.ref
        booth = plan.booths[index]
        yield PlanProblem(plan_rules.overlap_message(a, b), "booth", index, booth.id, booth.code, "place")


def _booking_conflicts(
    plan: DrawnPlan, current: dict[int, dict], bookings: dict[int, LiveBooking]
) -> Iterator[PlanProblem]:
    """A booked booth stays, where it is, as big, of its type and bookable; its code and zone may change."""
    drawn = {booth.id: (index, booth) for index, booth in enumerate(plan.booths) if booth.id is not None}
    for booth_id, booking in sorted(bookings.items(), key=lambda item: current[item[0]]["code"]):
        was = current[booth_id]
        index, booth = drawn.get(booth_id, (None, None))
        names = {"code": was["code"], "company": booking.company}
        if booth is None:
            message = _l("Booth %(code)s is booked by %(company)s: it cannot be deleted.", **names)
        elif any(getattr(booth, name) != was[name] for name in ("x", "y", "width", "depth")):
            message = _l("Booth %(code)s is booked by %(company)s: it cannot be moved or resized.", **names)
        elif booth.booth_type_id != was["booth_type_id"] or (booth.is_blocked and not was["is_blocked"]):
            message = _l(
                "Booth %(code)s is booked by %(company)s: its type cannot change, nor can it be blocked.", **names
            )
        else:
            continue
        move = _l("Move the booking to another booth first.")
        yield PlanProblem(f"{message} {move}", "booth", index, booth_id, was["code"], "place", booking.id)
