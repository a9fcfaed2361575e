"""The inbox and its count, notice settings, asking from a profile, the pending investor, no common slot."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from eventsys.models import (
    Delivery,
    MeetingRequest,
    Notice,
    NoticeKind,
    NoticePreference,
    OrganizationKind,
    RequestStatus,
    Role,
    Verification,
)
from tests.conftest import create_organization, create_user, login
from tests.meeting_factories import accepted_request, create_center, create_meeting_fair, make_available


@pytest.fixture
def setting(db, organizer_organization):
    fair = create_meeting_fair(db, organizer_id=organizer_organization.id)
    center = create_center(db)
    return fair, center


def _notice(db, user, kind=NoticeKind.REQUEST_RECEIVED, fair=None):
    params = {"organization": "Kaze Capital", "fair": "Fair", "fair_slug": fair.slug if fair else None}
    notice = Notice(user_id=user.id, kind=kind, params=params, delivery=Delivery.AT_ONCE)
    db.add(notice)
    db.flush()
    return notice


def test_the_navigation_counts_unread_and_the_inbox_reads_them(client, db, startup, setting):
    fair, _center = setting
    first, _second = _notice(db, startup, fair=fair), _notice(db, startup, fair=fair)
    login(client, startup.email)
    page = client.get("/").get_data(as_text=True)
    assert 'data-testid="inbox-count">2<' in page
    inbox = client.get("/inbox/").get_data(as_text=True)
    assert inbox.count('data-read="no"') == 2 and "Kaze Capital asks you" in inbox
    response = client.post(f"/inbox/{first.id}/read")
    assert response.status_code == 302 and f"/meetings/fairs/{fair.slug}/requests" in response.headers["Location"]
    assert client.get("/inbox/?show=unread").get_data(as_text=True).count('data-testid="notice"') == 1
    assert client.post("/inbox/read-all").status_code == 302
    assert 'data-testid="inbox-count"' not in client.get("/").get_data(as_text=True)
    assert client.get("/inbox/?show=bogus").status_code == 400


def test_the_count_is_one_query(client, db, startup, query_counter):
    _notice(db, startup)
    login(client, startup.email)
    with query_counter() as statements:
        client.get("/inbox/")
    assert sum("FROM notices" in statement for statement in statements) == 2  # the navigation's count and the list


def test_nobody_reads_or_marks_another_persons_notice(client, db, startup, investor):
    notice = _notice(db, startup)
    login(client, investor.email)
    assert client.post(f"/inbox/{notice.id}/read").status_code == 404
    assert client.post("/inbox/read-all").status_code == 302
    assert db.get(Notice, notice.id).read_at is None
    client.post("/logout")
    assert client.get("/inbox/").status_code == 302 and client.post("/inbox/read-all").status_code in (302, 400)


def test_settings_save_and_refuse_bad_choices(client, db, startup):
    login(client, startup.email)
    assert client.get("/inbox/settings").status_code == 200
    choices = {kind: "at_once" for kind in ("request_received", "request_accepted", "request_declined")}
    full = {kind.value: "at_once" for kind in NoticeKind} | {"request_received": "digest"}
    for kind in ("meeting_booked", "meeting_rescheduled", "meeting_cancelled"):
        full.pop(kind)
    assert client.post("/inbox/settings", data=full).status_code == 302
    assert db.scalar(select(NoticePreference.delivery).where(NoticePreference.kind == NoticeKind.REQUEST_RECEIVED)) == (
        Delivery.DIGEST
    )
    assert client.post("/inbox/settings", data=full | {"request_accepted": "sometimes"}).status_code == 422
    assert client.post("/inbox/settings", data=choices).status_code == 422  # every kind must be chosen
    assert db.scalar(select(func.count(NoticePreference.id))) == len(full)


def test_request_a_meeting_from_a_startup_profile_preselects_it(client, db, setting, investor, startup):
    fair, _center = setting
    login(client, investor.email)
    profile = client.get(f"/startups/{startup.organization.id}").get_data(as_text=True)
    assert 'data-testid="request-meeting"' in profile
    response = client.get(f"/meetings/ask?to={startup.organization.id}")
    if response.status_code == 302:
        response = client.get(response.headers["Location"])
    form = client.get(f"/meetings/fairs/{fair.slug}/requests/new?to={startup.organization.id}").get_data(as_text=True)
    assert startup.organization.name in form and "checked" in form
    sent = client.post(
        f"/meetings/fairs/{fair.slug}/requests/new", data={"recipient": startup.organization.id, "language": "en"}
    )
    assert sent.status_code == 302
    assert db.scalar(select(Notice.kind).where(Notice.user_id == startup.id)) == NoticeKind.REQUEST_RECEIVED


def test_the_recipient_is_found_by_search_and_a_forbidden_one_refused(client, db, setting, investor, startup):
    fair, _center = setting
    other_investor = create_user(db, Role.INVESTOR)
    login(client, investor.email)
    found = client.get(f"/meetings/fairs/{fair.slug}/requests/new?q={startup.organization.name}").get_data(as_text=True)
    assert startup.organization.name in found
    nothing = client.get(f"/meetings/fairs/{fair.slug}/requests/new?q=zzzz%25_").get_data(as_text=True)
    assert 'data-testid="no-recipient"' in nothing
    refused = client.post(
        f"/meetings/fairs/{fair.slug}/requests/new",
        data={"recipient": other_investor.organization.id, "language": "en"},  # investors do not ask investors
    )
    assert refused.status_code == 422 and db.scalar(select(func.count(MeetingRequest.id))) == 0


def test_a_pending_investor_is_told_at_once_and_not_offered_the_form(client, db, setting, startup):
    fair, _center = setting
    firm = create_organization(db, OrganizationKind.INVESTOR_FIRM, verification=Verification.PENDING)
    pending = create_user(db, Role.INVESTOR, organization=firm)
    login(client, pending.email)
    assert 'data-testid="verification-pending"' in client.get("/").get_data(as_text=True)
    form = client.get(f"/meetings/fairs/{fair.slug}/requests/new").get_data(as_text=True)
    assert 'data-testid="request-not-offered"' in form and 'name="recipient"' not in form
    profile = client.get(f"/startups/{startup.organization.id}").get_data(as_text=True)
    assert 'data-testid="request-meeting"' not in profile


def test_accepting_without_a_common_slot_asks_the_other_side_and_suggests_days(client, db, setting, investor, startup):
    fair, center = setting
    make_available(db, fair, investor, center, fair.starts_on)
    request = accepted_request(db, fair, investor, startup, status=RequestStatus.OPEN)
    login(client, startup.email)
    response = client.post(f"/meetings/requests/{request.id}/accept")
    assert response.status_code == 302
    asked = select(Notice).where(Notice.user_id == investor.id, Notice.kind == NoticeKind.AVAILABILITY_NEEDED)
    assert db.scalar(asked) is not None
    picker = client.get(f"/meetings/requests/{request.id}/slots").get_data(as_text=True)
    assert 'data-testid="suggestions"' in picker and center.city in picker
    assert f"{investor.organization.name}" in picker
