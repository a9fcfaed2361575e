"""axe-core over every kind of page, for visitors and each role, in English, Japanese and Spanish, on a desktop and
a phone: no serious or critical violation.

The pages are the app's GET routes (app.url_map), so a new kind of page is checked without editing this file; their
path variables are filled from the demo data as each role sees it. Each role first asks for every route without a
browser (its cookies, no redirects followed): what answers 200 as text/html is a page that role checks (below);
downloads, JSON, calendars and PDFs are skipped by their content type. A route that no role
opens as a page must be in NOT_A_PAGE_FOR_ANYONE with the reason, and an entry there that some role opens fails.

Japanese and Spanish: every page of every role is read in its HTML by the test client (no browser) for English
that the catalog translates, and laid out in the browser at 1280 px and at 390 px: none scrolls sideways.

Speed (the module must stay within minutes on a busy two-core machine): the server renders each page once per role
and language, for the test client, and the browser is handed that HTML (no second rendering); one browser; one
context and one tab per role and language, logged in once for what pages fetch by script; three tabs at a time;
each page loaded once and checked at 1280 px, then resized to 390 px (no style or script depends on the pointer or
on the width at load). axe runs only its rules that can find a serious or critical violation, and skips the repeats
of long tables and plans past their first rows: on every page of every role in English at 1280 px, and on every kind
of page at 390 px in each language, as the first role in ROLES that opens it sees it.
Admins check only their own pages, which no other role opens (they see every organizer page as well).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
import time
from dataclasses import dataclass, field

import pytest
from flask import url_for
from sqlalchemy import select

from eventsys.demo.people import DEMO_PASSWORD
from eventsys.extensions import LANGUAGE_COOKIE, db
from eventsys.models import Booth, BoothType, Center, Extra, Fair, Hall, Organization, SponsorshipPackage, User
from eventsys.paths import ROOT
from eventsys.services.accounts.signup import make_signup_token
from eventsys.services.accounts.users import make_reset_token
from tests import untranslated
from tests.browser import accessibility_rows, own_server
from tests.browser.conftest import CHROMIUM, CHROMIUM_FLAGS

pytestmark = [pytest.mark.browser, pytest.mark.timeout(1800)]

live_app, live_server = own_server.live_app, own_server.live_server

AXE = (ROOT / "static" / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
LANGUAGES = ("en", "ja", "es")
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
FAIR = "sushi-tech-tokyo-2027"

#: Visitors and a demo account of each role, and of each role at a fair.
ROLES = {
    "visitor": None,
    "startup": "startup@example.com",
    "investor": "investor@example.com",
    "organizer": "organizer@example.com",
    "fair staff": "staff@example.com",
    "check-in staff": "checkin@example.com",
    "finance staff": "finance@example.com",
    #: Checks only the pages that no role above opens (the admins' own), as it sees every organizer page too.
    "admin": "admin@example.com",
}

#: GET routes that no role opens as an HTML page, and why. Checked both ways: each must stay unopened.
NOT_A_PAGE_FOR_ANYONE = {
    "static": "static files (CSS, scripts, images), not pages",
    # Rows that neither the demo nor accessibility_rows.py makes.
    "meeting_admin.preview": "the demo has no scheduler run",
    "meeting_plans.provisional_schedule": "the demo has no scheduler run",
    "badges.show_print_job": "the demo has no badge print job",
    "badges.download_print_job": "PDF; the demo has no badge print job",
    "companies.show_logo": "an image; the demo has no logo",
    "floor_plans.show_background": "an image; the demo halls have no background",
    "fair_dashboard.export_table_csv": "CSV; 404 for a table name the test does not guess",
    "fair_dashboard.export_table_xlsx": "XLSX; 404 for a table name the test does not guess",
    "calendars.feed": ".ics; a calendar token of the user's own",
    "operations.metrics": "Prometheus text, served only to the metrics address",
    "desk.find_people": "JSON for the desk's search box, 422 without a query",
    "leads.show_scanner": "lead scanning is off at SusHi Tech in the demo",
    "meetings.ask": "redirects to the meeting request form of a fair",
    "booths.decline_offer_link": "the demo has no waitlist offer to decline",
}


def _values(email: str | None, config) -> dict[str, object]:
    """Path variables as the account with `email` (None: a visitor) would follow them from the demo data."""
    fair = db.session.scalar(select(Fair).where(Fair.slug == FAIR))
    hall = db.session.scalar(select(Hall).where(Hall.fair_id == fair.id).order_by(Hall.position, Hall.id))
    booth = db.session.scalar(select(Booth).where(Booth.hall_id == hall.id).order_by(Booth.code))
    booth_type = db.session.scalar(select(BoothType).where(BoothType.fair_id == fair.id).order_by(BoothType.id))
    center = db.session.scalar(select(Center).order_by(Center.id))
    extra = db.session.scalar(select(Extra).where(Extra.fair_id == fair.id).order_by(Extra.id))
    package = db.session.scalar(
        select(SponsorshipPackage).where(SponsorshipPackage.fair_id == fair.id).order_by(SponsorshipPackage.id)
    )
    startup = db.session.scalar(select(Organization).where(Organization.name == "Sakura Robotics"))
    investor = db.session.scalar(select(Organization).where(Organization.name == "Shibuya Frontier Ventures"))
    user = db.session.scalar(select(User).where(User.email == (email or "investor@example.com")))
    secret = config["SECRET_KEY"]
    return {
        "slug": fair.slug,
        "center_slug": center.slug,
        "hall_slug": hall.slug,
        "code": booth.code,
        "booth_type_id": booth_type.id,
        "extra_id": extra.id,
        "package_id": package.id,
        "startup_id": startup.id,
        "investor_id": investor.id,
        "filename": "css/app.css",
        "token": make_reset_token(user, secret),
        "signup_token": make_signup_token("newcomer@example.com", secret),
        "table": "exhibitors",
    }


def _url(rule, values: dict[str, object]) -> str | None:
    """The path of `rule` with its variables filled, or None when the demo has nothing to fill one with."""
    arguments = {}
    for name in rule.arguments:
        key = name
        if name == "slug" and "centers/<slug>" in rule.rule:
            key = "center_slug"
        elif name == "organization_id":
            key = "investor_id" if rule.rule.startswith("/investors") else "startup_id"
        elif name == "token" and rule.rule.startswith("/signup"):
            key = "signup_token"
        elif name == "token" and rule.rule.startswith("/team/join"):
            key = "invitation_token"
        if key not in values:
            return None
        arguments[name] = values[key]
    return url_for(rule.endpoint, **arguments)


@pytest.fixture(scope="module")
def routes(live_app) -> dict[str, dict[str, str | None]]:
    """For each role, every GET route's endpoint and its path (None when nothing in the demo fills it)."""
    rules = sorted((r for r in live_app.url_map.iter_rules() if "GET" in r.methods), key=lambda r: r.rule)
    made = {}
    with live_app.app_context():
        fair = db.session.scalar(select(Fair).where(Fair.slug == FAIR))
        rows = accessibility_rows.add_rows(db.session, fair, live_app.config["SECRET_KEY"])
        db.session.commit()
    with live_app.test_request_context():
        for role, email in ROLES.items():
            values = _values(email, live_app.config) | rows
            made[role] = {rule.endpoint: _url(rule, values) for rule in rules}
    return made


