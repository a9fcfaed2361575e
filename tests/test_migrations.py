"""The migrations build exactly the schema the models declare: `flask db check` finds nothing to add."""

from __future__ import annotations

from flask_migrate import check


def test_the_migrated_schema_has_no_drift_from_the_models(app, engine):
    with app.app_context():
        check(directory=app.extensions["migrate"].directory)  # exits with status 1 on any difference
