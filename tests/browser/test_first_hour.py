"""In Chromium: the first hour of a startup, an investor and an organizer, in English, Japanese and Spanish, on a
desktop and on a 390 px phone: startups and investors sign up through the two steps of the form and its mailed link,
the checklist is there, its steps tick as they are done, nothing scrolls sideways. The organizer approves and
verifies them from the console, the investor asks the startup for a meeting from its profile, the startup accepts
and downloads its badge: each person in a browser context of their own, in the case's language and screen.

One browser for all (the session's); each case opens one context per person in its language."""

from __future__ import annotations

import io
import itertools
import re
import time
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from flask_babel import force_locale, gettext, pgettext
from PIL import Image

from eventsys.demo.people import DEMO_PASSWORD
from eventsys.extensions import db
from eventsys.models import Role
from eventsys.services.accounts import first_steps
from tests.conftest import PASSWORD

LANGUAGES = {"en": "en-GB", "ja": "ja-JP", "es": "es-ES"}
SCREENS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
CASES = list(itertools.product(LANGUAGES, SCREENS))
FAIR = "sushi-tech-tokyo-2027"  # the demo's next fair, the one the checklists lead to
_numbers = itertools.count(1)


def overflow(page) -> int:
    """How many pixels the page scrolls sideways (0 when it fits its screen)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def _new_page(browser, language: str, size: str):
    """A page of a new context (a person of their own) in `language` and screen `size`."""
    context = browser.new_context(locale=LANGUAGES[language], viewport=SCREENS[size], is_mobile=size == "phone")
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def screen(browser, request):
    """A page in the case's language and screen size."""
    language, size = request.param
    page = _new_page(browser, language, size)
    yield page, language
    page.context.close()


@pytest.fixture
def another_screen(browser, request):
    """Opens a page for one more person, in the same language and screen size as the case's `screen`."""
    language, size = request.node.callspec.params["screen"]
    pages = []

    def open_page():
        pages.append(_new_page(browser, language, size))
        return pages[-1]

    yield open_page
    for page in pages:
        page.context.close()


def _mailed_signup_link(outbox: Path, address: str) -> str:
    """The link of the sign-up mail to `address` (mail leaves after the commit: wait a moment for it)."""
    for _ in range(50):
        for path in sorted(outbox.glob("*.eml")):
            message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
            if message["To"] == address:
                return re.search(r"https?://\S+/signup/\S+", message.get_body(("plain",)).get_content()).group(0)
        time.sleep(0.1)
    raise AssertionError(f"no sign-up mail to {address}")


def _sign_up(page, live_server, outbox: Path, role: Role) -> tuple[str, str]:
    """Sign up as `role` through the form in the page's language (fields found by name, not by their words); the
    new account is then logged in. Both steps of the form must fit the screen. Returns the e-mail address and the
    organization's name."""
    email = f"signup-{role.value}-{next(_numbers)}@example.com"
    organization = f"Kumo {role.value.title()} {next(_numbers)}"
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
    page.fill("#organization_name", organization)
    page.select_option("#country", "JP")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    _no_errors(page)
    return email, organization


def _log_in(page, live_server, email: str, password: str = PASSWORD) -> None:
    page.goto(live_server + "/login")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def _no_errors(page) -> None:
    """The form was taken: no field or form error, no error message."""
    assert page.locator(".field__errors, .form-errors, .flash--error").count() == 0, page.locator("main").inner_text()[
        :800
    ]


def _in_language(
    page, live_app, language: str, heading: str, where: str = "main h1, main .page-header__eyebrow"
) -> None:
    """The page is in `language`: <html lang>, and its heading (or the eyebrow above it) is the catalog's translation
    of `heading`, which differs from the English one outside English; nor does it scroll sideways."""
    assert page.locator("html").get_attribute("lang") == language
    with live_app.test_request_context(), force_locale(language):
        translated = gettext(heading)
    assert language == "en" or translated != heading, f"{heading!r} has no {language} translation"
    header = " ".join(page.locator(where).evaluate_all("nodes => nodes.map(n => n.textContent)"))  # as written
    assert translated in header, (page.url, translated, header)
    _page_fits(page)


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
    live_server, live_app, live_outbox, screen, another_screen
):
    page, language = screen
    _, firm = _sign_up(page, live_server, live_outbox, Role.INVESTOR)
    assert page.url == live_server + "/investors/profile"  # the firm's profile first
    assert page.locator("html").get_attribute("lang") == language
    page.goto(live_server + "/")
    assert page.locator("[data-testid=verification-pending]").is_visible()
    ticks = _ticks(page)
    assert list(ticks) == ["profile", "verification", "directory", "requests", "availability"]
    assert not any(ticks.values())
    _page_fits(page)
    _open_nav(page, "nav-firm")
    _in_language(page, live_app, language, "Investor profile")
    page.fill("#description", "Robots and money.")
    with page.expect_navigation():
        page.click("main form.form button[type=submit]")
    _no_errors(page)
    _verify_from_console(_organizer_page(another_screen, live_server), live_server, live_app, language, firm)
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
    _say_when_available(page, live_server, live_app, language)
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
HALL = f"/fairs/{FAIR}/halls/east-2"


