"""One time style across the site: no seconds, the zone named once, dates and times by the page's locale."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from flask_babel import force_locale

from eventsys import formatting

#: 10:00 and 17:30 on 2 December 2026 in Tokyo.
START = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
END = datetime(2026, 12, 2, 8, 30, tzinfo=UTC)
TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _plain(text: str) -> str:
    """CLDR puts a narrow no-break space before AM and PM."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "Dec 2, 2026, 10:00 AM JST"), ("ja", "2026/12/02 10:00 JST"), ("es", "2 dic 2026, 10:00 JST")],
)
def test_a_time_has_no_seconds_and_names_its_zone_once(app_context, language, shown):
    with force_locale(language):
        assert _plain(formatting.local_datetime(START, "Asia/Tokyo")) == shown


@pytest.mark.parametrize("format", ["short", "medium", "long"])
def test_no_style_shows_seconds_or_a_gmt_offset_beside_the_abbreviation(app_context, format):
    for language in ("en", "ja", "es"):
        with force_locale(language):
            shown = formatting.local_datetime(START, "Asia/Tokyo", format)
        assert ":00:00" not in shown and "GMT" not in shown and shown.count("JST") == 1, shown


@pytest.mark.parametrize(
    ("language", "shown"),
    [("en", "Dec 2, 2026, 10:00 AM – 5:30 PM JST"), ("ja", "2026/12/02 10:00 – 17:30 JST")],
)
def test_a_range_on_one_day_names_the_date_and_the_zone_once(app_context, language, shown):
    with force_locale(language):
        assert _plain(formatting.local_range(START, END, "Asia/Tokyo")) == shown


def test_a_range_across_midnight_repeats_the_date(app_context):
    with force_locale("en"):
        shown = formatting.local_range(START, datetime(2026, 12, 2, 16, 0, tzinfo=UTC), "Asia/Tokyo")
    assert _plain(shown) == "Dec 2, 2026, 10:00 AM – Dec 3, 2026, 1:00 AM JST"


def test_times_of_day_and_clocks_follow_the_locale(app_context):
    with force_locale("en"):
        assert _plain(formatting.local_time(START, "Asia/Tokyo")) == "10:00 AM"
        assert _plain(formatting.clock(time(17, 30))) == "5:30 PM"
    with force_locale("es"):
        assert formatting.local_time(START, "Europe/Madrid") == "2:00" and formatting.clock(time(17, 30)) == "17:30"
    assert formatting.local_time(None, "Asia/Tokyo") == "" and formatting.local_range(None, None, "UTC") == ""


def test_yen_and_numbers_follow_the_locale(app_context):
    with force_locale("es"):
        assert formatting.yen(1_234_567) == "¥1.234.567"
    with force_locale("ja"):
        assert formatting.yen(1_234_567) == "¥1,234,567"


def test_no_template_formats_a_time_itself():
    """Every time on a page goes through the filters of formatting.py, so the style cannot drift again."""
    offenders = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in re.finditer(r"strftime\([^)]*\)|tzname\(\)", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
