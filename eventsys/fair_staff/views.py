"""Routes of the fair_staff blueprint: the fair's people and their roles, invitations by e-mail. Owners only."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventsys.access import load_owned_fair
from eventsys.extensions import db
from eventsys.fair_staff.forms import (
    FAIR_ROLE_HINTS,
    FAIR_ROLE_LABELS,
    NO_ROLE,
    StaffInvitationForm,
    StaffInvitationRevokeForm,
    StaffRoleForm,
)
from eventsys.forms import show_refusal
from eventsys.models import Fair, FairRole
from eventsys.services.accounts import fair_staff
from eventsys.services.errors import DomainError

bp = Blueprint("fair_staff", __name__, url_prefix="/organizer/fairs/<slug>/staff")


@bp.route("")
@login_required
def list_staff(slug: str):
    """The organization's people with their role at this fair, open invitations, and the form to invite."""
    return _staff_page(load_owned_fair(slug))


def _staff_page(fair: Fair, status: int = 200, *, invitation_form=None, role_form=None, failed_user_id=None):
    page = render_template(
        "fair_staff/staff_list.html",
        fair=fair,
        staff=fair_staff.get_staff(db.session, fair),
        invitations=fair_staff.get_open_invitations(db.session, fair),
        invitation_form=invitation_form or StaffInvitationForm(formdata=None),
        role_form=role_form or StaffRoleForm(formdata=None),
        failed_user_id=failed_user_id,
        revoke_form=StaffInvitationRevokeForm(),
        role_labels=FAIR_ROLE_LABELS,
        role_hints=FAIR_ROLE_HINTS,
        no_role=NO_ROLE,
    )
    return page, status


@bp.route("/invitations", methods=["POST"])
@login_required
def invite_staff(slug: str):
    """Invite someone by e-mail with a role at this fair; inviting the same address again re-sends the mail."""
    fair = load_owned_fair(slug)
    form = StaffInvitationForm()
    if not form.validate_on_submit():
        return _staff_page(fair, 422, invitation_form=form)
    try:
        invitation = fair_staff.invite(db.session, fair, form.email.data, FairRole(form.role.data), actor=current_user)
    except DomainError as error:
        db.session.rollback()
        show_refusal(form, error)
        return _staff_page(load_owned_fair(slug), error.status, invitation_form=form)
    db.session.commit()
    flash(_("We have sent an invitation to %(email)s.", email=invitation.email), "success")
    return redirect(url_for("fair_staff.list_staff", slug=fair.slug))


@bp.route("/<int:user_id>", methods=["POST"])
@login_required
def change_role(slug: str, user_id: int):
    """Give a member of the organization another role at this fair, or none."""
    fair = load_owned_fair(slug)
    form = StaffRoleForm()
    if not form.validate_on_submit():
        return _staff_page(fair, 422, role_form=form, failed_user_id=user_id)
    try:
        user = fair_staff.set_role(db.session, fair, user_id, form.chosen_role(), actor=current_user)
    except DomainError as error:
        db.session.rollback()
        if error.status == 404:
            abort(404)
        show_refusal(form, error)
        return _staff_page(load_owned_fair(slug), error.status, role_form=form, failed_user_id=user_id)
    db.session.commit()
    flash(_("The role of %(name)s at %(fair)s is saved.", name=user.name, fair=fair.name), "success")
    return redirect(url_for("fair_staff.list_staff", slug=fair.slug))


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
@login_required
def revoke_invitation(slug: str, invitation_id: int):
    """Withdraw an open invitation to this fair; its link stops working."""
    fair = load_owned_fair(slug)
    if not StaffInvitationRevokeForm().validate_on_submit():
        abort(400)
    try:
        invitation = fair_staff.revoke(db.session, fair, invitation_id, actor=current_user)
    except DomainError as error:
        db.session.rollback()
        abort(error.status)
    db.session.commit()
    flash(_("The invitation to %(email)s was withdrawn.", email=invitation.email), "info")
    return redirect(url_for("fair_staff.list_staff", slug=fair.slug))
