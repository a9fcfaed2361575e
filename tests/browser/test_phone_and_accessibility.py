"""Every main page at 390 px: a screenshot, no horizontal overflow, and axe-core finds no serious or critical
violation, for visitors and each role. One browser for the module; one context per role, reused across pages.

axe-core is vendored in static/vendor/axe-core (no CDN) and injected by the test, never served to users' pages.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from eventsys.demo.people import DEMO_PASSWORD
from eventsys.paths import ROOT

AXE = (ROOT / "static" / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
PHONE = {"width": 390, "height": 844}
FAIR = "/fairs/sushi-tech-tokyo-2027"
PLAN = FAIR + "/halls/east-1"
SHOTS = Path(os.environ.get("EVENTSYS_SCREENSHOTS", "/tmp/eventsys-screenshots"))

#: Who looks at which pages: every kind of page, for visitors and each role.
PAGES = {
    None: ["/", FAIR, PLAN, "/login", "/signup"],
    "startup@example.com": ["/", FAIR, PLAN, "/investors/", "/company/", "/meetings/", "/account/"],
    "investor@example.com": ["/", FAIR, "/startups/", "/meetings/", "/account/"],
    "organizer@example.com": ["/", FAIR, PLAN, "/organizer/fairs/sushi-tech-tokyo-2027/dashboard"],
    "admin@example.com": ["/", FAIR, "/organizer/fairs/sushi-tech-tokyo-2027/dashboard"],
}
CASES = [(who, path) for who, paths in PAGES.items() for path in paths]


@pytest.fixture(scope="module")
def contexts(browser, live_server):
    """One phone-sized context per role, logged in once (its CSP bypassed only so the test can inject axe)."""
    made = {}

    def context_for(who):
        if who not in made:
            context = browser.new_context(locale="en-GB", viewport=PHONE, has_touch=True, bypass_csp=True)
            if who:
                page = context.new_page()
                page.goto(live_server + "/login")
                page.get_by_label("E-mail address").fill(who)
                page.get_by_label("Password").fill(DEMO_PASSWORD)
                page.get_by_role("button", name="Log in").click()
                page.wait_for_url(live_server + "/")
                page.close()
            made[who] = context
        return made[who]

    yield context_for
    for context in made.values():
        context.close()


def _wide(page) -> list[str]:
    """The innermost elements that reach past the screen's right edge, to say what overflows."""
    return page.evaluate(
        """limit => [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > limit
                && ![...e.children].some(c => c.getBoundingClientRect().right > limit))
            .slice(0, 5).map(e => e.tagName.toLowerCase() + "." + e.className + " " + e.scrollWidth)""",
        PHONE["width"],
    )


def _axe(page) -> list[dict]:
    page.add_script_tag(content=AXE)
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
        }"""
    )


@pytest.mark.parametrize(("who", "path"), CASES, ids=[f"{who or 'visitor'}:{path}" for who, path in CASES])
def test_page_fits_a_phone_and_has_no_serious_accessibility_violation(contexts, live_server, who, path):
    page = contexts(who).new_page()
    try:
        response = page.goto(live_server + path)
        assert response.status == 200, (path, response.status)
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = f"{(who or 'visitor').split('@')[0]}{path.replace('/', '_')}.png"
        page.screenshot(path=str(SHOTS / name), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (f"{path} is {width} px wide on a {PHONE['width']} px screen", _wide(page))
        assert page.evaluate("document.documentElement.lang"), "the page declares no language"
        violations = _axe(page)
        assert violations == [], violations
    finally:
        page.close()
