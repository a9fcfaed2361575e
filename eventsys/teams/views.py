"""Routes of the teams blueprint."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from eventsys.access import password_policy
from eventsys.auth.login import log_in
from eventsys.extensions import db
from eventsys.forms import show_refusal
from eventsys.models import MemberRole, TeamInvitation
from eventsys.services.accounts import fair_staff, teams
from eventsys.services.errors import DomainError
from eventsys.teams.forms import InvitationAcceptForm, InvitationCreateForm, InvitationJoinForm

bp = Blueprint("teams", __name__, url_prefix="/team")


def _own_organization():
    """The user's organization, if they may manage its team: 404 without one, 403 for an organizer organization's
    members who do not own it (their fairs' owners invite people from each fair's staff page)."""
    organization = current_user.organization
    if organization is None:
        abort(404)
    if not teams.can_manage_team(current_user, organization):
        abort(403)
    return organization


@bp.route("/", methods=["GET", "POST"])
@login_required
def show_team():
    """The user's organization: its people, open invitations, and a form to invite a colleague."""
    organization = _own_organization()
    form = InvitationCreateForm()
    if form.validate_on_submit():
        try:
            invitation = teams.invite_member(
                db.session,
                organization,
                form.email.data,
                actor=current_user,
                role=MemberRole(form.role.data),
                title=form.title.data or None,
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("We have sent an invitation to %(email)s.", email=invitation.email), "success")
            return redirect(url_for("teams.show_team"))
    invitations = teams.get_open_invitations(db.session, organization)
    return render_template(
        "teams/team_show.html",
        organization=organization,
        form=form,
        invitations=invitations,
        revoke_form=InvitationJoinForm(),
    ), 422 if form.is_submitted() else 200


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
@login_required
def revoke_invitation(invitation_id: int):
    """Withdraw an open invitation."""
    invitation = db.session.get(TeamInvitation, invitation_id)
    if invitation is None or not InvitationJoinForm().validate_on_submit():
        abort(404 if invitation is None else 400)
    try:
        teams.revoke_invitation(db.session, invitation, actor=current_user)
    except DomainError as error:
        abort(error.status)
    db.session.commit()
    flash(_("The invitation to %(email)s was withdrawn.", email=invitation.email), "info")
    return redirect(url_for("teams.show_team"))


@bp.route("/join/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Accept an e-mailed invitation: join with the logged-in account, or create one with name and password."""
    config = current_app.config
    max_age = int(config.get("TEAM_INVITATION_MAX_AGE", teams.INVITATION_MAX_AGE))
    try:
        invitation = teams.get_invitation_for_token(db.session, token, config["SECRET_KEY"], max_age)
    except DomainError as error:
        return render_template("auth/reset_invalid.html", message=str(error)), error.status
    form = InvitationJoinForm() if current_user.is_authenticated else InvitationAcceptForm()
    if form.validate_on_submit():
        try:
            user = teams.accept_invitation(db.session, invitation, **_joiner(form))
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            if current_user.is_authenticated:
                db.session.commit()  # the logged-in user joined; their log-in goes on
            else:
                log_in(user)
            flash(_("Welcome to %(organization)s.", organization=invitation.organization.name), "success")
            endpoint, values = fair_staff.landing_endpoint(invitation.fair, invitation.fair_role)
            return redirect(url_for(endpoint, **values))
    return render_template(
        "teams/invitation_accept.html", invitation=invitation, form=form
    ), 422 if form.is_submitted() else 200


def _joiner(form) -> dict:
    if current_user.is_authenticated:
        return {"user": current_user._get_current_object()}
    return {
        "name": form.name.data,
        "name_local": form.name_local.data or None,
        "password": form.password.data,
        "policy": password_policy(),
    }
