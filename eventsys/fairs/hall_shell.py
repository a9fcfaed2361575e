"""The hall page as a shell shared by every viewer of a kind, and the viewer's own part as a small JSON of its own.

The page a startup reloads in a rush (templates/fairs/hall_show.html) holds nothing of one person: for each viewer
kind (`anonymous`, `startup`: a startup account with a company; anyone else is `other`) and language it is built
once per change of the fair (scopes `all`, `fair:<id>`) into the page cache, without the viewer's name, tokens or
bookings. Its script (static/js/plan_layer.js) then loads the plan layer (plan_layer.py) and the viewer's part,
`fairs.show_hall_mine`: what they may do in the booth panel, their live bookings (a lapsed hold is no longer
theirs, and the plan shows it free), their CSRF token, initial and unread notices.

The fast path (eventsys/fast_path.py) answers the shell before the app sees the request. It must know the viewer's
kind and language without loading the session's user: the app notes them, at every answer for which it loaded the
user, in the cookie VIEW_COOKIE (`startup.ja`); a visitor without a log-in in the session cookie is anonymous, in
the language of the switch's cookie or the browser's. Neither cookie is trusted with anything: a forged one gets
another kind's shell, which is as public as the fair, and the viewer's part, from the app, says who they really
are (the script reloads the page once when the shell was another kind's). The fast path leaves to the app a
session with a message to show (`_flashes`), a remember-me cookie without a log-in in the session, a log-in
without VIEW_COOKIE, and the `other` kind, whose menus differ from person to person.
"""

from __future__ import annotations

import base64
import json
import re
import zlib

from flask import current_app, g
from flask_babel import get_locale
from flask_login import AnonymousUserMixin
from sqlalchemy import inspect

from eventsys.models import Role

#: The viewer's kind and language (`startup.ja`), for the fast path; not a secret, not trusted.
VIEW_COOKIE = "eventsys_view"
#: The kinds whose hall page is one shell for all of them.
SHARED_KINDS = ("anonymous", "startup")
#: The hall page's address (no query: any other asks the app).
PATH = re.compile(r"^/fairs/([a-z0-9-]+)/halls/([a-z0-9-]+)$")
#: The response header by which the app hands the fast path a shell to keep ("name scope scope ..."); removed.
KEEP_HEADER = "X-Eventsys-Keep"


def entry_name(fair_slug: str, hall_slug: str, kind: str, language: str) -> str:
    return f"hall-page:{fair_slug}:{hall_slug}:{kind}:{language}"


def shell_scopes(fair_id: int) -> list[str]:
    """What the shell shows: the fair (names, dates, hold minutes, booking mode) and its halls; no booth."""
    return ["all", f"fair:{fair_id}"]


def viewer_kind(user) -> str:
    if not user.is_authenticated:
        return "anonymous"
    if user.role == Role.STARTUP and user.organization is not None and not user.is_organizer and not user.is_admin:
        return "startup"
    return "other"


class _StartupStandIn(AnonymousUserMixin):
    """Who the startup shell is rendered for: a startup with a company, with no name, as base.html asks of one."""

    is_authenticated, is_anonymous, is_organizer, is_admin = True, False, False, False
    role, name, organization = Role.STARTUP, "", True


def shell_context(kind: str) -> dict:
    """Template values that hide the person: the stand-in user of the kind, no tokens, no notices. The script
    fills tokens, initial and notices from the viewer's part."""
    user = _StartupStandIn() if kind == "startup" else AnonymousUserMixin()
    return {
        "current_user": user,
        "csrf_token": lambda: "",
        "unread_notices": lambda: 0,
        "verification_pending": lambda: False,
    }