def _open_booth(page, code: str) -> None:
    """Find the booth by its code (the plan's search box, on a desktop as on a phone) and open its panel."""
    page.wait_for_selector("svg[data-interactive]")
    page.fill("#booth-find", code)
    page.press("#booth-find", "Enter")  # found and focused
    assert page.evaluate("document.activeElement.dataset.code") == code
    page.keyboard.press("Enter")
    page.wait_for_selector("#booth-panel", state="visible")


def _organizer_page(another_screen, live_server):
    """The demo organizer, logged in on a page of their own."""
    page = another_screen()
    _log_in(page, live_server, "organizer@example.com", DEMO_PASSWORD)
    return page


def _open_waiting(page, live_server, key: str, fair: str | None = None) -> None:
    """Follow the organizer's home page link to what waits for them (`key` as in first_steps.organizer_waiting),
    at `fair` for what waits per fair."""
    page.goto(live_server + "/")
    link = f"[data-testid=organizer-waiting] [data-waiting={key}] a" + (f"[href*='/fairs/{fair}/']" if fair else "")
    with page.expect_navigation():
        page.click(link)


def _approve_from_console(page, live_server, live_app, language: str, startup: str) -> None:
    """The organizer approves the startup's application in the list of applications to exhibit."""
    _open_waiting(page, live_server, "applications", FAIR)
    _in_language(page, live_app, language, "Exhibitors")
    row = page.locator("main tr").filter(has=page.get_by_role("link", name=startup, exact=True))
    row.locator("select[name=decision]").select_option("approve")
    with page.expect_navigation():
        row.locator("button[type=submit]").click()
    _no_errors(page)
    _page_fits(page)


def _verify_from_console(page, live_server, live_app, language: str, firm: str) -> None:
    """The organizer verifies the investor firm in the verification queue; it leaves the queue."""
    _open_waiting(page, live_server, "verifications")
    _in_language(page, live_app, language, "Investors waiting for verification")
    card = page.locator("main section.card").filter(has=page.get_by_role("heading", name=firm, exact=True))
    card.locator("input[name=decision][value=verified]").check()
    with page.expect_navigation():
        card.locator("button[type=submit]").click()
    _no_errors(page)
    assert page.get_by_role("heading", name=firm, exact=True).count() == 0
    _page_fits(page)


def _say_when_available(page, live_server, live_app, language: str) -> None:
    """From the checklist: all opening hours of the first center the form offers."""
    _follow_step(page, live_server, "availability")
    _in_language(page, live_app, language, "My availability")
    centers = page.locator("#quick-centers option").evaluate_all("options => options.map(o => o.value).filter(Boolean)")
    page.select_option("#quick-centers", centers[0])
    with page.expect_navigation():
        page.click("main form[action$='/availability/quick'] button[type=submit]")
    _no_errors(page)
    _page_fits(page)


def _ask_for_a_meeting(page, live_server, live_app, language: str, startup: str, message: str) -> None:
    """The investor finds the startup in the directory and asks it for a meeting from its profile."""
    page.goto(f"{live_server}/startups/?q={startup.replace(' ', '+')}")
    with page.expect_navigation():
        page.get_by_role("link", name=startup, exact=True).first.click()
    _in_language(page, live_app, language, "Request a meeting", "[data-testid=request-meeting]")
    with page.expect_navigation():
        page.click("[data-testid=request-meeting]")
    if "/requests/new" not in page.url:  # several upcoming fairs: choose the one
        with page.expect_navigation():
            page.click(f"main a[href*='/fairs/{FAIR}/requests/new']")
    _in_language(page, live_app, language, "Request a meeting")
    chosen = page.locator("input[name=recipient]:checked")
    assert page.locator(f"label[for={chosen.get_attribute('id')}]").inner_text().strip() == startup
    page.fill("#message", message)
    with page.expect_navigation():
        page.click("main form[method=post] button[type=submit]")
    _no_errors(page)
    _page_fits(page)


