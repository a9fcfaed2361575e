"""In Chromium: an exhibitor's member opens the lead scanner, goes offline, scans a visitor who shares their details
and one who does not, comes back online; the lead list and its CSV show e-mail only for the one who consented."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from eventsys.extensions import db
from eventsys.models import Fair, Lead, User
from eventsys.services.badges import issuing, signing
from eventsys.services.leads import consent, scanning
from tests.badges_factories import exhibitor, investor_in
from tests.browser.test_checkin_desk import FAIR, fair_running_today  # noqa: F401 (a fixture)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def booth(live_app, fair_running_today):  # noqa: F811
    """A startup with a confirmed booth at the demo fair, two investors with badges (one consents), scanning on."""
    with live_app.app_context():
        fair = db.session.scalar(select(Fair).where(Fair.slug == FAIR))
        organizer = db.session.scalar(select(User).where(User.email == "organizer@example.com"))
        member = exhibitor(db.session, fair, "Lead Collector")
        sharing = investor_in(db.session, name="Open Investor", email="open.investor@example.com")
        private = investor_in(db.session, name="Quiet Investor", email="quiet.investor@example.com")
        consent.record_consent(db.session, shares=True, language="en", user=sharing)
        consent.record_consent(db.session, shares=False, language="en", user=private)
        scanning.set_enabled(db.session, fair, True, actor=organizer)
        badges = {b.user_id: b for b in issuing.issue_badges(db.session, fair, actor=organizer)}
        key = signing.get_signing_key(db.session, fair)
        codes = [signing.sign_badge(badges[sharing.id], key), signing.sign_badge(badges[private.id], key)]
        email, organization_id = member.email, member.organization.id
        db.session.commit()
        db.session.remove()
    yield {"email": email, "codes": codes}
    with live_app.app_context():
        fair = db.session.scalar(select(Fair).where(Fair.slug == FAIR))
        scanning.set_enabled(db.session, fair, False, actor=organizer)
        db.session.query(Lead).filter(Lead.organization_id == organization_id).delete()
        db.session.commit()
        db.session.remove()


def test_offline_lead_scans_sync_and_only_consent_shares_the_email(browser, live_server, booth):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(live_server + "/login")
        page.get_by_label("E-mail address").fill(booth["email"])
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(live_server + "/")
        page.goto(f"{live_server}/desk/{FAIR}/leads")
        page.wait_for_selector("#lead-scanner[data-ready=yes]")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        context.set_offline(True)
        page.reload()  # from the service worker's cache
        page.wait_for_selector("#lead-scanner[data-ready=yes]")
        for code, rating, notes in ((booth["codes"][0], "5", "Wants a demo"), (booth["codes"][1], "2", "Later")):
            page.fill("#lead-code", code)
            page.fill("#lead-rating", rating)
            page.fill("#lead-notes", notes)
            page.get_by_role("button", name="Save lead").click()
            page.wait_for_function("() => document.getElementById('lead-code').value === ''")
        page.fill("#lead-code", booth["codes"][0][:-4] + "AAAA")
        page.get_by_role("button", name="Save lead").click()
        page.wait_for_function("() => document.getElementById('lead-message').textContent.includes('genuine')")
        assert page.locator("#lead-waiting").inner_text() == "2"
        context.set_offline(False)
        page.evaluate("window.dispatchEvent(new Event('online'))")
        page.wait_for_function("() => document.getElementById('lead-waiting').textContent === '0'")

        page.goto(f"{live_server}/fairs/{FAIR}/leads")
        table = page.locator("#lead-table").inner_text()
        assert "open.investor@example.com" in table and "Quiet Investor" in table
        assert "quiet.investor@example.com" not in table
        exported = page.request.get(f"{live_server}/fairs/{FAIR}/leads.csv?min_rating=4")
        rows = list(csv.reader(io.StringIO(exported.body().decode("utf-8-sig"))))
        assert len(rows) == 2 and rows[1][1] == "Open Investor" and rows[1][7] == "open.investor@example.com"
    finally:
        context.close()
