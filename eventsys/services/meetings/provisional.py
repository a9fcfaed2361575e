"""Answers to a provisional schedule: each participant accepts or releases each of their meetings before the
run's deadline (ScheduleRun.answers_due_at); publishing leaves out every meeting somebody released."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from eventsys.models import MeetingRequest, ScheduleRun, ScheduleRunStatus, SlotAnswer, User, utcnow
from eventsys.services.audit import record
from eventsys.services.errors import DomainError, NotAllowed


def released_requests(session: Session, run: ScheduleRun) -> set[int]:
    return set(session.scalars(select(SlotAnswer.request_id).where(SlotAnswer.run_id == run.id, SlotAnswer.released)))


def my_meetings(session: Session, run: ScheduleRun, user: User) -> list[dict[str, Any]]:
    """The run's meetings the user takes part in, each with the user's answer (None, "accepted", "released")."""
    ids = [item["request"] for item in run.result.get("meetings", [])]
    mine = set(
        session.scalars(
            select(MeetingRequest.id).where(
                MeetingRequest.id.in_(ids),
                (MeetingRequest.requester_id == user.id) | (MeetingRequest.recipient_id == user.id),
            )
        )
    )
    answers = {
        answer.request_id: answer
        for answer in session.scalars(
            select(SlotAnswer).where(SlotAnswer.run_id == run.id, SlotAnswer.user_id == user.id)
        )
    }
    found = []
    for item in run.result.get("meetings", []):
        if item["request"] in mine:
            answer = answers.get(item["request"])
            state = None if answer is None else "released" if answer.released else "accepted"
            found.append({**item, "answer": state})
    return found


def answer_slot(
    session: Session, run: ScheduleRun, request_id: int, user: User, *, release: bool, now: datetime | None = None
) -> SlotAnswer:
    """The user accepts or releases their provisional meeting for `request_id` (changeable until the deadline)."""
    if not any(item["request"] == request_id for item in my_meetings(session, run, user)):
        raise NotAllowed(_l("This provisional meeting is not yours."))
    if run.status != ScheduleRunStatus.PREVIEW:
        raise DomainError(_l("This schedule was already published or discarded."))
    if run.answers_due_at is not None and (now or utcnow()) > run.answers_due_at:
        raise DomainError(_l("The deadline for answers has passed."))
    answer = session.scalar(
        select(SlotAnswer).where(
            SlotAnswer.run_id == run.id, SlotAnswer.request_id == request_id, SlotAnswer.user_id == user.id
        )
    )
    if answer is None:
        answer = SlotAnswer(run_id=run.id, request_id=request_id, user_id=user.id)
        session.add(answer)
    answer.released = release
    session.flush()
    record(session, "schedule.answer", run, actor=user, fair_id=run.fair_id, request=request_id, released=release)
    return answer


def names_of(session: Session, request_ids) -> dict[int, tuple[str, str]]:
    """{request id: (requester organization's name, recipient organization's name)}."""
    rows = session.scalars(
        select(MeetingRequest)
        .where(MeetingRequest.id.in_(sorted(set(request_ids))))
        .options(
            selectinload(MeetingRequest.requester_organization), selectinload(MeetingRequest.recipient_organization)
        )
    )
    return {r.id: (r.requester_organization.name, r.recipient_organization.name) for r in rows}


def counterparts(session: Session, mine: list[dict[str, Any]], user: User) -> dict[int, str]:
    """For each of the user's provisional meetings, the other side's organization."""
    found = {}
    for request in session.scalars(select(MeetingRequest).where(MeetingRequest.id.in_([m["request"] for m in mine]))):
        other = request.recipient_organization if request.requester_id == user.id else request.requester_organization
        found[request.id] = other.name
    return found


def answer_counts(session: Session, run: ScheduleRun) -> dict[int, dict[str, int]]:
    """{request id: {"accepted": n, "released": n}} over the run's answers."""
    counts: dict[int, dict[str, int]] = {}
    for answer in session.scalars(select(SlotAnswer).where(SlotAnswer.run_id == run.id)):
        entry = counts.setdefault(answer.request_id, {"accepted": 0, "released": 0})
        entry["released" if answer.released else "accepted"] += 1
    return counts
