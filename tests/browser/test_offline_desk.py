"""In Chromium: the installable desk loads, goes offline (Playwright), scans 20 codes with a repeat and a revoked
badge, comes back online and syncs; a second desk that scanned the same badge offline is reconciled."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from eventsys.extensions import db
from eventsys.models import BadgeRole, CheckIn, DeskScan, Fair, User
from eventsys.services.badges import issuing, signing
from tests.browser.test_checkin_desk import FAIR, fair_running_today, log_in  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def desk_codes(live_app, fair_running_today):  # noqa: F811
    """20 codes to scan: 18 genuine badges, the first of them again, and a badge revoked by a reprint."""
    with live_app.app_context():
        fair = db.session.scalar(select(Fair).where(Fair.slug == FAIR))
        organizer = db.session.scalar(select(User).where(User.email == "organizer@example.com"))
        badges = [
            issuing.add_guest_badge(
                db.session, fair, role=BadgeRole.PRESS, name=f"Desk Guest {n}", name_local=None,
                organization="Nikkei", country="JP", actor=organizer,
            )
            for n in range(19)
        ]  # fmt: skip
        key = signing.get_signing_key(db.session, fair)
        codes = [signing.sign_badge(badge, key) for badge in badges]
        issuing.reprint_badge(db.session, badges[18], actor=organizer)
        ids = [badge.id for badge in badges]
        db.session.commit()
        db.session.remove()  # an open read would lock the live server's SQLite writes out
    return {"good": codes[:18], "revoked": codes[18], "ids": ids}


def counts(live_app, badge_ids):
    with live_app.app_context():
        rows = select(func.count()).select_from(CheckIn).where(CheckIn.badge_id.in_(badge_ids))
        total = db.session.scalar(rows)
        duplicates = db.session.scalar(rows.where(CheckIn.duplicate_of_id.is_not(None)))
        db.session.remove()
        return total, duplicates


def open_desk(browser, live_server):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(30_000)
    log_in(page, live_server, "organizer@example.com")
    page.goto(f"{live_server}/desk/{FAIR}")
    page.wait_for_selector("#desk[data-ready=yes]")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    return context, page


def scan(page, code, expected):
    page.fill("#desk-code", code)
    page.press("#desk-code", "Enter")
    page.wait_for_function(
        "kind => document.getElementById('desk-verdict').classList.contains('checkin__verdict--' + kind)", arg=expected
    )
    page.wait_for_function("() => document.getElementById('desk-code').value === ''")


def go_offline_and_reload(context, page):
    context.set_offline(True)
    page.reload()  # served by the service worker from its cache
    page.wait_for_selector("#desk[data-ready=yes]")
    assert page.locator("#desk-online").inner_text().startswith("Offline")


def sync(context, page):
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.get_by_role("button", name="Sync now").click()
    page.wait_for_function("() => document.getElementById('desk-waiting').textContent === '0'")


def test_offline_desk_scans_then_syncs_and_a_second_desk_is_reconciled(browser, live_server, live_app, desk_codes):
    first_context, first = open_desk(browser, live_server)
    second_context, second = open_desk(browser, live_server)
    try:
        go_offline_and_reload(first_context, first)
        first.fill("#desk-gate", "East 1")
        for code in desk_codes["good"]:
            scan(first, code, "welcome")
        scan(first, desk_codes["good"][0], "already")
        scan(first, desk_codes["revoked"], "refused")
        assert "revoked" in first.locator("#desk-message").inner_text()
        assert first.locator("#desk-waiting").inner_text() == "19"
        assert counts(live_app, desk_codes["ids"]) == (0, 0)  # nothing reached the server while offline

        go_offline_and_reload(second_context, second)
        second.fill("#desk-gate", "West 2")
        scan(second, desk_codes["good"][5], "welcome")  # it cannot know the first desk let this badge in

        sync(first_context, first)
        assert counts(live_app, desk_codes["ids"]) == (19, 1)  # 18 entries and the repeat flagged
        assert first.locator("#desk-online").inner_text() == "Online"
        assert first.locator("#desk-last-sync").inner_text() not in ("", "never", "…")

        sync(second_context, second)
        assert counts(live_app, desk_codes["ids"]) == (20, 2)
        with live_app.app_context():
            outcome = db.session.scalar(select(DeskScan.outcome).where(DeskScan.gate == "West 2"))
            db.session.remove()
        assert outcome == "duplicate"
        scan(second, desk_codes["good"][5], "already")  # the second desk now knows of the first desk's entry
        sync(second_context, second)  # a sync sent again changes nothing
        assert counts(live_app, desk_codes["ids"]) == (21, 3)
    finally:
        first_context.close()
        second_context.close()
