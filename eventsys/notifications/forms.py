"""Forms of the inbox: marking read, and the choice per kind of notice."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice

from eventsys.models import TIMED_KINDS, Delivery
from eventsys.services.notifications.preferences import CHOOSABLE
from eventsys.services.notifications.wording import TITLES


class MarkReadForm(FlaskForm):
    """A POST with its CSRF token: mark one notice, or all, read."""


DELIVERY_CHOICES = [
    SelectChoice(Delivery.AT_ONCE.value, _l("At once")),
    SelectChoice(Delivery.DIGEST.value, _l("Daily digest")),
    SelectChoice(Delivery.OFF.value, _l("Off")),
]


class NoticeSettingsForm(FlaskForm):
    """One choice per kind that can be chosen; booked, moved and cancelled meetings are always told at once."""

    def kind_fields(self):
        return [getattr(self, kind.value) for kind in CHOOSABLE]


#: Reminders and agendas lose their point when late: at once or off, no digest.
TIMED_CHOICES = [choice for choice in DELIVERY_CHOICES if choice.value != Delivery.DIGEST.value]

for _kind in CHOOSABLE:
    _choices = TIMED_CHOICES if _kind in TIMED_KINDS else DELIVERY_CHOICES
    setattr(NoticeSettingsForm, _kind.value, RadioField(TITLES[_kind], choices=_choices))
