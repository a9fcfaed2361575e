"""axe-core over every kind of page, for visitors and each role, in English, Japanese and Spanish, on a desktop and
a phone: no serious or critical violation.

The pages are the app's GET routes (app.url_map), so a new kind of page is checked without editing this file; their
path variables are filled from the demo data as each role sees it. Each role first asks for every route without a
browser (its cookies, no redirects followed): what answers 200 as text/html is a page that role checks (below);
downloads, JSON, calendars and PDFs are skipped by their content type. A route that no role
opens as a page must be in NOT_A_PAGE_FOR_ANYONE with the reason, and an entry there that some role opens fails.

Speed (the module must stay within minutes on a busy two-core machine): one browser; one context per role,
language and size, logged in once; three tabs at a time; axe runs only its rules that can find a serious or critical
violation, and skips the repeats of long tables and plans past their first rows. Every page of every role is checked
in English at 1280 px; every kind of page is checked once more at 390 px in English, Japanese and Spanish, as the
first role in ROLES that opens it sees it (not every role's every page in every language at both sizes).
Admins check only their own pages, which no other role opens (they see every organizer page as well).
"""

from __future__ import annotations

import asyncio
import shutil
import threading
import time

import pytest
from flask import url_for
from sqlalchemy import select

from eventsys.demo.people import DEMO_PASSWORD
from eventsys.extensions import LANGUAGE_COOKIE, db
from eventsys.models import Booth, BoothType, Center, Extra, Fair, Hall, Organization, SponsorshipPackage, User
from eventsys.paths import ROOT
from eventsys.services.accounts.signup import make_signup_token
from eventsys.services.accounts.users import make_reset_token
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
    return made


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

#: Pages checked at once, each in its own tab: the browser's renderers and the server then share the cores.
AT_ONCE = 3


def _jobs(pages: dict[str, dict[str, str]]) -> dict[tuple[str, str, str], dict[str, str]]:
    """(role, language, size): the pages (endpoint: path) that role checks in that language at that size."""
    jobs = {(role, "en", "desktop"): dict(role_pages) for role, role_pages in pages.items() if role != "admin"}
    others = {endpoint for role, role_pages in pages.items() if role != "admin" for endpoint in role_pages}
    jobs["admin", "en", "desktop"] = {e: path for e, path in pages["admin"].items() if e not in others}
    seen: set[str] = set()
    for role, role_pages in pages.items():  # each kind of page once, as the first role that opens it sees it
        kinds = {endpoint: path for endpoint, path in role_pages.items() if endpoint not in seen}
        seen |= set(kinds)
        for language in LANGUAGES:
            jobs[role, language, "phone"] = kinds
    return jobs


async def _run_job(browser, live_server: str, job: tuple[str, str, str], paths: dict[str, str], gate) -> list[str]:
    """One context for the role, language and size, logged in once; its pages one after another."""
    role, language, size = job
    async with gate:
        context = await browser.new_context(
            locale="en-GB", viewport=SIZES[size], has_touch=size == "phone", bypass_csp=True
        )
        try:
            context.set_default_timeout(60_000)
            await context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": live_server}])
            if ROLES[role]:
                answer = await context.request.post(
                    live_server + "/login", form={"email": ROLES[role], "password": DEMO_PASSWORD}, max_redirects=0
                )
                assert answer.status == 302, (role, answer.status)
            page = await context.new_page()
            found = []
            for endpoint, path in paths.items():
                response = await page.goto(live_server + path)
                assert response.status == 200, (role, path, response.status)
                assert await page.evaluate("document.documentElement.lang") == language, (role, path)
                title = await page.title()  # a block left open once put a whole table in the tab's title
                if not title or "<" in title:
                    found.append(f"{role} {language} {size} {path} ({endpoint}): page title {title[:60]!r}")
                await page.add_script_tag(content=AXE)
                found.extend(
                    f"{role} {language} {size} {path} ({endpoint}): {v['id']} [{v['impact']}] {v['help']} {v['nodes']}"
                    for v in await page.evaluate(AXE_RUN, REPEATS)
                )
            return found
        finally:
            await context.close()


async def _run_all(live_server: str, jobs) -> dict[tuple[str, str, str], list[str]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        gate = asyncio.Semaphore(AT_ONCE)
        # The longest jobs first, so that the last ones running are short.
        order = sorted(jobs, key=lambda job: -len(jobs[job]))
        results = await asyncio.gather(*(_run_job(browser, live_server, job, jobs[job], gate) for job in order))
        await browser.close()
    return dict(zip(order, results, strict=True))


@pytest.fixture(scope="module")
def violations(pages, live_server) -> dict[tuple[str, str, str], list[str]]:
    """Every job's violations, checked in one browser of the async API (on a thread of its own, away from the
    sync API's event loop that the other browser tests use)."""
    if shutil.which(CHROMIUM) is None:
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM}")
    results: dict = {}

    def run() -> None:
        try:
            results["done"] = asyncio.run(_run_all(live_server, _jobs(pages)))
        except BaseException as error:  # handed to the test's thread
            results["error"] = error

    worker = threading.Thread(target=run)
    started = time.monotonic()
    worker.start()
    worker.join()
    if "error" in results:
        raise results["error"]
    checked = sum(map(len, _jobs(pages).values()))
    print(f"axe checked {checked} pages in {time.monotonic() - started:.0f} s")
    return results["done"]


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_of_each_role_in_english_on_a_desktop(violations, role):
    found = violations[role, "en", "desktop"]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_kind_of_page_on_a_phone_in_each_language(violations, language):
    found = [
        line
        for (_role, lang, size), lines in violations.items()
        if (lang, size) == (language, "phone")
        for line in lines
    ]
    assert found == [], "\n".join(found)
