"""No GET route writes to the database: while the app serves a GET or HEAD request, any INSERT, UPDATE or DELETE
fails the test. Installed on the test engine for the whole suite (conftest.py)."""

from __future__ import annotations

import os

from flask import Flask, g, has_app_context, request, request_started
from sqlalchemy import event
from sqlalchemy.engine import Engine

#: Statements that change rows.
WRITES = ("INSERT", "UPDATE", "DELETE")
READ_ONLY_METHODS = ("GET", "HEAD")


class GetWroteToDatabase(AssertionError):
    """A GET route ran a statement that changes rows."""


def _mark_request(app: Flask, **_extra) -> None:
    # request_started is sent only for a request the app dispatches, not for a bare test_request_context().
    g.read_only_request = request.method in READ_ONLY_METHODS


def _check_statement(conn, cursor, statement: str, parameters, context, executemany) -> None:
    if not has_app_context() or not g.get("read_only_request"):
        return
    verb = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
    if verb in WRITES:
        message = f"{request.method} {request.path} ({request.endpoint}) wrote: {' '.join(statement.split())[:160]}"
        if os.environ.get("GET_GUARD_LOG"):
            with open(os.environ["GET_GUARD_LOG"], "a") as log:
                log.write(message + "\n")
            return
        raise GetWroteToDatabase(message)


def install(app: Flask, engine: Engine) -> None:
    """Fail every write made while `app` serves a GET or HEAD request."""
    request_started.connect(_mark_request, app)
    event.listen(engine, "before_cursor_execute", _check_statement)
