"""The fair dashboard: its figures on a fair built with factories, a fixed number of queries at any size, the
charts, the CSV and XLSX downloads, and who may see them."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest

from eventsys.models import (
    ApplicationStatus,
    BadgeRole,
    ExhibitorStatus,
    FairRole,
    FairStaff,
    MeetingStatus,
    MemberRole,
    Membership,
    RequestStatus,
    Role,
    Verification,
)
from eventsys.services import spreadsheets
from eventsys.services.fairs import charts
from eventsys.services.fairs.fair_report import BoothCounts, get_fair_dashboard
from eventsys.services.fairs.report_tables import TABLE_KEYS, get_tables
from tests.conftest import (
    create_booth,
    create_booth_type,
    create_fair,
    create_hall,
    create_organization,
    create_user,
    login,
)
from tests.dashboard_factories import TOKYO, build_fair_of_size, build_show, investor, local, scan, startup


@pytest.fixture
def show(db, organizer_organization):
    return build_show(db, organizer_organization)


def test_booths_by_hall_and_type_and_the_sales_curve(db, show):
    dashboard = get_fair_dashboard(db, show.fair)
    # East: E1, E2, E4 sold, E3 held; West: W1 sold, W2 blocked, W3 free.
    assert dashboard.by_hall == (
        BoothCounts("East Hall", total=4, sold=3, held=1, blocked=0),
        BoothCounts("West Hall", total=3, sold=1, held=0, blocked=1),
    )
    assert [(c.label, c.price_jpy, c.total, c.sold, c.held, c.free, c.blocked) for c in dashboard.by_type] == [
        ("Standard", 330_000, 4, 3, 1, 0, 0),
        ("Island", 1_320_000, 3, 1, 0, 1, 1),
    ]
    assert dashboard.booths_sold == 4
    sales = dashboard.sales
    opened = show.fair.booking_opens_at.astimezone(TOKYO).date()
    assert (sales.opens_on, sales.bookable) == (opened, 6)
    assert sales.ends_on == show.fair.booking_closes_at.astimezone(TOKYO).date()
    # Up to today, ten days after opening; the fourth day's sale and cancellation cancel out.
    assert [d.total for d in sales.days] == [2, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4]
    assert get_tables(dashboard)["booth-sales"].rows == (
        (opened, 2, 2),
        (opened + timedelta(days=1), 1, 3),
        (opened + timedelta(days=2), 1, 4),
    )


def test_exhibitors_by_country_with_the_foreign_share_and_by_sector(db, show):
    dashboard = get_fair_dashboard(db, show.fair)
    assert [(c.country, c.exhibitors, c.booths) for c in dashboard.by_country] == [
        ("JP", 2, 2),
        ("FR", 1, 1),
        ("US", 1, 1),
    ]
    assert (dashboard.booked_booths, dashboard.foreign_booths, dashboard.foreign_share) == (4, 2, 0.5)
    assert dashboard.by_sector == (("Robotics", 2), ("Fintech", 1), ("Health", 1))
    assert get_tables(dashboard)["exhibitors-by-country"].rows[0] == ("JP", "Japan", 2, 2, 50.0)


def test_applications_and_investors(db, show):
    dashboard = get_fair_dashboard(db, show.fair)
    assert dashboard.exhibitors == {
        ExhibitorStatus.APPLIED: 2,
        ExhibitorStatus.APPROVED: 5,
        ExhibitorStatus.REJECTED: 1,
    }
    assert dashboard.applications_waiting == 2
    assert dashboard.booth_applications[ApplicationStatus.SUBMITTED] == 1
    assert [(c.verification, c.firms, c.at_fair) for c in dashboard.investors] == [
        (Verification.PENDING, 1, 0),
        (Verification.VERIFIED, 3, 2),
        (Verification.REJECTED, 0, 0),
    ]
    assert dashboard.investors_verified == 3


def test_meeting_requests_and_meetings_by_center_and_day(db, show):
    dashboard = get_fair_dashboard(db, show.fair)
    assert dashboard.requests == {
        RequestStatus.OPEN: 1,
        RequestStatus.ACCEPTED: 3,
        RequestStatus.DECLINED: 1,
        RequestStatus.WITHDRAWN: 0,
        RequestStatus.EXPIRED: 1,  # open, but past its expiry
    }
    first, second = show.fair.starts_on, show.fair.starts_on + timedelta(days=1)
    found = [(m.center, m.day, {s: n for s, n in m.by_status.items() if n}) for m in dashboard.meetings]
    # The no-show at 08:30 in Tokyo is the day before in UTC, and counts on its Tokyo day.
    assert found == [
        ("Tokyo", first, {MeetingStatus.HELD: 1, MeetingStatus.NO_SHOW: 1}),
        ("Osaka", second, {MeetingStatus.HELD: 1}),
        ("Tokyo", second, {MeetingStatus.CANCELLED: 1}),
    ]
    assert dashboard.meeting_totals == {
        MeetingStatus.SCHEDULED: 0,
        MeetingStatus.HELD: 2,
        MeetingStatus.NO_SHOW: 1,
        MeetingStatus.CANCELLED: 1,
    }


def test_check_ins_by_hour_gate_and_role(db, show):
    counts = get_fair_dashboard(db, show.fair).check_ins
    first, second = show.fair.starts_on, show.fair.starts_on + timedelta(days=1)
    assert counts.by_gate == {"East": 3, "West": 1}
    assert counts.by_hour == {f"{first} 09:00": 2, f"{first} 10:00": 1, f"{second} 14:00": 1}
    assert counts.by_role[BadgeRole.EXHIBITOR.value] == (2, 2)
    assert counts.by_role[BadgeRole.INVESTOR.value] == (1, 1)
    assert counts.by_role[BadgeRole.VISITOR.value] == (0, 1)


def test_check_ins_count_in_the_local_hours_of_a_half_hour_zone(db, organizer_organization):
    """Scans are grouped by UTC quarter hour in SQL; India's +5:30 must still give exact local hours."""
    from zoneinfo import ZoneInfo

    from eventsys.models import Badge

    kolkata = ZoneInfo("Asia/Kolkata")
    fair = create_fair(db, organizer_id=organizer_organization.id, timezone="Asia/Kolkata")
    badge = Badge(fair_id=fair.id, role=BadgeRole.VISITOR, name="Visitor")
    db.add(badge)
    db.flush()
    for hour, minute in ((9, 0), (9, 29), (9, 31), (9, 59), (10, 0), (10, 45)):
        scan(db, fair, badge, "Main", local(fair, 0, hour, minute, kolkata))
    db.flush()
    counts = get_fair_dashboard(db, fair).check_ins
    assert counts.by_hour == {f"{fair.starts_on} 09:00": 4, f"{fair.starts_on} 10:00": 2}


