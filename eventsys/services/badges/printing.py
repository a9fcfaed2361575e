"""From badge rows to a PDF: the faces to print, the fair's heading, and the run with its progress."""

from __future__ import annotations

from collections.abc import Callable

from babel import Locale
from babel.dates import format_date

from eventsys.models import Badge, Fair
from eventsys.services.badges.layouts import LAYOUTS
from eventsys.services.badges.render import BadgeFace, FairHeading, render_badges
from eventsys.services.badges.tokens import make_desk_code, make_token

#: Badges are printed in English with the local script beside it, whatever the organizer's interface language.
_PRINT_LOCALE = Locale("en")


def fair_heading(fair: Fair) -> FairHeading:
    """The fair's name, dates and venue, as every one of its badges shows them."""
    start, end = fair.starts_on, fair.ends_on
    last = format_date(end, "d MMMM y", locale=_PRINT_LOCALE)
    if start == end:
        dates = last
    elif (start.year, start.month) == (end.year, end.month):
        dates = f"{start.day}–{last}"
    else:
        dates = f"{format_date(start, 'd MMMM', locale=_PRINT_LOCALE)} – {last}"
    return FairHeading(name=fair.name, dates=f"{dates} · {fair.venue}")


def face_of(badge: Badge, secret_key: str) -> BadgeFace:
    """What one badge shows, with its signed token."""
    country = _PRINT_LOCALE.territories.get(badge.country.upper(), badge.country) if badge.country else None
    return BadgeFace(
        role=badge.role.value,
        name=badge.name,
        name_local=badge.name_local,
        organization=badge.organization_name,
        country=country,
        token=make_token(badge.serial, secret_key),
        code=make_desk_code(badge.serial, secret_key),
    )


def render_fair_badges(
    badges: list[Badge],
    fair: Fair,
    layout_key: str,
    secret_key: str,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The PDF of `badges` for `fair` on the stock `layout_key`."""
    return render_badges(
        (face_of(badge, secret_key) for badge in badges),
        fair_heading(fair),
        LAYOUTS[layout_key],
        total=len(badges),
        progress=progress,
        title=f"{fair.name} badges",
    )
