"""In Chromium: a fair's owner invites a check-in staff member by e-mail; they accept from the mailed link and see
only the check-in desk."""

from __future__ import annotations

import email
import email.policy
import re

import pytest

from eventsys.demo.people import DEMO_PASSWORD

pytestmark = pytest.mark.browser
FAIR = "sushi-tech-tokyo-2027"
INVITEE = "gate-staff@example.com"


def log_in(page, live_server, address):
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(address)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/")


def mailed_join_link(outbox, address: str) -> str:
    """The path of the join link in the latest mail to `address`."""
    for path in sorted(outbox.glob("*.eml"), reverse=True):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == address:
            return re.search(r"https?://[^/\s]+(/team/join/\S+)", message.get_content()).group(1)
    raise AssertionError(f"no mail to {address}")


def test_an_owner_invites_check_in_staff_who_then_see_only_the_desk(live_server, live_outbox, page):
    log_in(page, live_server, "organizer@example.com")
    page.goto(f"{live_server}/organizer/fairs/{FAIR}/staff")
    page.get_by_label("Their e-mail address").fill(INVITEE)
    page.get_by_label("Role at this fair", exact=True).select_option("check_in")
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_url(f"{live_server}/organizer/fairs/{FAIR}/staff")
    assert f"We have sent an invitation to {INVITEE}." in page.content()
    assert INVITEE in page.locator("#staff-invitations").inner_text()
    page.get_by_role("button", name="Log out").click()

    page.goto(live_server + mailed_join_link(live_outbox, INVITEE))
    page.get_by_label("Your name (Latin script)").fill("Kenji Mori")
    page.get_by_label("New password").fill(DEMO_PASSWORD)
    page.get_by_label("Repeat the password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Join the team").click()
    page.wait_for_url(f"{live_server}/checkin?fair={FAIR}")
    assert page.get_by_role("heading", name="SusHi Tech Tokyo 2027").is_visible()
    navigation = page.locator("#site-nav")
    assert navigation.get_by_role("link", name="Check-in").is_visible()
    assert navigation.get_by_role("link", name="Organizer").count() == 0
    assert page.get_by_role("link", name="Badges, reprints and check-in counts").count() == 0
    for path in ("/organizer/", f"/fairs/{FAIR}/badges", f"/organizer/fairs/{FAIR}/booths", "/calendar/export"):
        assert page.goto(live_server + path).status == 403, path

    page.goto(live_server + "/")
    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, "organizer@example.com")
    page.goto(f"{live_server}/organizer/fairs/{FAIR}/staff")
    row = page.locator("#staff-table tr", has_text=INVITEE)
    assert row.get_by_role("combobox").input_value() == "check_in"