#: The English HTML of each role's pages, as `answers` received it: the browser is handed it instead of asking again.
ENGLISH_HTML: dict[str, dict[str, str]] = {}
#: The first bytes of each CSV download that some role received, by (role, path).
CSV_STARTS: dict[tuple[str, str], bytes] = {}


@pytest.fixture(scope="module")
def answers(live_app, routes) -> dict[str, dict[str, tuple[int, str, str]]]:
    """For each role, each route's (status, mimetype, path) to its cookies, redirects not followed; status 0 when
    the demo has nothing to fill a path variable with. Asked in the test's process, several times faster than
    through the browser."""
    made: dict[str, dict[str, tuple[int, str, str]]] = {}
    for role, paths in routes.items():
        client = live_app.test_client()
        if ROLES[role]:
            answer = client.post("/login", data={"email": ROLES[role], "password": DEMO_PASSWORD})
            assert answer.status_code == 302, (role, answer.status_code)
        made[role] = {}
        for endpoint, path in paths.items():
            if path is None or endpoint == "static":
                made[role][endpoint] = (0, "", path or "")
                continue
            answer = client.get(path)
            assert answer.status_code < 500, (role, path, answer.status_code)
            made[role][endpoint] = (answer.status_code, answer.mimetype, path)
            if answer.status_code == 200 and answer.mimetype == "text/html":
                ENGLISH_HTML.setdefault(role, {})[endpoint] = answer.get_data(as_text=True)
            elif answer.status_code == 200 and answer.mimetype == "text/csv":
                CSV_STARTS[role, path] = answer.get_data()[:3]
    return made


