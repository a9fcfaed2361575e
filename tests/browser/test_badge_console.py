"""In Chromium, on a server of its own: an organizer switches to Japanese and rotates the fair's badge signing key
on its page; a desk then still admits a badge printed with the retired key, and verifies one printed since with the
new key. On the validity page an organizer chooses days for a role and sees them kept; the desk refuses a badge of
that role on another day with the reason, and staff's override is recorded at the next sync."""

from __future__ import annotations

import base64
import time
from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import delete, select

from eventsys.extensions import db
from eventsys.formatting import date_range, local_datetime
from eventsys.models import Badge, BadgeRole, BadgeRoleRule, BadgeSigningKey, BadgeStatus, CheckIn, DeskScan, Fair, User
from eventsys.services.badges import issuing, signing
from tests.badges_factories import raster_pages, read_qr_codes, tokyo_today
from tests.browser import own_server
from tests.browser.test_checkin_desk import FAIR, fair_running_today, log_in  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser
live_app, live_server = own_server.live_app, own_server.live_server
ORGANIZER = "organizer@example.com"


def guest_badge(live_app, role: BadgeRole, name: str) -> int:
    """A guest badge of `role` at the demo fair, with the days of its role's rule if any; its id."""
    with live_app.app_context():
        fair = db.session.scalar(select(Fair).where(Fair.slug == FAIR))
        organizer = db.session.scalar(select(User).where(User.email == ORGANIZER))
        badge = issuing.add_guest_badge(
            db.session, fair, role=role, name=name, name_local=None, organization="Nikkei", country="JP",
            actor=organizer,
        )  # fmt: skip
        db.session.commit()
        badge_id = badge.id
        db.session.remove()  # an open read would lock the live server's SQLite writes out
    return badge_id


def public_keys(live_app) -> tuple[bytes, list[bytes]]:
    """The fair's current public key and its retired ones, newest first."""
    with live_app.app_context():
        fair = db.session.scalar(select(Fair).where(Fair.slug == FAIR))
        keys = signing.get_public_keys(db.session, fair)
        current = signing.get_signing_key(db.session, fair).public_key
        db.session.remove()
    return current, [key for key in keys if key != current]


def key_text(public_key: bytes) -> str:
    """A public key as the page shows it (signing.public_key_text)."""
    return base64.urlsafe_b64encode(public_key).decode().rstrip("=")


def fair_id(live_app) -> int:
    with live_app.app_context():
        found = db.session.scalar(select(Fair.id).where(Fair.slug == FAIR))
        db.session.remove()
    return found


def printed_code(page, live_server, badge_id: int, folder) -> str:
    """The QR code on the badge as the desk prints it now, read from the PDF at 300 dpi."""
    answer = page.request.get(f"{live_server}/desk/{FAIR}/badges/{badge_id}.pdf?stock=single")
    assert answer.ok and answer.headers["content-type"] == "application/pdf"
    folder.mkdir()
    (png,) = raster_pages(answer.body(), folder)
    (code,) = read_qr_codes(png)
    return code.text


def open_desk(page, live_server) -> None:
    page.goto(f"{live_server}/desk/{FAIR}")
    page.wait_for_selector("#desk[data-ready=yes]")
    page.fill("#desk-gate", "East 1")


def scan(page, code: str, expected: str) -> None:
    page.fill("#desk-code", code)
    page.press("#desk-code", "Enter")
    page.wait_for_function(
        "kind => document.getElementById('desk-verdict').classList.contains('checkin__verdict--' + kind)", arg=expected
    )
    page.wait_for_function("() => document.getElementById('desk-code').value === ''")


def synced(page, live_app, badge_id: int, count: int) -> list[tuple[str, str | None]]:
    """Sync now; wait until the server holds `count` desk scans of the badge and the desk has handled the answer
    (nothing waiting). The badge's desk scans."""
    page.locator("#desk-sync-now").click()
    deadline = time.monotonic() + 30
    while len(scans := desk_scans(live_app, badge_id)) < count and time.monotonic() < deadline:
        time.sleep(0.2)
    page.wait_for_function("() => document.getElementById('desk-waiting').textContent === '0'")
    return scans


