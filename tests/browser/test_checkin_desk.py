"""In Chromium: an investor previews and downloads their badge; an organizer checks it in at the desk."""

from __future__ import annotations

from datetime import timedelta

import pytest

from eventsys.demo.people import DEMO_PASSWORD
from tests.badges_factories import raster_pages, read_qr_codes, tokyo_today

pytestmark = pytest.mark.browser
FAIR = "sushi-tech-tokyo-2027"


def log_in(page, live_server, email):
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/")


@pytest.fixture
def fair_running_today(live_app):
    """The demo fair moved to run from yesterday to tomorrow (its badges admit only then), and moved back after."""
    from sqlalchemy import select

    from eventsys.extensions import db
    from eventsys.models import Fair

    with live_app.app_context():
        fair = db.session.scalar(select(Fair).where(Fair.slug == FAIR))
        kept = fair.starts_on, fair.ends_on, fair.online_from
        today = tokyo_today()
        shift = today - timedelta(days=1) - fair.starts_on
        fair.starts_on, fair.ends_on = today - timedelta(days=1), today + timedelta(days=1)
        if fair.online_from is not None:  # the online window must not open after the fair's end
            fair.online_from += shift
        db.session.commit()
    yield
    with live_app.app_context():
        fair = db.session.scalar(select(Fair).where(Fair.slug == FAIR))
        fair.starts_on, fair.ends_on, fair.online_from = kept
        db.session.commit()


@pytest.mark.usefixtures("fair_running_today")
def test_download_a_badge_then_scan_it_green_amber_and_a_forgery_red(live_server, page, tmp_path):
    log_in(page, live_server, "investor@example.com")
    page.goto(f"{live_server}/fairs/{FAIR}/badge")
    assert "Shibuya Frontier Ventures" in page.content()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download my badge (PDF)").click()
    pdf = download.value.path().read_bytes()
    (png,) = raster_pages(pdf, tmp_path)
    (code,) = read_qr_codes(png)
    page.get_by_role("button", name="Log out").click()

    log_in(page, live_server, "organizer@example.com")
    page.goto(f"{live_server}/checkin?fair={FAIR}")
    page.get_by_label("Gate").fill("East 1")
    verdict = page.locator("#checkin-verdict")
    for code_text, expected in (
        (code.text, "welcome"),
        (code.text + " ", "already"),
        ("1.forged.AAAAAAAAAAAAAAAA", "refused"),
    ):
        page.get_by_label("Badge code").fill(code_text)
        page.get_by_role("button", name="Check in").click()
        page.wait_for_function(
            "kind => document.getElementById('checkin-verdict').classList.contains('checkin__verdict--' + kind)",
            arg=expected,
        )
        # The code field is cleared and focused for the next scan, whatever the verdict.
        assert page.get_by_label("Badge code").input_value() == ""
    assert "Already checked in at" not in verdict.inner_text()  # the last verdict is the forgery's
    page.get_by_label("Badge code").fill(code.text)
    page.get_by_role("button", name="Check in").click()
    page.wait_for_function("() => document.getElementById('checkin-message').textContent.includes('Already')")
