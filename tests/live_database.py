"""A fresh database of its own for tests whose requests must really commit, such as concurrency tests.

The rolled-back `db` fixture cannot serve them: its one connection holds SQLite's write lock and sees no other
connection's commits. These tests get an app on a new SQLite file, or on a PostgreSQL database named after the test
database with `_live` appended, created empty and migrated.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from eventsys import create_app
from eventsys.extensions import db
from tests.conftest import app_config

DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def database_url(kind: str, folder: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'live.db'}"
    base = os.environ.get("EVENTSYS_TEST_DATABASE_URL")
    if not base:
        pytest.skip(
            "PostgreSQL tests need EVENTSYS_TEST_DATABASE_URL (for example postgresql://postgres@127.0.0.1/test)"
        )
    url = make_url(base).set(drivername="postgresql+psycopg")
    name = f"{url.database}_live"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


@contextmanager
def live_app(kind: str, folder: Path, **overrides) -> Flask:
    """An app on a new, migrated database with a connection pool big enough for many threads."""
    options = {"pool_size": 20, "max_overflow": 20, "pool_timeout": 120}  # PostgreSQL allows 100 connections
    options.update(overrides.pop("SQLALCHEMY_ENGINE_OPTIONS", {}))
    # Errors answer 500 as in production instead of propagating into the test's thread.
    config = app_config(
        folder, database_url(kind, folder), SQLALCHEMY_ENGINE_OPTIONS=options, PROPAGATE_EXCEPTIONS=False, **overrides
    )
    if kind == "sqlite":
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_size": 20, "max_overflow": 60, "pool_timeout": 60}
    app = create_app(config)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
