"""The fair dashboard's charts: its figures as the value objects of `charts`, drawn as SVG, by table key."""

from __future__ import annotations

from collections import Counter
from datetime import date

from babel.dates import format_skeleton
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from eventsys.formatting import country_name
from eventsys.models import BadgeRole, MeetingStatus
from eventsys.services.fairs.charts import Bar, BarChart, LineChart, Series, render_bars, render_columns, render_line
from eventsys.services.fairs.fair_report import BoothCounts, FairDashboard, SalesCurve
from eventsys.services.fairs.report_tables import (
    APPLICATION_STATUS_LABELS,
    BADGE_ROLE_LABELS,
    EXHIBITOR_STATUS_LABELS,
    MEETING_STATUS_LABELS,
    OUTCOME_LABELS,
    REQUEST_STATUS_LABELS,
    VERIFICATION_LABELS,
)

#: Countries drawn one by one; the rest share a bar.
TOP_COUNTRIES = 12
NOTHING_YET = _l("Nothing to show yet.")


def get_charts(dashboard: FairDashboard) -> dict[str, Markup]:
    """An SVG chart for each table of the dashboard, by the table's key."""
    count = (Series(str(_l("Count"))),)
    return {
        "booth-sales": render_line(_sales(dashboard.sales)),
        "booths-by-hall": render_bars(_booths(_l("Booths by hall and state"), dashboard.by_hall)),
        "booths-by-type": render_bars(_booths(_l("Booths by type and state"), dashboard.by_type)),
        "exhibitors-by-country": render_bars(_countries(dashboard)),
        "exhibitors-by-sector": render_bars(
            _chart(_l("Exhibitors by sector"), count, [Bar(name, (n,)) for name, n in dashboard.by_sector])
        ),
        "applications": render_bars(
            _statuses(_l("Applications to exhibit"), dashboard.exhibitors, EXHIBITOR_STATUS_LABELS)
        ),
        "booth-applications": render_bars(
            _statuses(_l("Booth applications"), dashboard.booth_applications, APPLICATION_STATUS_LABELS)
        ),
        "investors": render_bars(_investors(dashboard)),
        "meeting-requests": render_bars(_statuses(_l("Meeting requests"), dashboard.requests, REQUEST_STATUS_LABELS)),
        "meetings": render_columns(_meetings(dashboard)),
        "meeting-outcomes": render_bars(_statuses(_l("Outcomes of meetings"), dashboard.outcomes, OUTCOME_LABELS)),
        "repeated-no-shows": render_bars(
            _chart(_l("Repeated no-shows"), count, [Bar(name, (n,)) for name, _org, n in dashboard.no_shows])
        ),
        "check-ins-by-hour": render_columns(
            _chart(
                _l("Check-ins by hour"),
                (Series(str(_l("Scans")), "accent"),),
                [Bar(_hour_label(hour), (n,)) for hour, n in dashboard.check_ins.by_hour.items()],
            )
        ),
        "check-ins-by-gate": render_bars(
            _chart(
                _l("Check-ins by gate"),
                (Series(str(_l("Scans")), "accent"),),
                [Bar(gate, (n,)) for gate, n in dashboard.check_ins.by_gate.items()],
            )
        ),
        "check-ins-by-role": render_bars(_check_ins_by_role(dashboard)),
    }


def _chart(title, series: tuple[Series, ...], bars: list[Bar]) -> BarChart:
    return BarChart(str(title), series, tuple(bars), str(NOTHING_YET))