def _logged_in_client(live_app, role: str, language: str):
    client = live_app.test_client()
    client.set_cookie(LANGUAGE_COOKIE, language)
    if ROLES[role]:
        answer = client.post("/login", data={"email": ROLES[role], "password": DEMO_PASSWORD})
        assert answer.status_code == 302, (role, answer.status_code)
    return client


@pytest.fixture(scope="module")
def pages(answers) -> dict[str, dict[str, str]]:
    """For each role, the pages it opens (endpoint: path): what answers 200 as text/html."""
    return {
        role: {
            endpoint: path
            for endpoint, (status, mimetype, path) in role_answers.items()
            if status == 200 and mimetype == "text/html"
        }
        for role, role_answers in answers.items()
    }


def test_every_route_is_a_page_for_someone_or_says_why_not(answers, pages):
    """Downloads, JSON, calendars and PDFs are skipped by their content type; what nobody opens is listed."""
    opened = {endpoint for role_pages in pages.values() for endpoint in role_pages}
    downloads = {
        endpoint
        for role_answers in answers.values()
        for endpoint, (status, mimetype, _path) in role_answers.items()
        if status == 200 and mimetype != "text/html"
    }
    nobody = set(answers["visitor"]) - opened - downloads
    unexplained = {
        endpoint: {role: answers[role][endpoint][0] for role in ROLES}
        for endpoint in sorted(nobody - set(NOT_A_PAGE_FOR_ANYONE))
    }
    assert not unexplained, "routes that no role opens as a page (status per role; 0: nothing fills its path):\n" + (
        "\n".join(f"{endpoint}: {statuses}" for endpoint, statuses in unexplained.items())
    )
    assert sorted(set(NOT_A_PAGE_FOR_ANYONE) - nobody) == [], "listed as opened by nobody, yet some role opens them"


def test_every_csv_download_starts_with_a_bom_for_excel(answers):
    """Excel in Japan reads a CSV without the UTF-8 byte order mark as Shift JIS and garbles it."""
    assert CSV_STARTS, "no role downloaded a CSV"
    assert [key for key, start in CSV_STARTS.items() if start != b"\xef\xbb\xbf"] == []


OTHER_LANGUAGES = [language for language in LANGUAGES if language != "en"]


@pytest.fixture(scope="module")
def translated_html(live_app, pages) -> dict[tuple[str, str], dict[str, str]]:
    """(role, language): the HTML of each of that role's pages in Japanese and in Spanish, by the test client."""
    made = {}
    for role, role_pages in pages.items():
        for language in OTHER_LANGUAGES:
            client = _logged_in_client(live_app, role, language)
            made[role, language] = {}
            for endpoint, path in role_pages.items():
                answer = client.get(path)
                assert answer.status_code == 200, (role, language, path, answer.status_code)
                made[role, language][endpoint] = answer.get_data(as_text=True)
    return made


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_no_english_is_left_on_any_page_of_any_role(pages, translated_html, language):
    """Every page of every role, in each other language, read in its HTML (no browser needed): no text that the
    catalog translates is shown in English."""
    found = [
        f"{role} {pages[role][endpoint]} ({endpoint}): {text!r}"
        for role in pages
        for endpoint, html in translated_html[role, language].items()
        for text in untranslated.english_left(html, language)
    ]
    assert found == [], f"English left in {language}:\n" + "\n".join(found)


#: Rows of a long table and booths of a plan past the first few repeat the same markup; axe skips them (a 434-row
#: list of booths takes it seconds).
REPEATS = ["tbody > tr:nth-child(n+11)", "g.booths > :nth-child(n+21)", "ul > li:nth-child(n+21)"]

