"""Saving a hall's floor plan, as the editor (static/js/floorplan_editor.js) does: the fair's owners send the whole
plan, booths and areas; it is saved in one transaction or refused with every problem listed, nothing written."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from flask import Blueprint, url_for
from flask_login import current_user
from pydantic import Field
from spectree import Response

from eventsys.access import load_hall, load_owned_fair
from eventsys.api.schemas import Id, Schema
from eventsys.api.spec import login_required, spec
from eventsys.errors import ErrorBody, ErrorDetail, error_code
from eventsys.extensions import db
from eventsys.models import AreaKind
from eventsys.services.booths import floor_plan_edit
from eventsys.services.booths.floor_plan_edit import BookedBoothsChanged, PlanProblem, PlanRejected

bp = Blueprint("floor_plans", __name__)
TAGS = ("floor plans",)

#: Metres; whether a value is on the 0.5 m grid and inside the hall is the save's to say, item by item.
Metres = Annotated[float, Field(ge=-100_000, le=100_000, allow_inf_nan=False)]


class PlanBooth(Schema):
    """A booth as drawn; without an id it is new."""

    id: Id | None = Field(default=None, description="The booth's id; none for a new booth")
    code: str = Field(max_length=100, description="1 to 20 characters, unique in the fair")
    x: Metres = Field(description="Metres from the hall's left wall, on the 0.5 m grid")
    y: Metres = Field(description="Metres from the hall's top wall")
    width: Metres
    depth: Metres
    booth_type_id: Id = Field(description="One of the fair's booth types")
    sector_id: Id | None = Field(default=None, description="The zone: one of the fair's sectors, or none")
    is_blocked: bool = False


class PlanArea(Schema):
    """A stage, lounge, pillar, entrance or other area nobody books."""

    id: Id | None = None
    kind: AreaKind
    label: str | None = Field(default=None, max_length=200, description="At most 80 characters")
    x: Metres
    y: Metres
    width: Metres
    depth: Metres


class FloorPlanBody(Schema):
    """Everything on the hall: booths and areas left out are deleted."""

    booths: list[PlanBooth] = Field(max_length=10_000)
    areas: list[PlanArea] = Field(default_factory=list, max_length=1_000)

    def drawn(self) -> floor_plan_edit.DrawnPlan:
        return floor_plan_edit.DrawnPlan(
            booths=[floor_plan_edit.DrawnBooth(**booth.model_dump()) for booth in self.booths],
            areas=[floor_plan_edit.DrawnArea(**area.model_dump()) for area in self.areas],
        )


class SavedBooth(Schema):
    id: int
    code: str


class SavedPlan(Schema):
    """What the save changed, and the ids of the plan's booths and areas in the order they were sent."""

    added: int
    updated: int
    deleted: int
    booths: list[SavedBooth]
    areas: list[int]


class Problem(Schema):
    """One thing wrong with the plan, about the booth or area at `index` in what was sent."""

    message: str
    item: str = Field(description="booth or area")
    index: int | None = Field(description="Position in the list sent; none for a booth the plan would delete")
    id: int | None
    code: str | None = Field(description="The booth's code")
    field: str | None = Field(description="code, booth_type_id, sector_id, kind, label, place or id")
    booking_id: int | None = Field(description="The booking that keeps a booked booth where it is")
    booking_url: str | None = Field(description="The organizer page that moves that booking to another booth")


class PlanRefusal(ErrorBody):
    """The one error body, with every problem of a refused plan."""

    problems: list[Problem] = Field(default_factory=list)


def _answers() -> Response:
    errors = {f"HTTP_{code}": ErrorBody for code in (400, 401, 403, 404)}
    return Response(HTTP_200=SavedPlan, HTTP_409=PlanRefusal, HTTP_422=PlanRefusal, **errors)


@bp.post("/fairs/<slug>/halls/<hall_slug>/plan")
@login_required()
@spec.validate(resp=_answers(), tags=TAGS)
def save_plan(slug: str, hall_slug: str, json: FloorPlanBody):
    """Replace the hall's plan (the fair's owners): 422 with every problem, or 409 naming the bookings of booked
    booths it would move or delete; nothing is written then."""
    hall = load_hall(load_owned_fair(slug), hall_slug)
    try:
        saved = floor_plan_edit.save_floor_plan(db.session, hall, json.drawn(), actor=current_user)
    except (PlanRejected, BookedBoothsChanged) as refusal:
        body = _refusal(refusal)
        db.session.rollback()
        return body, refusal.status
    answer = SavedPlan(
        added=saved.added,
        updated=saved.updated,
        deleted=saved.deleted,
        booths=[SavedBooth(id=i, code=b.code) for i, b in zip(saved.booth_ids, json.booths, strict=True)],
        areas=saved.area_ids,
    )
    db.session.commit()
    return answer


def _refusal(refusal: PlanRejected | BookedBoothsChanged) -> PlanRefusal:
    return PlanRefusal(
        error=ErrorDetail(code=error_code(refusal), message=str(refusal), field=None),
        problems=[_problem(problem) for problem in refusal.problems],
    )


def _problem(problem: PlanProblem) -> Problem:
    url = url_for("booth_admin.manage_booking", booking_id=problem.booking_id) if problem.booking_id else None
    return Problem(**asdict(problem), booking_url=url)
