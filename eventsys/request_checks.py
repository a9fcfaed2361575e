"""Checks every request passes before a view sees it: text the database cannot store, ids past 32 bits.

One place for what every form and API field would otherwise each have to refuse: PostgreSQL stores no NUL
character and no lone UTF-16 surrogate (which JSON's \\ud800 escapes can produce), and the primary keys are
INTEGER columns, which end at 2^31-1 (a larger id in a query is an "integer out of range" error, not "not found").
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

#: The largest id the database stores: every primary key is an INTEGER (signed 32 bits in PostgreSQL).
MAX_ID = 2**31 - 1


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` in routes, bounded to what the database stores: a larger id is simply not found (404)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def parse_id(value: str | None) -> int | None:
    """An id from a query string ("?type=12"): None for anything but ASCII digits within MAX_ID."""
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 10:
        return None
    number = int(value)
    return number if number <= MAX_ID else None


def is_storable(text: str) -> bool:
    """Whether a database column can hold `text`: no NUL and valid UTF-8 (no lone surrogates)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _texts(value: Any):
    """Every string inside a parsed JSON value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def _request_texts():
    yield from request.args.keys()
    yield from (value for values in request.args.listvalues() for value in values)
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if request.is_json:
            yield from _texts(request.get_json(silent=True))
        else:
            yield from request.form.keys()
            yield from (value for values in request.form.listvalues() for value in values)


def refuse_unstorable_text():
    """Answer 400 with a message for a query, form or JSON body that holds text no column can store."""
    from eventsys.errors import error_response

    if not all(is_storable(text) for text in _request_texts()):
        return error_response(400, _("The text you sent contains characters that cannot be stored (such as NUL)."))
    return None


def register(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.before_request(refuse_unstorable_text)
