"""From badge rows to a PDF: the faces to print, the fair's heading, and the run with its progress."""

from __future__ import annotations

from collections.abc import Callable

from babel import Locale
from babel.dates import format_date
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import object_session

from eventsys.models import Badge, BadgeSigningKey, Fair
from eventsys.services.badges.layouts import LAYOUTS
from eventsys.services.badges.render import ROLE_STYLES, BadgeFace, FairHeading, render_badges
from eventsys.services.badges.signing import get_signing_key, sign_badge
from eventsys.services.badges.tokens import make_desk_code

#: Badges are printed in English with the local script beside it, whatever the organizer's interface language.
_PRINT_LOCALE = Locale("en")
#: The languages of ROLE_STYLES' labels, which gate staff and other visitors read.
_LABEL_LANGUAGES = {"en", "ja"}
#: The role's name for a holder who reads another language, printed before the English and Japanese label.
ROLE_NAMES = {
    "exhibitor": _l("Exhibitor"),
    "investor": _l("Investor"),
    "partner": _l("Corporate partner"),
    "organizer": _l("Organizer"),
    "press": _l("Press"),
    "visitor": _l("Visitor"),
}


def role_label(role: str, language: str | None) -> str:
    """EXHIBITOR 出展者 for everybody; for a holder who reads another language, their word first, so that the
    badge names their role to them too: EXPOSITOR · EXHIBITOR 出展者."""
    label = ROLE_STYLES[role][1]
    if not language or language in _LABEL_LANGUAGES:
        return label
    with force_locale(language):
        return f"{str(ROLE_NAMES[role]).upper()} · {label}"


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


def face_of(badge: Badge, secret_key: str, signing_key: BadgeSigningKey) -> BadgeFace:
    """What one badge shows: its code signed with the fair's key, and the short code a desk can type."""
    country = _PRINT_LOCALE.territories.get(badge.country.upper(), badge.country) if badge.country else None
    return BadgeFace(
        role=badge.role.value,
        name=badge.name,
        name_local=badge.name_local,
        organization=badge.organization_name,
        country=country,
        token=sign_badge(badge, signing_key),
        code=make_desk_code(badge.serial, secret_key),
        role_label=role_label(badge.role.value, badge.user.locale if badge.user is not None else None),
    )


def render_fair_badges(
    badges: list[Badge],
    fair: Fair,
    layout_key: str,
    secret_key: str,
    progress: Callable[[int, int], None] | None = None,
    *,
    print_on_open: bool = False,
) -> bytes:
    """The PDF of `badges` for `fair` on the stock `layout_key`. Issuing made the fair's signing key (it is committed
    with the badges); a fair from before signed codes gets one here. `print_on_open`: see render_badges."""
    signing_key = get_signing_key(object_session(fair), fair)
    return render_badges(
        (face_of(badge, secret_key, signing_key) for badge in badges),
        fair_heading(fair),
        LAYOUTS[layout_key],
        total=len(badges),
        progress=progress,
        title=f"{fair.name} badges",
        print_on_open=print_on_open,
    )
