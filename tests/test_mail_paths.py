"""Every change that tells people does it one way: its service queues the mails, in each recipient's language,
and they go out only when the change commits; a refused or rolled-back change mails nobody."""

from __future__ import annotations

import io
from email import policy
from email.parser import BytesParser

import icalendar
import pytest
from sqlalchemy import select

from eventsys.models import Meeting, MeetingStatus, Role, ScheduleRun, Verification
from eventsys.services.accounts import users as accounts
from eventsys.services.meetings import booking as meeting_service
from eventsys.services.meetings import runs as schedule_runs
from tests.conftest import create_user, login
from tests.directory_factories import investor_org, investor_user
from tests.meeting_factories import accepted_request, at, create_center, create_meeting_fair, make_available


def read_outbox(outbox) -> list:
    return [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in sorted(outbox.glob("*.eml"))]


def by_address(messages) -> dict:
    return {m["To"].addresses[0].addr_spec: m for m in messages}


def ics_method(message) -> str:
    """The METHOD of the attached invite.ics, after checking the inline part says the same."""
    (attachment,) = message.iter_attachments()
    assert attachment.get_filename() == "invite.ics"
    attached = icalendar.Calendar.from_ical(attachment.get_content())
    alternative = next(p for p in message.iter_parts() if p.get_content_type() == "multipart/alternative")
    inline = list(alternative.iter_parts())[1]
    assert inline.get_param("method") == attached["METHOD"]
    return str(attached["METHOD"])


@pytest.fixture
def setting(db, investor, startup, organizer_organization):
    """A fair with a center both sides are free at, an accepted request, and a startup that reads Japanese."""
    startup.locale = "ja"
    fair = create_meeting_fair(db, organizer_id=organizer_organization.id)
    center = create_center(db, rooms=(("Room A", 4),))
    make_available(db, fair, investor, center)
    make_available(db, fair, startup, center)
    return fair, center, accepted_request(db, fair, investor, startup)


def assert_meeting_mails(outbox, method: str, english: str, japanese: str) -> None:
    mails = by_address(read_outbox(outbox))
    assert sorted(mails) == ["investor@example.com", "startup@example.com"]
    assert mails["investor@example.com"]["Subject"].startswith(english)
    assert mails["startup@example.com"]["Subject"].startswith(japanese)
    assert {ics_method(m) for m in mails.values()} == {method}


# Meetings


def test_the_service_queues_the_invitations_and_only_the_commit_sends_them(app, db, setting, investor, outbox):
    fair, center, request = setting
    with app.app_context():
        meeting = meeting_service.book_meeting(
            db, request, investor, center=center, starts_at=at(fair, 0, 10), daily_cap=8
        )
        assert read_outbox(outbox) == []
        db.commit()
        assert_meeting_mails(outbox, "REQUEST", "Meeting invitation:", "商談のご案内")
        meeting_service.cancel_meeting(db, meeting, investor)
        db.rollback()
        db.commit()
    assert len(read_outbox(outbox)) == 2, "the rolled-back cancellation told nobody"


def test_booking_in_the_page_mails_both_sides(client, db, setting, startup, outbox):
    fair, center, request = setting
    login(client, startup.email)
    slot = {"center": center.id, "starts_at": at(fair, 1, 10).isoformat()}
    assert client.post(f"/meetings/requests/{request.id}/book", data=slot).status_code == 302
    assert_meeting_mails(outbox, "REQUEST", "Meeting invitation:", "商談のご案内")


def test_a_refused_booking_in_the_page_mails_nobody(client, db, setting, startup, outbox):
    fair, center, request = setting
    login(client, startup.email)
    closed = {"center": center.id, "starts_at": at(fair, 5, 10).isoformat()}  # Saturday
    assert client.post(f"/meetings/requests/{request.id}/book", data=closed).status_code == 422
    assert read_outbox(outbox) == []


def test_booking_through_the_api_mails_both_sides_and_a_refusal_nobody(client, db, setting, startup, outbox):
    fair, center, request = setting
    login(client, startup.email)
    path = f"/api/v1/meetings/requests/{request.id}/book"
    assert client.post(path, json={"center": center.id, "starts_at": at(fair, 1, 10).isoformat()}).status_code == 201
    assert_meeting_mails(outbox, "REQUEST", "Meeting invitation:", "商談のご案内")
    for sent in outbox.glob("*.eml"):
        sent.unlink()
    assert client.post(path, json={"center": center.id, "starts_at": at(fair, 1, 11).isoformat()}).status_code == 409
    assert read_outbox(outbox) == []


