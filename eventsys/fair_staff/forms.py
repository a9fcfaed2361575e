"""Forms of the fair_staff blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField
from wtforms.validators import DataRequired

from eventsys.forms import email_field
from eventsys.models import FairRole

#: How each role at a fair reads in lists and choices.
FAIR_ROLE_LABELS = {
    FairRole.OWNER: _l("Owner"),
    FairRole.STAFF: _l("Staff"),
    FairRole.CHECK_IN: _l("Check-in"),
    FairRole.FINANCE: _l("Finance"),
}

#: What each role may do, beside its name.
FAIR_ROLE_HINTS = {
    FairRole.OWNER: _l("everything, including the fair's settings and staff"),
    FairRole.STAFF: _l("exhibitors, booths, meetings and badges"),
    FairRole.CHECK_IN: _l("the check-in desk only"),
    FairRole.FINANCE: _l("invoices and payments, and the invoice figures of the fair dashboard"),
}

#: The value of "no role at this fair" in the role menu.
NO_ROLE = "none"


def _role_choices(with_none: bool) -> list[SelectChoice]:
    choices = [SelectChoice(role.value, f"{FAIR_ROLE_LABELS[role]} ({FAIR_ROLE_HINTS[role]})") for role in FairRole]
    return [*choices, SelectChoice(NO_ROLE, _l("No role at this fair"))] if with_none else choices


class StaffInvitationForm(FlaskForm):
    """Invite someone by e-mail into the organization, with a role at this fair."""

    email = email_field(_l("Their e-mail address"))
    role = SelectField(_l("Role at this fair"), choices=_role_choices(False), default=FairRole.STAFF.value)


class StaffRoleForm(FlaskForm):
    """A member's role at this fair, or none."""

    role = SelectField(_l("Role at this fair"), choices=_role_choices(True), validators=[DataRequired()])

    def chosen_role(self) -> FairRole | None:
        return None if self.role.data == NO_ROLE else FairRole(self.role.data)


class StaffInvitationRevokeForm(FlaskForm):
    """Only the CSRF token: withdrawing an invitation is one button."""