#: axe with only the rules that can find a serious or critical violation (those of lesser impact, such as "region"
#: or "heading-order", cannot fail this test and take time on every page).
AXE_RUN = """async repeats => {
    const rules = axe._audit.rules
        .filter(r => r.enabled !== false && (r.impact === "serious" || r.impact === "critical")).map(r => r.id);
    const result = await axe.run({exclude: repeats.map(s => [s])},
                                 {runOnly: {type: "rule", values: rules}, resultTypes: ["violations"]});
    return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
        .map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""

#: How far the page scrolls sideways, and the innermost elements reaching past the screen's right edge.
OVERFLOW = """() => {
    const limit = window.innerWidth, over = document.documentElement.scrollWidth - limit;
    if (over <= 0) return null;
    const wide = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > limit
        && ![...e.children].some(c => c.getBoundingClientRect().right > limit));
    return over + " px: " + wide.slice(0, 4).map(e => e.tagName.toLowerCase() + "." + e.className).join(", ");
}"""

#: Hall pages load their plan by script: checked once it is there (or has failed, which axe then sees).
PLAN_THERE = """() => { const layer = document.querySelector("[data-plan-src]");
    return !layer || layer.dataset.planLoaded === "true" || !!layer.querySelector(".notice--error"); }"""

#: Waits until the page's resize handlers have run (they run before the next frame).
AFTER_RESIZE = "() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)))"

#: (language, path) of pages known to scroll sideways and not yet fixed; none now (wide tables scroll inside a
#: .table-scroll box, the desktop navigation wraps). The check fails on any other, and on one of these that fits.
KNOWN_TO_SCROLL_SIDEWAYS: set[tuple[str, str]] = set()

#: Pages checked at once, each in its own tab: the browser's renderers and the server then share the cores.
AT_ONCE = 3


@dataclass
class Job:
    """What one role checks in one language: every page it opens (endpoint: path), with axe at 1280 px on
    `axe_desktop` of them and at 390 px on `axe_phone`, and their width at both sizes where `layout` says."""

    paths: dict[str, str]
    html: dict[str, str]
    axe_desktop: set[str] = field(default_factory=set)
    axe_phone: set[str] = field(default_factory=set)
    layout: bool = False


def _jobs(pages: dict[str, dict[str, str]], translated: dict[tuple[str, str], dict[str, str]]):
    """(role, language): its Job. Each page is loaded once per role and language, at 1280 px then resized to 390 px
    (no style or script of the site depends on the pointer or on the width at load)."""
    others = {endpoint for role, role_pages in pages.items() if role != "admin" for endpoint in role_pages}
    seen: set[str] = set()
    jobs = {}
    for role, role_pages in pages.items():
        paths = dict(role_pages)
        if role == "admin":  # the admins' own pages only: they see every organizer page as well
            paths = {endpoint: path for endpoint, path in role_pages.items() if endpoint not in others}
        kinds = set(role_pages) - seen  # each kind of page, as the first role that opens it sees it
        seen |= kinds
        jobs[role, "en"] = Job(paths, ENGLISH_HTML[role], axe_desktop=set(paths), axe_phone=kinds)
        for language in OTHER_LANGUAGES:
            jobs[role, language] = Job(paths, translated[role, language], axe_phone=kinds, layout=True)
    return jobs


async def _check_page(page, role: str, language: str, endpoint: str, path: str, job: Job, url: str) -> list[str]:
    found = []
    where = f"{role} {language} {path} ({endpoint})"
    response = await page.goto(url)
    assert response.status == 200, (where, response.status)
    assert await page.evaluate("document.documentElement.lang") == language, where
    title = await page.title()  # a block left open once put a whole table in the tab's title
    if not title or "<" in title:
        found.append(f"{where}: page title {title[:60]!r}")
    await page.wait_for_function(PLAN_THERE)
    if endpoint in job.axe_desktop or endpoint in job.axe_phone:
        await page.add_script_tag(content=AXE)
    for size in ("desktop", "phone"):
        if size == "phone":
            await page.set_viewport_size(SIZES["phone"])
            await page.evaluate(AFTER_RESIZE)
        if endpoint in getattr(job, f"axe_{size}"):
            found.extend(
                f"{where} {size}: {v['id']} [{v['impact']}] {v['help']} {v['nodes']}"
                for v in await page.evaluate(AXE_RUN, REPEATS)
            )
        if job.layout and (wide := await page.evaluate(OVERFLOW)):
            found.append(f"{where} {size}: scrolls sideways by {wide}")
    await page.set_viewport_size(SIZES["desktop"])
    return found


async def _run_job(browser, live_server: str, key: tuple[str, str], job: Job, gate) -> list[str]:
    """One context for the role and language, logged in once (for what pages fetch by script), one tab; each page
    handed the HTML the test client received for it rather than asking the server again."""
    role, language = key
    async with gate:
        context = await browser.new_context(locale="en-GB", viewport=SIZES["desktop"], bypass_csp=True)
        try:
            context.set_default_timeout(60_000)
            await context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": live_server}])
            if ROLES[role]:
                answer = await context.request.post(
                    live_server + "/login", form={"email": ROLES[role], "password": DEMO_PASSWORD}, max_redirects=0
                )
                assert answer.status == 302, (role, answer.status)
            html = {live_server + job.paths[endpoint]: job.html[endpoint] for endpoint in job.paths}

            async def hand_over(route):
                await route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html[route.request.url])

            await context.route(lambda url: url in html, hand_over)
            page = await context.new_page()
            found = []
            for endpoint, path in job.paths.items():
                found.extend(await _check_page(page, role, language, endpoint, path, job, live_server + path))
            return found
        finally:
            await context.close()


async def _run_all(live_server: str, jobs: dict[tuple[str, str], Job]) -> dict[tuple[str, str], list[str]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        gate = asyncio.Semaphore(AT_ONCE)
        # The longest jobs first, so that the last ones running are short.
        order = sorted(jobs, key=lambda key: -len(jobs[key].paths))
        results = await asyncio.gather(*(_run_job(browser, live_server, key, jobs[key], gate) for key in order))
        await browser.close()
    return dict(zip(order, results, strict=True))


@pytest.fixture(scope="module")
def findings(pages, translated_html, live_server) -> dict[tuple[str, str], list[str]]:
    """Every job's findings, checked in one browser of the async API (on a thread of its own, away from the
    sync API's event loop that the other browser tests use)."""
    if shutil.which(CHROMIUM) is None:
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM}")
    if os.environ.get("EVENTSYS_TEST_DATABASE_URL"):
        # Layout and accessibility do not depend on the database, and the walk is CI's longest module: it runs once,
        # in the SQLite phase. (CI's PostgreSQL phase skips the whole module, and every browser test, with
        # EVENTSYS_TEST_SQLITE_PHASE_ELSEWHERE; a run on PostgreSQL without it still has the test-client checks.)
        pytest.skip("the browser walk over every page runs in the SQLite phase; layout does not depend on the database")
    jobs = _jobs(pages, translated_html)
    results: dict = {}

    def run() -> None:
        try:
            results["done"] = asyncio.run(_run_all(live_server, jobs))
        except BaseException as error:  # handed to the test's thread
            results["error"] = error

    worker = threading.Thread(target=run)
    started = time.monotonic()
    worker.start()
    worker.join()
    if "error" in results:
        raise results["error"]
    loads = sum(len(job.paths) for job in jobs.values())
    axe = sum(len(job.axe_desktop) + len(job.axe_phone) for job in jobs.values())
    print(f"{loads} page loads, {axe} axe runs in {time.monotonic() - started:.0f} s")
    return results["done"]


