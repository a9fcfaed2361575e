"""In Chromium: an organizer adds a hall and draws it in the floor-plan editor, with the mouse and with the keyboard
only, and startups see the booths and the stage on the hall's page; the editor at a phone's 390 px."""

from __future__ import annotations

import pytest

from eventsys.demo.people import DEMO_PASSWORD

pytestmark = pytest.mark.browser
FAIR = "sushi-tech-tokyo-2027"


def log_in(page, live_server, email="organizer@example.com"):
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/")


@pytest.fixture
def hall_slug(live_app, request):
    """A slug for the test's new hall; the hall is deleted afterwards, so the demo fair is as it was."""
    slug = "drawn-" + request.node.name.split("[")[0].removeprefix("test_").replace("_", "-")[:40]
    yield slug
    from sqlalchemy import delete, select

    from eventsys.extensions import db
    from eventsys.models import Fair, Hall

    with live_app.app_context():  # the database deletes its booths and areas with it
        fair_id = select(Fair.id).where(Fair.slug == FAIR).scalar_subquery()
        db.session.execute(delete(Hall).where(Hall.fair_id == fair_id, Hall.slug == slug))
        db.session.commit()


@pytest.fixture
def errors(page):
    """JavaScript errors of the page: the test fails with them."""
    found: list[str] = []
    page.on("pageerror", lambda error: found.append(str(error)))
    yield found
    assert not found, found


def add_hall(page, live_server, slug, name, width="60", depth="40"):
    page.goto(f"{live_server}/organizer/fairs/{FAIR}/halls")
    page.locator("#name").fill(name)
    page.get_by_label("Name in Japanese (optional)").fill(name + "（日本語）")
    page.get_by_label("Address in URLs").fill(slug)
    page.get_by_label("Width (m)").fill(width)
    page.get_by_label("Depth (m)").fill(depth)
    page.get_by_role("button", name="Add the hall").click()
    page.wait_for_url(f"{live_server}/organizer/fairs/{FAIR}/halls/{slug}/plan")
    page.wait_for_selector("#plan-editor[data-ready]")


def canvas_point(page, x, y):
    """Where on the screen the hall's point (x, y), in metres, is."""
    return page.evaluate(
        """([x, y]) => {
            const svg = document.querySelector('[data-role="svg"]');
            const p = svg.createSVGPoint(); p.x = x; p.y = y;
            const q = p.matrixTransform(svg.getScreenCTM());
            return [q.x, q.y];
        }""",
        [x, y],
    )


def save(page):
    before = page.get_attribute("#plan-editor", "data-saved") or "never"
    page.get_by_role("button", name="Save plan").click()
    page.wait_for_function(
        "before => (document.querySelector('#plan-editor').dataset.saved || 'never') !== before", arg=before
    )
    assert "Saved:" in page.locator('[data-role="status"]').inner_text()


def public_plan(page, live_server, slug):
    page.goto(f"{live_server}/fairs/{FAIR}/halls/{slug}")
    page.locator("[data-plan-loaded='true']").wait_for()  # the plan is a resource of its own, loaded by script
    return page.locator(".floor-plan__svg")


def test_draw_a_row_of_20_booths_and_a_stage_with_the_mouse(live_server, page, errors, hall_slug):
    log_in(page, live_server)
    add_hall(page, live_server, hall_slug, "Drawn Hall")
    row = page.locator('[data-role="row-form"]')
    row.get_by_label("Booths").fill("20")
    row.get_by_label("Columns").fill("10")
    row.get_by_label("Code prefix").fill("DM-")
    page.get_by_role("button", name="Place row").click()
    page.mouse.click(*canvas_point(page, 5.2, 5.1))
    assert page.locator('[data-role="booths"] .booth').count() == 20
    assert page.locator('[data-role="booths"] .is-conflict').count() == 0

    page.get_by_role("button", name="Draw area").click()
    page.locator('[data-role="new-kind"]').select_option("stage")
    page.mouse.move(*canvas_point(page, 40.2, 25.2))
    page.mouse.down()
    page.mouse.move(*canvas_point(page, 45, 28), steps=4)
    page.mouse.move(*canvas_point(page, 50.2, 31.2), steps=4)
    page.mouse.up()
    stage = page.locator('[data-role="svg"] .hall-area--stage')
    assert stage.count() == 1
    page.locator("#area-label").fill("Main stage")
    page.locator("#area-label").press("Tab")

    # A booth drawn over the row is red as it is drawn and the server refuses it with its message.
    page.get_by_role("button", name="Draw booth").click()
    page.mouse.move(*canvas_point(page, 6.2, 6.2))
    page.mouse.down()
    page.mouse.move(*canvas_point(page, 9.2, 9.2), steps=4)
    assert page.locator(".plan-editor__draft.is-conflict").count() == 1
    page.mouse.up()
    assert page.locator('[data-role="booths"] .is-conflict').count() >= 2
    page.get_by_role("button", name="Save plan").click()
    problems = page.locator('[data-role="problem-list"]')
    problems.locator("li").first.wait_for()
    assert "overlaps" in problems.inner_text()
    page.keyboard.press("Control+z")
    assert page.locator('[data-role="booths"] .is-conflict').count() == 0
    save(page)

    plan = public_plan(page, live_server, hall_slug)
    assert plan.locator(".booth").count() == 20
    assert plan.locator('.booth[data-code="DM-01"]').get_attribute("data-x") == "5"
    assert plan.locator('.booth[data-code="DM-20"]').count() == 1
    assert plan.locator(".hall-area--stage text").text_content() == "Main stage"