def test_an_empty_fair_has_zeros_and_no_share(db, organizer_organization):
    dashboard = get_fair_dashboard(db, create_fair(db, organizer_id=organizer_organization.id))
    assert dashboard.foreign_share is None and dashboard.booths_sold == 0 and dashboard.meetings == ()
    assert all(table.columns for table in get_tables(dashboard).values())


def test_the_same_number_of_queries_for_3_and_60_booths(db, client, organizer, organizer_organization, query_counter):
    small = build_fair_of_size(db, organizer_organization, 3)
    large = build_fair_of_size(db, organizer_organization, 60)
    service, page = {}, {}
    for fair in (small, large):
        db.expire_all()
        with query_counter() as statements:
            dashboard = get_fair_dashboard(db, fair)
        service[fair.id] = len(statements)
        assert sum(c.total for c in dashboard.by_hall) in (3, 60)
    login(client, organizer.email)
    for fair in (small, large):
        client.get(f"/organizer/fairs/{fair.slug}/dashboard")  # the first request's log-in reads are not the page's
        with query_counter() as statements:
            assert client.get(f"/organizer/fairs/{fair.slug}/dashboard").status_code == 200
        page[fair.id] = len(statements)
    assert service[small.id] == service[large.id] == 17  # sixteen, and the reload of the expired fair
    assert page[small.id] == page[large.id]


