"""A fair's audit log for its organizers: actors by name, filters by action, actor and days, pages, bad filters."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime

import pytest

from eventsys.models import Role
from eventsys.services import audit
from eventsys.services.fairs.fair_audit import AuditFilters, get_audit_page
from tests.conftest import create_fair, create_user, login


@pytest.fixture
def log(db, fair, organizer):
    """Five entries at the fair (by the organizer, a startup's Hanako and the system), one at another fair."""
    hanako = create_user(db, Role.STARTUP, name="Hanako Sato", email="hanako@example.com")
    other = create_fair(db)
    entries = [
        ("booking.confirm", hanako, fair.id, datetime(2027, 5, 1, 3, 0, tzinfo=UTC)),
        ("booking.cancel", organizer, fair.id, datetime(2027, 5, 1, 23, 30, tzinfo=UTC)),  # 2 May, 08:30 in Tokyo
        ("exhibitor.decide", organizer, fair.id, datetime(2027, 5, 3, 1, 0, tzinfo=UTC)),
        ("booking.confirm", hanako, fair.id, datetime(2027, 5, 4, 1, 0, tzinfo=UTC)),
        ("booths.release", None, fair.id, datetime(2027, 5, 5, 1, 0, tzinfo=UTC)),
        ("booking.confirm", hanako, other.id, datetime(2027, 5, 4, 2, 0, tzinfo=UTC)),
    ]
    for action, actor, fair_id, at in entries:
        entry = audit.record(db, action, fair, actor=actor, fair_id=fair_id, reason="checked")
        entry.at = at
    db.flush()
    return hanako


def _actions(page) -> list[str]:
    return [line.entry.action for line in page.lines]


def test_the_service_filters_and_pages_newest_first(db, fair, organizer, log):
    everything = get_audit_page(db, fair, organizer, AuditFilters())
    assert everything.total == 5 and _actions(everything)[0] == "booths.release"
    assert [line.actor_name for line in everything.lines] == [
        None,
        "Hanako Sato",
        organizer.name,
        organizer.name,
        "Hanako Sato",
    ]
    assert get_audit_page(db, fair, organizer, AuditFilters(action="booking.confirm")).total == 2
    assert get_audit_page(db, fair, organizer, AuditFilters(actor="HANAKO")).total == 2
    assert get_audit_page(db, fair, organizer, AuditFilters(actor="hanako@EXAMPLE")).total == 2
    assert get_audit_page(db, fair, organizer, AuditFilters(actor="%")).total == 0  # a wildcard is a character
    # Days are the fair's (Tokyo): 23:30 UTC on 1 May is 2 May there.
    may_2 = get_audit_page(db, fair, organizer, AuditFilters(starts_on=date(2027, 5, 2), ends_on=date(2027, 5, 2)))
    assert _actions(may_2) == ["booking.cancel"]
    page = get_audit_page(db, fair, organizer, AuditFilters(), page=2, per_page=2)
    assert (page.pages, _actions(page)) == (3, ["exhibitor.decide", "booking.cancel"])
    past_the_end = get_audit_page(db, fair, organizer, AuditFilters(), page=99, per_page=2)
    assert (past_the_end.page, _actions(past_the_end)) == (3, ["booking.confirm"])


def test_the_page_shows_names_and_filters(db, client, fair, organizer, log):
    login(client, organizer.email)
    html = client.get(f"/organizer/fairs/{fair.slug}/audit").get_data(as_text=True)
    assert "Hanako Sato" in html and "5 entries" in html and "reason: checked" in html
    assert '<option value="booking.confirm">' in html
    html = client.get(f"/organizer/fairs/{fair.slug}/audit?action=booking.confirm&actor=sato").get_data(as_text=True)
    assert "2 entries" in html and "booking.cancel" not in html.split("<tbody>")[1]
    html = client.get(f"/organizer/fairs/{fair.slug}/audit?per_page=2&page=2").get_data(as_text=True)
    assert "Page 2 of 3" in html and 'rel="prev"' in html and 'rel="next"' in html
    next_link = re.search(r'href="([^"]+)" rel="next"|rel="next" href="([^"]+)"', html)
    assert next_link and "per_page=2" in next_link.group(0) and "page=3" in next_link.group(0)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("starts_on=2027-02-30", "Not a valid date"),
        ("starts_on=0001-01-01", "between 2000 and 2099"),
        ("ends_on=9999-12-31", "between 2000 and 2099"),
        ("starts_on=2027-05-03&ends_on=2027-05-01", "comes before the first"),
        ("action=no.such.action", "Not a valid choice"),
        ("per_page=100000", "Number must be between"),
        ("page=0", "Number must be between"),
        ("page=abc", "Not a valid integer"),
        ("actor=" + "x" * 200, "longer than 120"),
    ],
)
def test_bad_filters_are_a_422_with_the_reason(db, client, fair, organizer, log, query, message):
    login(client, organizer.email)
    for path in ("audit", "audit.csv"):
        response = client.get(f"/organizer/fairs/{fair.slug}/{path}?{query}")
        assert response.status_code == 422, path
        assert message in response.get_data(as_text=True)


def test_the_log_downloads_as_csv_with_the_filters(db, client, fair, organizer, log):
    login(client, organizer.email)
    response = client.get(f"/organizer/fairs/{fair.slug}/audit.csv?actor=hanako")
    data = response.get_data()
    assert response.status_code == 200 and data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["When", "Action", "Subject", "By user", "Details"]
    assert [row[1] for row in rows[1:]] == ["booking.confirm", "booking.confirm"]
    assert rows[1][3] == "Hanako Sato" and rows[1][4] == "reason: checked" and "JST" in rows[1][0]


def test_another_fairs_entries_never_show(db, client, fair, organizer, log):
    lines = get_audit_page(db, fair, organizer, AuditFilters(), per_page=200).lines
    assert len(lines) == 5 and all(line.entry.fair_id == fair.id for line in lines)
    login(client, organizer.email)
    assert "4 entries" not in client.get(f"/organizer/fairs/{fair.slug}/audit?actor=hanako").get_data(as_text=True)
