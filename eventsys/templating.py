"""Jinja filters and globals: the request-free formatting of `formatting`, the page's locale, fair permissions."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import get_locale
from flask_login import current_user

from eventsys.access import can_manage_fair
from eventsys.formatting import (
    clock,
    country_name,
    date_range,
    local_datetime,
    local_range,
    local_time,
    meeting_time,
    metres,
    translated,
    viewer_time,
    wall_datetime,
    yen,
)
from eventsys.language import language_choices
from eventsys.services import permissions


def register(app: Flask) -> None:
    """Make the formatting functions filters and the locale and permission checks globals of every template."""
    from eventsys.fairs.shared_parts import SharedPartExtension

    app.jinja_env.add_extension(SharedPartExtension)
    for function in (
        local_datetime,
        local_time,
        local_range,
        clock,
        wall_datetime,
        date_range,
        yen,
        country_name,
        metres,
        translated,
    ):
        app.add_template_filter(function)
    app.add_template_filter(meeting_time_here, "meeting_time")
    app.add_template_filter(viewer_time_here, "viewer_time")
    app.add_template_global(get_locale, "current_locale")
    app.add_template_global(can_manage_fair)
    for predicate in (
        permissions.owns_fair,
        permissions.handles_finance,
        permissions.can_use_console,
        permissions.checks_in_anywhere,
        permissions.manages_any_fair,
        permissions.can_manage_centers,
        permissions.can_verify_investors,
    ):
        app.add_template_global(predicate)
    app.add_template_global(current_user_owns)
    app.add_template_global(page_args)
    app.add_template_global(language_switch)


def meeting_time_here(value, zone: str, format: str = "medium") -> str:
    """`formatting.meeting_time` for the person viewing the page: the center's zone and, if it differs, theirs."""
    viewer = getattr(current_user, "timezone", None) if current_user.is_authenticated else None
    return meeting_time(value, zone, viewer, format)


def viewer_time_here(value, zone: str) -> str:
    """`formatting.viewer_time` for the person viewing the page: their own time, or "" when it is the center's."""
    viewer = getattr(current_user, "timezone", None) if current_user.is_authenticated else None
    return viewer_time(value, zone, viewer)


def current_user_owns(fair) -> bool:
    """Whether the current user owns `fair` (its settings and halls), for macros that have no context."""
    return permissions.owns_fair(current_user, fair)


def page_args(page: int) -> dict:
    """The current query string with another page number, for the pager links of any list."""
    args = request.args.to_dict(flat=False)
    args["page"] = [str(page)]
    return args


def language_switch() -> dict:
    """What the language switch of every page offers: each language named in itself, the current one, and the
    page to come back to (a page answering a POST has no address to come back to: the switch goes home)."""
    back = request.full_path.rstrip("?") if request.method == "GET" else ""
    return {"choices": language_choices(current_app.config["LANGUAGES"]), "current": str(get_locale()), "next": back}