@pytest.fixture
def booked(app, db, setting, investor, outbox) -> Meeting:
    fair, center, request = setting
    with app.app_context():
        meeting = meeting_service.book_meeting(
            db, request, investor, center=center, starts_at=at(fair, 1, 10), daily_cap=8
        )
        db.commit()
    for sent in outbox.glob("*.eml"):
        sent.unlink()
    return meeting


def test_rescheduling_in_the_page_mails_the_moved_invitation(client, db, setting, booked, startup, outbox):
    fair, center, _request = setting
    login(client, startup.email)
    moved = {"center": center.id, "starts_at": at(fair, 2, 11).isoformat()}
    assert client.post(f"/meetings/{booked.id}/reschedule", data=moved).status_code == 302
    assert_meeting_mails(outbox, "REQUEST", "Meeting moved:", "商談日時変更のお知らせ")
    (attachment,) = read_outbox(outbox)[0].iter_attachments()
    assert icalendar.Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]["SEQUENCE"] == 1


def test_a_refused_reschedule_mails_nobody(client, db, setting, booked, startup, outbox):
    fair, center, _request = setting
    login(client, startup.email)
    closed = {"center": center.id, "starts_at": at(fair, 5, 11).isoformat()}
    assert client.post(f"/meetings/{booked.id}/reschedule", data=closed).status_code == 422
    assert read_outbox(outbox) == []


def test_cancelling_in_the_page_mails_the_freed_participants(client, db, booked, startup, outbox):
    login(client, startup.email)
    assert client.post(f"/meetings/{booked.id}/cancel", data={"reason": "Sorry"}).status_code == 302
    assert booked.status == MeetingStatus.CANCELLED
    assert_meeting_mails(outbox, "CANCEL", "Meeting cancelled:", "商談キャンセルのお知らせ")


def test_a_refused_cancellation_mails_nobody(client, db, booked, startup, outbox):
    login(client, startup.email)
    client.post(f"/meetings/{booked.id}/cancel", data={"reason": "Sorry"})
    for sent in outbox.glob("*.eml"):
        sent.unlink()
    assert client.post(f"/meetings/{booked.id}/cancel", data={"reason": "Again"}).status_code == 303
    assert read_outbox(outbox) == []


def test_publishing_a_schedule_in_the_page_mails_the_invitations(client, db, setting, organizer, outbox):
    fair, _center, _request = setting
    login(client, organizer.email)
    client.post(f"/organizer/meetings/fairs/{fair.slug}/schedule", data={"floor": 0})
    run = db.scalar(select(ScheduleRun))
    assert (
        client.post(
            f"/organizer/meetings/fairs/{fair.slug}/schedule/{run.id}/publish", data={"confirm": "y"}
        ).status_code
        == 302
    )
    assert_meeting_mails(outbox, "REQUEST", "Meeting invitation:", "商談のご案内")
    for sent in outbox.glob("*.eml"):
        sent.unlink()
    assert (
        client.post(
            f"/organizer/meetings/fairs/{fair.slug}/schedule/{run.id}/publish", data={"confirm": "y"}
        ).status_code
        == 303
    )
    assert read_outbox(outbox) == [], "a refused second publish mails nobody"


def test_publishing_from_the_command_line_mails_without_a_request(runner, db, setting, outbox):
    fair, _center, _request = setting
    result = runner.invoke(args=["meetings", "schedule", "--fair", fair.slug, "--publish"])
    assert result.exit_code == 0, result.output
    assert_meeting_mails(outbox, "REQUEST", "Meeting invitation:", "商談のご案内")


def test_a_refused_publish_from_the_command_line_mails_nobody(runner, db, setting, outbox, monkeypatch):
    fair, _center, _request = setting
    monkeypatch.setattr(schedule_runs, "_stale", lambda *args: True)  # bookings changed since the preview
    result = runner.invoke(args=["meetings", "schedule", "--fair", fair.slug, "--publish"])
    assert result.exit_code != 0 and "Run the scheduler again" in result.output
    # The preview's notices went out with the preview; the refused publish added no invitation.
    subjects = [m["Subject"] for m in read_outbox(outbox)]
    assert sorted(subjects) == ["Provisional schedule ready", "仮スケジュールができました"], subjects
    assert db.scalar(select(Meeting.id)) is None


# Accounts


def test_a_team_invitation_is_mailed_in_the_inviters_language_to_a_new_address(client, db, startup, outbox):
    login(client, startup.email)
    startup.locale = "ja"
    assert client.post("/team/", data={"email": "hana@example.com", "role": "member"}).status_code == 302
    (sent,) = read_outbox(outbox)
    assert sent["To"] == "hana@example.com" and sent["Subject"].startswith("eventsysで")
    assert "http://eventsys.test/team/join/" in sent.get_content()


