"""Loaders and guards for views: fetch the object or answer 404, check the user or answer 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import abort
from flask_login import current_user, login_required

from eventsys.extensions import db
from eventsys.models import Fair, Hall
from eventsys.services import fairs as fair_service

View = TypeVar("View", bound=Callable)


def organizer_required(view: View) -> View:
    """Only organizers and admins; anonymous users are sent to log in."""

    @wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if not current_user.is_organizer:
            abort(403)
        return view(*args, **kwargs)

    return guarded  # type: ignore[return-value]


def admin_required(view: View) -> View:
    """Only admins; anonymous users are sent to log in."""

    @wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return guarded  # type: ignore[return-value]


def load_fair(slug: str) -> Fair:
    fair = fair_service.get_fair(db.session, slug)
    if fair is None:
        abort(404)
    return fair


def load_hall(fair: Fair, hall_slug: str) -> Hall:
    hall = fair_service.get_hall(db.session, fair, hall_slug)
    if hall is None:
        abort(404)
    return hall
