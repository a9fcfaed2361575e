"""In Chromium, the whole path of a meeting as its users walk it: an investor in Mexico City asks from a startup's
profile; the startup's member gets the mail and sees the inbox count, accepts; each sees the slot in the center's
zone (Japan) and in their own; the investor books; after the slot both say it took place, and the server keeps
both answers."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from eventsys.demo.people import DEMO_PASSWORD
from eventsys.extensions import db
from eventsys.models import Attendance, Meeting, MeetingParticipant, MeetingStatus, User
from tests.browser import own_server

pytestmark = pytest.mark.browser
FAIR = "sushi-tech-tokyo-2027"
INVESTOR, STARTUP = "investor@example.com", "startup2@example.com"
MESSAGE = "Can we talk about storage for Mexican solar farms?"
# It books a meeting of two demo accounts and moves it into the past: its own demo database.
live_app, live_server = own_server.live_app, own_server.live_server


def log_in(page, live_server, address):
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(address)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/")


def log_out(page):
    page.get_by_role("button", name="Log out").click()


def set_zone(page, live_server, zone):
    page.goto(live_server + "/account/")
    page.get_by_label("Your time zone").select_option(zone)
    page.get_by_role("button", name="Save profile").click()
    page.get_by_text("Your profile has been saved.").wait_for()


def available_in_tokyo(page, live_server):
    page.goto(f"{live_server}/meetings/fairs/{FAIR}/availability")
    page.locator("#quick-centers").select_option(label="Tokyo")
    page.get_by_role("button", name="Add all opening hours").click()
    page.get_by_text(re.compile(r"\d+ time ranges added")).wait_for()


def mails_to(outbox: Path, address: str, seen: set[Path]) -> list[email.message.EmailMessage]:
    """Mails to `address` the server wrote since `seen` was taken (the outbox is shared by the session)."""
    found = []
    for path in sorted(outbox.glob("*.eml")):
        if path in seen:
            continue
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if address in str(message["To"]):
            found.append(message)
    return found


def test_from_a_profile_to_a_meeting_that_took_place(live_app, live_server, live_outbox, page):
    log_in(page, live_server, INVESTOR)
    set_zone(page, live_server, "America/Mexico_City")
    available_in_tokyo(page, live_server)
    page.goto(f"{live_server}/startups/?q=GreenLoop")
    page.get_by_role("link", name=re.compile("GreenLoop Energy")).first.click()
    before_request = set(live_outbox.glob("*.eml"))
    page.get_by_test_id("request-meeting").click()
    if page.get_by_label("GreenLoop Energy").count() == 0:
        page.get_by_role("link").filter(has_text="SusHi Tech Tokyo 2027").first.click()  # several fairs: this one
    assert page.get_by_label("GreenLoop Energy").is_checked()
    page.get_by_label("Message").fill(MESSAGE)
    page.get_by_role("button", name="Send request").click()
    page.get_by_text("Your request was sent to GreenLoop Energy.").wait_for()
    log_out(page)

    # The startup's member is told by mail, in the navigation, and in the inbox.
    received = mails_to(live_outbox, STARTUP, before_request)
    assert [m["Subject"] for m in received] == ["Meeting request received"]
    assert "Shibuya Frontier Ventures asks you for a meeting" in received[0].get_content()
    log_in(page, live_server, STARTUP)
    assert int(page.get_by_test_id("inbox-count").inner_text()) >= 1
    set_zone(page, live_server, "Europe/Madrid")
    available_in_tokyo(page, live_server)
    page.get_by_test_id("inbox-link").click()
    notice = page.get_by_test_id("notice").filter(has_text="Shibuya Frontier Ventures asks you for a meeting").first
    notice.get_by_role("button", name="Open").click()
    page.get_by_role("heading", name="Meeting requests").wait_for()
    before_accept = set(live_outbox.glob("*.eml"))
    page.get_by_role("row").filter(has_text=MESSAGE).get_by_role("button", name="Accept").click()
    page.get_by_role("heading", name="Pick a slot").wait_for()
    # The startup sees each slot in Japan's time and in Madrid's.
    assert re.search(r"\(\d{1,2}:\d\d[^)]* Madrid", page.locator(".slot-list button").first.inner_text())
    log_out(page)

    # The investor hears of the answer and books, seeing each slot in Mexico City's time too.
    assert "Your request was accepted" in [m["Subject"] for m in mails_to(live_outbox, INVESTOR, before_accept)]
    log_in(page, live_server, INVESTOR)
    page.goto(f"{live_server}/meetings/fairs/{FAIR}/requests")
    page.get_by_role("row").filter(has_text="GreenLoop Energy").get_by_role("link", name="Pick a slot").first.click()
    first = page.locator(".slot-list button").first
    assert re.search(r"\(\d{1,2}:\d\d[^)]* Mexico City", first.inner_text())
    before_booking = set(live_outbox.glob("*.eml"))
    first.click()
    page.get_by_text("Booked. Both of you get an invitation by mail.").wait_for()
    row = page.get_by_role("row").filter(has_text="GreenLoop")
    assert re.search(r"JST \(\d{1,2}:\d\d[^)]* Mexico City", row.get_by_role("rowheader").inner_text())
    log_out(page)
    # Each one's invitation gives the time in their own zone as well.
    for address, city in ((INVESTOR, "Mexico City"), (STARTUP, "Madrid")):
        texts = [m.get_body(("plain",)).get_content() for m in mails_to(live_outbox, address, before_booking)]
        assert any(re.search(rf"JST \(\d{{1,2}}:\d\d[^)]* {city}", text) for text in texts), texts

    log_in(page, live_server, STARTUP)
    page.goto(f"{live_server}/meetings/")
    row = page.get_by_role("row").filter(has_text="Shibuya Frontier Ventures")
    assert re.search(r"JST \(\d{1,2}:\d\d[^)]* Madrid", row.get_by_role("rowheader").inner_text())
    log_out(page)

    # The slot is over: moved a day before now, as the attendance tests set it.
    with live_app.app_context():
        investor = db.session.scalar(select(User).where(User.email == INVESTOR))
        meeting = db.session.scalars(
            select(Meeting)
            .join(MeetingParticipant)
            .where(MeetingParticipant.user_id == investor.id, Meeting.status == MeetingStatus.SCHEDULED)
        ).one()
        length = meeting.ends_at - meeting.starts_at
        meeting.starts_at = meeting.starts_at.replace(year=2020) - timedelta(days=1)
        meeting.ends_at = meeting.starts_at + length
        for participant in meeting.participants:
            participant.starts_at = meeting.starts_at
        db.session.commit()
        meeting_id = meeting.id

    for address in (INVESTOR, STARTUP):
        log_in(page, live_server, address)
        page.goto(f"{live_server}/meetings/")
        form = page.locator(f"#attendance-{meeting_id}")
        form.get_by_label("It took place").check()
        form.get_by_role("button", name="Save answer").click()
        page.get_by_text("Thank you: your answer is saved.").wait_for()
        assert page.locator(f"#attendance-{meeting_id}").get_by_label("It took place").is_checked()
        log_out(page)

    with live_app.app_context():
        answers = db.session.execute(
            select(User.email, MeetingParticipant.attendance)
            .join(User, User.id == MeetingParticipant.user_id)
            .where(MeetingParticipant.meeting_id == meeting_id)
        ).all()
        assert sorted(answers) == [(INVESTOR, Attendance.TOOK_PLACE), (STARTUP, Attendance.TOOK_PLACE)]