def test_a_refused_team_invitation_mails_nobody(client, db, startup, outbox):
    login(client, startup.email)
    assert client.post("/team/", data={"email": startup.email, "role": "member"}).status_code == 422
    assert read_outbox(outbox) == []


def test_a_verification_decision_is_mailed_to_each_person_in_their_language(client, db, organizer, outbox):
    firm = investor_org(db, "Bayside Seed", verification=Verification.PENDING)
    investor_user(db, firm, "priya@example.com")
    investor_user(db, firm, "kenji@example.com").locale = "ja"
    login(client, organizer.email)
    assert client.post(f"/investors/{firm.id}/verification", data={"decision": "verified"}).status_code == 302
    mails = by_address(read_outbox(outbox))
    assert mails["priya@example.com"]["Subject"] == "Bayside Seed is verified on eventsys"
    assert mails["kenji@example.com"]["Subject"] == "Bayside Seedはeventsysで認証されました"


def test_a_refused_verification_decision_mails_nobody(client, db, organizer, outbox):
    firm = investor_org(db, "Dubious Fund", verification=Verification.PENDING)
    investor_user(db, firm, "dubious@example.com")
    login(client, organizer.email)
    response = client.post(f"/investors/{firm.id}/verification", data={"decision": "rejected", "reason": ""})
    assert response.status_code == 422 and read_outbox(outbox) == []


def test_a_reset_link_is_mailed_in_the_accounts_language(client, db, startup, outbox):
    startup.locale = "ja"
    assert client.post("/reset-password", data={"email": startup.email}).status_code == 302
    (sent,) = read_outbox(outbox)
    assert sent["To"] == startup.email and sent["Subject"] == "eventsysの新しいパスワードの設定"
    assert "http://eventsys.test/reset-password/" in sent.get_content()


def test_a_reset_for_a_deactivated_account_or_a_rolled_back_request_mails_nobody(app, client, db, outbox):
    gone = create_user(db, Role.STARTUP, email="gone@example.com", is_active=False)
    assert client.post("/reset-password", data={"email": gone.email}).status_code == 302
    with app.app_context():
        accounts.request_password_reset(db, create_user(db).email)
        db.rollback()
        db.commit()
    assert read_outbox(outbox) == []


IMPORT = "email,name,firm,type,country\nsam@bay.example.com,Sam Lee,Bay Angels,angel,US\n"


def test_an_import_mails_each_new_person_a_link(client, db, organizer, outbox):
    login(client, organizer.email)
    upload = {"file": (io.BytesIO(IMPORT.encode()), "investors.csv")}
    assert client.post("/investors/import", data=upload, content_type="multipart/form-data").status_code == 302
    (sent,) = read_outbox(outbox)
    assert sent["To"] == "sam@bay.example.com" and sent["Subject"] == "Your eventsys invitation"
    assert "http://eventsys.test/investors/welcome/" in sent.get_content()


def test_a_refused_import_mails_nobody(client, db, organizer, outbox):
    login(client, organizer.email)
    broken = IMPORT + "not-an-address,X,Bay Angels,angel,US\n"
    upload = {"file": (io.BytesIO(broken.encode()), "investors.csv")}
    assert client.post("/investors/import", data=upload, content_type="multipart/form-data").status_code == 422
    assert read_outbox(outbox) == []


# Booths


def test_a_booth_mail_reaches_each_member_of_the_company_in_their_own_language(app, db, fair, startup, outbox):
    from eventsys.models import Booth, MemberRole, Membership
    from eventsys.services.booths import booking as booth_service
    from tests.booth_factories import approve

    colleague = create_user(db, Role.STARTUP, email="colleague@example.com", locale="ja")
    db.delete(colleague.memberships[0])
    db.add(Membership(user=colleague, organization=startup.organization, role=MemberRole.MEMBER))
    approve(db, fair, startup.organization)
    booth = db.scalar(select(Booth).where(Booth.fair_id == fair.id, Booth.code == "A01"))
    with app.app_context():
        booth_service.hold_booth(db, booth, startup.organization, actor=startup)
        db.commit()
    mails = by_address(read_outbox(outbox))
    assert sorted(mails) == ["colleague@example.com", "startup@example.com"]
    assert mails["startup@example.com"]["Subject"] == "Booth A01 is held for you"
    assert mails["colleague@example.com"]["Subject"] != "Booth A01 is held for you"
    assert "A01" in mails["colleague@example.com"]["Subject"]
    assert "ブース" in mails["colleague@example.com"].get_content()
