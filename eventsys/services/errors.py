"""Domain errors the services raise; views turn them into flash messages, the API into 4xx JSON."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal with a message fit to show the person who asked."""

    #: HTTP status the API answers with.
    status = 409

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        #: The input the refusal is about ("email", "password"), for forms to show it there.
        self.field = field


class NotAllowed(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class InvalidInput(DomainError):
    status = 422


class ConfirmationNeeded(DomainError):
    """A change that affects existing bookings or meetings: it is made only once the person has confirmed it."""

    status = 409
