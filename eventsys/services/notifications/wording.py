"""The words of each kind of notice, in the language in force, and where it leads."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from eventsys.models import NoticeKind

#: Title of each kind, as on the preferences page.
TITLES = {
    NoticeKind.REQUEST_RECEIVED: _l("Meeting request received"),
    NoticeKind.REQUEST_ACCEPTED: _l("Your request was accepted"),
    NoticeKind.REQUEST_DECLINED: _l("Your request was declined"),
    NoticeKind.REQUEST_WITHDRAWN: _l("A request to you was withdrawn"),
    NoticeKind.REQUEST_EXPIRING: _l("A request expires within 24 hours"),
    NoticeKind.AVAILABILITY_NEEDED: _l("No common free time: add availability"),
    NoticeKind.MEETING_BOOKED: _l("Meeting booked"),
    NoticeKind.MEETING_RESCHEDULED: _l("Meeting moved"),
    NoticeKind.MEETING_CANCELLED: _l("Meeting cancelled"),
    NoticeKind.SCHEDULE_PROVISIONAL: _l("Provisional schedule ready"),
    NoticeKind.SLOTS_PROPOSED: _l("Three slots proposed to you"),
    NoticeKind.SLOTS_DECLINED: _l("Your proposed slots were declined"),
    NoticeKind.SLOTS_WITHDRAWN: _l("Slots proposed to you were withdrawn"),
    NoticeKind.MEETING_REMINDER: _l("Reminder before a meeting"),
    NoticeKind.DAILY_AGENDA: _l("Your meetings of the day"),
}

_TEXTS = {
    NoticeKind.REQUEST_RECEIVED: _l("%(organization)s asks you for a meeting at %(fair)s."),
    NoticeKind.REQUEST_ACCEPTED: _l("%(organization)s accepted your meeting request at %(fair)s. Pick a slot."),
    NoticeKind.REQUEST_DECLINED: _l("%(organization)s declined your meeting request at %(fair)s."),
    NoticeKind.REQUEST_WITHDRAWN: _l("%(organization)s withdrew its meeting request at %(fair)s."),
    NoticeKind.REQUEST_EXPIRING: _l(
        "The meeting request from %(organization)s at %(fair)s expires within 24 hours: answer it before then."
    ),
    NoticeKind.AVAILABILITY_NEEDED: _l(
        "%(organization)s accepted your request at %(fair)s, but you have no free time in common. "
        "Add availability so a slot can be found."
    ),
    NoticeKind.MEETING_BOOKED: _l("Meeting with %(organization)s booked for %(when)s."),
    NoticeKind.MEETING_RESCHEDULED: _l("Meeting with %(organization)s moved to %(when)s."),
    NoticeKind.MEETING_CANCELLED: _l("Meeting with %(organization)s on %(when)s was cancelled."),
    NoticeKind.SCHEDULE_PROVISIONAL: _l(
        "A provisional schedule for %(fair)s is ready, with %(count)s meeting(s) for you."
    ),
    NoticeKind.SLOTS_PROPOSED: _l(
        "%(organization)s proposes three slots for your meeting at %(fair)s: pick one or decline them."
    ),
    NoticeKind.SLOTS_DECLINED: _l(
        "%(organization)s declined the three slots you proposed at %(fair)s. Propose others or add availability."
    ),
    NoticeKind.SLOTS_WITHDRAWN: _l(
        "%(organization)s withdrew the three slots it proposed at %(fair)s. Pick a slot, or propose three of your own."
    ),
    NoticeKind.MEETING_REMINDER: _l("Your meeting with %(organization)s at %(fair)s starts at %(when)s."),
    NoticeKind.DAILY_AGENDA: _l("You have %(count)s meeting(s) today, the first at %(when)s."),
}

#: Kinds that lead to the request's proposal page.
_PROPOSAL_KINDS = frozenset({NoticeKind.SLOTS_PROPOSED, NoticeKind.SLOTS_DECLINED, NoticeKind.SLOTS_WITHDRAWN})

_PARAMS = ("organization", "fair", "when", "count")


def describe(kind: NoticeKind, params: dict[str, Any]) -> str:
    """The notice's sentence in the language in force (a decline adds its reason)."""
    values = {name: params.get(name, "") for name in _PARAMS}
    text = str(_TEXTS[kind] % values)
    if params.get("reason"):
        text += " " + str(_l("Reason: %(reason)s", reason=params["reason"]))
    return text


def target(kind: NoticeKind, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The endpoint and values of the page the notice leads to."""
    slug = params.get("fair_slug")
    if kind == NoticeKind.AVAILABILITY_NEEDED and slug:
        return "meetings.edit_availability", {"slug": slug}
    if kind == NoticeKind.SCHEDULE_PROVISIONAL and params.get("run_id"):
        return "meeting_plans.provisional_schedule", {"run_id": params["run_id"]}
    if kind in _PROPOSAL_KINDS and params.get("request_id"):
        return "meeting_proposals.show_proposal", {"request_id": params["request_id"]}
    if kind in (NoticeKind.MEETING_REMINDER, NoticeKind.DAILY_AGENDA) and params.get("day"):
        return "meetings.agenda", {"day": params["day"]}  # the day in the center's zone, as the agenda's days are
    if kind.value.startswith("request_") and slug:
        return "meetings.list_requests", {"slug": slug}
    return "meetings.agenda", {}
