"""Each person's choice per kind of notice: at once, in a daily digest, or off (meeting changes always at once)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from eventsys.models import ALWAYS_AT_ONCE, TIMED_KINDS, Delivery, NoticeKind, NoticePreference, User
from eventsys.services.errors import InvalidInput

#: Kinds a person may choose for, in the order the settings page lists them.
CHOOSABLE = [kind for kind in NoticeKind if kind not in ALWAYS_AT_ONCE]


#: User ids per query: well under the databases' limits on bound parameters.
BATCH = 5_000


def get_deliveries(session: Session, user_ids: list[int], kind: NoticeKind) -> dict[int, Delivery]:
    """The chosen delivery of `kind` for those of `user_ids` who chose one."""
    ids = sorted(set(user_ids))
    chosen: dict[int, Delivery] = {}
    for start in range(0, len(ids), BATCH):
        query = select(NoticePreference.user_id, NoticePreference.delivery).where(
            NoticePreference.user_id.in_(ids[start : start + BATCH]), NoticePreference.kind == kind
        )
        chosen.update(session.execute(query).all())
    return chosen


def get_preferences(session: Session, user: User) -> dict[NoticeKind, Delivery]:
    """Every choosable kind with the user's choice (at once when none)."""
    chosen = dict(
        session.execute(
            select(NoticePreference.kind, NoticePreference.delivery).where(NoticePreference.user_id == user.id)
        ).all()
    )
    return {kind: chosen.get(kind, Delivery.AT_ONCE) for kind in CHOOSABLE}


def set_preferences(session: Session, user: User, choices: dict[str, str]) -> None:
    """Store the user's choices {kind: delivery}; a kind that cannot be chosen or an unknown delivery is refused."""
    parsed = {}
    for kind_value, delivery_value in choices.items():
        try:
            kind, delivery = NoticeKind(kind_value), Delivery(delivery_value)
        except ValueError:
            raise InvalidInput(_l("Choose at once, daily digest or off."), field=kind_value) from None
        if kind in ALWAYS_AT_ONCE:
            raise InvalidInput(_l("Booked, moved and cancelled meetings are always told at once."), field=kind_value)
        if kind in TIMED_KINDS and delivery == Delivery.DIGEST:
            raise InvalidInput(
                _l("Reminders before a meeting and the day's agenda come at once or not by mail."), field=kind_value
            )
        parsed[kind] = delivery
    rows = {
        row.kind: row for row in session.scalars(select(NoticePreference).where(NoticePreference.user_id == user.id))
    }
    for kind, delivery in parsed.items():
        if kind in rows:
            rows[kind].delivery = delivery
        else:
            session.add(NoticePreference(user_id=user.id, kind=kind, delivery=delivery))
    session.flush()
