"""In Chromium: the first hour of a startup, an investor and an organizer, in English, Japanese and Spanish, on a
desktop and on a 390 px phone: startups and investors sign up through the two steps of the form and its mailed link,
the checklist is there, its steps tick as they are done, nothing scrolls sideways.

One browser for all (the session's); each case opens one context in its language and reuses one page."""

from __future__ import annotations

import io
import itertools
import re
import time
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from PIL import Image

from eventsys.extensions import db
from eventsys.models import Role, Verification
from eventsys.services.accounts import first_steps
from tests.conftest import PASSWORD

LANGUAGES = {"en": "en-GB", "ja": "ja-JP", "es": "es-ES"}
SCREENS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
CASES = list(itertools.product(LANGUAGES, SCREENS))
_numbers = itertools.count(1)


def overflow(page) -> int:
    """How many pixels the page scrolls sideways (0 when it fits its screen)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


@pytest.fixture
def screen(browser, request):
    """A page in the case's language and screen size."""
    language, size = request.param
    context = browser.new_context(locale=LANGUAGES[language], viewport=SCREENS[size], is_mobile=size == "phone")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page, language
    context.close()


def _mailed_signup_link(outbox: Path, address: str) -> str:
    """The link of the sign-up mail to `address` (mail leaves after the commit: wait a moment for it)."""
    for _ in range(50):
        for path in sorted(outbox.glob("*.eml")):
            message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
            if message["To"] == address:
                return re.search(r"https?://\S+/signup/\S+", message.get_body(("plain",)).get_content()).group(0)
        time.sleep(0.1)
    raise AssertionError(f"no sign-up mail to {address}")


def _sign_up(page, live_server, outbox: Path, role: Role) -> str:
    """Sign up as `role` through the form in the page's language (fields found by name, not by their words); the
    new account is then logged in. Both steps of the form must fit the screen."""
    email = f"signup-{role.value}-{next(_numbers)}@example.com"
    page.goto(live_server + "/signup")
    _page_fits(page)
    page.fill("#email", email)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    page.goto(_mailed_signup_link(outbox, email))
    _page_fits(page)
    choice = page.locator(f"input[name=role][value={role.value}]").get_attribute("id")
    page.click(f"label[for={choice}]")
    page.fill("#name", "Mei Suzuki")
    page.fill("#organization_name", f"Kumo {role.value.title()} {next(_numbers)}")
    page.select_option("#country", "JP")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator(".field__errors, .form-errors").count() == 0, page.locator("main").inner_text()[:800]
    return email


def _log_in(page, live_server, email: str, password: str = PASSWORD) -> None:
    page.goto(live_server + "/login")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def _ticks(page) -> dict[str, bool]:
    items = page.locator("[data-testid=first-steps] [data-step]")
    return {item.get_attribute("data-step"): item.get_attribute("data-done") == "yes" for item in items.all()}


def _page_fits(page) -> None:
    assert overflow(page) <= 0, f"{page.url} scrolls {overflow(page)} px sideways"


def _follow_step(page, live_server, step: str) -> None:
    """Follow the home page's link of one step of the checklist."""
    page.goto(live_server + "/")
    with page.expect_navigation():
        page.click(f"[data-testid=first-steps] [data-step={step}] a")
    _page_fits(page)


def _open_nav(page, testid: str) -> None:
    """Follow a link of the main navigation; on a phone the menu opens first."""
    toggle = page.locator(".nav-toggle")
    if toggle.is_visible():
        toggle.click()
    with page.expect_navigation():
        page.click(f"[data-testid={testid}]")


@pytest.mark.parametrize("screen", CASES, indirect=True, ids=[f"{lang}-{size}" for lang, size in CASES])
def test_a_startup_signs_up_fills_in_its_profile_and_logo_and_the_step_ticks(
    live_server, live_outbox, screen, tmp_path
):
    page, language = screen
    _sign_up(page, live_server, live_outbox, Role.STARTUP)
    assert page.url == live_server + "/"  # the home page, with the next steps
    assert page.locator("html").get_attribute("lang") == language
    ticks = _ticks(page)
    assert list(ticks) == ["profile", "apply", "booth", "team", "availability", "requests", "badges"]
    assert not ticks["profile"]
    _page_fits(page)
    _open_nav(page, "nav-company")
    _page_fits(page)
    paddings = page.locator("main .card").evaluate_all("cards => cards.map(c => getComputedStyle(c).paddingLeft)")
    assert paddings and min(float(value.removesuffix("px")) for value in paddings) >= 16, paddings  # once had none
    page.fill("#pitch", "Robots that pick cherries.")
    page.select_option("#sectors", index=0)
    logo = tmp_path / "logo.png"
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 60)).save(out, format="PNG")
    logo.write_bytes(out.getvalue())
    page.set_input_files("#logo", str(logo))
    with page.expect_navigation():
        page.click("[data-testid=upload-logo]")  # the logo first: the typed pitch must survive it
    assert page.input_value("#pitch") == "Robots that pick cherries."
    assert page.locator("img.company-logo").count() == 1
    invalid = page.evaluate("() => [...document.querySelectorAll('.company-form :invalid')].map(e => e.name)")
    assert invalid == [], invalid
    with page.expect_navigation():
        page.click(".company-form button[type=submit]:not([formaction])")
    assert page.locator(".field__errors, .form-errors").count() == 0, page.locator("main").inner_text()[:800]
    assert page.url.endswith("/company/")
    page.goto(live_server + "/")
    assert _ticks(page)["profile"]
    _open_nav(page, "nav-team")
    assert page.url.endswith("/team/")
    _page_fits(page)
    page.fill("main form[action$='/team/'] #email", f"colleague-{next(_numbers)}@example.com")
    with page.expect_navigation():
        page.click("main form[action$='/team/'] button[type=submit]")
    assert page.locator(".field__errors, .form-errors").count() == 0, page.locator("main").inner_text()[:800]
    _page_fits(page)  # with the open invitation listed
    page.goto(live_server + "/")
    assert _ticks(page)["team"]


@pytest.mark.parametrize("screen", CASES, indirect=True, ids=[f"{lang}-{size}" for lang, size in CASES])
def test_a_new_investor_waits_for_verification_sees_what_is_possible_and_the_steps_tick(
    live_server, live_app, live_outbox, screen
):
    page, language = screen
    email = _sign_up(page, live_server, live_outbox, Role.INVESTOR)
    assert page.url == live_server + "/investors/profile"  # the firm's profile first
    assert page.locator("html").get_attribute("lang") == language
    page.goto(live_server + "/")
    assert page.locator("[data-testid=verification-pending]").is_visible()
    ticks = _ticks(page)
    assert list(ticks) == ["profile", "verification", "directory", "requests", "availability"]
    assert not any(ticks.values())
    _page_fits(page)
    _open_nav(page, "nav-firm")
    _page_fits(page)
    with live_app.app_context():
        from sqlalchemy import select

        from eventsys.models import User

        user = db.session.scalar(select(User).where(User.email == email))
        user.organization.description = "Robots and money."
        user.organization.verification = Verification.VERIFIED
        db.session.commit()
    page.goto(live_server + "/")
    ticks = _ticks(page)
    assert ticks["profile"] and ticks["verification"] and not ticks["directory"]
    assert page.locator("[data-testid=verification-pending]").count() == 0
    _open_nav(page, "nav-shortlist")
    _page_fits(page)

    # The next two steps, each from its link in the checklist: shortlist a startup, say when the firm can meet.
    _follow_step(page, live_server, "directory")
    with page.expect_navigation():
        page.locator("main table tbody tr a").first.click()
    _page_fits(page)
    with page.expect_navigation():
        page.click("main form[action$='/shortlist'] button[type=submit]")
    _follow_step(page, live_server, "availability")
    centers = page.locator("#quick-centers option").evaluate_all("options => options.map(o => o.value).filter(Boolean)")
    page.select_option("#quick-centers", centers[0])
    with page.expect_navigation():
        page.click("main form[action$='/availability/quick'] button[type=submit]")
    _page_fits(page)
    page.goto(live_server + "/")
    ticks = _ticks(page)
    assert ticks["directory"] and ticks["availability"] and not ticks["requests"], ticks


