"""Grouping UTC times into quarter hours in SQL, on SQLite and PostgreSQL alike.

Every time zone's offset from UTC is a whole number of quarter hours (India +5:30, Nepal +5:45), so rows counted
by UTC quarter hour add up exactly into the local hours and days of any zone: the database groups thousands of
rows into a few hundred, and Python puts those into the zone's hours.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

#: Seconds in a quarter hour.
QUARTER_HOUR = 900


def start_of_quarter(quarter: int) -> datetime:
    """The UTC time at which a quarter_hour() value begins."""
    return datetime.fromtimestamp(int(quarter) * QUARTER_HOUR, UTC)


class quarter_hour(FunctionElement):  # noqa: N801 - an SQL function, named like one
    """SQL: the quarter hour of a UTC datetime column, as whole quarter hours since 1970."""

    type = Integer()
    inherit_cache = True
    name = "quarter_hour"


@compiles(quarter_hour)
def _quarter_hour_sqlite(element, compiler, **kw) -> str:
    # SQLite keeps the UTC time as text. julianday() reads it fastest (as days since 4714 BC, 1970 at 2440587.5);
    # a millisecond's nudge keeps a scan at exactly :00, :15, :30 or :45 from rounding down into the quarter before.
    days = f"(julianday({compiler.process(element.clauses, **kw)}) - 2440587.5)"
    return f"CAST({days} * {24 * 3600 // QUARTER_HOUR} + 0.000001 AS INTEGER)"


@compiles(quarter_hour, "postgresql")
def _quarter_hour_postgresql(element, compiler, **kw) -> str:
    seconds = f"EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)})"
    return f"CAST(FLOOR({seconds} / {QUARTER_HOUR}) AS BIGINT)"
