"""The proposal pages through the test client: propose from the slot picker, pick or decline, bad input and users
who may not see or answer, and the slot picker's times in the viewer's own zone."""

from __future__ import annotations

import re
from datetime import UTC, timedelta

import pytest
from sqlalchemy import func, select

from eventsys.models import Meeting, Notice, NoticeKind, ProposalStatus, Role, SlotProposal
from eventsys.services.meetings import proposals
from tests.conftest import create_user, login
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available


@pytest.fixture
def setting(db, investor, startup, organizer_organization):
    """An accepted request whose sides are free on different days: no common slot."""
    fair = create_meeting_fair(db, organizer_id=organizer_organization.id)
    center = create_center(db, rooms=(("Room A", 4),))
    make_available(db, fair, investor, center, fair.starts_on)
    make_available(db, fair, startup, center, fair.starts_on + timedelta(days=1))
    request = accepted_request(db, fair, investor, startup)
    db.commit()
    return fair, center, request


def form_of(fair, center, rows=((2, "10:00"), (2, "11:00"), (3, "14:30"))) -> dict:
    data = {}
    for index, (day, start) in enumerate(rows):
        data[f"slots-{index}-center"] = center.id
        data[f"slots-{index}-day"] = (fair.starts_on + timedelta(days=day)).isoformat()
        data[f"slots-{index}-starts"] = start
    return data


def propose(app, db, fair, center, request, user) -> SlotProposal:
    """Three slots on the fair's third day, proposed by `user` through the service (which words a mail)."""
    with app.app_context():
        proposal = proposals.propose(db, request, user, [(center, at(fair, 2, h)) for h in (10, 11, 12)], daily_cap=8)
        db.commit()
    return proposal


def proposals_count(db) -> int:
    return db.scalar(select(func.count(SlotProposal.id)))


def test_no_common_slot_leads_to_the_proposal_form(app, client, db, setting, startup):
    fair, center, request = setting
    login(client, startup.email)
    picker = client.get(f"/meetings/requests/{request.id}/slots").get_data(as_text=True)
    assert 'data-testid="no-common-slot"' in picker
    assert f'href="/meetings/requests/{request.id}/proposal"' in picker
    requests = client.get(f"/meetings/fairs/{fair.slug}/requests").get_data(as_text=True)
    assert f"/meetings/requests/{request.id}/proposal" in requests
    page = client.get(f"/meetings/requests/{request.id}/proposal")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'name="slots-2-starts"' in text and center.city in text
    assert 'data-testid="suggestions"' in text  # where one of them is free, as on the slot picker


def test_propose_then_the_other_side_picks(app, client, db, setting, investor, startup, outbox):
    fair, center, request = setting
    login(client, startup.email)
    response = client.post(f"/meetings/requests/{request.id}/proposal", data=form_of(fair, center))
    assert response.status_code == 302
    proposal = db.scalar(select(SlotProposal))
    assert [slot.starts_at for slot in proposal.slots] == [at(fair, 2, 10), at(fair, 2, 11), at(fair, 3, 14, 30)]
    waiting = client.get(f"/meetings/requests/{request.id}/proposal").get_data(as_text=True)
    assert "Waiting for the other side" in waiting and "Pick this slot" not in waiting
    client.post("/logout")

    investor.timezone = "America/Mexico_City"
    db.commit()
    login(client, investor.email)
    notice = db.scalar(select(Notice).where(Notice.user_id == investor.id, Notice.kind == NoticeKind.SLOTS_PROPOSED))
    assert "proposes three slots" in client.get("/inbox/").get_data(as_text=True)
    opened = client.post(f"/inbox/{notice.id}/read")  # the notice leads to the proposal
    assert opened.headers["Location"].endswith(f"/meetings/requests/{request.id}/proposal")
    page = client.get(f"/meetings/requests/{request.id}/proposal").get_data(as_text=True)
    assert page.count("Pick this slot") == 3 and "Decline all three" in page
    assert "JST" in page and "Mexico City, previous day" in page  # both zones: 10:00 JST is 19:00 the day before
    response = client.post(
        f"/meetings/requests/{request.id}/proposal/pick", data={"proposal": proposal.id, "position": 3}
    )
    assert response.status_code == 302
    meeting = db.scalar(select(Meeting))
    assert meeting.starts_at == at(fair, 3, 14, 30).astimezone(UTC) and meeting.request_id == request.id
    db.refresh(proposal)
    assert proposal.status == ProposalStatus.PICKED and proposal.meeting_id == meeting.id
    # A second click (the same page still open) books nothing more.
    again = client.post(f"/meetings/requests/{request.id}/proposal/pick", data={"proposal": proposal.id, "position": 1})
    assert again.status_code == 409 and db.scalar(select(func.count(Meeting.id))) == 1


