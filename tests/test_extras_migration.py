"""Migration 0024 goes up, down and up again on SQLite and PostgreSQL, keeping the invoices it adds a column to,
and its CHECKs hold on both (the drift test, test_migrations.py, compares it with the models)."""

from __future__ import annotations

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from eventsys.extensions import db
from tests.conftest import create_fair
from tests.live_database import DATABASES, live_app

TABLES = {"extras", "sponsorship_packages", "extra_orders"}


@pytest.mark.parametrize("kind", DATABASES)
def test_0024_up_down_up(tmp_path, kind):
    with live_app(kind, tmp_path) as app, app.app_context():
        directory = app.extensions["migrate"].directory
        fair_id = create_fair(db.session).id
        db.session.commit()
        db.session.remove()  # no transaction of the session's may hold SQLite's lock while the migrations run
        downgrade(directory=directory, revision="0015")
        names = set(inspect(db.engine).get_table_names())
        assert not names & TABLES and "invoices" in names
        assert "extras_only" not in {c["name"] for c in inspect(db.engine).get_columns("invoices")}
        upgrade(directory=directory)
        db.session.remove()
        assert set(inspect(db.engine).get_table_names()) >= TABLES
        insert = text(
            "INSERT INTO extras (fair_id, kind, name, price_jpy, stock, sold)"
            " VALUES (:fair, 'power', 'P', :price, 2, :sold)"
        )
        db.session.execute(insert, {"fair": fair_id, "price": 1, "sold": 2})
        db.session.commit()
        for price, sold in ((1, 3), (-1, 0)):  # sold past the stock, a negative price
            with pytest.raises(IntegrityError):
                db.session.execute(insert, {"fair": fair_id, "price": price, "sold": sold})
            db.session.rollback()
