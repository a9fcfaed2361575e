"""Migration 0023 up, down and up again on SQLite and PostgreSQL: the CHECK on the kind of notices and of
preferences lets the two timed kinds in, and only after it; the other notices survive the round trip."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from eventsys import create_app
from eventsys.extensions import db
from tests.conftest import app_config
from tests.live_database import DATABASES, database_url

BEFORE = "0015"
NOTICE = "INSERT INTO notices (user_id, kind, params, delivery, created_at) VALUES (1, :kind, '{}', 'at_once', :now)"
PREFERENCE = "INSERT INTO notice_preferences (user_id, kind, delivery) VALUES (1, :kind, 'off')"


def _insert(statement: str, kind: str) -> None:
    with db.engine.begin() as connection:
        connection.execute(text(statement), {"kind": kind, "now": "2031-05-13 00:00:00"})


def _refused(statement: str, kind: str) -> bool:
    try:
        _insert(statement, kind)
    except IntegrityError:
        return True
    return False


def _kinds() -> list[str]:
    with db.engine.connect() as connection:
        return sorted(connection.scalars(text("SELECT kind FROM notices")))


@pytest.mark.parametrize("kind", DATABASES)
def test_upgrade_downgrade_upgrade_moves_the_check_on_kinds(kind, tmp_path):
    app = create_app(app_config(tmp_path, database_url(kind, tmp_path)))
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision=BEFORE)
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO users (id, email, name, password_hash, role, calendar_token) "
                    "VALUES (1, 'a@example.com', 'A', 'x', 'startup', 'token-a')"
                )
            )
        _insert(NOTICE, "request_received")
        assert _refused(NOTICE, "meeting_reminder") and _refused(PREFERENCE, "daily_agenda")

        upgrade(directory=directory)
        _insert(NOTICE, "meeting_reminder")
        _insert(PREFERENCE, "daily_agenda")
        assert _refused(NOTICE, "no_such_kind") and _refused(PREFERENCE, "no_such_kind")
        assert _kinds() == ["meeting_reminder", "request_received"]

        downgrade(directory=directory, revision=BEFORE)
        assert _kinds() == ["request_received"]  # the timed notices go with their kinds
        assert _refused(NOTICE, "meeting_reminder") and _refused(PREFERENCE, "daily_agenda")

        upgrade(directory=directory)
        _insert(NOTICE, "daily_agenda")
        assert _kinds() == ["daily_agenda", "request_received"]
        db.engine.dispose()