def desk_scans(live_app, badge_id: int) -> list[tuple[str, str | None]]:
    """The outcomes of the badge's desk scans, in order, each with its check-in's override reason."""
    with live_app.app_context():
        rows = db.session.execute(
            select(DeskScan.outcome, CheckIn.override_reason)
            .outerjoin(CheckIn, CheckIn.id == DeskScan.check_in_id)
            .where(DeskScan.badge_id == badge_id)
            .order_by(DeskScan.id)
        ).all()
        db.session.remove()
    return [tuple(row) for row in rows]


@pytest.fixture
def organizer_language(live_app):
    """The organizer's language put back after the test (it switches to Japanese)."""
    with live_app.app_context():
        kept = db.session.scalar(select(User.locale).where(User.email == ORGANIZER))
        db.session.remove()
    yield
    with live_app.app_context():
        db.session.scalar(select(User).where(User.email == ORGANIZER)).locale = kept
        db.session.commit()
        db.session.remove()


@pytest.mark.usefixtures("fair_running_today", "organizer_language")
def test_rotating_the_key_in_japanese_keeps_old_badges_and_signs_new_ones_with_the_new_key(
    browser, live_server, live_app, tmp_path
):
    badge_id = guest_badge(live_app, BadgeRole.VISITOR, "Key Rotation Visitor")
    old_key, retired_before = public_keys(live_app)
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        log_in(page, live_server, ORGANIZER)
        old_code = printed_code(page, live_server, badge_id, tmp_path / "before")
        assert signing.read_signed(old_code, fair_id(live_app), old_key) is not None
        desk = context.new_page()  # opened before the rotation: it has only the key in use then
        desk.set_default_timeout(30_000)
        open_desk(desk, live_server)

        url = f"{live_server}/fairs/{FAIR}/badges/signing-key"
        page.goto(url)
        page.get_by_label("Language").select_option(label="日本語")
        page.get_by_role("button", name="Change language").click()
        page.wait_for_url(url)
        assert page.locator("html").get_attribute("lang") == "ja"
        assert page.get_by_role("heading", level=1).inner_text() == "バッジ署名鍵"
        crumbs = page.get_by_role("navigation", name="パンくずリスト")
        assert crumbs.get_by_role("link", name="バッジ").is_visible()
        keys = page.locator("#signing-keys")
        assert "現在の鍵（新規・再印刷のバッジに署名）" in keys.inner_text()
        assert key_text(old_key) in keys.locator("code").first.inner_text()

        page.get_by_label("確認のため展示会の短縮名を入力してください").fill("another-fair")
        page.get_by_role("button", name="署名鍵を更新する").click()
        assert page.get_by_text(f"確認のため {FAIR} と正確に入力してください。").is_visible()
        assert public_keys(live_app) == (old_key, retired_before)  # a wrong slug rotates nothing

        page.get_by_label("確認のため展示会の短縮名を入力してください").fill(FAIR)
        page.get_by_role("button", name="署名鍵を更新する").click()
        page.wait_for_url(url)
        new_key, retired = public_keys(live_app)
        assert new_key != old_key and retired == [old_key, *retired_before]
        assert f"新しい署名鍵 {key_text(new_key)[:8]} を作成しました。" in page.content()
        with live_app.test_request_context(), force_locale("ja"):
            retired_at = db.session.scalar(
                select(BadgeSigningKey.retired_at).where(BadgeSigningKey.public_key == old_key)
            )
            when = local_datetime(retired_at, "Asia/Tokyo", "short")
            db.session.remove()
        rows = keys.locator(".facts__row")
        assert key_text(new_key) in rows.nth(0).inner_text()
        assert rows.nth(1).locator("dt").inner_text() == f"{when} に退役（署名済みのバッジは引き続き照合できます）"
        assert key_text(old_key) in rows.nth(1).inner_text()

        # The desk still admits the badge printed with the retired key; its sync brings the new key.
        scan(desk, old_code, "welcome")
        assert synced(desk, live_app, badge_id, 1) == [("checked_in", None)]
        new_code = printed_code(page, live_server, badge_id, tmp_path / "after")
        assert new_code != old_code
        assert signing.read_signed(new_code, fair_id(live_app), new_key) is not None
        assert signing.read_signed(new_code, fair_id(live_app), old_key) is None
        scan(desk, new_code, "already")  # genuine to the desk (a code it cannot verify is refused as forged)
        assert synced(desk, live_app, badge_id, 2) == [("checked_in", None), ("duplicate", None)]
    finally:
        context.close()


