"""No GET route writes to the database: the guard of tests/get_guard.py, and every GET page without arguments."""

from __future__ import annotations

import pytest
from flask import request_started
from sqlalchemy import select, update

from eventsys.models import Role, User
from tests.conftest import create_user, login
from tests.get_guard import GetWroteToDatabase


def test_the_guard_fails_a_write_during_a_get(app, db, startup):
    with app.test_request_context("/", method="GET"):
        request_started.send(app)
        with pytest.raises(GetWroteToDatabase, match="UPDATE users"):
            db.execute(update(User).where(User.id == startup.id).values(name="Written on GET"))


@pytest.mark.parametrize("method", ["POST", None])
def test_the_guard_lets_posts_and_code_outside_requests_write(app, db, startup, method):
    """A POST may write; so may a test_request_context() that no request dispatched (mails render in one)."""
    with app.test_request_context("/", method=method or "GET"):
        if method:
            request_started.send(app)
        db.execute(update(User).where(User.id == startup.id).values(name="Written"))
        db.flush()
    assert db.scalar(select(User.name).where(User.id == startup.id)) == "Written"


def _pages_without_arguments(app) -> list[str]:
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"
    )


@pytest.mark.parametrize("role", [None, Role.STARTUP, Role.INVESTOR, Role.ORGANIZER, Role.ADMIN])
def test_no_get_page_writes(app, client, db, fair, role):
    """Every GET page that needs no argument, for each kind of visitor, under the guard (a write raises)."""
    if role is not None:
        login(client, create_user(db, role).email)
    pages = _pages_without_arguments(app)
    assert "/calendar/" in pages and "/meetings/" in pages
    for path in pages:
        assert client.get(path).status_code < 500, path
