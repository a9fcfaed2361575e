"""Operations: /healthz, /readyz, /metrics for configured scrapers only, JSON logs whose request id mails and jobs
carry on, and `eventsys backup` / `restore` into an empty database."""

from __future__ import annotations

import json
import socket
from email import policy
from email.parser import BytesParser

import pytest
from sqlalchemy import func, select

from eventsys.models import Badge, BoothBooking, Invoice, Meeting
from eventsys.services import mail
from tests.access_world import build_world
from tests.booth_factories import approved_startup
from tests.conftest import login, run_jobs
from tests.live_database import DATABASES, live_app


def test_healthz_answers_without_a_session_or_the_database(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.json == {"status": "ok"}
    assert "Set-Cookie" not in answer.headers


def test_readyz_checks_the_database_and_redis_when_configured(app, client, redis_url):
    assert client.get("/readyz").json == {"status": "ok", "checks": {"database": "ok"}}
    app.config.update(REDIS_URL=redis_url)
    try:
        assert client.get("/readyz").json["checks"] == {"database": "ok", "redis": "ok"}
    finally:
        app.config.update(REDIS_URL=None)


def test_readyz_is_503_when_redis_does_not_answer(app, client):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app.config.update(REDIS_URL=f"redis://127.0.0.1:{port}/0")
    try:
        answer = client.get("/readyz")
    finally:
        app.config.update(REDIS_URL=None)
    assert answer.status_code == 503
    assert answer.json == {"status": "unavailable", "checks": {"database": "ok", "redis": "error"}}


def test_metrics_are_hidden_from_addresses_not_allowed(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_ALLOW", "")
    assert client.get("/metrics").status_code == 404
    monkeypatch.setitem(app.config, "METRICS_ALLOW", "10.0.0.0/8, 192.168.1.5")
    assert client.get("/metrics").status_code == 404  # the test client comes from 127.0.0.1
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "192.168.1.6"}).status_code == 404