def panel_viewer(fair, user, desk) -> str:
    """What the booth panel offers the viewer (the cases of templates/fairs/_booth_panel.html)."""
    organization = user.organization if user.is_authenticated else None
    if fair.booking_mode.value == "application":
        return "application"
    if not user.is_authenticated:
        return "anonymous"
    if organization is None or organization.kind.value != "startup":
        return "not-startup"
    if desk.exhibitor is None:
        return "not-exhibitor"
    if desk.exhibitor.status.value in ("applied", "rejected"):
        return desk.exhibitor.status.value
    return "approved"


def note_viewer(response):
    """After a request that loaded its user: the viewer's kind and language in VIEW_COOKIE, for the fast path."""
    user = g.get("_login_user")
    if user is None or _expired(user):
        return response
    chosen = request_cookie(VIEW_COOKIE)
    if not user.is_authenticated:
        if chosen is not None:
            response.delete_cookie(VIEW_COOKIE)
        return response
    value = f"{viewer_kind(user)}.{get_locale()}"
    if chosen != value:
        secure = current_app.config["SESSION_COOKIE_SECURE"]
        response.set_cookie(VIEW_COOKIE, value, max_age=30 * 86400, secure=bool(secure), httponly=True, samesite="Lax")
    return response


def _expired(user) -> bool:
    """Whether a commit or rollback expired the signed-in user: reading it again would cost a query on every hold of
    a rush. The next request that keeps its user loaded (any page) sets the cookie; until then the fast path asks the
    app."""
    state = inspect(user, raiseerr=False)  # None for the anonymous user, which is not mapped
    return state is not None and "role" in state.unloaded


def request_cookie(name: str) -> str | None:
    from flask import request

    return request.cookies.get(name)


# --- for the fast path: no app, no session loaded --------------------------------------------------------------------


def shell_name(environ, config, fair_slug: str, hall_slug: str) -> str | None:
    """The shell entry this request may be answered with, or None when only the app knows (see the module)."""
    if environ.get("QUERY_STRING"):
        return None
    cookies = environ_cookies(environ)
    keys = _session_keys(cookies.get(config["SESSION_COOKIE_NAME"]))
    if keys is None or "_flashes" in keys:
        return None
    languages = config["LANGUAGES"]
    if "_user_id" in keys:
        kind, _, language = cookies.get(VIEW_COOKIE, "").partition(".")
    elif config.get("REMEMBER_COOKIE_NAME", "remember_token") in cookies:
        return None
    else:
        kind, language = "anonymous", _visitor_language(environ, cookies, languages, config)
    if kind not in SHARED_KINDS or language not in languages:
        return None
    return entry_name(fair_slug, hall_slug, kind, language)


def _visitor_language(environ, cookies: dict, languages: list[str], config) -> str:
    """As extensions.select_locale chooses for a visitor: the switch's cookie, the browser's, the default."""
    from werkzeug.datastructures import LanguageAccept
    from werkzeug.http import parse_accept_header

    from eventsys.extensions import LANGUAGE_COOKIE

    if cookies.get(LANGUAGE_COOKIE) in languages:
        return cookies[LANGUAGE_COOKIE]
    accepted = parse_accept_header(environ.get("HTTP_ACCEPT_LANGUAGE", ""), LanguageAccept)
    return accepted.best_match(languages) or config["BABEL_DEFAULT_LOCALE"]


def environ_cookies(environ) -> dict[str, str]:
    from werkzeug.http import parse_cookie

    header = environ.get("HTTP_COOKIE", "")
    return parse_cookie(header) if header else {}


def _session_keys(cookie: str | None) -> set[str] | None:
    """The keys of Flask's session cookie, read without checking its signature (nothing served depends on who
    signed it); an empty set without a cookie, None when it cannot be read."""
    if not cookie:
        return set()
    try:
        compressed = cookie.startswith(".")
        payload = cookie[1:].split(".", 1)[0] if compressed else cookie.split(".", 1)[0]
        data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        loaded = json.loads(zlib.decompress(data) if compressed else data)
    except (ValueError, zlib.error):
        return None
    return set(loaded) if isinstance(loaded, dict) else None
