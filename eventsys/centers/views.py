"""Routes of the centers blueprint."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from eventsys.extensions import db
from eventsys.services.meetings import centers as center_service

bp = Blueprint("centers", __name__, url_prefix="/centers")


@bp.route("/")
def list_centers():
    """The open Business Support Centers with addresses, rooms and opening hours."""
    centers = center_service.get_centers(db.session, open_only=True)
    return render_template("centers/center_list.html", centers=centers)


@bp.route("/<slug>")
def show_center(slug: str):
    """One center with its rooms, hours and closures."""
    center = center_service.get_center(db.session, slug)
    if center is None:
        abort(404)
    return render_template("centers/center_show.html", center=center)
