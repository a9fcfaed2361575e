"""In Chromium: a visitor switches the site to Español from the home page, browses on in Spanish, then picks 日本語."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_a_visitor_switches_to_spanish_then_to_japanese(live_server, page):
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_label("Language").select_option(label="Español")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_url(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name="Próximas ferias").is_visible()

    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Business Support Centers").click()
    page.wait_for_url(live_server + "/centers/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_label("Idioma").input_value() == "es"
    assert "Salas de reuniones" in page.content()

    page.get_by_label("Idioma").select_option(label="日本語")
    page.get_by_role("button", name="Cambiar idioma").click()
    page.wait_for_url(live_server + "/centers/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.get_by_role("button", name="言語を切り替える").is_visible()
    page.goto(live_server + "/")
    assert page.get_by_role("heading", name="今後の展示会").is_visible()
