"""The first hour: each role's checklist on the home page ticks itself off from the data."""

from __future__ import annotations

import re

from sqlalchemy import select

from eventsys.models import (
    Availability,
    ExhibitorStatus,
    Invoice,
    OrganizationKind,
    RequestStatus,
    Role,
    ShortlistEntry,
    TeamInvitation,
    Verification,
)
from eventsys.services.accounts import first_steps
from eventsys.services.invoices import issuing, payments
from tests.booth_factories import approve
from tests.conftest import create_organization, create_user, login
from tests.invoice_factories import NOW, confirmed_booking, create_issuer
from tests.meeting_factories import accepted_request, create_center


def _ticks(page: str) -> dict[str, bool]:
    return {key: done == "yes" for key, done in re.findall(r'data-step="(\w+)" data-done="(yes|no)"', page)}


def test_a_new_startup_sees_seven_open_steps_in_order(client, fair, startup):
    login(client, startup.email)
    page = client.get("/").get_data(as_text=True)
    assert list(_ticks(page)) == ["profile", "apply", "booth", "team", "availability", "requests", "badges"]
    assert not any(_ticks(page).values()) and "0 of 7 done" in page
    assert 'href="/company/"' in page and 'href="/team/"' in page  # the nav reaches both


def test_the_startup_steps_tick_as_the_data_appears(db, client, fair, startup):
    organization = startup.organization
    organization.description, organization.logo_path = "Robots.", "x" * 22 + ".png"
    approve(db, fair, organization)
    db.add(TeamInvitation(organization_id=organization.id, email="colleague@example.com"))
    db.flush()
    login(client, startup.email)
    ticks = _ticks(client.get("/").get_data(as_text=True))
    assert ticks["profile"] and ticks["apply"] and ticks["team"]
    assert not ticks["booth"] and not ticks["badges"] and not ticks["availability"]


def test_investor_steps_and_the_pending_banner(db, client, fair, investor):
    investor.organization.verification = Verification.PENDING
    db.flush()
    login(client, investor.email)
    page = client.get("/").get_data(as_text=True)
    assert list(_ticks(page)) == ["profile", "verification", "directory", "requests", "availability"]
    assert 'data-testid="verification-pending"' in page and "shortlist" in page
    investor.organization.verification = Verification.VERIFIED
    startup = create_organization(db, OrganizationKind.STARTUP)
    db.add(ShortlistEntry(investor_id=investor.organization.id, startup_id=startup.id))
    db.flush()
    ticks = _ticks(client.get("/investors/profile").get_data(as_text=True))
    assert ticks["verification"] and ticks["directory"] and not ticks["requests"]


def test_investor_requests_and_availability_tick(db, fair, investor, startup):
    center = create_center(db)
    accepted_request(db, fair, investor, startup)
    db.add(Availability(fair_id=fair.id, user_id=investor.id, center_id=center.id, **_free_hours(fair)))
    db.flush()
    ticks = {s.key: s.done for s in first_steps.investor_steps(db, investor, fair)}
    assert ticks["requests"] and ticks["availability"]


def _free_hours(fair) -> dict:
    from datetime import UTC, datetime, time

    day = fair.starts_on
    return {
        "starts_at": datetime.combine(day, time(0), tzinfo=UTC),
        "ends_at": datetime.combine(day, time(8), tzinfo=UTC),
    }


def test_the_organizer_sees_what_waits_with_counts_and_links(db, client, fair, organizer, startup, investor):
    approve(db, fair, startup.organization, status=ExhibitorStatus.APPLIED)
    other = create_user(db, Role.STARTUP)
    approve(db, fair, other.organization, status=ExhibitorStatus.APPLIED)
    accepted_request(db, fair, investor, startup, status=RequestStatus.ACCEPTED)
    login(client, organizer.email)
    page = client.get("/").get_data(as_text=True)
    waiting = {row.key: row.count for row in first_steps.organizer_waiting(db, organizer)}
    assert waiting["applications"] == 2 and waiting["unscheduled"] == 1 and "unpaid" not in waiting
    assert 'href="/organizer/fairs/test-fair/exhibitors"' in page and 'data-testid="organizer-waiting"' in page
    dashboard = client.get("/organizer/").get_data(as_text=True)  # where an organizer lands after log-in
    assert 'data-waiting="applications"' in dashboard


def test_the_organizer_waiting_list_leaves_out_other_organizers_fairs(db, fair, startup):
    approve(db, fair, startup.organization, status=ExhibitorStatus.APPLIED)
    stranger = create_user(db, Role.ORGANIZER, organization=create_organization(db, OrganizationKind.ORGANIZER))
    assert first_steps.organizer_waiting(db, stranger) == []


def test_anonymous_visitors_get_no_checklist(client, fair):
    page = client.get("/").get_data(as_text=True)
    assert 'data-testid="first-steps"' not in page and 'data-testid="organizer-waiting"' not in page


def test_unpaid_invoices_count_until_paid_in_full(db, organizer, fair):
    create_issuer(db, fair)
    booth = fair.halls[0].booths[0]
    booking = confirmed_booking(db, fair, booth)
    invoice = db.scalar(select(Invoice).where(Invoice.booking_id == booking.id)) or issuing.issue_for_booking(
        db, booking, now=NOW
    )

    def unpaid() -> int:
        return {row.key: row.count for row in first_steps.organizer_waiting(db, organizer)}.get("unpaid", 0)

    assert unpaid() == 1
    payments.record_payment(
        db,
        invoice,
        paid_on=NOW.date(),
        amount_jpy=invoice.total_jpy - 1,
        method="bank_transfer",
        reference="",
        actor=organizer,
    )
    assert unpaid() == 1  # a yen short is still unpaid
    payments.record_payment(
        db, invoice, paid_on=NOW.date(), amount_jpy=1, method="bank_transfer", reference="", actor=organizer
    )
    assert unpaid() == 0
