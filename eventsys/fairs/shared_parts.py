"""Page parts that look the same to everyone, cached (services/page_cache.py), with the per-person bits filled in.

A template marks its shared part with `{% shared part %}…{% endshared %}`; the view gives `part`, a SharedPart
that names the entry and the scopes it shows. What differs from person to person is not in the cached HTML:
slots (`{{ part.slot("booth-panel") }}`) are filled with HTML rendered for this request, and the startup's own
booths get their marks (class booth--own, the booking's id, status and end for the countdown, "yours" in the
label) on the way out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from flask_babel import gettext as _
from jinja2 import nodes
from jinja2.ext import Extension
from markupsafe import Markup, escape

from eventsys.services import page_cache


class SharedPart:
    def __init__(self, name: str, scopes: list[str], stale_at: Callable[[], datetime | None] = lambda: None):
        self.name, self.scopes, self.stale_at = name, scopes, stale_at
        self.slots: dict[str, str] = {}
        self.own_bookings: list = []
        self.etag: str | None = None

    def entry(self, build: Callable[[], str]) -> page_cache.Entry:
        entry = page_cache.fetch(self.name, self.scopes, lambda: (build(), self.stale_at()))
        self.etag = entry.etag
        return entry

    def render(self, caller: Callable[[], str]) -> Markup:
        html = self.entry(lambda: str(caller())).body
        for name, filling in self.slots.items():
            html = html.replace(_slot_mark(name), filling)
        return Markup(mark_own_booths(html, self.own_bookings))

    def slot(self, name: str) -> Markup:
        return Markup(_slot_mark(name))


def _slot_mark(name: str) -> str:
    return f"<!--eventsys-slot:{name}-->"


def mark_own_booths(html: str, bookings) -> str:
    """The floor plan's <g> of each of `bookings`' booths marked as the viewer's own, as floorplan.js expects."""
    for own in bookings:
        pattern = re.compile(
            rf'(<g class="booth booth--\w+)(" data-booth-id="{own.booth_id}")([^>]*?aria-label="[^"]*)(")'
        )
        attributes = f' data-booking-id="{own.id}" data-booking-status="{own.status.value}"'
        if own.held_until:
            attributes += f' data-held-until="{own.held_until.isoformat()}"'
        yours = f" ({escape(_('yours'))})"
        html = pattern.sub(lambda m, a=attributes, y=yours: f"{m[1]} booth--own{m[2]}{a}{m[3]}{y}{m[4]}", html, 1)
    return html


class SharedPartExtension(Extension):
    """`{% shared part %}body{% endshared %}`: the body rendered once per change of what it shows (see SharedPart);
    without a part (None) the body is rendered as usual."""

    tags = {"shared"}

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        part = parser.parse_expression()
        body = parser.parse_statements(("name:endshared",), drop_needle=True)
        return nodes.CallBlock(self.call_method("_render", [part]), [], [], body).set_lineno(lineno)

    def _render(self, part, caller):
        if part is None:
            return caller()
        return part.render(caller)


class LoadedOnUse:
    """Stands for what `load()` returns, loaded when the template first asks for it: never, when the shared part
    that uses it comes from the cache."""

    def __init__(self, load: Callable[[], object]):
        self._load, self._value, self._loaded = load, None, False

    def __getattr__(self, name: str):
        if not self._loaded:
            self._value, self._loaded = self._load(), True
        return getattr(self._value, name)


def page_answer(etag: str | None, render: Callable[[], str]):
    """The page `render()` builds, with its ETag; 304 without building it when the browser has this one."""
    from flask import make_response, request

    unchanged = etag is not None and etag in request.if_none_match
    answer = make_response("", 304) if unchanged else make_response(render())
    if etag is not None:
        answer.set_etag(etag)
        answer.headers["Cache-Control"] = "private, no-cache"
    return answer


def shared_answer(part: SharedPart, build: Callable[[], str], mimetype: str = "application/json"):
    """The shared part as a whole answer, with its ETag: 304 to a client that has it already.

    `Cache-Control: no-cache` has browsers ask each time (a booking may change it any second), and the ETag makes
    the asking cheap."""
    from flask import Response, request

    entry = part.entry(build)
    answer = Response(entry.body, mimetype=mimetype)
    answer.set_etag(entry.etag)
    answer.headers["Cache-Control"] = "no-cache"
    return answer.make_conditional(request)
