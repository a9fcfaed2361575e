"""Waitlist offers through the test client: decline on the booking page and from the mail's signed link."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import BytesParser

import pytest
from sqlalchemy import select

from eventsys import create_app
from eventsys.models import BookingSource, BookingStatus, BoothBooking
from eventsys.services.booths import booking, changes, offers, waitlist
from tests.booth_factories import approved_startup
from tests.conftest import app_config, csrf_token, login, tamper


@pytest.fixture
def offered(app, db, fair, outbox):
    """A sold-out fair whose A01 was cancelled and offered to w1 (committed, so the offer mail is in the outbox);
    w2 waits behind."""
    fair.max_booths_per_organization = 1
    a01, a02 = fair.halls[0].booths[:2]
    a, b = approved_startup(db, fair), approved_startup(db, fair)
    w1 = approved_startup(db, fair, email="first@example.com")
    w2 = approved_startup(db, fair, email="second@example.com")
    with app.app_context():  # the offer mail's link is built from the app's settings
        first = booking.hold_booth(db, a01, a.organization, actor=a)
        booking.hold_booth(db, a02, b.organization, actor=b)
        for user in (w1, w2):
            waitlist.join_waitlist(db, a01.booth_type, user.organization, actor=user)
        changes.cancel_booking(db, first, actor=a, organization=a.organization)
        db.commit()
    offer = booking.get_live_booking(db, a01)
    assert offer.organization_id == w1.organization.id
    return offer, w1, w2


def _live_on(db, booth_id) -> BoothBooking:
    return db.scalar(select(BoothBooking).where(BoothBooking.booth_id == booth_id, BoothBooking.status == "held"))


def _decline_path(outbox, email: str) -> str:
    for path in outbox.glob("*.eml"):
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        if message["Subject"].startswith("A booth became free") and email in message["To"]:
            text = message.get_body().get_content()
            return re.search(r"https?://eventsys\.test(/offers/\S+/decline)", text).group(1)
    raise AssertionError(f"no offer mail to {email}")


def test_decline_on_the_booking_page_passes_the_booth_on(client, db, offered):
    offer, w1, w2 = offered
    login(client, w1.email)
    page = client.get(f"/bookings/{offer.id}").get_data(as_text=True)
    assert "Decline offer" in page
    response = client.post(f"/bookings/{offer.id}/decline")
    assert response.status_code == 303 and response.headers["Location"].endswith("/fairs/test-fair")
    assert offer.status == BookingStatus.CANCELLED
    assert _live_on(db, offer.booth_id).organization_id == w2.organization.id


def test_the_mail_link_asks_first_then_declines(client, db, offered, outbox):
    offer, w1, w2 = offered
    path = _decline_path(outbox, w1.email)
    login(client, w1.email)
    page = client.get(path)  # the GET guard fails the test if this writes
    assert page.status_code == 200 and "Decline booth A01" in page.get_data(as_text=True)
    assert offer.status == BookingStatus.HELD
    assert client.post(path).status_code == 303
    assert offer.status == BookingStatus.CANCELLED
    next_offer = _live_on(db, offer.booth_id)
    assert next_offer.organization_id == w2.organization.id and next_offer.source == BookingSource.WAITLIST
    assert client.get(path).status_code == 409, "a used link says the offer has ended"
    assert client.post(path).status_code == 303 and offer.status == BookingStatus.CANCELLED


def test_bad_forged_and_expired_links_are_refused(client, db, offered, outbox, monkeypatch):
    offer, w1, _ = offered
    path = _decline_path(outbox, w1.email)
    token = path.split("/")[2]
    login(client, w1.email)
    assert client.get("/offers/not-a-token/decline").status_code == 400
    forged = client.get(f"/offers/{tamper(token)}/decline")
    assert forged.status_code == 400 and "not valid" in forged.get_data(as_text=True)
    assert client.post(f"/offers/{tamper(token)}/decline").status_code == 400
    monkeypatch.setattr(offers, "offer_life", lambda: timedelta(hours=-2))
    expired = client.post(path)
    assert expired.status_code == 400 and "expired" in expired.get_data(as_text=True)
    assert offer.status == BookingStatus.HELD


def test_someone_elses_offer_is_not_found(client, db, offered, outbox):
    offer, w1, w2 = offered
    path = _decline_path(outbox, w1.email)
    login(client, w2.email)
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404
    assert client.post(f"/bookings/{offer.id}/decline").status_code == 404
    assert offer.status == BookingStatus.HELD


def test_not_logged_in_goes_to_the_login(client, offered, outbox):
    offer, w1, _ = offered
    for response in (client.get(_decline_path(outbox, w1.email)), client.post(f"/bookings/{offer.id}/decline")):
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert offer.status == BookingStatus.HELD


def test_a_refused_decline_mails_nobody(client, db, offered, outbox):
    offer, w1, _ = offered
    login(client, w1.email)
    offer.held_until = datetime.now(UTC) - timedelta(minutes=1)  # lapsed, not yet passed on
    db.commit()
    before = len(list(outbox.glob("*.eml")))
    response = client.post(f"/bookings/{offer.id}/decline")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/bookings/{offer.id}")
    assert len(list(outbox.glob("*.eml"))) == before


def test_a_floor_plan_hold_on_a_lapsed_booth_is_refused_and_the_offer_kept(client, db, offered):
    offer, w1, w2 = offered
    offer.held_until = datetime.now(UTC) - timedelta(minutes=1)
    db.commit()
    taker = approved_startup(db, offer.booth.fair)
    db.commit()
    login(client, taker.email)
    response = client.post(f"/api/v1/booths/{offer.booth_id}/hold")
    assert response.status_code == 409 and "waitlist" in response.json["error"]["message"]
    db.expire_all()
    assert offer.status == BookingStatus.EXPIRED
    entries = {e.organization_id: e.status for e in waitlist.get_waitlist(db, offer.booth.booth_type)}
    assert entries == {}, "w2 is offered the booth, w1 is out of the line"
    assert _live_on(db, offer.booth_id).organization_id == w2.organization.id


@pytest.fixture
def csrf_client(tmp_path, database_url, db):
    app = create_app(app_config(tmp_path, database_url, WTF_CSRF_ENABLED=True))
    return app.test_client()


def test_decline_needs_the_csrf_token(csrf_client, db, offered):
    offer, w1, _ = offered
    token = csrf_token(csrf_client, "/login")
    csrf_client.post("/login", data={"email": w1.email, "password": "Correct-Horse-42", "csrf_token": token})
    assert csrf_client.post(f"/bookings/{offer.id}/decline").status_code == 400
    assert csrf_client.post(f"/bookings/{offer.id}/decline", data={"csrf_token": "forged"}).status_code == 400
    assert offer.status == BookingStatus.HELD
    page_token = csrf_token(csrf_client, f"/bookings/{offer.id}")
    assert csrf_client.post(f"/bookings/{offer.id}/decline", data={"csrf_token": page_token}).status_code == 303
    assert offer.status == BookingStatus.CANCELLED
    assert waitlist.get_waitlist(db, offer.booth.booth_type) == [], "w2 got the offer"


def test_the_first_in_line_taking_a_lapsed_booth_is_told_when_their_offer_ends(client, db, offered):
    from eventsys.formatting import local_datetime

    offer, w1, w2 = offered
    offer.held_until = datetime.now(UTC) - timedelta(minutes=1)
    db.commit()
    login(client, w2.email)
    page = client.post(f"/fairs/{offer.booth.fair.slug}/booths/{offer.booth.code}/hold", follow_redirects=True)
    taken = _live_on(db, offer.booth_id)
    assert taken.organization_id == w2.organization.id and taken.source == BookingSource.WAITLIST
    assert taken.held_until - datetime.now(UTC) > timedelta(hours=23), "an offer lasts a day, not a hold's minutes"
    with client.application.test_request_context():
        until = local_datetime(taken.held_until, "Asia/Tokyo", "short")
    assert f"yours until {until}" in page.get_data(as_text=True)
    assert "minutes" not in page.get_data(as_text=True).split("yours until")[1][:80]
