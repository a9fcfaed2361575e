"""Faults of the services around the app: a database that restarted under a running server."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tests.live_database import live_app


def _kill_other_connections(app) -> int:
    """What a PostgreSQL restart does to a pool: the server closes every connection the app keeps."""
    admin = create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=NullPool)
    with admin.connect() as connection:
        killed = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    admin.dispose()
    return killed


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("pre_ping", "idle_seconds", "expected"),
    [
        (True, 10, [200, 200]),
        (False, 0, [200, 200]),
        (False, 60, [500, 200]),
    ],
    ids=["pre-ping", "idle-ping", "negative-control-busy-connection"],
)
def test_the_first_request_after_a_database_restart_succeeds(tmp_path, pre_ping, idle_seconds, expected):
    """Pinged before each use (pool_pre_ping) or after lying idle (extensions.ping_when_idle), a connection that
    PostgreSQL closed is replaced; one used just now is not pinged, fails one request, and the pool is renewed."""
    options = {"pool_size": 2, "max_overflow": 0, "pool_pre_ping": pre_ping}
    with live_app(
        "postgresql", tmp_path, SQLALCHEMY_ENGINE_OPTIONS=options, DATABASE_PING_IDLE_SECONDS=idle_seconds
    ) as app:
        client = app.test_client()
        assert client.get("/api/v1/centers").status_code == 200  # leaves a pooled connection behind
        assert _kill_other_connections(app) >= 1
        statuses = [client.get("/api/v1/centers").status_code for _ in range(2)]
    assert statuses == expected


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_a_body_past_the_limit_is_refused_before_it_is_read(client, accept):
    body = b"x" * (client.application.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post(
        "/login", data=body, content_type="application/x-www-form-urlencoded", headers={"Accept": accept}
    )
    assert response.status_code == 413
    assert response.mimetype == accept
    assert "too large" in response.get_data(as_text=True).lower()