def _sales(sales: SalesCurve) -> LineChart:
    """Booths sold in all against the booking window: from 0 as the first day begins, then at each day's end;
    the ceiling is every bookable booth."""
    first = sales.days[0].day if sales.days else sales.opens_on
    length = (sales.ends_on - first).days + 2
    opens, closes = (sales.opens_on - first).days, (sales.closes_on - first).days + 1
    ticks = [(0, _short_date(first))]
    for step, day in ((opens, sales.opens_on), (closes, sales.closes_on)):
        if all(abs(step - other) > length / 4 for other, _ in ticks):
            ticks.append((step, _short_date(day)))
    return LineChart(
        title=str(_l("Booths sold over time, against the booking window")),
        series_name=str(_l("Booths sold")),
        values=(0, *(d.total for d in sales.days)) if sales.days else (),
        length=length,
        ticks=tuple(ticks),
        band=(opens, closes),
        band_name=str(_l("Booking window")),
        ceiling=sales.bookable or None,
        ceiling_name=str(_l("%(count)d bookable booths", count=sales.bookable)),
        empty_text=str(_l("Booking has not opened yet.")),
    )


def _short_date(day: date) -> str:
    """A day as "May 12" or "5月12日": the year is the fair's."""
    return format_skeleton("MMMd", day, locale=get_locale() or "en")


def _booths(title, counts: tuple[BoothCounts, ...]) -> BarChart:
    series = (
        Series(str(_l("Sold")), "sold"),
        Series(str(_l("On hold")), "held"),
        Series(str(_l("Free")), "free"),
        Series(str(_l("Not available")), "blocked"),
    )
    return _chart(title, series, [Bar(c.label, (c.sold, c.held, c.free, c.blocked)) for c in counts])


def _countries(dashboard: FairDashboard) -> BarChart:
    """The countries with the most booths, and the others together."""
    shown = dashboard.by_country[:TOP_COUNTRIES]
    rest = dashboard.by_country[TOP_COUNTRIES:]
    bars = [Bar(country_name(c.country), (c.booths,)) for c in shown]
    if rest:
        label = _l("%(count)d other countries", count=len(rest))
        bars.append(Bar(str(label), (sum(c.booths for c in rest),)))
    title = _l("Booked booths by the exhibitor's country")
    return _chart(title, (Series(str(_l("Booths")), "sold"),), bars)


def _statuses(title, counts: dict, labels: dict) -> BarChart:
    return _chart(title, (Series(str(_l("Count"))),), [Bar(str(labels[s]), (n,)) for s, n in counts.items()])


def _investors(dashboard: FairDashboard) -> BarChart:
    series = (Series(str(_l("Meeting at this fair")), "primary"), Series(str(_l("Not at this fair")), "muted"))
    bars = [
        Bar(str(VERIFICATION_LABELS[c.verification]), (c.at_fair, c.firms - c.at_fair)) for c in dashboard.investors
    ]
    return _chart(_l("Investor firms and partners"), series, bars)


def _meetings(dashboard: FairDashboard) -> BarChart:
    """Meetings of every center by day, stacked by status."""
    tones = {MeetingStatus.HELD: "sold", MeetingStatus.NO_SHOW: "warning", MeetingStatus.SCHEDULED: "primary"}
    tones[MeetingStatus.CANCELLED] = "muted"
    statuses = tuple(tones)
    days: dict[date, Counter] = {}
    for meeting_day in dashboard.meetings:
        days.setdefault(meeting_day.day, Counter()).update(meeting_day.by_status)
    bars = [Bar(_short_date(day), tuple(days[day][s] for s in statuses)) for day in sorted(days)]
    series = tuple(Series(str(MEETING_STATUS_LABELS[s]), tones[s]) for s in statuses)
    return _chart(_l("Meetings by day, every center"), series, bars)


def _check_ins_by_role(dashboard: FairDashboard) -> BarChart:
    series = (Series(str(_l("Checked in")), "accent"), Series(str(_l("Not yet")), "muted"))
    bars = [
        Bar(str(BADGE_ROLE_LABELS[BadgeRole(role)]), (came, max(issued - came, 0)))
        for role, (came, issued) in dashboard.check_ins.by_role.items()
        if issued or came
    ]
    return _chart(_l("Badges checked in, by role"), series, bars)


def _hour_label(hour: str) -> str:
    """'2027-05-12 10:00' as '05-12 10:00': the year is the fair's."""
    return hour[5:]