def test_decline_tells_the_proposer(app, client, db, setting, investor, startup):
    fair, center, request = setting
    proposal = propose(app, db, fair, center, request, startup)
    login(client, investor.email)
    response = client.post(f"/meetings/requests/{request.id}/proposal/decline", data={"proposal": proposal.id})
    assert response.status_code == 302
    db.refresh(proposal)
    assert proposal.status == ProposalStatus.DECLINED
    assert db.scalar(select(Notice).where(Notice.user_id == startup.id, Notice.kind == NoticeKind.SLOTS_DECLINED))
    client.post("/logout")
    login(client, startup.email)
    page = client.get(f"/meetings/requests/{request.id}/proposal").get_data(as_text=True)
    assert 'data-testid="proposal-declined"' in page and 'name="slots-0-center"' in page


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (((2, "10:00"), (2, "11:00")), "Enter a start time."),  # two slots only
        (((2, "10:00"), (2, "10:00"), (2, "11:00")), "Propose three different slots."),
        (((2, "10:00"), (2, "11:00"), (2, "18:00")), "Slot 3: That is not a meeting slot"),  # after closing
        (((2, "08:00"), (2, "11:00"), (2, "12:00")), "Slot 1: That is not a meeting slot"),  # before opening
        (((2, "10:00"), (2, "10:10"), (2, "12:00")), "Slot 2: That is not a meeting slot"),  # off the slot grid
        (((2, "10:00"), (2, "xx"), (2, "12:00")), "Not a valid time value."),
    ],
)
def test_bad_slots_are_refused_with_a_reason(app, client, db, setting, startup, rows, message):
    fair, center, request = setting
    login(client, startup.email)
    data = form_of(fair, center, rows)
    if len(rows) == 2:
        data.update({"slots-2-center": center.id, "slots-2-day": fair.starts_on.isoformat()})
    response = client.post(f"/meetings/requests/{request.id}/proposal", data=data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert proposals_count(db) == 0


def test_a_fourth_slot_is_ignored_and_a_foreign_day_refused(app, client, db, setting, startup):
    fair, center, request = setting
    login(client, startup.email)
    data = form_of(fair, center) | {"slots-0-day": "2001-01-01"}
    response = client.post(f"/meetings/requests/{request.id}/proposal", data=data)
    assert response.status_code == 422 and proposals_count(db) == 0
    data = form_of(fair, center, ((2, "10:00"), (2, "11:00"), (2, "12:00"), (2, "13:00")))
    assert client.post(f"/meetings/requests/{request.id}/proposal", data=data).status_code == 302
    assert len(db.scalar(select(SlotProposal)).slots) == 3


def test_a_past_slot_is_refused(app, client, db, setting, startup):
    fair, center, request = setting
    fair.starts_on, fair.ends_on = fair.starts_on - timedelta(days=400), fair.ends_on - timedelta(days=400)
    db.commit()
    login(client, startup.email)
    response = client.post(f"/meetings/requests/{request.id}/proposal", data=form_of(fair, center))
    assert response.status_code == 422 and "That time has passed" in response.get_data(as_text=True)
    assert proposals_count(db) == 0


def test_answer_without_a_slot_or_for_another_proposal(app, client, db, setting, investor, startup):
    fair, center, request = setting
    proposal = propose(app, db, fair, center, request, startup)
    login(client, investor.email)
    path = f"/meetings/requests/{request.id}/proposal"
    assert client.post(f"{path}/pick", data={"proposal": proposal.id}).status_code == 422
    assert client.post(f"{path}/pick", data={"proposal": proposal.id, "position": 4}).status_code == 422
    assert client.post(f"{path}/pick", data={"proposal": proposal.id + 1, "position": 1}).status_code == 409
    assert client.post(f"{path}/decline", data={}).status_code == 422
    db.refresh(proposal)
    assert proposal.status == ProposalStatus.OPEN and db.scalar(select(func.count(Meeting.id))) == 0


def test_the_proposer_cannot_answer_own_slots(app, client, db, setting, startup):
    fair, center, request = setting
    proposal = propose(app, db, fair, center, request, startup)
    login(client, startup.email)
    path = f"/meetings/requests/{request.id}/proposal"
    assert client.post(f"{path}/pick", data={"proposal": proposal.id, "position": 1}).status_code == 403
    assert client.post(f"{path}/decline", data={"proposal": proposal.id}).status_code == 403
    db.refresh(proposal)
    assert proposal.status == ProposalStatus.OPEN


def test_someone_elses_request_is_not_found(app, client, db, setting, startup):
    fair, center, request = setting
    proposal = propose(app, db, fair, center, request, startup)
    stranger = create_user(db, Role.INVESTOR)
    db.commit()
    login(client, stranger.email)
    path = f"/meetings/requests/{request.id}/proposal"
    assert client.get(path).status_code == 404
    assert client.post(path, data=form_of(fair, center)).status_code == 404
    assert client.post(f"{path}/pick", data={"proposal": proposal.id, "position": 1}).status_code == 404
    assert client.post(f"{path}/decline", data={"proposal": proposal.id}).status_code == 404
    db.refresh(proposal)
    assert proposal.status == ProposalStatus.OPEN and proposals_count(db) == 1


def test_the_slot_picker_shows_the_viewers_own_zone_when_it_differs(app, client, db, setting, investor, startup):
    fair, center, request = setting
    make_available(db, fair, startup, center, fair.starts_on)
    investor.timezone = "Europe/Madrid"
    db.commit()
    login(client, investor.email)
    page = client.get(f"/meetings/requests/{request.id}/slots").get_data(as_text=True)
    assert at(fair, 0, 10).astimezone(UTC).isoformat() in page
    assert re.search(r'slot-list__viewer-time">\([12]:00\W+AM Madrid\)', page)  # 9:00 JST, in winter or summer
    client.post("/logout")
    startup.timezone = "Asia/Tokyo"
    db.commit()
    login(client, startup.email)
    assert "slot-list__viewer-time" not in client.get(f"/meetings/requests/{request.id}/slots").get_data(as_text=True)


@pytest.mark.parametrize(("locale", "words"), [("ja", "この時間枠を選ぶ"), ("es", "Elegir este horario")])
def test_the_pick_page_in_the_viewers_language(app, client, db, setting, investor, startup, locale, words):
    fair, center, request = setting
    propose(app, db, fair, center, request, startup)
    investor.locale = locale
    db.commit()
    login(client, investor.email)
    assert words in client.get(f"/meetings/requests/{request.id}/proposal").get_data(as_text=True)


def test_the_proposer_withdraws_from_the_page(app, client, db, setting, investor, startup):
    fair, center, request = setting
    proposal = propose(app, db, fair, center, request, startup)
    login(client, startup.email)
    page = client.get(f"/meetings/requests/{request.id}/proposal").get_data(as_text=True)
    assert 'data-testid="withdraw-slots"' in page
    response = client.post(f"/meetings/requests/{request.id}/proposal/withdraw", data={"proposal": proposal.id})
    assert response.status_code == 302
    db.refresh(proposal)
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert db.scalar(select(Notice).where(Notice.user_id == investor.id, Notice.kind == NoticeKind.SLOTS_WITHDRAWN))
    page = client.get(f"/meetings/requests/{request.id}/proposal").get_data(as_text=True)
    assert 'data-testid="proposal-withdrawn"' in page and 'name="slots-0-center"' in page
    # The same page's button a second time finds nothing open.
    again = client.post(f"/meetings/requests/{request.id}/proposal/withdraw", data={"proposal": proposal.id})
    assert again.status_code == 409


def test_withdraw_with_bad_input_or_by_the_other_side_is_refused(app, client, db, setting, investor, startup):
    fair, center, request = setting
    proposal = propose(app, db, fair, center, request, startup)
    path = f"/meetings/requests/{request.id}/proposal/withdraw"
    login(client, investor.email)
    page = client.get(f"/meetings/requests/{request.id}/proposal").get_data(as_text=True)
    assert 'data-testid="withdraw-slots"' not in page
    assert client.post(path, data={"proposal": proposal.id}).status_code == 403
    client.post("/logout")
    login(client, startup.email)
    missing = client.post(path, data={})
    assert missing.status_code == 422 and "Choose the proposal to withdraw." in missing.get_data(as_text=True)
    assert client.post(path, data={"proposal": "x"}).status_code == 409
    assert client.post(path, data={"proposal": proposal.id + 1}).status_code == 409
    stranger = create_user(db, Role.STARTUP)
    db.commit()
    client.post("/logout")
    login(client, stranger.email)
    assert client.post(path, data={"proposal": proposal.id}).status_code == 404
    db.refresh(proposal)
    assert proposal.status == ProposalStatus.OPEN
    assert db.scalar(select(func.count(Notice.id)).where(Notice.kind == NoticeKind.SLOTS_WITHDRAWN)) == 0
