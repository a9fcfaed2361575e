"""What a server process prepares as it starts, so that a booking rush meets no cold worker."""

from __future__ import annotations

import logging
from contextlib import contextmanager

import pytest
from flask_migrate import upgrade
from sqlalchemy import event
from sqlalchemy.engine.interfaces import CacheStats

from eventsys import create_app
from eventsys.extensions import db
from eventsys.warm_up import warm_up
from tests.booth_factories import approved_startup
from tests.conftest import app_config, create_booth, create_booth_type, create_fair, create_hall, login


@pytest.fixture
def fresh_app(tmp_path):
    """An app of its own, so its compiled-statement cache starts empty."""
    app = create_app(app_config(tmp_path, f"sqlite:///{tmp_path / 'warm.db'}"))
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        fair = create_fair(db.session, slug="warm-fair")
        booth = create_booth(db.session, create_hall(db.session, fair), create_booth_type(db.session, fair), code="W01")
        holder, latecomer = approved_startup(db.session, fair), approved_startup(db.session, fair)
        ids = {"booth": booth.id, "holder": holder.email, "latecomer": latecomer.email}
        db.session.commit()
        db.engine.dispose()  # connections and compiled statements of the set-up are gone
        db.engine._compiled_cache.clear()
    yield app, ids
    with app.app_context():
        db.engine.dispose()


@contextmanager
def compiled_statements(app):
    """The statements SQLAlchemy had to compile (not found in its cache) inside the block."""
    compiled = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if context.cache_hit is CacheStats.CACHE_MISS:
            compiled.append(statement)

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield compiled
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", note)


def test_after_warm_up_a_rush_compiles_nothing_to_refuse_a_hold_or_list_free_booths(fresh_app):
    app, ids = fresh_app
    holder, latecomer = app.test_client(), app.test_client()
    login(holder, ids["holder"])
    login(latecomer, ids["latecomer"])
    assert holder.post(f"/api/v1/booths/{ids['booth']}/hold").status_code == 201
    with app.app_context():
        db.engine._compiled_cache.clear()  # as in a worker that has just started
    warm_up(app)
    with compiled_statements(app) as compiled:
        assert latecomer.post(f"/api/v1/booths/{ids['booth']}/hold").status_code == 409
        assert latecomer.get("/api/v1/fairs/warm-fair/free-booths").json == {"booth_ids": []}
    assert compiled == []


def test_without_warm_up_the_first_refusal_compiles_its_statements(fresh_app):
    """The test above could not fail if nothing were ever compiled."""
    app, ids = fresh_app
    latecomer = app.test_client()
    login(latecomer, ids["latecomer"])
    with app.app_context():
        db.engine._compiled_cache.clear()
    with compiled_statements(app) as compiled:
        latecomer.get("/api/v1/fairs/warm-fair/free-booths")
    assert compiled


def test_a_database_that_does_not_answer_yet_costs_only_a_warning(tmp_path, caplog):
    app = create_app(app_config(tmp_path, "postgresql://nobody@127.0.0.1:9/none"))
    with caplog.at_level(logging.WARNING):
        warm_up(app)
    assert "could not prepare the database statements" in caplog.text
