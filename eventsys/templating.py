"""Jinja filters and globals: the request-free formatting of `formatting`, the page's locale, fair permissions."""

from __future__ import annotations

from flask import Flask, current_app, request
from flask_babel import get_locale

from eventsys.access import can_manage_fair
from eventsys.formatting import country_name, date_range, local_datetime, metres, yen
from eventsys.language import language_choices


def register(app: Flask) -> None:
    """Make the formatting functions filters and the locale and permission checks globals of every template."""
    for function in (local_datetime, date_range, yen, country_name, metres):
        app.add_template_filter(function)
    app.add_template_global(get_locale, "current_locale")
    app.add_template_global(can_manage_fair)
    app.add_template_global(page_args)
    app.add_template_global(language_switch)


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
