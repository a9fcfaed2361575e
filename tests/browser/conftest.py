"""A live server with the demo data and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from eventsys import create_app, demo
from eventsys.extensions import db
from tests.conftest import TEST_POLICY, app_config

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def buffered(app):
    """`app` with each response read into memory and closed before the server writes it.

    Werkzeug's development server skips closing a response (a static file, say) when the browser resets the
    connection while the server drains the request, which leaves the file open until garbage collection.
    """

    def buffered_app(environ, start_response):
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()

    return buffered_app


@pytest.fixture(scope="session")
def live_outbox(tmp_path_factory) -> Path:
    """The folder where the live server writes its mails."""
    return tmp_path_factory.mktemp("live-outbox")


@pytest.fixture(scope="session")
def live_app(tmp_path_factory, live_outbox):
    """The live server's app, on its own SQLite database with the demo loaded; tests may change data through it."""
    from flask_migrate import upgrade

    folder = tmp_path_factory.mktemp("live")
    config = app_config(folder, f"sqlite:///{folder / 'live.db'}", SERVER_NAME=None, MAIL_OUTBOX=str(live_outbox))
    app = create_app(config)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        demo.seed_demo(db.session, policy=TEST_POLICY)
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def live_server(live_app) -> Iterator[str]:
    """The app on a free loopback port."""
    server = make_server("127.0.0.1", 0, buffered(live_app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if shutil.which(CHROMIUM) is None:
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page that fails its test if the Content-Security-Policy blocked anything it tried to load or run."""
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    blocked: list[str] = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    yield page
    context.close()
    assert not blocked, f"the Content-Security-Policy blocked: {blocked}"
