"""Every answer carries the security headers a production deployment needs."""

from __future__ import annotations

import pytest

from eventsys import create_app
from tests.conftest import app_config


@pytest.fixture
def production_client(tmp_path, database_url, db):
    config = app_config(tmp_path, database_url)
    app = create_app({**config, "ENV": "production"})
    with app.app_context():
        yield app.test_client()


def _policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.parametrize("path", ["/", "/login", "/api/v1/fairs", "/no-such-page"])
def test_pages_and_api_answers_carry_the_headers(production_client, path):
    response = production_client.get(path, base_url="https://eventsys.test")
    policy = _policy(response)
    assert policy["script-src"] == "'self'" and "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    max_age = response.headers["Strict-Transport-Security"].split(";")[0].removeprefix("max-age=")
    assert int(max_age) >= 365 * 24 * 3600


def test_hsts_comes_through_the_tls_proxy(production_client):
    response = production_client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in response.headers


def test_no_hsts_over_plain_http_and_no_redirect(production_client):
    response = production_client.get("/")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers


def test_cookie_settings_stay_those_of_the_configuration(production_client):
    app = production_client.application
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
