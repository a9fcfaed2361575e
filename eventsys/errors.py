"""Error pages in the site's look, and one JSON error body for the API and for clients that ask for JSON."""

from __future__ import annotations

import re

from flask import Flask, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from pydantic import BaseModel, Field
from werkzeug.exceptions import HTTPException, InternalServerError, default_exceptions

from eventsys.extensions import db
from eventsys.services.errors import DomainError


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def error_code(error: DomainError | int) -> str:
    """The stable machine-readable name of an error: a service error's class in snake_case (booth_unavailable,
    not_approved), else the name of its HTTP status (conflict, unauthorized, not_found, method_not_allowed)."""
    if isinstance(error, int):
        return _snake_case(default_exceptions.get(error, InternalServerError).__name__)
    if type(error) is DomainError:  # a refusal without a class of its own
        return error_code(error.status)
    return _snake_case(type(error).__name__)


def _snake_case(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


class ErrorDetail(BaseModel):
    """What was refused and why."""

    code: str = Field(description="Stable machine-readable name: booth_unavailable, not_found, invalid_input, …")
    message: str = Field(description="Fit to show the person who asked, in their language")
    field: str | None = Field(description="The input the error is about (billing_email, starts_at), if one")


class ErrorBody(BaseModel):
    """The one JSON body of every error; the HTTP status is the response's."""

    error: ErrorDetail


def error_body(code: str, message: str, field: str | None = None) -> dict:
    """{"error": {"code", "message", "field"}}, as ErrorBody declares it."""
    return ErrorBody(error=ErrorDetail(code=code, message=message, field=field)).model_dump()


def error_response(status: int, message: str, title: str | None = None, *, code: str | None = None):
    """Answer an error as JSON or as a page, whichever the client asked for."""
    if wants_json():
        return error_body(code or error_code(status), message), status
    return render_template("error.html", status=status, title=title or message, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        message = _("The form expired or was sent from elsewhere. Reload the page and try again.")
        return error_response(400, message, code="csrf_error")

    # Unhandled exceptions reach this as InternalServerError (outside testing, where they propagate).
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code >= 500:
            db.session.rollback()
        return error_response(error.code or 500, _message(error.code), _title(error.code))


#: Each status's title and message, translated only when one is shown (a rush's refusals translate one of each).
_TITLES = {
    400: _l("Bad request"),
    401: _l("Please log in"),
    403: _l("Not allowed"),
    404: _l("Page not found"),
    405: _l("Not possible here"),
    413: _l("Too large"),
    429: _l("Too many attempts"),
}
_MESSAGES = {
    400: _l("The request could not be understood."),
    401: _l("Please log in to see this page."),
    403: _l("You are not allowed to see this page."),
    404: _l("We could not find that page."),
    405: _l("That action is not possible here."),
    413: _l("The upload is too large."),
    429: _l("Too many attempts. Please wait a minute and try again."),
}


def _title(code: int | None) -> str:
    return str(_TITLES.get(code or 500, _l("Something went wrong")))


def _message(code: int | None) -> str:
    return str(_MESSAGES.get(code or 500, _l("Something went wrong on our side. We have been told and will fix it.")))
