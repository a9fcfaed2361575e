"""The fair dashboard's figures as tables: what the page shows beside each chart, and what CSV and XLSX carry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from eventsys.formatting import country_name
from eventsys.models import (
    ApplicationStatus,
    BadgeRole,
    ExhibitorStatus,
    MeetingOutcome,
    MeetingStatus,
    RequestStatus,
    Verification,
)
from eventsys.services.fairs.fair_report import BoothCounts, FairDashboard
from eventsys.services.spreadsheets import Cell

EXHIBITOR_STATUS_LABELS = {
    ExhibitorStatus.APPLIED: _l("Waiting for a decision"),
    ExhibitorStatus.APPROVED: _l("Approved"),
    ExhibitorStatus.REJECTED: _l("Rejected"),
}
APPLICATION_STATUS_LABELS = {
    ApplicationStatus.SUBMITTED: _l("Submitted, waiting for the allocation"),
    ApplicationStatus.ALLOCATED: _l("Allocated a booth"),
    ApplicationStatus.UNALLOCATED: _l("Not allocated"),
    ApplicationStatus.WITHDRAWN: _l("Withdrawn"),
}
VERIFICATION_LABELS = {
    Verification.VERIFIED: _l("Verified"),
    Verification.PENDING: _l("Waiting for verification"),
    Verification.REJECTED: _l("Rejected"),
}
REQUEST_STATUS_LABELS = {
    RequestStatus.OPEN: _l("Open"),
    RequestStatus.ACCEPTED: _l("Accepted"),
    RequestStatus.DECLINED: _l("Declined"),
    RequestStatus.WITHDRAWN: _l("Withdrawn"),
    RequestStatus.EXPIRED: _l("Expired"),
}
MEETING_STATUS_LABELS = {
    MeetingStatus.SCHEDULED: _l("Scheduled"),
    MeetingStatus.HELD: _l("Held"),
    MeetingStatus.NO_SHOW: _l("No-show"),
    MeetingStatus.CANCELLED: _l("Cancelled"),
}
OUTCOME_LABELS = {
    MeetingOutcome.NO_FIT: _l("No fit"),
    MeetingOutcome.FOLLOW_UP: _l("Follow-up"),
    MeetingOutcome.PILOT: _l("Pilot or proof of concept"),
    MeetingOutcome.INVESTMENT_TALKS: _l("Investment talks"),
}
BADGE_ROLE_LABELS = {
    BadgeRole.EXHIBITOR: _l("Exhibitors"),
    BadgeRole.INVESTOR: _l("Investors"),
    BadgeRole.PARTNER: _l("Corporate partners"),
    BadgeRole.ORGANIZER: _l("Organizers"),
    BadgeRole.PRESS: _l("Press"),
    BadgeRole.VISITOR: _l("Visitors"),
}


@dataclass(frozen=True)
class ReportTable:
    """One table of the dashboard: its address in URLs, title, column headings and rows of plain values."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    #: The first `label_columns` columns name the row; the others are figures, right-aligned.
    label_columns: int = 1

    def display_rows(self) -> list[list[str]]:
        """The rows as the page prints them: numbers with thousands separators, days in ISO form."""
        return [[display(value) for value in row] for row in self.rows]