def test_the_page_shows_every_chart_beside_its_table_without_inline_style(db, client, show, organizer):
    login(client, organizer.email)
    response = client.get(f"/organizer/fairs/{show.fair.slug}/dashboard")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count('<svg class="chart"') == len(TABLE_KEYS)
    assert html.count('role="img"') >= len(TABLE_KEYS) and html.count("<caption") == len(TABLE_KEYS)
    assert " style=" not in html and "<script>" not in html.replace('<script src="', "")
    assert "50%" in html and "East Hall" in html and "css/dashboard.css" in html
    for key in TABLE_KEYS:
        assert f"/dashboard/{key}.csv" in html and f"/dashboard/{key}.xlsx" in html


def test_every_table_downloads_as_csv_with_bom_and_as_xlsx_with_the_same_rows(db, client, show, organizer):
    from openpyxl import load_workbook

    login(client, organizer.email)
    base = f"/organizer/fairs/{show.fair.slug}/dashboard"
    for key in TABLE_KEYS:
        response = client.get(f"{base}/{key}.csv")
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert f'filename="{show.fair.slug}-{key}.csv"' in response.headers["Content-Disposition"]
        data = response.get_data()
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        workbook = load_workbook(io.BytesIO(client.get(f"{base}/{key}.xlsx").get_data()), read_only=True)
        sheet_rows = [[_as_csv(value) for value in row] for row in workbook.active.iter_rows(values_only=True)]
        assert sheet_rows == _numbers_as_floats(rows), key
    hall_rows = list(csv.reader(io.StringIO(client.get(f"{base}/booths-by-hall.csv").get_data().decode("utf-8-sig"))))
    assert hall_rows == [
        ["Hall", "Booths", "Sold", "On hold", "Free", "Not available"],
        ["East Hall", "4", "3", "1", "0", "0"],
        ["West Hall", "3", "1", "0", "1", "1"],
    ]


def _as_csv(value) -> str:
    """A cell read back from the workbook as the CSV writes it (openpyxl reads 50.0 back as 50)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, int | float):
        return str(float(value))
    return spreadsheets.defuse(value)


def _numbers_as_floats(rows: list[list[str]]) -> list[list[str]]:
    return [[str(float(cell)) if cell.replace(".", "", 1).isdigit() else cell for cell in row] for row in rows]


def test_text_that_looks_like_a_formula_stays_text_in_both_files(db, client, show, organizer):
    from openpyxl import load_workbook

    from eventsys.models import Badge

    badge = Badge(fair_id=show.fair.id, role=BadgeRole.PRESS, name="Press")
    db.add(badge)
    db.flush()
    scan(db, show.fair, badge, '=HYPERLINK("http://evil.example","x")', local(show.fair, 0, 12))
    login(client, organizer.email)
    base = f"/organizer/fairs/{show.fair.slug}/dashboard/check-ins-by-gate"
    text = client.get(f"{base}.csv").get_data().decode("utf-8-sig")
    assert "'=HYPERLINK(" in text
    sheet = load_workbook(io.BytesIO(client.get(f"{base}.xlsx").get_data())).active
    cell = next(c for c in sheet["A"] if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"


def test_an_unknown_table_is_404(db, client, show, organizer):
    login(client, organizer.email)
    for suffix in ("csv", "xlsx"):
        assert client.get(f"/organizer/fairs/{show.fair.slug}/dashboard/no-such-table.{suffix}").status_code == 404
    assert client.get("/organizer/fairs/no-such-fair/dashboard").status_code == 404


ROUTES = ("dashboard", "dashboard/booths-by-hall.csv", "dashboard/meetings.xlsx", "audit", "audit.csv")


@pytest.mark.parametrize("route", ROUTES)
def test_only_the_fairs_owners_staff_and_admins_may_see_it(db, client, show, organizer, admin, route):
    path = f"/organizer/fairs/{show.fair.slug}/{route}"
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    other_organizer = create_user(db, Role.ORGANIZER, organization=create_organization(db, _organizer_kind()))
    check_in_staff = _member(db, show.fair, FairRole.CHECK_IN)
    finance = _member(db, show.fair, FairRole.FINANCE)
    # Finance staff open the dashboard for its invoice figures only (tests/test_invoices_finance.py), nothing else.
    finance_may = route == "dashboard"
    for user in (startup(db, "JP"), investor(db), other_organizer, check_in_staff, *([] if finance_may else [finance])):
        login(client, user.email)
        assert client.get(path).status_code == 403, user.email
        client.post("/logout")
    for user in (organizer, admin, _member(db, show.fair, FairRole.STAFF), *([finance] if finance_may else [])):
        login(client, user.email)
        assert client.get(path).status_code == 200, user.email
        client.post("/logout")


def _organizer_kind():
    from eventsys.models import OrganizationKind

    return OrganizationKind.ORGANIZER


def _member(db, fair, role: FairRole):
    """A member (not an owner) of the fair's organizer organization with `role` at the fair."""
    user = create_user(db, Role.ORGANIZER)
    db.add_all(
        [
            Membership(user=user, organization_id=fair.organizer_id, role=MemberRole.MEMBER),
            FairStaff(fair_id=fair.id, user_id=user.id, role=role),
        ]
    )
    db.flush()
    return user


