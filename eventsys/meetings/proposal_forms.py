"""Forms for proposing three slots, answering them and withdrawing them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, HiddenField, IntegerField, SelectField, TimeField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from eventsys.models import SLOTS_PER_PROPOSAL


class ProposedSlotForm(Form):
    """One slot: a center, a fair day and a start in the center's zone."""

    center = SelectField(_l("Center"), coerce=int, validators=[InputRequired(_l("Choose a center."))])
    day = SelectField(_l("Day"), validators=[DataRequired(_l("Choose a day of the fair."))])
    starts = TimeField(_l("Start (center's time)"), validators=[InputRequired(_l("Enter a start time."))])


class ProposeSlotsForm(FlaskForm):
    slots = FieldList(FormField(ProposedSlotForm), min_entries=SLOTS_PER_PROPOSAL, max_entries=SLOTS_PER_PROPOSAL)


class AnswerSlotsForm(FlaskForm):
    """Pick one slot (its position) or decline them all; `proposal` is the proposal the page showed."""

    proposal = HiddenField(validators=[DataRequired()])
    position = IntegerField(validators=[Optional(), NumberRange(min=1, max=SLOTS_PER_PROPOSAL)])


class WithdrawSlotsForm(FlaskForm):
    """The proposer takes back the open proposal the page showed (`proposal`), not one made since."""

    proposal = HiddenField(validators=[DataRequired()])