def tab_to(page, selector, limit=80):
    """Press Tab until the element `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_the_same_by_keyboard_only(live_server, page, errors, hall_slug):
    log_in(page, live_server)
    add_hall(page, live_server, hall_slug, "Keyboard Hall")
    tab_to(page, '[data-role="row-form"] [name="count"]')
    page.keyboard.press("Control+a")
    page.keyboard.type("20")
    tab_to(page, '[data-role="row-form"] [name="prefix"]')
    page.keyboard.press("Control+a")
    page.keyboard.type("KB-")
    tab_to(page, '[data-role="row-form"] button[type="submit"]')
    page.keyboard.press("Enter")
    assert page.locator('[data-role="booths"] .booth').count() == 20
    focused = page.evaluate("document.activeElement.dataset.code")
    assert focused == "KB-01"
    for _ in range(4):  # the whole row moves, 0.5 m a press
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # the panel: code, type, zone, blocked
    assert page.evaluate("document.activeElement.id") == "booth-type"

    tab_to(page, '[data-role="new-kind"]')
    page.keyboard.press("Home")  # the first kind: stage
    tab_to(page, '[data-action="add-area"]')
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('hall-area--stage')")
    for _ in range(4):
        page.keyboard.press("Shift+ArrowRight")  # 2 m wider
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # from the kind to the label
    page.keyboard.type("Keynote stage")
    page.keyboard.press("Escape")  # back to the stage on the plan

    page.keyboard.press("n")  # one more booth, then undone
    assert page.locator('[data-role="booths"] .booth').count() == 21
    page.keyboard.press("Delete")
    assert page.locator('[data-role="booths"] .booth').count() == 20
    page.keyboard.press("Control+z")
    assert page.locator('[data-role="booths"] .booth').count() == 21
    page.keyboard.press("Control+z")
    assert page.locator('[data-role="booths"] .booth').count() == 20
    assert page.locator('[data-role="svg"] .is-conflict').count() == 0
    page.keyboard.press("Control+s")
    page.wait_for_function("() => document.querySelector('[data-role=\"status\"]').textContent.startsWith('Saved')")

    plan = public_plan(page, live_server, hall_slug)
    assert plan.locator(".booth").count() == 20
    first = plan.locator('.booth[data-code="KB-01"]')
    assert (first.get_attribute("data-x"), first.get_attribute("data-y")) == ("2", "2")
    stage = plan.locator(".hall-area--stage")
    assert stage.locator("text").text_content() == "Keynote stage" and stage.get_attribute("data-w") == "10"


def test_the_editor_at_a_phone_width(live_server, browser, hall_slug):
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: blocked.append(str(error)))
    try:
        log_in(page, live_server)
        add_hall(page, live_server, hall_slug, "Phone Hall", width="94", depth="56")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        canvas = page.locator("#plan-canvas")
        assert page.evaluate("c => c.scrollWidth > c.clientWidth", canvas.element_handle())  # the plan scrolls
        assert canvas.bounding_box()["width"] <= 390
        page.get_by_role("button", name="Add booth").tap()
        assert page.locator('[data-role="booths"] .booth').count() == 1
        width = float(page.get_attribute('[data-role="svg"]', "width"))
        page.get_by_role("button", name="Zoom in").tap()
        assert float(page.get_attribute('[data-role="svg"]', "width")) > width
        save(page)
    finally:
        context.close()
    assert not blocked, blocked
