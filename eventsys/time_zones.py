"""The one list of time zones a fair, a center or a person may be in: IANA Area/Location names and UTC.

Aliases such as "Japan", "Etc/GMT+9" or "SystemV/JST-9" are left out, so a zone shows with a city people know.
"""

from __future__ import annotations

import zoneinfo
from functools import cache


@cache
def time_zones() -> tuple[str, ...]:
    """The IANA zones offered and accepted anywhere: Area/Location names and UTC, sorted."""
    zones = {
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "Canada/", "Brazil/", "Mexico/", "Chile/"))
    }
    return tuple(sorted(zones | {"UTC"}))


def is_time_zone(name: str | None) -> bool:
    return bool(name) and name in time_zones()
