"""Error pages in the site's look, and JSON errors for the API and for clients that ask for JSON."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from eventsys.extensions import db


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def error_response(status: int, message: str, title: str | None = None):
    """Answer an error as JSON or as a page, whichever the client asked for."""
    if wants_json():
        return {"error": {"status": status, "message": message}}, status
    return render_template("error.html", status=status, title=title or message, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return error_response(400, _("The form expired or was sent from elsewhere. Reload the page and try again."))

    # Unhandled exceptions reach this as InternalServerError (outside testing, where they propagate).
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code >= 500:
            db.session.rollback()
        return error_response(error.code or 500, _message(error.code), _title(error.code))


def _title(code: int | None) -> str:
    titles = {
        400: _("Bad request"),
        401: _("Please log in"),
        403: _("Not allowed"),
        404: _("Page not found"),
        405: _("Not possible here"),
        413: _("Too large"),
        429: _("Too many attempts"),
    }
    return titles.get(code or 500, _("Something went wrong"))


def _message(code: int | None) -> str:
    messages = {
        400: _("The request could not be understood."),
        401: _("Please log in to see this page."),
        403: _("You are not allowed to see this page."),
        404: _("We could not find that page."),
        405: _("That action is not possible here."),
        413: _("The upload is too large."),
        429: _("Too many attempts. Please wait a minute and try again."),
    }
    return messages.get(code or 500, _("Something went wrong on our side. We have been told and will fix it."))