def test_a_fair_of_each_booth_state_is_drawn_in_its_colours(db, organizer_organization):
    fair = create_fair(db, organizer_id=organizer_organization.id)
    create_booth(db, create_hall(db, fair, name="<Hall & Co>"), create_booth_type(db, fair))
    svg = str(charts.render_bars(_hall_chart(get_fair_dashboard(db, fair))))
    assert "&lt;Hall &amp; Co&gt;" in svg and "<Hall" not in svg
    assert "chart__fill--free" in svg and " style=" not in svg


def _hall_chart(dashboard):
    from eventsys.services.fairs.report_charts import _booths

    return _booths("Booths by hall", dashboard.by_hall)


def test_charts_escape_labels_name_themselves_and_say_when_empty():
    series = (charts.Series("Sold", "sold"), charts.Series("Free", "free"))
    bars = (charts.Bar('<img src=x onerror="alert(1)">', (3, 1)), charts.Bar("A very long hall name indeed", (0, 2)))
    svg = str(charts.render_bars(charts.BarChart("Booths & halls", series, bars)))
    assert svg.startswith('<svg class="chart"') and 'role="img" aria-label="Booths &amp; halls"' in svg
    assert "<img" not in svg and "&lt;img" in svg and " style=" not in svg
    assert "…" in svg and "<title>A very long hall name indeed</title>" in svg
    assert "Nothing here" in str(charts.render_columns(charts.BarChart("Empty", series, (), "Nothing here")))
    line = charts.LineChart("Sales", "Sold", values=(0, 2, 5), length=10, band=(0, 9), ceiling=8, ceiling_name="8")
    svg = str(charts.render_line(line))
    assert "<polyline" in svg and 'class="chart__ceiling"' in svg and 'class="chart__band"' in svg
    with pytest.raises(ValueError):
        charts.Series("Sold", "red; background: url(x)")


def test_the_page_and_its_downloads_in_japanese(db, client, show, organizer):
    login(client, organizer.email)
    headers = {"Accept-Language": "ja"}
    html = client.get(f"/organizer/fairs/{show.fair.slug}/dashboard", headers=headers).get_data(as_text=True)
    assert "展示会ダッシュボード" in html and "ホール別のブース" in html and "日本" in html
    data = client.get(f"/organizer/fairs/{show.fair.slug}/dashboard/booths-by-hall.csv", headers=headers).get_data()
    assert data.decode("utf-8").startswith("\ufeffホール,")
