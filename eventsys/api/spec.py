"""The API's one SpecTree: the routes' Pydantic models validate requests and make /api/v1/openapi.json.
Also the one way an API route requires login."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import abort, current_app
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import BaseModel
from spectree import Response, SpecTree

from eventsys.api.errors import InvalidJSON, invalid_input
from eventsys.errors import ErrorBody

View = TypeVar("View", bound=Callable)

FORM_MIMETYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def refuse_invalid_input(request, response, validation_error, instance, model_adapter) -> None:
    """SpecTree's hook before each view: malformed JSON is a 400, a body or query its schema rejects a 422."""
    if validation_error is not None:
        if _is_malformed(request.get_data()):
            raise InvalidJSON(_("The request body is not valid JSON."))
        raise invalid_input(validation_error.errors()[0])
    if request.method == "POST" and request.mimetype in FORM_MIMETYPES and _expects_json(request.endpoint):
        # SpecTree does not read a form-encoded body as JSON: it would reach the view as None
        raise InvalidJSON(_("Send the request body as a JSON object."))


def _is_malformed(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return bool(data.strip())
    return False


def _expects_json(endpoint: str) -> bool:
    metadata = spec.get_function_metadata(current_app.view_functions[endpoint])
    return metadata is not None and metadata.json is not None


spec = SpecTree(
    "flask",
    mode="strict",  # only the routes declared with spec.validate, none of the HTML pages
    title="eventsys API",
    version="1.0.0",
    description="Programs authenticate with the session cookie like the pages; every POST needs the page's CSRF "
    "token in an X-CSRFToken header. Errors answer {error: {code, message, field}} with the HTTP status.",
    before=refuse_invalid_input,
    validation_error_model=ErrorBody,
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
)


def answers(ok: type[BaseModel], *errors: int, status: int = 200) -> Response:
    """A route's responses: its model under the success status, the error body under each status it refuses with."""
    return Response(**{f"HTTP_{status}": ok}, **{f"HTTP_{code}": ErrorBody for code in errors})


def login_required(allowed: Callable | None = None) -> Callable[[View], View]:
    """401 for anonymous clients (never a redirect to the log-in page), 403 for a user that `allowed` refuses.

    It goes above spec.validate, so who asks is checked before what they sent."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                abort(401)
            if allowed is not None and not allowed(current_user):
                abort(403)
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate
