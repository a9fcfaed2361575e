"""In Chromium: the first hour of a startup, an investor and an organizer, in English, Japanese and Spanish, on a
desktop and on a 390 px phone: the checklist is there, its steps tick as they are done, nothing scrolls sideways.

One browser for all (the session's); each case opens one context in its language and reuses one page."""

from __future__ import annotations

import io
import itertools

import pytest
from PIL import Image

from eventsys.extensions import db
from eventsys.models import Role, Verification
from eventsys.services.accounts import first_steps
from tests.conftest import PASSWORD, create_user

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


def _new_user(live_app, role: Role, **organization) -> str:
    with live_app.app_context():
        user = create_user(db.session, role, email=f"first-hour-{role.value}-{next(_numbers)}@example.com")
        for key, value in organization.items():
            setattr(user.organization, key, value)
        db.session.commit()
        return user.email


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


def _open_nav(page, testid: str) -> None:
    """Follow a link of the main navigation; on a phone the menu opens first."""
    toggle = page.locator(".nav-toggle")
    if toggle.is_visible():
        toggle.click()
    with page.expect_navigation():
        page.click(f"[data-testid={testid}]")


@pytest.mark.parametrize("screen", CASES, indirect=True, ids=[f"{lang}-{size}" for lang, size in CASES])
def test_a_startup_fills_in_its_profile_and_logo_and_the_step_ticks(live_server, live_app, screen, tmp_path):
    page, language = screen
    _log_in(page, live_server, _new_user(live_app, Role.STARTUP))
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == language
    ticks = _ticks(page)
    assert list(ticks) == ["profile", "apply", "booth", "team", "availability", "requests", "badges"]
    assert not ticks["profile"]
    _page_fits(page)
    _open_nav(page, "nav-company")
    _page_fits(page)
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


@pytest.mark.parametrize("screen", CASES, indirect=True, ids=[f"{lang}-{size}" for lang, size in CASES])
def test_a_pending_investor_sees_what_is_possible_and_the_steps_tick(live_server, live_app, screen):
    page, _ = screen
    email = _new_user(live_app, Role.INVESTOR, verification=Verification.PENDING)
    _log_in(page, live_server, email)
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
