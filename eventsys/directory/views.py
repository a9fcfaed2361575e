"""Routes of the directory blueprint: the startup directory, recommendations and shortlists."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from eventsys.directory.query import directory_filters
from eventsys.extensions import db
from eventsys.models import Role
from eventsys.services import permissions
from eventsys.services.accounts import investors
from eventsys.services.directory import recommendations, shortlists
from eventsys.services.directory import search as directory
from eventsys.services.errors import DomainError

bp = Blueprint("directory", __name__, url_prefix="/startups")


class ShortlistNoteForm(FlaskForm):
    note = TextAreaField(
        _l("Private note (only your firm sees it)"), validators=[Length(max=shortlists.MAX_NOTE_LENGTH)]
    )


def _investor_or_organizer() -> None:
    """The startup directory is for investors (verified or not) and organizers."""
    if not permissions.acts_for_verified_organizer(current_user) and current_user.role != Role.INVESTOR:
        abort(403)


def _investor() -> None:
    organization = current_user.organization
    if current_user.role != Role.INVESTOR or organization is None or not organization.is_investor:
        abort(403)


@bp.route("/")
@login_required
def list_startups():
    """Search the startups by name and pitch, filter by sector, stage, country, region, fair and booth."""
    _investor_or_organizer()
    form, query = directory_filters(directory.STARTUP_SORTS)
    if query is None:
        return render_template("directory/startup_list.html", form=form, page=None, shortlisted=set()), 422
    page = directory.search_startups(db.session, query)
    return render_template(
        "directory/startup_list.html",
        form=form,
        page=page,
        shortlisted=shortlists.get_shortlisted_ids(db.session, current_user),
    )


@bp.route("/<int:organization_id>")
@login_required
def show_startup(organization_id: int):
    """A startup's profile, its booth on the floor plan, and its people for verified investors and organizers."""
    _investor_or_organizer()
    return _render_startup(organization_id)


def _render_startup(organization_id: int, form: ShortlistNoteForm | None = None, status: int = 200):
    startup = directory.get_startup(db.session, organization_id)
    if startup is None:
        abort(404)
    entry = None
    if current_user.role == Role.INVESTOR:
        entry = next(
            (e for e in shortlists.get_shortlist(db.session, current_user) if e.startup_id == startup.id), None
        )
    return render_template(
        "directory/startup_show.html",
        startup=startup,
        booths=directory.get_booths(db.session, [startup.id]),
        show_contacts=investors.can_see_contacts(current_user),
        entry=entry,
        form=form or ShortlistNoteForm(obj=entry),
    ), status


@bp.route("/recommended")
@login_required
def recommended_startups():
    """An investor's best-fitting startups, with reasons."""
    _investor()
    items = recommendations.recommend_startups(db.session, current_user.organization, limit=20)
    return render_template("directory/startup_recommendations.html", items=items)


@bp.route("/shortlist")
@login_required
def show_shortlist():
    """The investor firm's shortlist with private notes."""
    _investor()
    return render_template("directory/shortlist_show.html", entries=shortlists.get_shortlist(db.session, current_user))


@bp.route("/shortlist.csv")
@login_required
def export_shortlist():
    """The shortlist as a CSV file."""
    _investor()
    data = shortlists.export_csv(shortlists.get_shortlist(db.session, current_user))
    return Response(
        data,
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="shortlist.csv"'},
    )


@bp.route("/<int:organization_id>/shortlist", methods=["POST"])
@login_required
def save_to_shortlist(organization_id: int):
    """Save a startup to the shortlist, or change its note."""
    _investor()
    form = ShortlistNoteForm()
    if not form.validate_on_submit():
        return _render_startup(organization_id, form, 422)
    try:
        shortlists.save_to_shortlist(db.session, current_user, organization_id, form.note.data)
    except DomainError as error:
        db.session.rollback()
        abort(error.status)
    db.session.commit()
    flash(_("Saved to your shortlist."), "success")
    return redirect(url_for("directory.show_startup", organization_id=organization_id))


@bp.route("/<int:organization_id>/shortlist/remove", methods=["POST"])
@login_required
def remove_from_shortlist(organization_id: int):
    """Take a startup off the shortlist."""
    _investor()
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        shortlists.remove_from_shortlist(db.session, current_user, organization_id)
    except DomainError as error:
        db.session.rollback()
        abort(error.status)
    db.session.commit()
    flash(_("Removed from your shortlist."), "info")
    return redirect(url_for("directory.show_shortlist"))