def test_metrics_count_requests_bookings_and_holds(app, db, fair, client, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_ALLOW", "10.0.0.0/8")
    user = approved_startup(db, fair)
    login(client, user.email)
    booth = fair.halls[0].booths[0]
    assert client.post(f"/api/v1/booths/{booth.id}/hold").status_code == 201
    assert client.get("/no-such-page").status_code == 404
    answer = client.get("/metrics", environ_base={"REMOTE_ADDR": "10.2.3.4"})
    assert answer.status_code == 200 and answer.mimetype == "text/plain"
    text = answer.get_data(as_text=True)
    assert 'eventsys_http_requests_total{endpoint="api.booths.hold_booth",method="POST",status="201"}' in text
    assert 'eventsys_http_requests_total{endpoint="unrouted",method="GET",status="404"}' in text
    assert 'eventsys_http_request_seconds_bucket{endpoint="api.booths.hold_booth",le="10.0"}' in text
    assert 'eventsys_bookings{status="held"} 1.0' in text
    assert "eventsys_live_holds 1.0" in text


def test_metrics_show_the_queue_lengths_with_redis(app, db, fair, client, monkeypatch, redis_url):
    monkeypatch.setitem(app.config, "METRICS_ALLOW", "127.0.0.1")
    monkeypatch.setitem(app.config, "REDIS_URL", redis_url)
    user = approved_startup(db, fair)
    login(client, user.email)
    assert client.post(f"/api/v1/booths/{fair.halls[0].booths[0].id}/hold").status_code == 201
    text = client.get("/metrics").get_data(as_text=True)
    assert 'eventsys_queue_jobs{queue="eventsys-mail"} 1.0' in text


def test_log_lines_are_json_with_the_request_id_the_answer_carries(client, capsys):
    answer = client.get("/healthz", headers={"X-Request-Id": "from-nginx-0123456789"})
    assert answer.headers["X-Request-Id"] == "from-nginx-0123456789"
    forged = client.get("/healthz", headers={"X-Request-Id": 'bad" id'})
    assert forged.headers["X-Request-Id"] != 'bad" id' and len(forged.headers["X-Request-Id"]) == 32
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    mine = [line for line in lines if line.get("request_id") == "from-nginx-0123456789"]
    assert mine and mine[0]["message"] == "request" and mine[0]["status"] == 200 and mine[0]["path"] == "/healthz"


def _sent(outbox):
    return [BytesParser(policy=policy.default).parsebytes(p.read_bytes()) for p in outbox.glob("*.eml")]


def test_a_mail_sent_at_once_carries_its_request_id(db, fair, client, outbox):
    user = approved_startup(db, fair)
    login(client, user.email)
    booth = fair.halls[0].booths[0]
    answer = client.post(f"/api/v1/booths/{booth.id}/hold", headers={"X-Request-Id": "hold-request-42"})
    assert answer.status_code == 201
    (message,) = _sent(outbox)
    assert message["X-Request-Id"] == "hold-request-42"


def test_a_queued_mail_and_its_job_carry_the_request_id_to_the_worker(app, db, fair, client, outbox, redis_url, capsys):
    user = approved_startup(db, fair)
    login(client, user.email)
    app.config.update(REDIS_URL=redis_url)
    try:
        answer = client.post(
            f"/api/v1/booths/{fair.halls[0].booths[0].id}/hold", headers={"X-Request-Id": "queued-hold-43"}
        )
        assert answer.status_code == 201 and _sent(outbox) == []
        (job,) = mail.jobs.get_queue(app.config, mail.QUEUE_NAME).get_jobs()
        assert job.meta["request_id"] == "queued-hold-43"
        run_jobs(app, mail.QUEUE_NAME)
    finally:
        app.config.update(REDIS_URL=None)
    (message,) = _sent(outbox)
    assert message["X-Request-Id"] == "queued-hold-43"


@pytest.mark.parametrize("kind", DATABASES)
def test_a_backup_restored_into_an_empty_database_holds_everything(kind, tmp_path):
    from eventsys.extensions import db

    def counts():
        return {model.__name__: db.session.scalar(select(func.count()).select_from(model)) for model in MODELS}

    (tmp_path / "source").mkdir()
    with live_app(kind, tmp_path / "source") as app:
        with app.app_context():
            build_world(db.session)
            db.session.commit()
            before = counts()
            ids = {model.__name__: sorted(db.session.scalars(select(model.id))) for model in MODELS}
        target = tmp_path / "fair.backup"
        done = app.test_cli_runner().invoke(args=["backup", "-o", str(target)])
        assert done.exit_code == 0, done.output
    assert all(before.values()), before
    (tmp_path / "empty").mkdir()
    empty_url = _empty_database(kind, tmp_path / "empty")
    from eventsys import create_app
    from tests.conftest import app_config

    restored = create_app(app_config(tmp_path / "empty", empty_url))
    refused = restored.test_cli_runner().invoke(args=["restore", str(tmp_path / "missing.backup"), "--yes"])
    assert refused.exit_code != 0
    done = restored.test_cli_runner().invoke(args=["restore", str(target), "--yes"])
    assert done.exit_code == 0, done.output
    with restored.app_context():
        assert counts() == before
        assert {model.__name__: sorted(db.session.scalars(select(model.id))) for model in MODELS} == ids
        db.session.remove()
        db.engine.dispose()


MODELS = (BoothBooking, Meeting, Badge, Invoice)


def _empty_database(kind: str, folder) -> str:
    """A database with no tables at all: a new SQLite file, or a new PostgreSQL database beside the test's."""
    if kind == "sqlite":
        return f"sqlite:///{folder / 'restored.db'}"
    import os

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(os.environ["EVENTSYS_TEST_DATABASE_URL"]).set(drivername="postgresql+psycopg")
    name = f"{url.database}_restored"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)
