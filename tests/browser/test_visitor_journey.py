"""A person opens the site in Chromium: signs up, logs out and in, browses both fairs, a floor plan and the centers."""

from __future__ import annotations

import re
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def _mailed_signup_link(outbox: Path, address: str) -> str:
    for path in sorted(outbox.glob("*.eml")):
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        if message["To"] == address:
            return re.search(r"https?://\S+/signup/\S+", message.get_body(("plain",)).get_content()).group(0)
    raise AssertionError(f"no sign-up mail to {address}")


def test_sign_up_log_in_and_browse(live_server, live_outbox, page):
    page.goto(live_server + "/")
    assert "SusHi Tech Tokyo 2027" in page.content()

    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("E-mail address").fill("mei@example.com")
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("Check your mail").first.wait_for()
    page.goto(_mailed_signup_link(live_outbox, "mei@example.com"))
    page.get_by_text("mei@example.com").first.wait_for()
    page.get_by_text("a startup that exhibits").click()
    page.get_by_label("Your name (Latin script)").fill("Mei Suzuki")
    page.get_by_label("Your name in local script (optional)").fill("鈴木 芽衣")
    page.get_by_label("Company, firm or organizing body").fill("Kumo Mobility")
    page.get_by_label("Country").select_option("JP")
    page.get_by_label("New password").fill("Kumo-Mobility-2027")
    page.get_by_label("Repeat the password").fill("Kumo-Mobility-2027")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(live_server + "/")
    assert "Mei Suzuki" in page.content()

    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in").first.click()
    page.get_by_label("E-mail address").fill("mei@example.com")
    page.get_by_label("Password").fill("Kumo-Mobility-2027")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/")

    page.get_by_role("link", name="SusHi Tech Tokyo 2027").first.click()
    page.get_by_text("Tokyo Big Sight").first.wait_for()  # the answer page has loaded
    page.get_by_role("link", name="East Hall 1").first.click()
    page.locator("[data-plan-loaded='true']").wait_for()  # the plan is a resource of its own, loaded by script
    assert page.locator("svg g[data-code='E1-A01']").count() == 1
    assert page.locator("svg g[data-state='free']").count() > 200
    page.goto(live_server + "/fairs/expo-2025-osaka/halls/business-exchange")
    page.locator("[data-plan-loaded='true']").wait_for()
    assert page.locator("svg g[data-state='booked']").count() == 40

    page.get_by_role("link", name="Business Support Centers").first.click()
    for city in ("Tokyo", "Yokohama", "Nagoya", "Osaka", "Kobe", "Fukuoka"):
        assert city in page.content()


def test_wrong_password_shows_a_message(live_server, page):
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill("startup@example.com")
    page.get_by_label("Password").fill("Not-The-Password-1")
    page.get_by_role("button", name="Log in").click()
    page.get_by_text("Wrong e-mail address or password.").first.wait_for()  # the answer page has loaded