@pytest.fixture
def press_rule(live_app):
    """The demo fair's rule for press badges removed after the test (it sets one)."""
    yield
    with live_app.app_context():
        db.session.execute(delete(BadgeRoleRule).where(BadgeRoleRule.role == BadgeRole.PRESS))
        db.session.commit()
        db.session.remove()


@pytest.mark.usefixtures("fair_running_today", "press_rule")
def test_days_chosen_for_a_role_are_kept_and_the_desk_refuses_another_day_until_staff_let_in(
    browser, live_server, live_app, tmp_path
):
    old_id = guest_badge(live_app, BadgeRole.PRESS, "Day Pass Reporter")
    today = tokyo_today()
    chosen = [today - timedelta(days=1), today + timedelta(days=1)]
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        log_in(page, live_server, ORGANIZER)
        url = f"{live_server}/fairs/{FAIR}/badges/validity"
        page.goto(url)
        assert page.get_by_role("heading", level=1).inner_text() == "Days and zones by role"
        page.get_by_label("Badges of").select_option("press")
        days = page.locator("input[name=days]")
        offered = [days.nth(i).get_attribute("value") for i in range(days.count())]
        assert {day.isoformat() for day in [*chosen, today]} <= set(offered)
        for day in chosen:
            page.locator(f"input[name=days][value='{day.isoformat()}']").check()
        page.get_by_role("button", name="Replace the badges of this role").click()
        page.wait_for_url(f"{url}?role=press")
        assert "badges of Press replaced: print them again" in page.content()

        page.reload()  # kept: ticked for the role, listed as its rule, and the reporter's new badge carries the days
        assert page.get_by_label("Badges of").input_value() == "press"
        for day in [*chosen, today]:
            assert page.locator(f"input[name=days][value='{day.isoformat()}']").is_checked() == (day in chosen)
        with live_app.test_request_context():
            shown = ", ".join(date_range(day, day) for day in chosen)
        rule_row = page.locator("#role-rules tr", has=page.get_by_role("rowheader", name="Press"))
        assert shown in rule_row.inner_text() and "Every day" not in rule_row.inner_text()
        limited = page.locator("tr", has=page.get_by_role("rowheader", name="Day Pass Reporter"))
        assert shown in limited.inner_text()
        with live_app.app_context():
            badge = db.session.scalar(
                select(Badge).where(Badge.replaces_id == old_id, Badge.status == BadgeStatus.ACTIVE)
            )
            assert badge.day_list == chosen
            badge_id = badge.id
            db.session.remove()

        code = printed_code(page, live_server, badge_id, tmp_path / "badge")
        open_desk(page, live_server)
        scan(page, code, "refused")
        listed = ", ".join(day.isoformat() for day in chosen)
        refusal = f"Not a day of this badge: it is valid on {listed} only."
        assert page.locator("#desk-message").inner_text() == refusal
        assert page.locator("#desk-waiting").inner_text() == "0"  # a refusal is not queued
        page.once("dialog", lambda dialog: dialog.accept("Chief editor vouches for her"))
        page.get_by_role("button", name="Let in anyway").click()
        page.wait_for_function(
            "() => document.getElementById('desk-verdict').classList.contains('checkin__verdict--welcome')"
        )
        assert page.locator("#desk-message").inner_text() == (
            f"Let in by staff: {refusal} — Chief editor vouches for her"
        )
        # The server decided again and recorded the refusal with staff's note.
        assert synced(page, live_app, badge_id, 1) == [("checked_in", f"{refusal} — Chief editor vouches for her")]
    finally:
        context.close()
