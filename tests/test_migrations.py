"""The migrations build exactly the schema the models declare (`flask db check` finds nothing to add), both ways."""

from __future__ import annotations

import pytest
from flask_migrate import check, downgrade, upgrade
from sqlalchemy import inspect

from eventsys.extensions import db
from tests import live_database


def test_the_migrated_schema_has_no_drift_from_the_models(app, engine):
    with app.app_context():
        check(directory=app.extensions["migrate"].directory)  # exits with status 1 on any difference


@pytest.mark.parametrize("kind", live_database.DATABASES)
def test_every_migration_downgrades_to_base_and_upgrades_again(kind, tmp_path):
    """Each downgrade undoes its upgrade on both databases (SQLite's batch copies keep CHECKs that name columns)."""
    with live_database.live_app(kind, tmp_path) as app, app.app_context():
        directory = app.extensions["migrate"].directory
        downgrade(directory=directory, revision="base")
        assert inspect(db.engine).get_table_names() == ["alembic_version"]
        upgrade(directory=directory)
        check(directory=directory)
