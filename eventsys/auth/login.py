"""Starting a log-in from a view: its UserSession row, then the cookies."""

from __future__ import annotations

from flask import request
from flask_login import login_user

from eventsys.extensions import db
from eventsys.models import User
from eventsys.services.accounts import sessions


def log_in(user: User, *, remember: bool = False) -> None:
    """Record a log-in of `user`, commit the view's transaction with it, and set the cookies that name it.

    Every login_user goes through here: a cookie that names no UserSession row is refused by the user loader.
    The commit comes first, so no cookie names a row that a failed commit lost.
    """
    sessions.start_session(db.session, user, user_agent=request.headers.get("User-Agent", ""))
    db.session.commit()
    login_user(user, remember=remember)
