"""How the API refuses: a service's DomainError, malformed JSON and input a schema rejects all answer the one
error body of eventsys.errors, with the error's HTTP status."""

from __future__ import annotations

from flask_babel import gettext as _
from pydantic_core import ErrorDetails

from eventsys.errors import error_body, error_code
from eventsys.extensions import db
from eventsys.services.errors import DomainError, InvalidInput


class InvalidJSON(DomainError):
    """The request body is not JSON at all."""

    status = 400


def refuse(error: DomainError):
    """Answer a refusal raised by a service or a schema; whatever the request changed is undone."""
    body = error_body(error_code(error), str(error), error.field)  # before the rollback expires what it names
    db.session.rollback()
    return body, error.status


def invalid_input(problem: ErrorDetails) -> InvalidInput:
    """The first problem Pydantic found, as a refusal that names the field and says why in the user's language."""
    field = str(problem["loc"][0]) if problem["loc"] else None
    kind = problem["type"]
    if field is None:
        message = _("Send the request body as a JSON object.")
    elif kind == "missing":
        message = _("%(field)s is required.", field=field)
    elif kind == "string_too_long":
        limit = problem["ctx"]["max_length"]
        message = _("%(field)s is too long: at most %(count)d characters.", field=field, count=limit)
    elif kind == "value_error":  # our own validators raise ValueError with a translated message
        message = str(problem["ctx"]["error"])
    else:
        message = _("%(field)s is not valid.", field=field)
    return InvalidInput(message, field=field)
