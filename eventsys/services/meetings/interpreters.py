"""Interpreters: a center's third resource beside rooms and people, and the languages people meet in.

A meeting whose two people both declared languages (User.meeting_languages) and share none needs an interpreter
of its center who speaks a language of each side and works that day for the whole slot (Interpreter.days,
starts_at–ends_at in the center's zone). One meeting per interpreter and slot: the partial unique index
uq_meetings_interpreter_slot makes it hold when two people book at once. Center admins keep the list.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from babel.dates import format_date
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.formatting import translated
from eventsys.models import Center, Interpreter, Meeting, MeetingRequest, MeetingStatus, User
from eventsys.services.audit import record
from eventsys.services.errors import DomainError, InvalidInput
from eventsys.services.meetings.scheduling_instance import can_interpret, needs_interpreter

#: The languages people can meet in (ISO 639-1), as offered by meetings.forms.LANGUAGES.
MEETING_LANGUAGES = ("en", "ja", "zh", "ko", "fr", "de", "es")


def parse_languages(text: str) -> list[str]:
    """ "ja, es" → ["ja", "es"]; refuses codes we do not offer."""
    codes = [code for code in re.split(r"[\s,;]+", (text or "").strip().lower()) if code]
    unknown = [code for code in codes if code not in MEETING_LANGUAGES]
    if unknown:
        raise InvalidInput(
            _l("Unknown language code %(code)s; use %(codes)s.", code=unknown[0], codes=", ".join(MEETING_LANGUAGES)),
            field="languages",
        )
    return sorted(set(codes), key=MEETING_LANGUAGES.index)


def parse_days(text: str) -> list[str]:
    """ "2027-05-13, 2027-05-14" → ISO dates."""
    days = []
    for part in re.split(r"[\s,;]+", (text or "").strip()):
        if not part:
            continue
        try:
            days.append(date.fromisoformat(part).isoformat())
        except ValueError:
            raise InvalidInput(_l("Write days as YYYY-MM-DD, e.g. 2027-05-13."), field="days") from None
    if not days:
        raise InvalidInput(_l("Give at least one day."), field="days")
    return sorted(set(days))


def set_meeting_languages(session: Session, user: User, codes: list[str]) -> None:
    user.meeting_languages = [code for code in MEETING_LANGUAGES if code in set(codes)]
    session.flush()
    record(session, "user.meeting_languages", user, actor=user, languages=user.meeting_languages)


def save_interpreter(
    session: Session,
    center: Center,
    actor: User,
    *,
    name: str,
    languages: list[str],
    days: list[str],
    starts_at: time,
    ends_at: time,
    interpreter: Interpreter | None = None,
) -> Interpreter:
    """Add an interpreter to the center (or change one)."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_l("Give the interpreter's name."), field="name")
    if len(languages) < 2:
        raise InvalidInput(_l("An interpreter needs at least two languages."), field="languages")
    if ends_at <= starts_at:
        raise InvalidInput(_l("The end must be after the start."), field="ends_at")
    clash = session.scalar(
        select(Interpreter.id).where(
            Interpreter.center_id == center.id,
            Interpreter.name == name,
            Interpreter.id != (interpreter.id if interpreter else -1),
        )
    )
    if clash is not None:
        raise InvalidInput(_l("This center already has an interpreter of that name."), field="name")
    if interpreter is None:
        interpreter = Interpreter(center_id=center.id)
        session.add(interpreter)
    interpreter.name, interpreter.languages, interpreter.days = name, languages, days
    interpreter.starts_at, interpreter.ends_at = starts_at, ends_at
    session.flush()
    record(session, "interpreter.save", interpreter, actor=actor, center=center.id, languages=languages)
    return interpreter


def delete_interpreter(session: Session, interpreter: Interpreter, actor: User) -> None:
    record(session, "interpreter.delete", interpreter, actor=actor, center=interpreter.center_id)
    session.delete(interpreter)
    session.flush()


def hours_utc(interpreter: Interpreter, zone) -> list[tuple[datetime, datetime]]:
    """The interpreter's working hours as UTC intervals, one per day."""
    found = []
    for day in interpreter.days:
        on = date.fromisoformat(day)
        found.append(
            (
                datetime.combine(on, interpreter.starts_at, zone).astimezone(UTC),
                datetime.combine(on, interpreter.ends_at, zone).astimezone(UTC),
            )
        )
    return found


def request_languages(request: MeetingRequest) -> tuple[set[str], set[str]]:
    """The languages of the two people of a request (an unnamed recipient has none declared)."""
    first = set(request.requester.meeting_languages or ()) if request.requester else set()
    second = set(request.recipient.meeting_languages or ()) if request.recipient else set()
    return first, second


def language_pair(first: set[str], second: set[str]) -> str:
    return "–".join(sorted(first)[:1] + sorted(second)[:1])


def missing_interpreter_message(pair: str, city: str, day: date):
    locale = str(get_locale() or "en")
    when = format_date(day, "M月d日" if locale.startswith("ja") else "d MMM", locale=locale)
    return _l("No %(languages)s interpreter at %(city)s on %(day)s.", languages=pair, city=city, day=when)


def choose_interpreter(
    session: Session, request: MeetingRequest, center: Center, starts_at: datetime, ends_at: datetime, *, skip=None
) -> Interpreter | None:
    """The interpreter a meeting of `request` at that time needs, or None when its sides share a language.

    DomainError naming the languages, city and day when every fitting interpreter is busy or none works then.
    """
    first, second = request_languages(request)
    if not needs_interpreter(first, second):
        return None
    busy = select(Meeting.interpreter_id).where(
        Meeting.interpreter_id.is_not(None),
        Meeting.status != MeetingStatus.CANCELLED,
        Meeting.starts_at < ends_at,
        Meeting.ends_at > starts_at,
    )
    if skip is not None:
        busy = busy.where(Meeting.id != skip)
    taken = set(session.scalars(busy))
    candidates = session.scalars(
        select(Interpreter).where(Interpreter.center_id == center.id).order_by(Interpreter.id)
    ).all()
    fitting = sorted(
        (i for i in candidates if can_interpret(set(i.languages), first, second)),
        key=lambda i: (len(i.languages), i.id),
    )
    for interpreter in fitting:
        works = any(a <= starts_at and ends_at <= b for a, b in hours_utc(interpreter, center.zone))
        if works and interpreter.id not in taken:
            return interpreter
    day = starts_at.astimezone(center.zone).date()
    raise DomainError(
        missing_interpreter_message(
            language_pair(first, second), translated(center.city, center.city_translations), day
        ),
        field="starts_at",
    )
