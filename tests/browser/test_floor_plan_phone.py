"""The floor plan on a 390 px phone: fingers pinch and drag it, a booth is found by its code and highlighted with a
readable label, and a booth is booked with the keyboard alone (Tab, Enter, Space, typing)."""

from __future__ import annotations

import pytest

from eventsys.demo.people import DEMO_PASSWORD
from tests.browser import own_server

pytestmark = pytest.mark.browser
#: Its own demo data: the module books for demo accounts that other browser tests use.
live_app, live_server = own_server.live_app, own_server.live_server

HALL = "/fairs/sushi-tech-tokyo-2027/halls/east-1"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def phone(browser, live_server):
    """One phone context for the module, logged in as the second demo startup."""
    context = browser.new_context(locale="en-GB", viewport=PHONE, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill("startup2@example.com")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server + "/")
    yield page
    context.close()


def _view_box(page) -> list[float]:
    return [float(n) for n in page.locator("svg[data-floorplan]").get_attribute("viewBox").split()]


def _pointers(page, moves):
    """Dispatch pointer events on the plan: `moves` is a list of (type, pointerId, x, y) in client pixels."""
    page.evaluate(
        """moves => {
            const svg = document.querySelector("svg[data-floorplan]");
            for (const [type, id, x, y] of moves) {
                svg.dispatchEvent(new PointerEvent(type, {pointerId: id, clientX: x, clientY: y, bubbles: true,
                    pointerType: "touch", isPrimary: id === 1}));
            }
        }""",
        moves,
    )


def test_plan_fits_the_phone_and_fingers_zoom_and_pan_it(phone, live_server):
    phone.goto(live_server + HALL)
    phone.wait_for_selector(".floor-plan--zoomable")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = phone.locator("svg[data-floorplan]").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    before = _view_box(phone)

    _pointers(phone, [("pointerdown", 1, x - 20, y), ("pointerdown", 2, x + 20, y)])
    _pointers(phone, [("pointermove", 1, x - 30, y), ("pointermove", 2, x + 30, y)])
    _pointers(phone, [("pointermove", 1, x - 80, y), ("pointermove", 2, x + 80, y)])
    _pointers(phone, [("pointerup", 1, x - 80, y), ("pointerup", 2, x + 80, y)])
    zoomed = _view_box(phone)
    assert zoomed[2] < before[2] * 0.5  # pinched apart: the plan shows a smaller part of the hall

    _pointers(phone, [("pointerdown", 1, x, y), ("pointermove", 1, x - 60, y), ("pointerup", 1, x - 60, y)])
    panned = _view_box(phone)
    assert panned[0] > zoomed[0] and panned[2] == pytest.approx(zoomed[2])  # dragged left: moved right, same zoom

    phone.get_by_role("button", name="Whole hall").click()
    assert _view_box(phone)[2] >= 94


def test_find_a_booth_by_code_highlights_it_with_a_readable_label(phone, live_server):
    phone.goto(live_server + HALL)
    phone.get_by_role("button", name="Whole hall").click()
    phone.get_by_label("Find a booth by code").fill("ｅ１－ｃ０３")  # full-width, lower case: still found
    phone.get_by_role("button", name="Find", exact=True).click()
    booth = phone.locator('.booth[data-code="E1-C03"]')
    assert "booth--found" in booth.get_attribute("class")
    assert "E1-C03 is highlighted" in phone.locator('[data-part="found"]').inner_text()
    label = booth.locator(".booth__code").bounding_box()
    plan = phone.locator("svg[data-floorplan]").bounding_box()
    assert label["height"] >= 10  # readable, where the fixed plan drew it about 5 px high
    assert plan["x"] <= label["x"] and label["x"] + label["width"] <= plan["x"] + plan["width"]

    phone.get_by_label("Find a booth by code").fill("Z9-Z99")
    phone.get_by_role("button", name="Find", exact=True).click()
    assert "No booth Z9-Z99" in phone.locator('[data-part="found"]').inner_text()
    assert phone.locator(".booth--found").count() == 0

    for _ in range(4):
        phone.get_by_role("button", name="Zoom out").click()
    hidden = phone.evaluate("getComputedStyle(document.querySelector('.booth__code')).display")
    assert hidden == "none"  # too small to read: hidden rather than drawn illegibly


def _tab_to(page, selector: str, *, limit: int = 80, back: bool = False) -> None:
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_book_a_booth_with_the_keyboard_alone(phone, live_server):
    phone.goto(live_server + HALL)
    phone.wait_for_selector("svg[data-interactive]")
    _tab_to(phone, "#booth-find")
    phone.keyboard.type("E1-D06")
    phone.keyboard.press("Enter")  # found and focused
    assert phone.evaluate("document.activeElement.dataset.code") == "E1-D06"
    phone.keyboard.press("Enter")  # opens the panel
    _tab_to(phone, '#booth-panel [data-action="hold"]')
    phone.keyboard.press("Enter")
    phone.wait_for_selector('.booth[data-code="E1-D06"][data-state="held"]')
    _tab_to(phone, "#panel-billing-name")
    phone.keyboard.type("Amélie Laurent")
    _tab_to(phone, "#panel-billing-email")
    phone.keyboard.type("billing@greenloop.example.com")
    _tab_to(phone, '[data-field="confirm-button"]')
    phone.keyboard.press("Space")
    phone.wait_for_selector("#booth-panel [data-part='booked']", state="visible")
    phone.wait_for_selector('.booth[data-code="E1-D06"][data-state="booked"]')