def _accept_request(page, live_server, live_app, language: str, message: str) -> None:
    """The startup accepts the request from the checklist's link; accepting leads on to picking a slot."""
    _follow_step(page, live_server, "requests")
    _in_language(page, live_app, language, "Meeting requests")
    row = page.locator("main tr").filter(has_text=message)
    with page.expect_navigation():
        row.locator("form[action$='/accept'] button[type=submit]").click()
    _no_errors(page)
    _in_language(page, live_app, language, "Pick a slot")


def _book_first_slot(page, live_app, language: str) -> str:
    """On the slot picker (in `language`), book the first slot both are free in. A startup with a booth is on booth
    duty through the fair's opening hours, so no room slot is offered, only online ones: it gives its video link and
    books the first time. The page moves on to the startup's meetings, in `language`, which say it is booked.
    Returns the slot's start as the form sent it."""
    online = page.locator("[data-testid=online-slots]")
    assert page.locator(".slot-list button").count() == 0  # on booth duty: no room slot
    first = online.locator("input[name=starts_at]").first
    assert first.is_checked(), online.inner_text()[:800]
    starts_at = first.get_attribute("value")
    page.fill("#video_url", "https://meet.example.com/kumo")
    with page.expect_navigation():
        online.locator("button[type=submit]").click()
    _no_errors(page)
    _in_language(page, live_app, language, "My meetings")
    with live_app.test_request_context(), force_locale(language):
        booked = gettext("Booked. Both of you get an invitation by mail.")
    assert language == "en" or booked != "Booked. Both of you get an invitation by mail."
    flashes = page.locator(".flash--success .flash__text").all_inner_texts()
    assert booked in flashes, (language, flashes)
    return starts_at


def _meeting_listed(page, live_server, live_app, language: str, other: str, starts_at: str) -> None:
    """The person's meetings (in `language`) list the booked meeting with `other`'s organization, at the slot's time,
    its status in `language`."""
    page.goto(live_server + "/meetings/")
    _in_language(page, live_app, language, "My meetings")
    row = page.locator("main tbody tr").filter(has_text=f"({other})")
    assert row.count() == 1, page.locator("main").inner_text()[:800]
    assert row.locator("th[scope=row] time").get_attribute("datetime") == starts_at
    with live_app.test_request_context(), force_locale(language):
        scheduled = pgettext("meeting status", "Scheduled")
    assert language == "en" or scheduled != "Scheduled", f"no {language} word for a scheduled meeting"
    assert scheduled in row.locator("td").all_inner_texts(), (language, row.inner_text())


def _download_badge(page, live_server, live_app, language: str) -> None:
    """From the checklist: the badge page, and its download, a PDF."""
    _follow_step(page, live_server, "badges")
    _in_language(page, live_app, language, "Your badge")
    with page.expect_download() as download:
        page.click(f"main form[action$='/fairs/{FAIR}/badge'] button[type=submit]")
    assert download.value.suggested_filename == f"badge-{FAIR}.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("screen", CASES, indirect=True, ids=[f"{lang}-{size}" for lang, size in CASES])
def test_a_new_startup_applies_books_its_booth_meets_an_investor_and_gets_its_badge(
    live_server, live_app, live_outbox, screen, another_screen, request
):
    page, language = screen
    code = BOOTHS[request.node.callspec.params["screen"]]
    _, startup = _sign_up(page, live_server, live_outbox, Role.STARTUP)
    page.goto(live_server + HALL)
    _open_booth(page, code)
    apply = page.locator('#booth-panel [data-viewer-case="not-exhibitor"] button[type=submit]')
    with page.expect_navigation():
        apply.click()
    page.goto(live_server + "/")
    ticks = _ticks(page)
    assert ticks["apply"] and not ticks["booth"]

    organizer = _organizer_page(another_screen, live_server)
    _approve_from_console(organizer, live_server, live_app, language, startup)
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

    # Both say when they can meet; a new investor, once verified, asks the startup from its profile; it accepts.
    _say_when_available(page, live_server, live_app, language)
    investor = another_screen()
    _, firm = _sign_up(investor, live_server, live_outbox, Role.INVESTOR)
    _verify_from_console(organizer, live_server, live_app, language, firm)
    _say_when_available(investor, live_server, live_app, language)
    message = f"{firm}: shall we meet? ({language})"
    _ask_for_a_meeting(investor, live_server, live_app, language, startup, message)
    _accept_request(page, live_server, live_app, language, message)
    starts_at = _book_first_slot(page, live_app, language)
    _meeting_listed(page, live_server, live_app, language, firm, starts_at)
    _meeting_listed(investor, live_server, live_app, language, startup, starts_at)
    page.goto(live_server + "/")
    ticks = _ticks(page)
    assert ticks["availability"] and ticks["requests"] and not ticks["badges"], ticks

    _download_badge(page, live_server, live_app, language)
    page.goto(live_server + "/")
    assert _ticks(page)["badges"]
