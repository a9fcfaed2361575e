"""Meeting rules that used to live in views: who may be asked, booth-duty clashes, expiry read without a write."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import select, update

from eventsys.models import (
    BookingStatus,
    BoothBooking,
    MeetingRequest,
    OrganizationKind,
    RequestStatus,
    Role,
    User,
    Verification,
)
from eventsys.services.meetings import agenda as agenda_service
from eventsys.services.meetings import requests as request_service
from eventsys.services.meetings.booking import create_meeting
from tests.conftest import create_booth, create_booth_type, create_hall, create_organization, create_user, login
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available


@pytest.fixture
def organizations(db):
    """One organization of each kind, a pending investor among them."""
    kinds = [
        (OrganizationKind.STARTUP, Verification.VERIFIED),
        (OrganizationKind.STARTUP, Verification.PENDING),
        (OrganizationKind.INVESTOR_FIRM, Verification.VERIFIED),
        (OrganizationKind.INVESTOR_FIRM, Verification.PENDING),
        (OrganizationKind.CORPORATE_PARTNER, Verification.VERIFIED),
        (OrganizationKind.ORGANIZER, Verification.VERIFIED),
    ]
    return [create_organization(db, kind, verification=verification) for kind, verification in kinds]


def test_possible_recipients_are_who_can_request_admits(db, organizations):
    """One rule: the list offered is exactly the organizations can_request lets the requester ask."""
    ids = {o.id for o in organizations}
    for requester in organizations[:3] + organizations[4:]:  # the pending investor: the next test
        offered = {o.id for o in request_service.get_possible_recipients(db, requester)} & ids
        assert offered == {o.id for o in organizations if request_service.can_request(requester, o)}, requester.kind
    startup_asks = {o.id for o in request_service.get_possible_recipients(db, organizations[0])} & ids
    assert startup_asks == {organizations[2].id, organizations[4].id}


def test_a_pending_investor_is_offered_startups_but_cannot_ask(db, organizations):
    """The page lists startups for an investor awaiting verification; sending says why not (send_request)."""
    pending = organizations[3]
    offered = {o.id for o in request_service.get_possible_recipients(db, pending)}
    startups = {o.id for o in organizations if o.kind == OrganizationKind.STARTUP}
    assert startups <= offered
    assert not any(request_service.can_request(pending, o) for o in organizations)


def test_nobody_else_asks(db, organizations):
    assert request_service.get_possible_recipients(db, organizations[5]) == []
    assert request_service.get_possible_recipients(db, None) == []


def test_booth_duty_clashes(db, app_context, investor, startup):
    fair = create_meeting_fair(db)
    center = create_center(db)
    make_available(db, fair, investor, center)
    make_available(db, fair, startup, center)
    booth = create_booth(db, create_hall(db, fair), create_booth_type(db, fair))
    organization_id = startup.organization.id
    db.add(
        BoothBooking(
            fair_id=fair.id, booth_id=booth.id, organization_id=organization_id, status=BookingStatus.CONFIRMED
        )
    )
    request = accepted_request(db, fair, investor, startup)
    # Booking refuses booth duty now, so the clash is planted as an older meeting would be.
    meeting = create_meeting(db, request, center.rooms[0], at(fair, 0, 10), at(fair, 0, 10, 30))
    assert agenda_service.get_booth_duty_clashes(db, startup, [meeting]) == {meeting.id}
    assert agenda_service.get_booth_duty_clashes(db, investor, [meeting]) == set()
    assert agenda_service.get_booth_duty_clashes(db, startup, []) == set()
    db.execute(
        BoothBooking.__table__.update().where(BoothBooking.booth_id == booth.id).values(status=BookingStatus.CANCELLED)
    )
    db.expire_all()
    assert agenda_service.get_booth_duty_clashes(db, startup, [meeting]) == set()


def test_an_expired_request_reads_as_expired_without_a_write(client, db, investor, startup):
    """GET /meetings/fairs/<slug>/requests shows expiry as before, but leaves the row for the next write."""
    fair = create_meeting_fair(db)
    request = accepted_request(
        db, fair, investor, startup, status=RequestStatus.OPEN, expires_at=datetime.now(UTC) - timedelta(hours=1)
    )
    assert request.current_status == RequestStatus.EXPIRED
    login(client, startup.email)
    page = client.get(f"/meetings/fairs/{fair.slug}/requests").get_data(as_text=True)
    assert "Expired" in page and ">Accept<" not in page
    db.expire_all()
    assert db.scalar(select(MeetingRequest.status).where(MeetingRequest.id == request.id)) == RequestStatus.OPEN
    assert request_service.expire_requests(db) == 1


def test_every_account_has_a_calendar_token_from_the_start(app, db):
    """Made with the account, so GET /calendar/ has one to show; migration 0008 gives older accounts theirs."""
    first, second = create_user(db, Role.STARTUP), create_user(db, Role.ORGANIZER)
    assert first.calendar_token and second.calendar_token and first.calendar_token != second.calendar_token
    db.execute(update(User).where(User.id == first.id).values(calendar_token=None))
    migration = Path(app.extensions["migrate"].directory) / "versions" / "0008_calendar_token_for_every_user.py"
    spec = importlib.util.spec_from_file_location("migration_0008", migration)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with Operations.context(MigrationContext.configure(db.connection())):
        module.upgrade()
    tokens = dict(db.execute(select(User.id, User.calendar_token).where(User.id.in_([first.id, second.id]))).all())
    assert tokens[first.id] and tokens[first.id] != first.calendar_token and tokens[second.id] == second.calendar_token
