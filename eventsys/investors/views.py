"""Routes of the investors blueprint."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from eventsys.access import password_policy, permission_required
from eventsys.auth.forms import ResetPasswordForm
from eventsys.directory.query import directory_filters, sector_choices
from eventsys.extensions import db
from eventsys.forms import show_refusal
from eventsys.investors.forms import InvestorImportForm, InvestorProfileForm, VerificationDecisionForm
from eventsys.models import Organization, Role, Verification
from eventsys.services import permissions
from eventsys.services.accounts import first_steps, investor_import, investors
from eventsys.services.accounts import users as accounts
from eventsys.services.accounts.investors import INVESTOR_TYPE_LABELS, REGION_LABELS, STAGE_LABELS
from eventsys.services.directory import recommendations
from eventsys.services.directory import search as directory
from eventsys.services.errors import DomainError
from eventsys.services.fairs.catalog import today_in

bp = Blueprint("investors", __name__, url_prefix="/investors")

#: How a firm's verification reads in messages.
VERIFICATION_LABELS = {
    Verification.PENDING: _l("pending"),
    Verification.VERIFIED: _l("verified"),
    Verification.REJECTED: _l("rejected"),
}
#: How long the set-password link of an imported investor works.
WELCOME_MAX_AGE = 14 * 24 * 3600


@bp.app_template_filter("stage_label")
def stage_label(value) -> str:
    return str(STAGE_LABELS.get(value, value)) if value else ""


@bp.app_template_filter("region_label")
def region_label(value) -> str:
    return str(REGION_LABELS.get(value, value)) if value else ""


@bp.app_template_filter("investor_type_label")
def investor_type_label(value) -> str:
    return str(INVESTOR_TYPE_LABELS.get(value, value)) if value else ""


def _own_firm() -> Organization:
    """The logged-in investor's firm, or 403 for everybody else."""
    organization = current_user.organization
    if current_user.role != Role.INVESTOR or organization is None or not organization.is_investor:
        abort(403)
    return organization


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def edit_profile():
    """An investor describes the firm and chooses what startups may see of it."""
    firm = _own_firm()
    form = InvestorProfileForm(obj=firm)
    form.sectors.choices = sector_choices()
    if request.method == "GET":
        form.sectors.data = [s.slug for s in firm.sectors]
        form.stages.data = [s.value for s in firm.stages_of_interest]
        form.regions.data = [r.value for r in firm.regions_of_interest]
        form.investor_type.data = firm.investor_type.value if firm.investor_type else None
        form.ticket_currency.data = firm.ticket_currency.value if firm.ticket_currency else ""
    if form.validate_on_submit():
        try:
            investors.update_profile(
                db.session, firm, investors.InvestorProfile(**form.profile_values()), actor=current_user
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("Your firm's profile has been saved."), "success")
            return redirect(url_for("investors.edit_profile"))
    status = 422 if form.is_submitted() else 200
    steps = first_steps.steps_for(db.session, current_user, today_in(current_app.config["DEFAULT_TIMEZONE"]))
    return render_template("investors/profile_edit.html", form=form, firm=firm, steps=steps), status


@bp.route("/verification")
@permission_required(permissions.can_verify_investors)
def verification_queue():
    """Organizers: investor firms waiting for verification, with what is needed to decide."""
    return render_template(
        "investors/verification_list.html",
        pending=investors.get_pending_investors(db.session),
        form=VerificationDecisionForm(),
    )


@bp.route("/<int:organization_id>/verification", methods=["POST"])
@permission_required(permissions.can_verify_investors)
def decide_verification(organization_id: int):
    """Organizers verify or reject a firm; the firm's people get a mail with the reason."""
    firm = db.session.get(Organization, organization_id)
    if firm is None:
        abort(404)
    form = VerificationDecisionForm()
    if form.validate_on_submit():
        try:
            investors.decide_verification(
                db.session, firm, Verification(form.decision.data), actor=current_user, reason=form.reason.data
            )
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(
                _("%(firm)s: %(decision)s.", firm=firm.name, decision=VERIFICATION_LABELS[firm.verification]), "success"
            )
            return redirect(url_for("investors.verification_queue"))
    pending = investors.get_pending_investors(db.session)
    return render_template(
        "investors/verification_list.html", pending=pending, form=form, failed_id=organization_id
    ), 422


@bp.route("/import", methods=["GET", "POST"])
@permission_required(permissions.can_verify_investors)
def import_investors():
    """Organizers import investors from a CSV file; all rows or none, with errors by row."""
    form = InvestorImportForm()
    errors: list = []
    if form.validate_on_submit():
        data = form.file.data.read(investor_import.MAX_BYTES + 1)
        try:
            result = investor_import.import_investors(db.session, data, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            show_refusal(form, error)
            errors = getattr(error, "errors", [])
        else:
            db.session.commit()
            flash(
                _(
                    "Imported: %(created)d new people, %(updated)d updated, in %(firms)d firms.",
                    created=len(result.created),
                    updated=len(result.updated),
                    firms=result.firms,
                ),
                "success",
            )
            return redirect(url_for("investors.import_investors"))
    return render_template(
        "investors/import_form.html",
        form=form,
        errors=errors,
        columns=investor_import.REQUIRED_COLUMNS,
        optional=investor_import.OPTIONAL_COLUMNS,
    ), 422 if form.is_submitted() else 200


@bp.route("/welcome/<token>", methods=["GET", "POST"])
def welcome(token: str):
    """An imported investor chooses a password from the invitation link; the reset page with a longer life."""
    try:
        user = accounts.get_user_for_reset_token(db.session, token, current_app.config["SECRET_KEY"], WELCOME_MAX_AGE)
    except DomainError as error:
        return render_template("auth/reset_invalid.html", message=str(error)), error.status
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.set_password(db.session, user, form.password.data, password_policy(), action="user.welcome")
        except DomainError as error:
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("Your password is set. Please log in."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form), 422 if form.is_submitted() else 200


def _startup_or_organizer() -> None:
    if not permissions.acts_for_verified_organizer(current_user) and current_user.role != Role.STARTUP:
        abort(403)


@bp.route("/")
@login_required
def list_investors():
    """Startups and organizers: verified investor firms that chose to be listed, with search and filters."""
    _startup_or_organizer()
    form, query = directory_filters(directory.INVESTOR_SORTS)
    if query is None:
        return render_template("investors/investor_list.html", form=form, page=None), 422
    page = directory.search_investors(db.session, query)
    return render_template("investors/investor_list.html", form=form, page=page)


@bp.route("/<int:organization_id>")
@login_required
def show_investor(organization_id: int):
    """A listed investor's public card: what the firm chose to show, never e-mail addresses."""
    _startup_or_organizer()
    card = directory.get_listed_investor(db.session, organization_id)
    if card is None:
        abort(404)
    return render_template("investors/investor_show.html", card=card)


@bp.route("/recommended")
@login_required
def recommended_investors():
    """A startup's best-fitting investors, with reasons."""
    if current_user.role != Role.STARTUP or current_user.organization is None:
        abort(403)
    items = recommendations.recommend_investors(db.session, current_user.organization, limit=20)
    return render_template("investors/investor_recommendations.html", items=items)