@pytest.mark.parametrize("screen", CASES, indirect=True, ids=[f"{lang}-{size}" for lang, size in CASES])
def test_the_organizer_sees_what_waits_with_counts_that_lead_somewhere(live_server, live_app, screen):
    page, _ = screen
    from eventsys.demo.people import DEMO_PASSWORD

    _log_in(page, live_server, "organizer@example.com", DEMO_PASSWORD)
    page.goto(live_server + "/")
    waiting = page.locator("[data-testid=organizer-waiting]")
    assert waiting.is_visible()
    _page_fits(page)
    with live_app.app_context():
        from sqlalchemy import select

        from eventsys.models import User

        organizer = db.session.scalar(select(User).where(User.email == "organizer@example.com"))
        expected = first_steps.organizer_waiting(db.session, organizer)
    counts = [int(text) for text in waiting.locator("[data-testid=waiting-count]").all_inner_texts()]
    assert counts == [row.count for row in expected]
    if expected:
        with page.expect_navigation():
            waiting.locator("a").first.click()
        assert page.locator("main h1").count() == 1
        _page_fits(page)


#: A booth of the demo's second SusHi Tech hall for each case, which no other browser test books.
BOOTHS = {case: f"E2-A{number:02d}" for number, case in enumerate(CASES, start=1)}
HALL = "/fairs/sushi-tech-tokyo-2027/halls/east-2"


def _open_booth(page, code: str) -> None:
    """Find the booth by its code (the plan's search box, on a desktop as on a phone) and open its panel."""
    page.wait_for_selector("svg[data-interactive]")
    page.fill("#booth-find", code)
    page.press("#booth-find", "Enter")  # found and focused
    assert page.evaluate("document.activeElement.dataset.code") == code
    page.keyboard.press("Enter")
    page.wait_for_selector("#booth-panel", state="visible")


def _approve(live_app, email: str) -> None:
    """The organizers' part: they approve the startup's application."""
    from sqlalchemy import select

    from eventsys.models import Exhibitor, User
    from eventsys.services.booths import exhibitors

    with live_app.app_context():
        startup = db.session.scalar(select(User).where(User.email == email))
        organizer = db.session.scalar(select(User).where(User.email == "organizer@example.com"))
        application = db.session.scalar(select(Exhibitor).where(Exhibitor.organization_id == startup.organization.id))
        exhibitors.decide(db.session, application, approve=True, actor=organizer)
        db.session.commit()


@pytest.mark.parametrize("screen", CASES, indirect=True, ids=[f"{lang}-{size}" for lang, size in CASES])
def test_a_new_startup_applies_to_exhibit_and_once_approved_books_its_booth(
    live_server, live_app, live_outbox, screen, request
):
    page, _ = screen
    code = BOOTHS[request.node.callspec.params["screen"]]
    email = _sign_up(page, live_server, live_outbox, Role.STARTUP)
    page.goto(live_server + HALL)
    _open_booth(page, code)
    apply = page.locator('#booth-panel [data-viewer-case="not-exhibitor"] button[type=submit]')
    with page.expect_navigation():
        apply.click()
    page.goto(live_server + "/")
    ticks = _ticks(page)
    assert ticks["apply"] and not ticks["booth"]

    _approve(live_app, email)
    page.goto(live_server + HALL)
    _page_fits(page)
    _open_booth(page, code)
    page.locator('#booth-panel [data-action="hold"]').click()
    page.wait_for_selector(f'.booth[data-code="{code}"][data-state="held"]')
    page.fill("#panel-billing-name", "Mei Suzuki")
    page.fill("#panel-billing-email", "billing@example.com")
    page.locator('[data-field="confirm-button"]').click()
    page.wait_for_selector("#booth-panel [data-part='booked']", state="visible")
    _page_fits(page)
    page.goto(live_server + "/")
    assert _ticks(page)["booth"]