def display(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


#: The tables' keys, which their download addresses carry, in the page's order.
TABLE_KEYS = (
    "booth-sales",
    "booths-by-hall",
    "booths-by-type",
    "exhibitors-by-country",
    "exhibitors-by-sector",
    "applications",
    "booth-applications",
    "investors",
    "meeting-requests",
    "meetings",
    "meeting-outcomes",
    "repeated-no-shows",
    "check-ins-by-hour",
    "check-ins-by-gate",
    "check-ins-by-role",
)


def get_tables(dashboard: FairDashboard) -> dict[str, ReportTable]:
    """Every table of the dashboard by key, in the page's order."""
    tables = (
        _sales(dashboard),
        _booths("booths-by-hall", _l("Booths by hall"), _l("Hall"), dashboard.by_hall),
        _booths("booths-by-type", _l("Booths by type"), _l("Booth type"), dashboard.by_type, prices=True),
        _countries(dashboard),
        _table(
            "exhibitors-by-sector", _l("Exhibitors by sector"), (_l("Sector"), _l("Exhibitors")), dashboard.by_sector
        ),
        _statuses("applications", _l("Applications to exhibit"), dashboard.exhibitors, EXHIBITOR_STATUS_LABELS),
        _statuses(
            "booth-applications", _l("Booth applications"), dashboard.booth_applications, APPLICATION_STATUS_LABELS
        ),
        _investors(dashboard),
        _statuses("meeting-requests", _l("Meeting requests"), dashboard.requests, REQUEST_STATUS_LABELS),
        _meetings(dashboard),
        _statuses("meeting-outcomes", _l("Outcomes of meetings"), dashboard.outcomes, OUTCOME_LABELS),
        _table(
            "repeated-no-shows",
            _l("Repeated no-shows"),
            (_l("Person"), _l("Organization"), _l("No-shows")),
            dashboard.no_shows,
            label_columns=2,
        ),
        _check_ins_by_hour(dashboard),
        _table(
            "check-ins-by-gate",
            _l("Check-ins by gate"),
            (_l("Gate"), _l("Scans")),
            tuple(dashboard.check_ins.by_gate.items()),
        ),
        _check_ins_by_role(dashboard),
    )
    return {table.key: table for table in tables}


def _table(key, title, columns, rows, label_columns: int = 1) -> ReportTable:
    return ReportTable(key, str(title), tuple(str(c) for c in columns), tuple(tuple(r) for r in rows), label_columns)


def _sales(dashboard: FairDashboard) -> ReportTable:
    """The days on which the number of booths sold changed."""
    rows = [(d.day, d.sold, d.total) for d in dashboard.sales.days if d.sold]
    columns = (_l("Day"), _l("Booths sold that day"), _l("Booths sold in all"))
    return _table("booth-sales", _l("Booths sold over time"), columns, rows)


def _booths(key, title, label, counts: tuple[BoothCounts, ...], prices: bool = False) -> ReportTable:
    columns = [label, _l("Price (JPY)")] if prices else [label]
    columns += [_l("Booths"), _l("Sold"), _l("On hold"), _l("Free"), _l("Not available")]
    rows = []
    for c in counts:
        figures = (c.total, c.sold, c.held, c.free, c.blocked)
        rows.append((c.label, c.price_jpy, *figures) if prices else (c.label, *figures))
    return _table(key, title, columns, rows)


def _countries(dashboard: FairDashboard) -> ReportTable:
    booked = dashboard.booked_booths
    rows = [
        (c.country, country_name(c.country), c.exhibitors, c.booths, round(100 * c.booths / booked, 1))
        for c in dashboard.by_country
    ]
    columns = (_l("Country code"), _l("Country"), _l("Exhibitors"), _l("Booths"), _l("Share of booths (%)"))
    return _table("exhibitors-by-country", _l("Exhibitors by country"), columns, rows, label_columns=2)


def _statuses(key, title, counts: dict, labels: dict) -> ReportTable:
    return _table(key, title, (_l("Status"), _l("Count")), [(str(labels[s]), n) for s, n in counts.items()])


def _investors(dashboard: FairDashboard) -> ReportTable:
    rows = [(str(VERIFICATION_LABELS[c.verification]), c.firms, c.at_fair) for c in dashboard.investors]
    columns = (_l("Verification"), _l("Investor firms and partners"), _l("With a meeting request at this fair"))
    return _table("investors", _l("Investors"), columns, rows)


def _meetings(dashboard: FairDashboard) -> ReportTable:
    columns = (_l("Center"), _l("Day"), *(MEETING_STATUS_LABELS[s] for s in MeetingStatus))
    rows = [(m.center, m.day, *(m.by_status[s] for s in MeetingStatus)) for m in dashboard.meetings]
    return _table("meetings", _l("Meetings by center and day"), columns, rows, label_columns=2)


def _check_ins_by_hour(dashboard: FairDashboard) -> ReportTable:
    columns = (_l("Hour (fair's time zone)"), _l("Scans"))
    return _table("check-ins-by-hour", _l("Check-ins by hour"), columns, tuple(dashboard.check_ins.by_hour.items()))


def _check_ins_by_role(dashboard: FairDashboard) -> ReportTable:
    rows = [
        (str(BADGE_ROLE_LABELS[BadgeRole(role)]), came, issued)
        for role, (came, issued) in dashboard.check_ins.by_role.items()
    ]
    columns = (_l("Badge role"), _l("Checked in"), _l("Badges issued"))
    return _table("check-ins-by-role", _l("Check-ins by role"), columns, rows)