def _lines(findings, language: str, kind: str) -> list[str]:
    return [line for (_role, lang), lines in findings.items() if lang == language for line in lines if kind in line]


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_of_each_role_in_english_on_a_desktop(findings, role):
    found = [line for line in findings[role, "en"] if " desktop: " in line or "page title" in line]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_kind_of_page_on_a_phone_in_each_language(findings, language):
    found = [line for line in _lines(findings, language, " phone: ") if "scrolls sideways" not in line]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_no_page_of_any_role_scrolls_sideways_in_japanese_or_spanish(findings, language):
    """At 1280 px and at 390 px: longer words and other scripts must still fit (but for the known pages)."""
    assert _lines(findings, language, "page title") == []
    found = _lines(findings, language, "scrolls sideways")
    wide = {_path_of(line) for line in found}
    known = {path for lang, path in KNOWN_TO_SCROLL_SIDEWAYS if lang == language}
    assert wide - known == set(), "\n".join(line for line in found if _path_of(line) not in known)
    assert known - wide == set(), "these fit now: take them off KNOWN_TO_SCROLL_SIDEWAYS"


def _path_of(line: str) -> str:
    """The path in a finding ("role language path (endpoint) ..."; a role may have a space in its name)."""
    return next(word for word in line.split() if word.startswith("/"))
